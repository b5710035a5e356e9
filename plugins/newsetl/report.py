"""The analysts' report page: charts of the published copy in one static HTML page.

Built after each publish (the warehouse DAG's ``publish`` task, ``newsetl run``, ``make report``)
from the read-only published copy, never the writer's file. Charts are plotly figures; the
plotly.js bundle is copied from the plotly package beside the page, so the page needs no network
when it is viewed. Served in the Airflow UI (Browse → newsetl report) behind the UI's login.

    newsetl report [--warehouse FILE]    writes <published folder>/report/index.html
"""

from __future__ import annotations

import html
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# dbt's run results of the last build, kept under this name in dbt's target folder: `dbt docs
# generate` overwrites run_results.json right after every build.
BUILD_RESULTS = "build_results.json"
TOP_ACTORS = 15
PLOT_CONFIG = {"responsive": True}

QUERIES = {
    "quotes_by_day": """
        select coalesce(a.published_at, a.ingested_at)::date as day, count(*) as quotes,
               count(*) filter (where a.published_at is null) as undated
        from marts.fct_quotes q join marts.fct_articles a using (article_id)
        group by 1 order by 1""",
    "top_actors": f"""
        select a.canonical_name, count(*) as quotes
        from marts.fct_quotes q join marts.dim_actors a using (actor_id)
        group by 1 order by 2 desc, 1 limit {TOP_ACTORS}""",
    "coverage": """
        select coalesce(source_name, '(outlet unknown)') as outlet, language, count(*) as articles
        from marts.fct_articles group by 1, 2 order by 1, 2""",
    "resolved": """
        select count(*) filter (where actor_id is not null), count(*) filter (where actor_id is null)
        from marts.fct_quotes""",
    "extraction_status": """
        select extraction_status, language, count(*) from marts.fct_articles group by 1, 2 order by 1, 2""",
    "rejected": "select reason, count(*) from audit.rejected_inputs group by 1 order by 2 desc, 1",
}


def report_data(published: Path) -> dict[str, list[tuple]]:
    """Every query of the page, run on the published copy opened read-only."""
    import duckdb

    with duckdb.connect(str(published), read_only=True) as con:
        return {name: con.execute(sql).fetchall() for name, sql in QUERIES.items()}


def test_results(results_file: Path) -> dict[str, Any]:
    """Status counts and the failing tests of dbt's last build (empty when there is none yet)."""
    if not results_file.exists():
        return {"generated_at": None, "counts": {}, "problems": []}
    results = json.loads(results_file.read_text(encoding="utf-8"))
    tests = [r for r in results["results"] if r["unique_id"].startswith(("test.", "unit_test."))]
    counts: dict[str, int] = {}
    for result in tests:
        counts[result["status"]] = counts.get(result["status"], 0) + 1
    problems = [(r["unique_id"].split(".")[2], r["status"], r.get("message") or "")
                for r in tests if r["status"] != "pass"]
    return {"generated_at": results["metadata"]["generated_at"], "counts": counts, "problems": problems}


def _bar(x: list, y: list, title: str, *, horizontal: bool = False, **layout: Any):
    import plotly.graph_objects as go

    trace = go.Bar(x=y, y=x, orientation="h") if horizontal else go.Bar(x=x, y=y)
    figure = go.Figure(trace)
    figure.update_layout(**{"title": title, "height": 360, "margin": {"l": 40, "r": 20, "t": 50, "b": 40},
                            "yaxis_rangemode": "tozero", **layout})
    return figure


def _stacked(rows: list[tuple], title: str, y_title: str):
    """One bar per first column, stacked by the second (e.g. outlet by language)."""
    import plotly.graph_objects as go

    groups = sorted({r[1] for r in rows})
    categories = list(dict.fromkeys(r[0] for r in rows))
    figure = go.Figure([go.Bar(name=str(g), x=categories,
                               y=[sum(r[2] for r in rows if r[0] == c and r[1] == g) for c in categories])
                        for g in groups])
    figure.update_layout(title=title, barmode="stack", height=360, yaxis_title=y_title,
                         margin={"l": 40, "r": 20, "t": 50, "b": 40})
    return figure


def figures(data: dict[str, list[tuple]], tests: dict[str, Any]) -> list[tuple[str, Any]]:
    """(caption, figure) for each chart of the page."""
    import plotly.graph_objects as go

    days = data["quotes_by_day"]
    resolved, unresolved = data["resolved"][0]
    undated = sum(r[2] for r in days)
    charts = [
        (f"Quotes per day of publication ({undated} quotes from articles without a date are counted on "
         "the day they were ingested).",
         _bar([str(r[0]) for r in days], [r[1] for r in days], "Quotes over time", yaxis_title="quotes",
              xaxis_type="category")),
        (f"Up to {TOP_ACTORS} actors with the most attributed quotes (fct_quotes joined to dim_actors).",
         _bar([r[0] for r in data["top_actors"]][::-1], [r[1] for r in data["top_actors"]][::-1],
              "Most-quoted actors", horizontal=True, height=420)),
        ("Articles per outlet, by language (fct_articles).",
         _stacked(data["coverage"], "Coverage by outlet and language", "articles")),
        ("Quotes whose speaker was resolved to an actor (actor_id set) and those without one.",
         go.Figure(go.Pie(labels=["resolved actor", "no resolved actor"], values=[resolved, unresolved],
                          hole=0.45)).update_layout(title="Quotes without a resolved actor", height=360)),
        ("Articles by extraction status and language: skipped_language means no model for that language.",
         _stacked(data["extraction_status"], "Extraction status", "articles")),
        ("Inputs rejected so far, by reason (audit.rejected_inputs).",
         _bar([r[0] for r in data["rejected"]] or ["none"], [r[1] for r in data["rejected"]] or [0],
              "Rejected inputs by reason", yaxis_title="inputs")),
        (f"dbt tests of the last build ({tests['generated_at'] or 'no build results yet'}).",
         _bar(list(tests["counts"]) or ["no results"], list(tests["counts"].values()) or [0],
              "Latest dbt test results", yaxis_title="tests")),
    ]
    return charts


def _div(figure) -> str:
    """A figure as a div that fills its grid cell; plotly.js itself is loaded once by the page."""
    return figure.to_html(full_html=False, include_plotlyjs=False, default_width="100%", config=PLOT_CONFIG)


def render_html(charts: list[tuple[str, Any]], tests: dict[str, Any], published: Path) -> str:
    """The page: each chart with its caption, then the tests that did not pass."""
    parts = [f"<section>{_div(figure)}<p>{html.escape(caption)}</p></section>" for caption, figure in charts]
    problems = "".join(f"<tr><td>{html.escape(n)}</td><td>{html.escape(s)}</td><td>{html.escape(m)}</td></tr>"
                       for n, s, m in tests["problems"])
    failing = (f"<table><tr><th>test</th><th>status</th><th>message</th></tr>{problems}</table>" if problems
               else "<p>Every dbt test of the last build passed.</p>")
    built = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>newsetl report</title>
<script src="plotly.min.js"></script>
<style>body{{font-family:sans-serif;margin:1.5em;max-width:1200px}}
main{{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:1em}}
section{{border:1px solid #ddd;border-radius:6px;padding:.5em}} p{{color:#444;font-size:.9em}}
table{{border-collapse:collapse}} td,th{{border:1px solid #ccc;padding:.2em .5em;text-align:left}}</style>
</head><body>
<h1>newsetl report</h1>
<p>Built {built} from the published copy <code>{html.escape(str(published))}</code>.</p>
<main>{''.join(parts)}</main>
<h2>Tests that did not pass</h2>{failing}
</body></html>
"""


def build_report(published: Path, out_dir: Path, results_file: Path) -> Path:
    """Write ``index.html`` and the plotly.js bundle into ``out_dir``; returns the page's path.

    The page is written under a temporary name and renamed, so a reader never gets half a page.
    """
    import plotly

    tests = test_results(results_file)
    page = render_html(figures(report_data(published), tests), tests, published)
    out_dir.mkdir(parents=True, exist_ok=True)
    bundle = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    shutil.copyfile(bundle, out_dir / "plotly.min.js")
    partial = out_dir / "index.html.partial"
    partial.write_text(page, encoding="utf-8")
    return partial.replace(out_dir / "index.html")


def report_dir(published: Path) -> Path:
    """Where the page of a published copy lives: ``report/`` beside it."""
    return published.parent / "report"


def keep_build_results(project_dir: str | Path, **_: Any) -> None:
    """Keep the run results of a `dbt build` run in ``project_dir`` for the report's test chart.

    Called after the CLI's build and, as a Cosmos callback, after the DAG's build (which runs in a
    temporary copy of the project, deleted afterwards).
    """
    from newsetl.settings import get_settings

    source = Path(project_dir) / "target" / "run_results.json"
    if source.exists():
        target = get_settings().dbt_project_dir / "target"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target / BUILD_RESULTS)
