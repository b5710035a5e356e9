"""CPU seconds of each stage of one ``newsetl run`` (``make bench`` prints them as the fixed-cost table).

``timed_stages()`` wraps the stage functions of the running process in place: each adds the CPU
seconds spent inside it (this process's, plus its finished children's: dbt under ``build_marts``)
to ``SPENT``. The parse is timed inside ``newsetl.extract._parse`` (each ``nlp.pipe`` step), the
rules and the learned tagger in ``extract_doc``; ``report`` then gives the table, with "the rest"
(process start, imports, rows, batch files) as what the stages leave of the whole.
"""

from __future__ import annotations

import functools
import resource
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

SPENT: dict[str, float] = {}


def cpu_seconds() -> float:
    """CPU seconds of this process and of its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _wrap(module: ModuleType, name: str, stage: str) -> None:
    original: Callable[..., Any] = getattr(module, name)

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = cpu_seconds()
        try:
            return original(*args, **kwargs)
        finally:
            SPENT[stage] = SPENT.get(stage, 0.0) + cpu_seconds() - started

    setattr(module, name, timed)


def _timed_parse(original: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    @functools.wraps(original)
    def parse(*args: Any, **kwargs: Any) -> Iterator[Any]:
        steps = original(*args, **kwargs)
        while True:
            started = cpu_seconds()
            try:
                doc = next(steps)
            except StopIteration:
                return
            finally:
                SPENT["spaCy parse"] = SPENT.get("spaCy parse", 0.0) + cpu_seconds() - started
            yield doc

    return parse


def timed_stages() -> None:
    """Wrap the stage functions of ``newsetl run`` in this process (before the run starts)."""
    import newsetl.extract as extract
    import newsetl.load as load
    import newsetl.pipeline as pipeline

    extract._parse = _timed_parse(extract._parse)  # noqa: SLF001 - the parse, step by step
    _wrap(extract, "extract_doc", "quote and mention rules + learned tagger and decision")
    _wrap(extract, "load_nlp", "spaCy model load")
    _wrap(pipeline, "detect_language", "language (langdetect)")
    _wrap(pipeline, "_clean_documents", "cleaning")
    _wrap(pipeline, "plan_batch", "inbox scan, cross-document evidence")
    _wrap(load, "load_batch", "load (raw tables, signatures, statement clusters)")
    _wrap(pipeline, "build_marts", "dbt build")
    _wrap(pipeline, "publish", "publish (copy, Parquet, report)")


def report(whole: float) -> list[tuple[str, float]]:
    """(stage, CPU seconds) rows: the whole run, each stage, then the rest."""
    spent = dict(SPENT)
    # detect_language runs inside _clean_documents: cleaning is shown without it
    spent["cleaning"] = spent.get("cleaning", 0.0) - spent.get("language (langdetect)", 0.0)
    rows = [("whole run", whole), *sorted(spent.items(), key=lambda item: -item[1])]
    return [*rows, ("the rest (process start, imports, rows, batch files)", whole - sum(spent.values()))]
