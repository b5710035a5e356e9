# newsetl: the two commands a new user needs are `make run` and `make test`.
SHELL := /bin/bash
ROOT := $(abspath .)
VENV := $(ROOT)/.venv
BIN := $(VENV)/bin
# An interpreter already on the machine: uv must not try to download one.
PYTHON ?= $(shell for p in python3.12 python3.11 python3; do \
	$$p -c 'import sys; assert (3, 11) <= sys.version_info < (3, 13)' 2>/dev/null && command -v $$p && break; done)

# The venv first on PATH: `airflow standalone` starts its components as `airflow ...`.
export PATH := $(BIN):$(PATH)

# A project-local Airflow: its own home, SQLite metadata, our DAGs, no examples, no telemetry.
export AIRFLOW_HOME := $(ROOT)/airflow_home
export AIRFLOW__CORE__DAGS_FOLDER := $(ROOT)/dags
export AIRFLOW__CORE__PLUGINS_FOLDER := $(ROOT)/plugins
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION := False
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS := admin:admin
# A password made once per clone (never committed), so the login is known and printed.
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE := $(AIRFLOW_HOME)/passwords.json
# Local runs listen on 127.0.0.1 only; the port can be moved with AIRFLOW__API__PORT.
export AIRFLOW__API__HOST ?= 127.0.0.1
export AIRFLOW__API__PORT ?= 8080
export AIRFLOW__API__BASE_URL ?= http://127.0.0.1:$(AIRFLOW__API__PORT)
export AIRFLOW__CORE__EXECUTION_API_SERVER_URL ?= http://127.0.0.1:$(AIRFLOW__API__PORT)/execution/
export AIRFLOW__USAGE_DATA_COLLECTION__ENABLED := False
# INFO: the task logs hold each task's summary and dbt's line per node. The scheduler's own chatter
# about SQL and HTTP clients stays at warnings.
export AIRFLOW__LOGGING__LOGGING_LEVEL := INFO
export AIRFLOW__LOGGING__NAMESPACE_LEVELS := sqlalchemy=warning httpx=warning httpcore=warning
export DO_NOT_TRACK := 1
export SCARF_ANALYTICS := false
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export NEWSETL_INBOX ?= $(ROOT)/sample_corpus/inbox

.PHONY: run test airflow docs sql analyses report lint venv airflow-init clean

venv: $(VENV)/.synced

# --compile-bytecode: every Airflow task process, dbt run and test imports hundreds of modules; with
# PYTHONDONTWRITEBYTECODE set (as on this machine and in many images) they were compiled from source
# each time (importing Airflow, Cosmos, FastAPI, DuckDB and spaCy: 15.1 s without .pyc, 5.7 s with).
$(VENV)/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null || $(PYTHON) -m pip install --quiet --user uv || $(PYTHON) -m pip install --quiet uv
	@UV=$$(command -v uv || echo "$(PYTHON) -m uv"); $$UV sync --frozen --compile-bytecode --python "$(PYTHON)"
	@touch $@

# The compiled dbt manifest: Cosmos renders the warehouse DAG from it, so parsing runs no dbt.
# The warehouse, profile and target are named as newsetl.load.run_dbt and the warehouse DAG name
# them (the file name, dbt run in its folder), so the partial-parse state this parse saves serves
# the pipeline's dbt builds too.
DBT_MANIFEST := dbt_project/target/manifest.json
$(DBT_MANIFEST): $(VENV)/.synced $(shell find dbt_project -name '*.sql' -o -name '*.yml' -o -name '*.csv' -o -name '*.md' | grep -v '/target/')
	@cd dbt_project && NEWSETL_WAREHOUSE=warehouse.duckdb $(BIN)/dbt parse --quiet --profiles-dir . \
		--profile newsetl --target dev

# The admin password, made once per clone and readable by its owner only (umask before the
# file exists, chmod for a file an older version wrote world-readable).
$(AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE): | venv
	@mkdir -p $(dir $@)
	@umask 077 && $(BIN)/python -c \
		"import json, secrets; print(json.dumps({'admin': secrets.token_urlsafe(12)}))" > $@

airflow-init: venv $(DBT_MANIFEST) $(AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE)
	@chmod 600 $(AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE)
	@$(BIN)/airflow db migrate >/dev/null
	@$(BIN)/airflow pools set duckdb_writer 1 "One writer at a time on the DuckDB warehouse" >/dev/null

## make run: the whole pipeline through Airflow on the bundled sample corpus, then a summary.
run: airflow-init
	@echo "== ingest DAG (newsetl_ingest) on $(NEWSETL_INBOX)"
	@$(BIN)/python scripts/airflow_local.py test newsetl_ingest >$(AIRFLOW_HOME)/run-ingest.log 2>&1 \
		|| { tail -n 40 $(AIRFLOW_HOME)/run-ingest.log; exit 1; }
	@echo "== warehouse DAG (newsetl_warehouse): dbt build, docs, publish"
	@$(BIN)/python scripts/airflow_local.py test newsetl_warehouse >$(AIRFLOW_HOME)/run-warehouse.log 2>&1 \
		|| { tail -n 40 $(AIRFLOW_HOME)/run-warehouse.log; exit 1; }
	@$(BIN)/python scripts/airflow_local.py drop-queued >/dev/null
	@$(BIN)/newsetl summary
	@echo "Airflow login        admin / $$(cut -d'"' -f4 $(AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE))"

## make test: lint, then the whole suite (unit tests, then end-to-end through Airflow and dbt) in
## TEST_WORKERS pytest-xdist processes, a whole test module at a time (tests/conftest.py).
TEST_WORKERS ?= 2
test: venv $(DBT_MANIFEST)
	@$(MAKE) --no-print-directory lint
	@$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder

## make airflow: the Airflow UI on http://127.0.0.1:8080 with the DAGs loaded; nothing listens
## beyond 127.0.0.1 (scripts/airflow_local.py: standalone's components without its log servers).
airflow: airflow-init
	@test -f data/published/warehouse.duckdb || $(MAKE) --no-print-directory run
	@echo "Airflow UI: $(AIRFLOW__API__BASE_URL)  login: admin / $$($(BIN)/python -c \
		"import json; print(json.load(open('$(AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE)'))['admin'])")"
	@echo "dbt docs inside the UI: Browse > dbt docs ($(AIRFLOW__API__BASE_URL)/newsetl/dbt-docs/)"
	@echo "report inside the UI:   Browse > newsetl report ($(AIRFLOW__API__BASE_URL)/newsetl/report/)"
	@$(BIN)/python scripts/airflow_local.py serve

## make docs: the dbt docs site alone on http://127.0.0.1:8081 (after make run).
docs: venv
	@cd dbt_project && NEWSETL_WAREHOUSE=$(ROOT)/data/warehouse.duckdb $(BIN)/dbt docs serve \
		--profiles-dir . --host 127.0.0.1 --port 8081 --no-browser

## make sql: the DuckDB CLI on the analysts' published copy (read-only); bare mart names work
## (`select * from fct_quotes`): the published file holds a view per mart in its default schema.
PUBLISHED := $(or $(NEWSETL_PUBLISHED),$(ROOT)/data/published/warehouse.duckdb)
sql: venv
	@$(BIN)/duckdb -readonly $(PUBLISHED)

## make analyses: compile dbt_project/analyses against the published copy (dbt target `published`,
## read-only), never opening the writer's file; the SQL lands in dbt_project/target/analyses/.
analyses: venv
	@cd dbt_project && NEWSETL_PUBLISHED=$(PUBLISHED) $(BIN)/dbt compile --quiet --profiles-dir . \
		--target published --target-path target/analyses --select "resource_type:analysis"
	@find dbt_project/target/analyses/compiled -name '*.sql' | sort

## make report: rebuild the report page from the published copy and serve it on
## http://127.0.0.1:8082 (it is also in the Airflow UI: Browse > newsetl report).
report: venv
	@$(BIN)/newsetl report
	@echo "report: http://127.0.0.1:8082/ (Ctrl-C stops)"
	@$(BIN)/python -m http.server 8082 --bind 127.0.0.1 --directory $(dir $(PUBLISHED))report

## make lint: ruff on the Python code, sqlfluff (dbt_project/.sqlfluff) on the dbt models and analyses.
lint: venv
	@$(BIN)/ruff check plugins dags tests benchmarks
	@cd dbt_project && $(BIN)/sqlfluff lint models analyses --processes 2 --disable-progress-bar

clean:
	rm -rf $(AIRFLOW_HOME) data dbt_project/target dbt_project/logs

## make bench: pipeline vs bare spaCy throughput, no-op rerun cost, peak memory, fan-out at 1/2/4
## shards, on real news text from ../shared/corpus (BENCH_DOCS documents, default 1000).
.PHONY: bench bench-extract bench-html bench-long bench-memory bench-actors bench-clusters bench-dbt-rendering soak \
	test-distributed bench-archive check-incremental
BENCH_DOCS ?= 1000
bench: venv $(DBT_MANIFEST)
	@BENCH_DOCS=$(BENCH_DOCS) $(BIN)/python benchmarks/bench.py

## make train: rebuild the attribution model from ../shared/corpus/polnear_train (parses cached in data/cache).
.PHONY: train
train: venv
	@nice -n 10 $(BIN)/python -m newsetl.extract.learned.train

## make bench-extract: the extraction stage (parse + quote and mention rules) vs bare nlp.pipe.
bench-extract: venv
	@$(BIN)/python benchmarks/bench_extract.py

## make bench-long: CPU seconds of each stage of one article of 10k, 100k and 1M characters on one line
## (clean, parse, rules, signature), then its load and dbt build in paragraphs (linear cost; slow: ~10 min).
bench-long: venv
	@$(BIN)/python benchmarks/bench_long_text.py

## make soak: one newsetl run over every corpus in ../shared/corpus; fails on a crash, a failed
## dbt test or a lost document, and ends with its summary line (slow: not part of make test).
soak: venv $(DBT_MANIFEST)
	@$(BIN)/python benchmarks/soak.py

## make bench-html: body word-F1 of saved pages, newsetl next to trafilatura alone, on both dev sets.
bench-html: venv
	@$(BIN)/python benchmarks/bench_html.py

## make bench-actors: the actor-resolution dbt models at 6k, 60k and 600k synthetic names (names varied
## from the warehouse of `make run`, or BENCH_ACTORS_FROM=FILE); seconds per model.
BENCH_ACTORS_NAMES ?= 6000 60000 600000
BENCH_ACTORS_FROM ?= $(ROOT)/data/warehouse.duckdb
bench-actors: venv
	@$(BIN)/python benchmarks/bench_actors.py --names $(BENCH_ACTORS_NAMES) --names-from $(BENCH_ACTORS_FROM)

## make bench-archive: an hourly batch (BENCH_ARCHIVE_BATCH, default 500) through load, dbt build and
## publish on a synthetic archive of BENCH_ARCHIVE_ARTICLES (default 200000) and on an empty
## warehouse, a no-op, peak memory; the ratio big/empty on the last line (slow: hours at 200k).
BENCH_ARCHIVE_ARTICLES ?= 200000
BENCH_ARCHIVE_BATCH ?= 500
bench-archive: venv
	@nice -n 10 $(BIN)/python benchmarks/bench_archive.py --articles $(BENCH_ARCHIVE_ARTICLES) \
		--batch $(BENCH_ARCHIVE_BATCH)

## make check-incremental: batches of polnear_train through newsetl run, then the incremental
## marts compared row for row with a --full-refresh of the same warehouse.
check-incremental: venv
	@nice -n 10 $(BIN)/python benchmarks/incremental_equality.py

## make bench-clusters: statement clustering at 1x, 4x and 16x the quotes (synthesised from real
## news sentences), and duplicate signing of 10k, 100k and 1M-character texts.
bench-clusters: venv
	@$(BIN)/python benchmarks/bench_clusters.py

## make bench-dbt-rendering: the warehouse DAG's per-node dbt tasks (real scheduler, and airflow dags
## test) against one plain `dbt build` on the sample corpus, alternated so both see the same load.
bench-dbt-rendering: venv $(DBT_MANIFEST)
	@$(BIN)/python benchmarks/bench_dbt_rendering.py

## make bench-memory: the pipeline's peak memory at 1k and at 5k documents (slow; not in bench).
bench-memory: venv
	@for n in 1000 5000; do BENCH_SHARDS= $(BIN)/python benchmarks/bench.py --docs $$n | tail -n 1; done

## make test-distributed: both DAGs through Celery (PostgreSQL + Redis + 2 workers on 127.0.0.1),
## marts compared with the one-process run. Installs postgresql/redis-server with apt if missing.
test-distributed: venv $(DBT_MANIFEST)
	@scripts/test_distributed.sh
