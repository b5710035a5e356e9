"""The name folding that the dbt actor models call as SQL functions (newsetl.resolve.sql_functions)."""

from __future__ import annotations

import duckdb
import pytest

from newsetl.resolve.names import plain_initials, plain_name
from newsetl.resolve.sql_functions import register_name_functions


@pytest.mark.parametrize(
    ("name", "plain"),
    [
        ("Fayez al-Sarraj", "fayez sarraj"),
        ("Al Sarraj", "sarraj"),
        ("Mevlüt Çavuşoğlu", "mevlut cavusoglu"),
        ("Libyan National Army", "libyan national army"),
        ("AT&T", "at t"),
        ("O'Malley", "o malley"),
        ("  Khalifa   Haftar ", "khalifa haftar"),
    ],
)
def test_plain_name_keeps_letters_and_drops_the_rest(name: str, plain: str) -> None:
    assert plain_name(name) == plain


def test_plain_initials_skip_connectors() -> None:
    assert plain_initials("Government of National Accord") == "gna"


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    register_name_functions(connection)
    return connection


def test_sql_functions_give_the_python_results(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "select newsetl_name_plain(name), newsetl_name_initials(name), newsetl_is_acronym(name) "
        "from (values ('Fayez al-Sarraj'), ('Government of National Accord'), ('U.N.')) as t(name)"
    ).fetchall()
    assert rows == [("fayez sarraj", "fs", False), ("government of national accord", "gna", False), ("u n", "un", True)]


def test_sql_functions_keep_null(con: duckdb.DuckDBPyConnection) -> None:
    assert con.execute("select newsetl_name_plain(null::varchar), newsetl_is_acronym(null::varchar)").fetchone() == (
        None,
        None,
    )
