"""newsetl's name folding as DuckDB SQL functions for the dbt actor models (a dbt-duckdb plugin).

Names are normalised in one place, ``newsetl.resolve.names``: the extraction stage keys each
mention with ``name_key`` there, and the dbt actor models compare plain spellings and match the
analysts' seeds with the same code, through the functions this plugin registers on every
connection dbt-duckdb opens (``plugins`` in ``dbt_project/profiles.yml``). The SQL macro
``actor_name_plain`` only calls ``newsetl_name_plain``; before, it re-implemented the folding in
SQL, with its own list of connector words and its own acronym pattern.

Functions (all vectorised over Arrow arrays, NULL in, NULL out):

- ``newsetl_name_plain(name)``: ``plain_name`` ("Fayez al-Sarraj" -> 'fayez sarraj');
- ``newsetl_name_initials(name)``: ``plain_initials`` ("Government of National Accord" -> 'gna');
- ``newsetl_is_acronym(name)``: ``is_acronym`` ("LNA", "U.N.");
- ``newsetl_name_groups(names, other_names)``: for two aligned lists of names (the pairs of a
  graph, aggregated with ``list()``), each name with the smallest name of its connected group,
  as a list of ``{name_key, group_key}`` (``newsetl.resolve.groups``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pyarrow as pa
from dbt.adapters.duckdb.plugins import BasePlugin

from newsetl.resolve.groups import smallest_key_groups
from newsetl.resolve.names import is_acronym, plain_initials, plain_name

if TYPE_CHECKING:
    from duckdb import DuckDBPyConnection

FUNCTIONS: tuple[tuple[str, Callable[[str], Any], str], ...] = (
    ("newsetl_name_plain", plain_name, "VARCHAR"),
    ("newsetl_name_initials", plain_initials, "VARCHAR"),
    ("newsetl_is_acronym", is_acronym, "BOOLEAN"),
)


def _over_arrow(function: Callable[[str], Any], arrow_type: pa.DataType) -> Callable[[pa.Array], pa.Array]:
    """``function`` applied to each value of an Arrow string array, NULL kept as NULL."""

    def apply(values: pa.Array) -> pa.Array:
        return pa.array([None if value is None else function(value) for value in values.to_pylist()], arrow_type)

    return apply


GROUP_TYPE = pa.list_(pa.struct([("name_key", pa.string()), ("group_key", pa.string())]))


def _name_groups(names: pa.Array, other_names: pa.Array) -> pa.Array:
    """Per row, the connected groups of the pairs its two lists align (NULL lists give NULL)."""
    rows = []
    for left, right in zip(names.to_pylist(), other_names.to_pylist(), strict=True):
        if left is None or right is None:
            rows.append(None)
            continue
        groups = smallest_key_groups(zip(left, right, strict=True))
        rows.append([{"name_key": name, "group_key": group} for name, group in sorted(groups.items())])
    return pa.array(rows, GROUP_TYPE)


def register_name_functions(con: DuckDBPyConnection) -> None:
    """Register the name functions on one DuckDB connection (also usable outside dbt)."""
    arrow_types = {"VARCHAR": pa.string(), "BOOLEAN": pa.bool_()}
    for sql_name, function, return_type in FUNCTIONS:
        con.create_function(sql_name, _over_arrow(function, arrow_types[return_type]), ["VARCHAR"],
                            return_type, type="arrow")
    con.create_function("newsetl_name_groups", _name_groups, ["VARCHAR[]", "VARCHAR[]"],
                        "STRUCT(name_key VARCHAR, group_key VARCHAR)[]", type="arrow")


class Plugin(BasePlugin):
    """dbt-duckdb plugin: the name functions on every connection of a dbt run."""

    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        register_name_functions(conn)
