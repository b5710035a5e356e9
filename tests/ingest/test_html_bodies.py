"""Bodies from saved pages score at least as high as trafilatura alone on both dev sets (#14).

The same figures as ``make bench-html`` (``benchmarks/bench_html.py``, whose scorers this test
uses): the article-extraction benchmark's 181 pages with full bodies, and the 53 English news
pages of trafilatura's own evaluation with must-keep and must-drop segments.
"""

from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import PROJECT_ROOT, SHARED

spec = importlib.util.spec_from_file_location("bench_html", PROJECT_ROOT / "benchmarks" / "bench_html.py")
bench_html = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_html)

pytestmark = pytest.mark.skipif(not (SHARED / "corpus" / "aeb_scrapinghub").exists(),
                                reason="shared corpus not present")


@pytest.fixture(scope="module")
def aeb_bodies() -> list[tuple[str, str, str]]:
    """(trafilatura alone, newsetl, truth) per page: each page is extracted once per side."""
    return [(bench_html.trafilatura_alone(html), bench_html.newsetl_body(html), truth)
            for html, truth in bench_html.aeb_pages()]


def test_full_bodies_score_at_least_trafilatura_alone(aeb_bodies) -> None:
    alone = bench_html.macro_f1([bench_html.body_scores(a, truth) for a, _, truth in aeb_bodies])
    ours = bench_html.macro_f1([bench_html.body_scores(o, truth) for _, o, truth in aeb_bodies])
    assert ours["f1"] >= alone["f1"], (ours, alone)


def test_must_keep_and_must_drop_segments_score_at_least_trafilatura_alone() -> None:
    alone = bench_html.score_segments(bench_html.trafilatura_alone)
    ours = bench_html.score_segments(bench_html.newsetl_body)
    assert ours["f1"] >= alone["f1"], (ours, alone)


def test_every_page_with_a_body_gives_an_article(aeb_bodies) -> None:
    assert [truth[:60] for _, ours, truth in aeb_bodies if truth.strip() and not ours] == []
