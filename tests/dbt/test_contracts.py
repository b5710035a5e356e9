"""The four original marts carry enforced dbt model contracts (CONTRACT.md): every column typed."""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import PROJECT_ROOT

MARTS_YAML = PROJECT_ROOT / "dbt_project" / "models" / "marts" / "_marts__models.yml"
CONTRACT_MARTS = ("fct_articles", "fct_quotes", "fct_mentions", "dim_actors")


def marts() -> dict[str, dict]:
    return {model["name"]: model for model in yaml.safe_load(MARTS_YAML.read_text())["models"]}


@pytest.mark.parametrize("name", CONTRACT_MARTS)
def test_the_mart_contract_is_enforced(name: str) -> None:
    assert marts()[name]["config"]["contract"] == {"enforced": True}


@pytest.mark.parametrize("name", CONTRACT_MARTS)
def test_every_column_of_a_contracted_mart_has_a_data_type(name: str) -> None:
    untyped = [c["name"] for c in marts()[name]["columns"] if not c.get("data_type")]
    assert untyped == []
