import json
from importlib import resources

import jsonschema
import pytest

import provcheck
from tests.conftest import FIXTURES, seed


@pytest.fixture(scope="module")
def schema() -> dict:  # type: ignore[type-arg]
    text = resources.files("provcheck").joinpath("schema/compare.schema.json").read_text()
    return json.loads(text)


@pytest.mark.parametrize(
    ("a", "b", "fast"),
    [("001", "000", False), ("001", "000", True), ("002", "004", False), ("001", "003", True)],
)
def test_compare_json_validates(schema: dict, a: str, b: str, fast: bool) -> None:  # type: ignore[type-arg]
    doc = provcheck.compare(seed(a), seed(b), fast=fast).to_dict()
    jsonschema.validate(doc, schema)
    assert doc["schema_version"] == provcheck.SCHEMA_VERSION


def test_html_input_validates(schema: dict) -> None:  # type: ignore[type-arg]
    doc = provcheck.compare(FIXTURES / "html" / "article.html", seed("000")).to_dict()
    jsonschema.validate(doc, schema)
