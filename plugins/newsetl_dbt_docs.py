"""Airflow plugin: the dbt docs site and the newsetl report page inside the Airflow UI, behind its login.

Cosmos ships a docs view too, but it serves the site to anyone who can reach the API server;
this one mounts the dbt docs files (``index.html``, ``manifest.json``, ``catalog.json`` from
``dbt_project/target``, written by the warehouse DAG's ``dbt_docs`` task) and the report page
(``report/`` beside the published copy, written by its ``publish`` task) on a FastAPI app whose
every route depends on Airflow's ``get_user``: the session cookie or bearer token the rest of the
UI uses. Without a login, a browser is sent to Airflow's login page and back, as for any page of
the UI; an API client (no ``text/html`` in Accept) gets 401. The nav entries "dbt docs" and
"newsetl report" (Browse) embed both as iframes.

The app is built when the API server first asks for it: every Airflow process loads every plugin
(task processes too: Cosmos reads the manifest through Airflow's object storage, whose lineage
hooks load the plugins), and importing Airflow's API server app there cost each dbt node task
0.3-0.6 s of CPU (3.7 s where Python may not cache bytecode), more than the node's own work.
"""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations at run time,
# and they name classes imported inside docs_app().
from functools import cache
from typing import TYPE_CHECKING

from airflow.plugins_manager import AirflowPlugin

if TYPE_CHECKING:
    from fastapi import FastAPI

DOCS_FILES = ("index.html", "manifest.json", "catalog.json")
REPORT_FILES = ("index.html", "plotly.min.js")
URL_PREFIX = "/newsetl"


@cache
def docs_app() -> "FastAPI":
    """The FastAPI app serving the dbt docs and the report page, every route behind the login."""
    from airflow.api_fastapi.core_api.security import get_user
    from fastapi import Depends, FastAPI, HTTPException, Request
    from fastapi.exception_handlers import http_exception_handler
    from fastapi.responses import FileResponse, RedirectResponse, Response
    from starlette.exceptions import HTTPException as StarletteHTTPException

    from newsetl.report import report_dir
    from newsetl.settings import get_settings

    app = FastAPI(title="newsetl dbt docs and report", dependencies=[Depends(get_user)])

    @app.exception_handler(StarletteHTTPException)
    async def login_redirect(request: Request, error: StarletteHTTPException) -> Response:
        """Send a browser without a valid login to the login page, and back here after it."""
        if error.status_code in (401, 403) and "text/html" in request.headers.get("accept", ""):
            from airflow.api_fastapi.app import get_auth_manager

            return RedirectResponse(get_auth_manager().get_url_login(next_url=str(request.url)), status_code=307)
        return await http_exception_handler(request, error)

    def file_response(folder, name: str, what: str) -> FileResponse:
        path = folder / name
        if not path.exists():
            raise HTTPException(status_code=404, detail=f"{what} not generated yet: run the newsetl_warehouse DAG")
        return FileResponse(path)

    @app.get("/dbt-docs/")
    def dbt_docs_index() -> FileResponse:
        return file_response(get_settings().dbt_project_dir / "target", "index.html", "dbt docs")

    @app.get("/dbt-docs/{name}")
    def dbt_docs_file(name: str) -> FileResponse:
        if name not in DOCS_FILES:
            raise HTTPException(status_code=404, detail="not a dbt docs file")
        return file_response(get_settings().dbt_project_dir / "target", name, "dbt docs")

    @app.get("/report/")
    def report_index() -> FileResponse:
        return file_response(report_dir(get_settings().published), "index.html", "report page")

    @app.get("/report/{name}")
    def report_file(name: str) -> FileResponse:
        if name not in REPORT_FILES:
            raise HTTPException(status_code=404, detail="not a report file")
        return file_response(report_dir(get_settings().published), name, "report page")

    return app


class NewsetlDbtDocsPlugin(AirflowPlugin):
    name = "newsetl_dbt_docs"
    external_views = [
        {"name": "dbt docs", "href": f"{URL_PREFIX}/dbt-docs/", "url_route": "dbt-docs", "category": "browse",
         "destination": "nav"},
        {"name": "newsetl report", "href": f"{URL_PREFIX}/report/", "url_route": "newsetl-report",
         "category": "browse", "destination": "nav"},
    ]

    @property
    def fastapi_apps(self) -> list[dict]:
        return [{"app": docs_app(), "url_prefix": URL_PREFIX, "name": "newsetl dbt docs and report"}]
