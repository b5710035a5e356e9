"""Airflow glue shared by both DAGs: errors that cannot heal fail at once, and runs get a note.

``fail_fast`` turns the library's permanent errors (a missing inbox, a bad trigger-form value, a
failed dbt model or test) into ``AirflowFailException`` with a one-line reason, so Airflow does
not retry what would fail the same way; anything else (a file lock held by another writer) keeps
its retries. The reason is also pushed as the XCom ``newsetl_note`` of the failing task.

The listener sets each newsetl run's note (the grid's "Note" beside the run) from the last
``newsetl_note`` XCom a task of the run pushed: what the run read, rejected and built. Tasks run
without database access in Airflow 3 and cannot set a note; the listener runs in the scheduler
(or the ``airflow dags test`` process), on the run's state change, in the session that commits it.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator

# Imported here, in every Airflow process that loads plugins, so that task processes forked from
# an Airflow process (the LocalExecutor's) find Cosmos imported: each of the warehouse DAG's ~55
# node tasks parses the DAG file, and importing Cosmos was the larger part of that parse.
import cosmos.operators.watcher  # noqa: F401
from airflow.listeners import hookimpl
from airflow.plugins_manager import AirflowPlugin

NOTE_KEY = "newsetl_note"
log = logging.getLogger(__name__)


@contextlib.contextmanager
def fail_fast(ti=None) -> Iterator[None]:
    """Raise ``AirflowFailException`` (no retry) for errors a retry cannot fix.

    Args:
        ti: the running task instance; given, the reason becomes the run's note.
    """
    from airflow.sdk.exceptions import AirflowFailException

    from newsetl.tasks import permanent_failure

    try:
        yield
    except Exception as error:
        reason = permanent_failure(error)
        if reason is None:
            raise
        log.error("%s", reason)
        if ti is not None:
            ti.xcom_push(key=NOTE_KEY, value=f"**Failed**: {reason}")
        raise AirflowFailException(reason) from None


def _latest_note(dag_run, session) -> str | None:
    """The last note a task of the run pushed."""
    from airflow.models.xcom import XComModel

    query = XComModel.get_many(run_id=dag_run.run_id, key=NOTE_KEY, dag_ids=dag_run.dag_id)
    rows = session.scalars(query.order_by(None).order_by(XComModel.timestamp.desc())).all()
    return XComModel.deserialize_value(rows[0]) if rows else None


def _set_note(dag_run) -> None:
    """Note the run in the session that holds it: the scheduler's, which commits it with the run's
    new state (committing here would break the scheduler's locks), or, when the run comes
    detached (`airflow dags test` passes it so), a session of its own."""
    from airflow.models.dagrun import DagRun
    from airflow.utils.session import create_session
    from sqlalchemy.orm import object_session

    if not dag_run.dag_id.startswith("newsetl_"):
        return
    session = object_session(dag_run)
    if session is not None:
        note = _latest_note(dag_run, session)
        if note:
            dag_run.note = (note, None)
        return
    with create_session() as session:
        note = _latest_note(dag_run, session)
        if note:
            session.get(DagRun, dag_run.id).note = (note, None)


@hookimpl
def on_dag_run_success(dag_run, msg: str) -> None:
    _set_note(dag_run)


@hookimpl
def on_dag_run_failed(dag_run, msg: str) -> None:
    _set_note(dag_run)


class NewsetlRunNotesPlugin(AirflowPlugin):
    name = "newsetl_run_notes"
    listeners = [sys.modules[__name__]]
