"""Incremental marts against a full refresh on real batches (``make check-incremental``).

Feeds ``--batches`` batches of ``--docs`` documents each from ``--inbox`` (default
../shared/corpus/polnear_train/inbox) through ``newsetl run``, one run per batch, so every run
after the first builds the fact marts incrementally; then copies the warehouse, rebuilds the copy
with ``dbt run --full-refresh`` and prints, per mart, the rows found in one and not the other.
The last line: ``incremental_equality batches=B docs=D differing_rows=N`` (N must be 0).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from newsetl.cli import main as newsetl_main
from newsetl.load import mart_differences, run_dbt

PROJECT_ROOT = Path(__file__).resolve().parents[1]
POLNEAR_INBOX = PROJECT_ROOT.parent / "shared" / "corpus" / "polnear_train" / "inbox"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inbox", type=Path, default=POLNEAR_INBOX)
    parser.add_argument("--batches", type=int, default=3)
    parser.add_argument("--docs", type=int, default=8, help="documents per batch")
    args = parser.parse_args()
    files = sorted(p for p in args.inbox.iterdir() if p.is_file())[: args.batches * args.docs]
    with tempfile.TemporaryDirectory(prefix="incremental_equality_") as scratch:
        root = Path(scratch)
        # dbt's target and logs of these runs stay in the scratch folder, not the project's.
        os.environ["DBT_TARGET_PATH"], os.environ["DBT_LOG_PATH"] = str(root / "target"), str(root / "logs")
        inbox, warehouse = root / "inbox", root / "warehouse.duckdb"
        inbox.mkdir()
        for number in range(args.batches):
            for path in files[number * args.docs : (number + 1) * args.docs]:
                shutil.copy(path, inbox / path.name)
            if newsetl_main(["run", "--inbox", str(inbox), "--warehouse", str(warehouse)]) != 0:
                sys.exit(f"newsetl run failed on batch {number + 1}")
        full = root / "full.duckdb"
        shutil.copyfile(warehouse, full)
        run_dbt(["run", "--full-refresh"], warehouse=full, project_dir=PROJECT_ROOT / "dbt_project")
        differences = mart_differences(warehouse, full)
    for table, rows in differences.items():
        print(f"marts.{table:<20} {rows:>6} differing rows")
    print(f"incremental_equality batches={args.batches} docs={args.docs} differing_rows={sum(differences.values())}")


if __name__ == "__main__":
    main()
