"""The warehouse DAG's per-node dbt tasks at the price of one `dbt build` (Cosmos watcher mode, lighter).

Cosmos's watcher mode runs one `dbt build` (the producer) and renders a task per dbt node that
succeeds or fails as dbt reports the node. Measured on 840 articles at load 7, it cost 3.8x the
plain build: the producer pushed several XComs per dbt event (node start, compiling, executing,
finished, status, compiled SQL, each also copied into an Airflow Variable), and the node tasks
started one lineage level at a time after the build (24 levels, a scheduler loop and a trigger or
a task process each). Here, with Cosmos's own operators underneath:

- the producer pushes one XCom, ``newsetl_node_results``: each finished node's status (a model's
  tests as one aggregate, as Cosmos's test tasks expect) and a failure's message, rewritten as
  nodes finish, so one read answers every node task;
- the node tasks start in the triggerer (Airflow's ``start_from_trigger``: no worker process) as
  soon as the run starts, all at once (trigger rule ``always``: dbt's build keeps the order; the
  edges stay for the lineage), and end there (``TaskSuccessEvent``) when the build reports their
  node; all the triggers of a run share one read of the results per second;
- a cleared node task (try 2 and later) waits for its upstream tasks, then re-runs its node with
  dbt on a worker (Cosmos's fallback: ``dbt run``/``seed``/``test --select`` the node);
- under ``airflow dags test`` (``make run``), where tasks run one at a time in one process, a node
  task that comes before the build is rescheduled rather than waiting on a build that cannot start.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from airflow.sdk.exceptions import AirflowFailException, AirflowRescheduleException, AirflowSkipException
from airflow.triggers.base import (
    BaseTrigger,
    StartTriggerArgs,
    TaskFailedEvent,
    TaskSkippedEvent,
    TaskSuccessEvent,
    TriggerEvent,
)
from cosmos.operators._watcher.aggregation import accumulate_test_result, get_aggregated_test_status
from cosmos.operators._watcher.base import _log_dbt_msg
from cosmos.operators._watcher.state import (
    DBT_FAILED_STATUSES,
    DBT_SKIPPED_STATUSES,
    DBT_SUCCESS_STATUSES,
    DBT_UPSTREAM_FAILURE_SKIP_EVENT_NAMES,
)
from cosmos.operators.watcher import (
    DbtProducerWatcherOperator,
    DbtRunWatcherOperator,
    DbtSeedWatcherOperator,
    DbtTestWatcherOperator,
)

RESULTS_KEY = "newsetl_node_results"
POLL_SECONDS = 1.0
PUSH_SECONDS = POLL_SECONDS / 2  # the producer's pushes wait this long, to carry a burst of nodes at once
# Airflow task states that are final (for the producer: it pushes nothing more).
ENDED = frozenset({"success", "failed", "skipped", "upstream_failed", "removed"})
# Upstream task states that let a cleared node task re-run its node.
UPSTREAM_OK = frozenset({"success", "skipped"})
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")  # dbt colours its summary lines
log = logging.getLogger(__name__)


def result_key(unique_id: str, tests: bool) -> str:
    """The node's key in the results: a model's id, or ``<model id>:tests`` for its tests together."""
    return f"{unique_id}:tests" if tests else unique_id


def outcome(results: dict | None, key: str, producer_state: str | None) -> dict | None:
    """What a node task should do, from the build's results: None while the node is not reported."""
    results = results or {}
    status = results.get("status", {}).get(key)
    if status in DBT_SUCCESS_STATUSES:
        return {"outcome": "success", "status": status}
    if status in DBT_FAILED_STATUSES:
        return {"outcome": "failed", "status": status, "message": results.get("message", {}).get(key, "")}
    if status in DBT_SKIPPED_STATUSES:
        return {"outcome": "skipped", "status": status}
    if producer_state == "skipped":  # Cosmos skips a producer's retry: each node then runs on its own
        return {"outcome": "rerun"}
    if producer_state == "success":  # not in the build (an ephemeral model, an empty file)
        return {"outcome": "success", "status": "not run"}
    if producer_state in ENDED:
        return {"outcome": "failed", "status": producer_state,
                "message": "the dbt build ended before it reported this node (see dbt_producer_watcher's log)"}
    return None


def task_states(dag_id: str, run_id: str, task_ids: list[str]) -> dict[str, str | None]:
    """The state of each of ``task_ids`` in one run, as a string (None before it has one)."""
    from airflow.sdk.execution_time.task_runner import RuntimeTaskInstance

    states = RuntimeTaskInstance.get_task_states(dag_id=dag_id, task_ids=task_ids, run_ids=[run_id])
    return {t: (str(s) if s is not None else None) for t, s in states.get(run_id, {}).items()}


def read_results(dag_id: str, run_id: str, producer_task_id: str) -> tuple[str | None, dict | None]:
    """The producer's state, then its results (in that order: an ended producer has pushed them all)."""
    from airflow.sdk.execution_time.xcom import XCom

    state = task_states(dag_id, run_id, [producer_task_id]).get(producer_task_id)
    if state != "running" and state not in ENDED:  # nothing pushed yet: no read (and no 404 logged)
        return state, None
    return state, XCom.get_one(key=RESULTS_KEY, dag_id=dag_id, task_id=producer_task_id, run_id=run_id, map_index=-1)


# An ended build's results, by (dag_id, run_id, producer task id), for this process's lifetime.
# A worker runs each task in a process of its own, so this serves `airflow dags test`, which runs
# every node task after the build in one process: one read instead of two API calls a task.
_ENDED_BUILDS: dict[tuple[str, str, str], tuple[str | None, dict | None]] = {}


def ended_build_results(dag_id: str, run_id: str, producer_task_id: str) -> tuple[str | None, dict | None]:
    """``read_results``, remembered once the producer has ended (it pushes nothing more)."""
    build = (dag_id, run_id, producer_task_id)
    if build not in _ENDED_BUILDS:
        state, results = read_results(dag_id, run_id, producer_task_id)
        if state not in ENDED:
            return state, results
        _ENDED_BUILDS[build] = state, results
    return _ENDED_BUILDS[build]


class _InWarehouseFolder:
    """dbt run in the warehouse's folder, the profile naming the file only (as `newsetl run` does).

    dbt's partial parsing starts over when the rendered profile changes; with the same file name
    and flags (``newsetl.load.dbt.PROFILE_FLAGS``, the ones Cosmos passes) the Airflow build reuses
    the state that `make`'s parse and `newsetl run` leave, instead of a full parse (8-13 s a build).
    """

    def run_subprocess(self, command: list[str], env: dict[str, str], cwd: str, **kwargs: Any) -> Any:
        from newsetl.settings import get_settings

        return super().run_subprocess(command, env, str(get_settings().warehouse.parent), **kwargs)


class NodeResultsProducer(_InWarehouseFolder, DbtProducerWatcherOperator):
    """Cosmos's producer (one `dbt build`, dbt's line per node in its log) pushing one results XCom."""

    def execute(self, context: Any, **kwargs: Any) -> Any:
        # Pushed empty at once, so that the node tasks' reads find it while dbt starts.
        context["ti"].xcom_push(key=RESULTS_KEY, value={"status": {}, "message": {}})
        self._push_lock, self._push_pending, self._pushes_closed = threading.Lock(), False, False
        self._results_ti = context["ti"]
        return super().execute(context, **kwargs)

    def run_subprocess(self, command: list[str], env: dict[str, str], cwd: str, **kwargs: Any) -> Any:
        try:
            return super().run_subprocess(command, env, cwd, **kwargs)
        finally:  # the last results, pushed before Cosmos's own calls (no two threads call the API at once)
            self._push(last=True)

    def _push_soon(self) -> None:
        """Push the results within PUSH_SECONDS (called holding the lock): one push serves a burst.

        Each push rewrites every node's status through the API: pushed at each node, 71 pushes cost
        3.9 s of a build at load 5, while dbt waited for its output to be read.
        """
        if not self._push_pending:
            self._push_pending = True
            timer = threading.Timer(PUSH_SECONDS, self._push)
            timer.daemon = True
            timer.start()

    def _push(self, *, last: bool = False) -> None:
        """Push the results if a change is pending; after the last push, a late timer pushes nothing."""
        with self._push_lock:
            if self._push_pending and not self._pushes_closed:
                self._results_ti.xcom_push(key=RESULTS_KEY, value=self._results)
            self._push_pending, self._pushes_closed = False, self._pushes_closed or last

    def calculate_openlineage_events_completes(self, *args: Any, **kwargs: Any) -> bool:
        """No OpenLineage provider is installed: the events Cosmos parses from the artifacts would be dropped."""
        return False

    def _make_parse_callable(self) -> Any:
        self._results: dict[str, dict[str, str]] = {"status": {}, "message": {}}
        self._tests_seen: dict[str, dict[str, str]] = {}
        self._skipped_upstream: set[str] = set()
        self._failed_test: dict[str, str] = {}
        return self._parse_line

    def _parse_line(self, line: str, extra_kwargs: Any) -> None:
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            if line:
                log.info("%s", line)
            return
        _log_dbt_msg(event)
        data = event.get("data", {})
        node = data.get("node_info") or {}
        unique_id, status = node.get("unique_id"), node.get("node_status")
        if not unique_id:
            return
        if event.get("info", {}).get("name") in DBT_UPSTREAM_FAILURE_SKIP_EVENT_NAMES:
            self._skipped_upstream.add(unique_id)
        if status in DBT_SKIPPED_STATUSES and unique_id in self._skipped_upstream:
            status = "failed"  # skipped because an upstream node failed: this node did not build
        if status not in DBT_SUCCESS_STATUSES | DBT_FAILED_STATUSES | DBT_SKIPPED_STATUSES:
            return
        message = (data.get("run_result") or {}).get("message") or data.get("msg") or event.get("info", {}).get("msg")
        message = ANSI_ESCAPE.sub("", message or "")
        # One reader thread (dbt's JSON lines, in order) writes the results; the push timer reads them.
        with self._push_lock:
            if node.get("resource_type") == "test":
                changed = self._record_test(unique_id, status, message)
            else:
                changed = self._record(unique_id, status, message)
            if changed:
                self._push_soon()

    def _record(self, key: str, status: str, message: str) -> bool:
        """Note a node's status; False when dbt repeats what is already noted (several events per node)."""
        if self._results["status"].get(key) == status:
            return False
        self._results["status"][key] = status
        if status in DBT_FAILED_STATUSES and message:
            self._results["message"][key] = message
        return True

    def _record_test(self, test_id: str, status: str, message: str) -> bool:
        """Note a test's status under each model it tests; a model's tests are noted once all have ended."""
        changed = False
        for model_id in accumulate_test_result(test_id, status, self.tests_per_model, self._tests_seen):
            aggregate = get_aggregated_test_status(model_id, self.tests_per_model, self._tests_seen)
            if status in DBT_FAILED_STATUSES:  # the first failing test names the reason
                self._failed_test.setdefault(model_id, f"{test_id}: {message}")
            if aggregate is not None:
                reason = self._failed_test.get(model_id, "")
                changed |= self._record(result_key(model_id, tests=True), str(getattr(aggregate, "value", aggregate)),
                                        reason)
        return changed


class _ReportedNode(_InWarehouseFolder):
    """A Cosmos consumer task that starts in the triggerer and reads its node from the results XCom."""

    start_from_trigger = True
    # Nothing to render: the task reports the build, and none of its dbt arguments is a template.
    # Without template fields a task sends no rendered fields (about 0.1 s a task under `dags test`).
    template_fields = ()

    def _key(self) -> str:
        return result_key(self.model_unique_id, self.is_test_sensor)

    def _trigger(self) -> NodeResultTrigger:
        return NodeResultTrigger(result_key=self._key(), producer_task_id=self.producer_task_id)

    def execute(self, context: Any, **kwargs: Any) -> None:
        """The worker path: `airflow dags test`, or a retry resumed from the trigger."""
        ti = context["ti"]
        state, results = ended_build_results(ti.dag_id, ti.run_id, self.producer_task_id)
        if ti.try_number > 1 and state in ENDED:
            return self._finish({"outcome": "rerun"}, context)
        decided = outcome(results, self._key(), state)
        if decided is not None:
            return self._finish(decided, context)
        if state == "running":
            self.defer(trigger=self._trigger(), method_name="execute_complete")
        # Not started yet: `airflow dags test` runs one task at a time and has not reached the build.
        raise AirflowRescheduleException(datetime.now(UTC) + timedelta(seconds=1))

    def execute_complete(self, context: Any, event: dict[str, Any]) -> None:
        return self._finish(event, context)

    def _finish(self, decided: dict[str, Any], context: Any) -> None:
        what = f"dbt {self._resource_label.lower()} '{self.model_unique_id}'"
        if decided["outcome"] == "rerun":
            self._fallback_to_non_watcher_run(try_number=context["ti"].try_number, context=context)
        elif decided["outcome"] == "success":
            log.info("%s: %s in the build", what, decided["status"])
        elif decided["outcome"] == "skipped":
            raise AirflowSkipException(f"{what} was skipped by dbt")
        else:  # the same SQL on the same rows fails the same way: no automatic retry
            raise AirflowFailException(f"{what}: {decided['status']}. {decided.get('message', '')}".strip())


class ReportedRun(_ReportedNode, DbtRunWatcherOperator):
    """A model's task: succeeds or fails as the build reports the model."""


class ReportedSeed(_ReportedNode, DbtSeedWatcherOperator):
    """A seed's task: succeeds or fails as the build reports the seed."""


class ReportedTests(_ReportedNode, DbtTestWatcherOperator):
    """A model's tests: succeed when the build reports every one of them passed."""


_REPORTED = {DbtRunWatcherOperator: ReportedRun, DbtSeedWatcherOperator: ReportedSeed,
             DbtTestWatcherOperator: ReportedTests}


class _SharedReads:
    """One read of a run's results per POLL_SECONDS for all the triggers of that run (one event loop)."""

    def __init__(self) -> None:
        self.reads: dict[tuple[str, str, str], tuple[asyncio.AbstractEventLoop, float, asyncio.Future]] = {}

    async def get(self, dag_id: str, run_id: str, producer_task_id: str) -> tuple[str | None, dict | None]:
        from asgiref.sync import sync_to_async

        loop = asyncio.get_running_loop()
        key = (dag_id, run_id, producer_task_id)
        entry = self.reads.get(key)
        if entry is None or entry[0] is not loop or loop.time() - entry[1] >= POLL_SECONDS:
            for old in [k for k, (lp, at, _) in self.reads.items() if lp is not loop or loop.time() - at > 600]:
                del self.reads[old]
            future = loop.create_task(sync_to_async(read_results)(dag_id, run_id, producer_task_id))
            self.reads[key] = entry = (loop, loop.time(), future)
        return await asyncio.shield(entry[2])


SHARED_READS = _SharedReads()


class NodeResultTrigger(BaseTrigger):
    """Waits in the triggerer for the build to report one node, then ends its task there."""

    def __init__(self, result_key: str, producer_task_id: str) -> None:
        super().__init__()
        self.result_key = result_key
        self.producer_task_id = producer_task_id

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return (f"{__name__}.NodeResultTrigger",
                {"result_key": self.result_key, "producer_task_id": self.producer_task_id})

    async def run(self) -> AsyncIterator[TriggerEvent]:
        ti = self.task_instance
        decided = {"outcome": "rerun"} if ti.try_number > 1 else None  # cleared: run this node with dbt
        while decided is None:
            try:
                state, results = await SHARED_READS.get(ti.dag_id, ti.run_id, self.producer_task_id)
            except Exception as error:  # the API server busy or restarting: ask again
                self.log.warning("reading the build's results failed (%s); retrying", error)
                state, results = None, None
            decided = outcome(results, self.result_key, state)
            if decided is None:
                await asyncio.sleep(POLL_SECONDS)
        if decided["outcome"] == "rerun":  # dbt on a worker, in lineage order: after the upstream tasks
            yield await self._after_upstream(ti)
        else:
            yield self._event(decided)

    def _event(self, decided: dict[str, Any]) -> TriggerEvent:
        if decided["outcome"] == "success":
            self.log.info("dbt node '%s': %s in the build", self.result_key, decided["status"])
            return TaskSuccessEvent()
        if decided["outcome"] == "skipped":
            self.log.info("dbt node '%s' was skipped by dbt", self.result_key)
            return TaskSkippedEvent()
        self.log.error("dbt node '%s': %s. %s", self.result_key, decided["status"], decided.get("message", ""))
        return TaskFailedEvent()

    async def _after_upstream(self, ti: Any) -> TriggerEvent:
        from asgiref.sync import sync_to_async

        upstream = sorted(getattr(getattr(ti, "task", None), "upstream_task_ids", ()) or ())
        while upstream:
            states = await sync_to_async(task_states)(ti.dag_id, ti.run_id, upstream)
            if all(states.get(t) in ENDED for t in upstream):
                failed = [t for t in upstream if states.get(t) not in UPSTREAM_OK]
                if failed:
                    self.log.error("upstream task(s) %s did not succeed: not re-running this node", failed)
                    return TaskFailedEvent()
                break
            await asyncio.sleep(POLL_SECONDS)
        return TriggerEvent({"outcome": "rerun"})


def report_from_one_build(group: Any) -> None:
    """Make a Cosmos watcher task group's tasks the ones above, started together with the build.

    Cosmos picks its operator classes by name from the execution mode, so the rendered tasks are
    re-classed here (the subclasses only override methods). The producer also gets an edge to the
    first nodes, as in Cosmos's DbtDag, so the graph shows the build before them.
    """
    from cosmos.constants import PRODUCER_WATCHER_TASK_ID

    producer = group.children[f"{group.group_id}.{PRODUCER_WATCHER_TASK_ID}"]
    producer.__class__ = NodeResultsProducer
    for node in list(group.get_roots()):
        if node is not producer:
            producer >> node
    for task in list(group.iter_tasks()):
        reported = _REPORTED.get(type(task))
        if reported is None:
            continue
        task.__class__ = reported
        trigger_cls, trigger_kwargs = task._trigger().serialize()
        task.start_trigger_args = StartTriggerArgs(trigger_cls=trigger_cls, trigger_kwargs=trigger_kwargs,
                                                   next_method="execute_complete")
        task.trigger_rule = "always"
