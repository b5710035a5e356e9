# newsetl: the two commands a new user needs are `make run` and `make test`.
SHELL := /bin/bash
ROOT := $(abspath .)
VENV := $(ROOT)/.venv
BIN := $(VENV)/bin
# An interpreter already on the machine: uv must not try to download one.
PYTHON ?= $(shell for p in python3.12 python3.11 python3; do \
	$$p -c 'import sys; assert (3, 11) <= sys.version_info < (3, 13)' 2>/dev/null && command -v $$p && break; done)

# A project-local Airflow: its own home, SQLite metadata, our DAGs, no examples, no telemetry.
export AIRFLOW_HOME := $(ROOT)/airflow_home
export AIRFLOW__CORE__DAGS_FOLDER := $(ROOT)/dags
export AIRFLOW__CORE__PLUGINS_FOLDER := $(ROOT)/plugins
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION := False
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS := admin:admin
export AIRFLOW__API__HOST := 127.0.0.1
export AIRFLOW__API__PORT := 8080
export AIRFLOW__USAGE_DATA_COLLECTION__ENABLED := False
export AIRFLOW__LOGGING__LOGGING_LEVEL := WARNING
export DO_NOT_TRACK := 1
export SCARF_ANALYTICS := false
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export NEWSETL_INBOX ?= $(ROOT)/sample_corpus/inbox

.PHONY: run test airflow sql lint venv airflow-init clean

venv: $(VENV)/.synced

$(VENV)/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null || $(PYTHON) -m pip install --quiet --user uv || $(PYTHON) -m pip install --quiet uv
	@UV=$$(command -v uv || echo "$(PYTHON) -m uv"); $$UV sync --frozen --python "$(PYTHON)"
	@touch $@

airflow-init: venv
	@mkdir -p $(AIRFLOW_HOME)
	@$(BIN)/airflow db migrate >/dev/null
	@$(BIN)/airflow pools set duckdb_writer 1 "One writer at a time on the DuckDB warehouse" >/dev/null

## make run: the whole pipeline through Airflow on the bundled sample corpus, then a summary.
run: airflow-init
	@echo "== ingest DAG (newsetl_ingest) on $(NEWSETL_INBOX)"
	@$(BIN)/airflow dags test newsetl_ingest >$(AIRFLOW_HOME)/run-ingest.log 2>&1 \
		|| { tail -n 40 $(AIRFLOW_HOME)/run-ingest.log; exit 1; }
	@echo "== warehouse DAG (newsetl_warehouse): dbt build, docs, publish"
	@$(BIN)/airflow dags test newsetl_warehouse >$(AIRFLOW_HOME)/run-warehouse.log 2>&1 \
		|| { tail -n 40 $(AIRFLOW_HOME)/run-warehouse.log; exit 1; }
	@$(BIN)/newsetl summary

## make test: the whole suite (unit tests, then end-to-end through Airflow and dbt).
test: venv
	@$(BIN)/pytest

## make airflow: the Airflow UI on http://127.0.0.1:8080 with the DAGs loaded.
airflow: airflow-init
	@echo "Airflow UI: http://127.0.0.1:8080  login: admin / password in $(AIRFLOW_HOME)/simple_auth_manager_passwords.json.generated"
	@$(BIN)/airflow standalone

## make sql: the DuckDB CLI on the analysts' published copy (read-only).
sql: venv
	@$(BIN)/duckdb -readonly $(ROOT)/data/published/warehouse.duckdb

lint: venv
	@$(BIN)/ruff check plugins dags tests

clean:
	rm -rf $(AIRFLOW_HOME) data dbt_project/target dbt_project/logs
