"""Who gets in: secrets on disk and in compose, and the bounds of the ingest DAG's trigger form."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest

from newsetl import tasks
from newsetl.settings import get_settings
from tests.conftest import PROJECT_ROOT

SECRETS = ("POSTGRES_PASSWORD", "REDIS_PASSWORD", "_AIRFLOW_WWW_USER_PASSWORD", "AIRFLOW_JWT_SECRET",
           "AIRFLOW_FERNET_KEY")


def test_the_airflow_password_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    """``make`` wrote it 0644: anyone on the machine could read the admin password."""
    home = tmp_path / "airflow_home"
    subprocess.run(["make", "-s", f"AIRFLOW_HOME={home}", str(home / "passwords.json")], cwd=PROJECT_ROOT,
                   check=True, capture_output=True)
    assert (home / "passwords.json").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("variable", SECRETS)
def test_compose_refuses_to_start_without_each_secret(variable: str) -> None:
    """Every use of a secret is ``${VAR:?message}``: compose stops with the message, never a default."""
    text = (PROJECT_ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    uses = re.findall(r"(?<!\$)\$\{" + re.escape(variable) + r"(:?[-?+]?)", text)
    assert uses, f"{variable} is not used"
    assert set(uses) == {":?"}, f"{variable} has a default or is optional: {uses}"


@pytest.fixture
def bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings whose inbox root is a scratch folder holding one inbox."""
    root = tmp_path / "inboxes"
    (root / "wire").mkdir(parents=True)
    settings = dataclasses.replace(get_settings(), inbox_root=root, inbox=root / "wire")
    monkeypatch.setattr(tasks, "get_settings", lambda: settings)
    return root


def test_an_inbox_under_the_root_is_accepted(bounded: Path) -> None:
    assert tasks.settings_from_params({"inbox": str(bounded / "wire")}).inbox == (bounded / "wire").resolve()


@pytest.mark.parametrize("inbox", ["/etc", "{root}/../elsewhere", "{root}/wire/../../x"])
def test_an_inbox_outside_the_root_is_refused(bounded: Path, inbox: str) -> None:
    with pytest.raises(tasks.ParamsError, match="outside the allowed root"):
        tasks.settings_from_params({"inbox": inbox.format(root=bounded)})


def test_a_symlink_out_of_the_root_is_refused(bounded: Path, tmp_path: Path) -> None:
    (bounded / "escape").symlink_to(tmp_path)
    with pytest.raises(tasks.ParamsError):
        tasks.settings_from_params({"inbox": str(bounded / "escape")})


@pytest.mark.parametrize("size", [0, 10**12])
def test_a_size_limit_outside_its_bounds_is_refused(bounded: Path, size: int) -> None:
    with pytest.raises(tasks.ParamsError, match="max_input_bytes"):
        tasks.settings_from_params({"max_input_bytes": size})
