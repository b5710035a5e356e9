"""docker-compose.yml and the Dockerfile describe a working Airflow 3 deployment (checked statically).

No Docker engine runs in CI, so these tests read the files: the reference Airflow 3 layout
(PostgreSQL, Redis, CeleryExecutor, api-server, scheduler, dag-processor, triggerer, workers and
an init service), health checks, declared volumes, secrets taken from the environment, and an
image built from the same lock file as the project's own environment.
"""

from __future__ import annotations

import re
import tomllib

import pytest
import yaml

from tests.conftest import PROJECT_ROOT

COMPOSE = PROJECT_ROOT / "docker-compose.yml"
DOCKERFILE = PROJECT_ROOT / "Dockerfile"
REQUIRED = {"postgres", "redis", "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor",
            "airflow-triggerer", "airflow-worker", "airflow-init"}
ONE_SHOT = {"airflow-init"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def locked() -> dict[str, str]:
    """Package name -> version pinned in uv.lock."""
    lock = tomllib.loads((PROJECT_ROOT / "uv.lock").read_text(encoding="utf-8"))
    return {p["name"]: p.get("version", "") for p in lock["package"]}


def test_every_component_of_the_reference_layout_is_there(compose: dict) -> None:
    assert set(compose["services"]) >= REQUIRED


def test_every_dependency_names_a_service(compose: dict) -> None:
    services = compose["services"]
    for name, service in services.items():
        depends = service.get("depends_on", {})
        assert set(depends) <= set(services), f"{name} depends on a missing service"
        assert name not in depends


def test_airflow_services_wait_for_the_database_broker_and_init(compose: dict) -> None:
    for name, service in compose["services"].items():
        if name.startswith("airflow-") and name not in ONE_SHOT:
            depends = service["depends_on"]
            assert depends["postgres"]["condition"] == "service_healthy"
            assert depends["redis"]["condition"] == "service_healthy"
            assert depends["airflow-init"]["condition"] == "service_completed_successfully"


def test_every_long_running_service_has_a_healthcheck(compose: dict) -> None:
    for name, service in compose["services"].items():
        if name not in ONE_SHOT:
            assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"


def test_celery_executor_on_postgres_and_redis(compose: dict) -> None:
    env = compose["services"]["airflow-scheduler"]["environment"]
    assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg2://")
    assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://")
    assert compose["services"]["airflow-worker"]["command"] == "celery worker"


def test_named_volumes_are_declared_and_hold_the_warehouse_inbox_and_staging(compose: dict) -> None:
    declared = set(compose["volumes"])
    mounts: dict[str, str] = {}
    for service in compose["services"].values():
        for volume in service.get("volumes", []):
            source, target = volume.split(":")[:2]
            assert source in declared, f"{source} is not a declared named volume"
            mounts[target] = source
    env = compose["services"]["airflow-worker"]["environment"]
    dockerfile = DOCKERFILE.read_text(encoding="utf-8")
    for variable, folder in (("NEWSETL_WAREHOUSE", "/data/warehouse"), ("NEWSETL_INBOX", "/data/inbox"),
                             ("NEWSETL_STAGING_DIR", "/data/staging")):
        assert f"{variable}={folder}" in dockerfile or env.get(variable, "").startswith(folder)
        assert folder in mounts


def test_secrets_come_from_the_environment_and_are_required() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    for variable in ("_AIRFLOW_WWW_USER_PASSWORD", "AIRFLOW_JWT_SECRET", "AIRFLOW_FERNET_KEY"):
        assert re.search(r"\$\{" + variable + r":\?", text), f"{variable} must be required, not defaulted"
    assert not (PROJECT_ROOT / ".env").exists()


def test_the_image_is_the_locked_airflow_on_a_supported_python(locked: dict[str, str]) -> None:
    match = re.search(r"^FROM apache/airflow:(\S+)-python(\d+\.\d+)$", DOCKERFILE.read_text(encoding="utf-8"), re.M)
    assert match, "the image must build on the official apache/airflow image"
    airflow_version, python = match.groups()
    assert airflow_version == locked["apache-airflow"]
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requires = project["requires-python"]
    low, high = re.findall(r"(\d+\.\d+)", requires)
    assert tuple(map(int, low.split("."))) <= tuple(map(int, python.split("."))) < tuple(map(int, high.split(".")))


def test_the_image_installs_exactly_the_lock(locked: dict[str, str]) -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert "COPY --chown=airflow:root pyproject.toml uv.lock" in text
    assert "uv export --frozen" in text and "--require-hashes" in text
    for provider in ("apache-airflow-providers-celery", "apache-airflow-providers-postgres"):
        assert provider in locked, f"{provider} must be in uv.lock for the CeleryExecutor on PostgreSQL"
