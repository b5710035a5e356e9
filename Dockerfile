# newsetl on the official Airflow 3 image, with exactly the package versions of uv.lock.
#
#   docker compose build        (docker-compose.yml builds this image for every Airflow service)
#
# The image's Airflow and the lock's agree (apache-airflow 3.3.2, Python 3.11; the compose test
# checks it), so installing the lock over the image changes no Airflow package, only adds ours.
FROM apache/airflow:3.3.2-python3.11

ARG UV_VERSION=0.13.9
ENV NEWSETL_HOME=/opt/newsetl \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DBT_SEND_ANONYMOUS_USAGE_STATS=false \
    DO_NOT_TRACK=1

USER root
RUN mkdir -p /opt/newsetl /data/warehouse /data/inbox /data/staging \
    && chown -R airflow:root /opt/newsetl /data
USER airflow
WORKDIR /opt/newsetl

# 1. Dependencies, from the lock file alone (a layer that code changes do not invalidate).
COPY --chown=airflow:root pyproject.toml uv.lock README.md ./
RUN pip install --no-cache-dir "uv==${UV_VERSION}" \
    && uv export --frozen --no-dev --no-emit-project --format requirements-txt -o /tmp/requirements.txt \
    && pip install --no-cache-dir --require-hashes -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# 2. The project: library (editable, so settings find dbt_project/ beside it), DAGs, dbt project.
#    Cosmos renders the warehouse DAG from the compiled manifest, so it is compiled into the image.
COPY --chown=airflow:root plugins ./plugins
COPY --chown=airflow:root dags ./dags
COPY --chown=airflow:root dbt_project ./dbt_project
RUN pip install --no-cache-dir --no-deps -e . \
    && cd dbt_project && NEWSETL_WAREHOUSE=/tmp/parse.duckdb dbt parse --quiet --profiles-dir . \
    && rm -rf logs /tmp/parse.duckdb

ENV AIRFLOW__CORE__DAGS_FOLDER=/opt/newsetl/dags \
    AIRFLOW__CORE__PLUGINS_FOLDER=/opt/newsetl/plugins \
    NEWSETL_INBOX=/data/inbox \
    NEWSETL_WAREHOUSE=/data/warehouse/warehouse.duckdb \
    NEWSETL_PUBLISHED=/data/warehouse/published/warehouse.duckdb \
    NEWSETL_PARQUET_DIR=/data/warehouse/published/parquet \
    NEWSETL_STAGING_DIR=/data/staging
