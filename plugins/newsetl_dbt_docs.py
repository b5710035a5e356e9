"""Airflow plugin: the dbt docs site inside the Airflow UI, behind Airflow's own login.

Cosmos ships a docs view too, but it serves the site to anyone who can reach the API server;
this one mounts the same three files (``index.html``, ``manifest.json``, ``catalog.json`` from
``dbt_project/target``, written by the warehouse DAG's ``dbt_docs`` task) on a FastAPI app whose
every route depends on Airflow's ``get_user``: the session cookie or bearer token the rest of
the UI uses. The nav entry "dbt docs" (Browse) embeds it as an iframe.
"""

from __future__ import annotations

from airflow.api_fastapi.core_api.security import get_user
from airflow.plugins_manager import AirflowPlugin
from fastapi import Depends, FastAPI, HTTPException
from fastapi.responses import FileResponse

from newsetl.settings import get_settings

DOCS_FILES = ("index.html", "manifest.json", "catalog.json")
URL_PREFIX = "/newsetl"

docs_app = FastAPI(title="newsetl dbt docs", dependencies=[Depends(get_user)])


def _docs_file(name: str) -> FileResponse:
    path = get_settings().dbt_project_dir / "target" / name
    if not path.exists():
        raise HTTPException(status_code=404, detail=f"{name} not generated yet: run the newsetl_warehouse DAG")
    return FileResponse(path)


@docs_app.get("/dbt-docs/")
def dbt_docs_index() -> FileResponse:
    return _docs_file("index.html")


@docs_app.get("/dbt-docs/{name}")
def dbt_docs_file(name: str) -> FileResponse:
    if name not in DOCS_FILES:
        raise HTTPException(status_code=404, detail="not a dbt docs file")
    return _docs_file(name)


class NewsetlDbtDocsPlugin(AirflowPlugin):
    name = "newsetl_dbt_docs"
    fastapi_apps = [{"app": docs_app, "url_prefix": URL_PREFIX, "name": "newsetl dbt docs"}]
    external_views = [{
        "name": "dbt docs",
        "href": f"{URL_PREFIX}/dbt-docs/",
        "url_route": "dbt-docs",
        "category": "browse",
        "destination": "nav",
    }]
