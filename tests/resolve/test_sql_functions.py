"""The name folding that the dbt actor models call as SQL functions (newsetl.resolve.sql_functions)."""

from __future__ import annotations

import duckdb
import pytest

from newsetl.resolve.groups import smallest_key_groups
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


def test_name_groups_give_each_name_its_groups_smallest_name() -> None:
    # a chain a-c-e and a pair d-b: the union-find joins through the chain, not only direct pairs
    groups = smallest_key_groups([("c", "e"), ("a", "c"), ("d", "b")])
    assert groups == {"a": "a", "b": "b", "c": "a", "d": "b", "e": "a"}


def test_name_groups_as_sql_over_aggregated_pairs(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "select unnest(newsetl_name_groups(list(a), list(b)), recursive := true) "
        "from (values ('x', 'y'), ('y', 'w'), ('p', 'q')) as t(a, b)"
    ).fetchall()
    assert rows == [("p", "p"), ("q", "p"), ("w", "w"), ("x", "w"), ("y", "w")]
    no_pairs = "select newsetl_name_groups(list(a), list(b)) from (select 'x' as a, 'y' as b) where false"
    assert con.execute(no_pairs).fetchone() == (None,)
