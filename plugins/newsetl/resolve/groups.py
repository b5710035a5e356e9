"""Connected groups of names: the components that the actor resolution's variant pairs make.

``int_actor_names_clustered`` calls this through the SQL function ``newsetl_name_groups``
(``newsetl.resolve.sql_functions``). A union-find costs about the pairs, whatever the groups' shape;
the recursive SQL walk it replaces stored every name of a group once per other name of the group
(a group of k names, k * k rows: 60,000 synthetic names from a small pool exhausted 4 GB).
"""

from __future__ import annotations

from collections.abc import Iterable


def smallest_key_groups(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each name of ``pairs`` mapped to the smallest name of its connected group."""
    parent: dict[str, str] = {}

    def root(name: str) -> str:
        parent.setdefault(name, name)
        top = name
        while parent[top] != top:
            top = parent[top]
        while parent[name] != top:  # path compression
            parent[name], name = top, parent[name]
        return top

    for left, right in pairs:
        left_root, right_root = root(left), root(right)
        if left_root != right_root:  # the smaller name stays the root, so a root is its group's smallest
            parent[max(left_root, right_root)] = min(left_root, right_root)
    return {name: root(name) for name in parent}
