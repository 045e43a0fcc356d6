"""Each output shape is declared once: the keys every endpoint produces are exactly the fields
its schema declares, at every depth (a key may be missing only where the schema says it is
optional), so the schema can neither promise a field the API does not send nor hide one it does."""

import json

import pytest
from rest_framework.test import APIClient

from tests.api.test_schema import ARTICLE, RESPONSES

pytestmark = pytest.mark.django_db

SUCCESSES = [path for path in RESPONSES if "page=0" not in path and "nowhere" not in path and "no-such" not in path]
MORE = [
    ARTICLE,  # English, with the demo's image, callout, FAQ and contact blocks
    "/api/v1/clinics/phoenix/articles/?page_size=100&locale=en",
    "/api/v1/clinics/phoenix/categories/",
    "/api/v1/clinics/peoria/contact/",
]


@pytest.fixture(scope="module")
def spec(django_db_blocker):
    with django_db_blocker.unblock():
        return APIClient().get("/api/v1/schema/?format=json").json()


def resolved(schema: dict, spec: dict) -> dict:
    while True:
        if "$ref" in schema:
            schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        elif "allOf" in schema and len(schema["allOf"]) == 1:
            schema = schema["allOf"][0]
        else:
            return schema


def mismatches(value, schema: dict, spec: dict, where: str = "") -> list[str]:
    """Where ``value`` has a key its schema does not declare, or lacks a declared required one."""
    schema = resolved(schema, spec)
    if "oneOf" in schema and isinstance(value, dict):
        discriminator = schema["discriminator"]
        schema = {"$ref": discriminator["mapping"][value[discriminator["propertyName"]]]}
        return mismatches(value, schema, spec, where)
    if isinstance(value, list):
        return [problem for item in value for problem in mismatches(item, schema.get("items", {}), spec, where + "[]")]
    if not isinstance(value, dict) or "properties" not in schema:
        return []
    declared, produced = set(schema["properties"]), set(value)
    optional = declared - set(schema.get("required", []))
    problems = [f"{where}.{key}: produced, not declared" for key in sorted(produced - declared)]
    problems += [f"{where}.{key}: declared, not produced" for key in sorted(declared - produced - optional)]
    for key in sorted(produced & declared):
        problems += mismatches(value[key], schema["properties"][key], spec, f"{where}.{key}")
    return problems


def response_schema(spec: dict, path: str) -> dict:
    """The 200 response schema of the operation serving ``path``."""
    route = path.split("?")[0]
    for template, operations in spec["paths"].items():
        parts, asked = template.strip("/").split("/"), route.strip("/").split("/")
        if len(parts) == len(asked) and all(p == a or p.startswith("{") for p, a in zip(parts, asked, strict=True)):
            return operations["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    raise AssertionError(f"No operation serves {path}")


@pytest.mark.parametrize("path", SUCCESSES + MORE)
def test_every_produced_key_is_declared_and_every_declared_key_produced(spec, network_api, path):
    response = network_api.get(path)
    assert response.status_code == 200, response.content
    assert mismatches(response.json(), response_schema(spec, path), spec) == []


def test_the_detail_shows_every_kind_of_block(network_api):
    """So that the check above reaches every block's declaration."""
    body = network_api.get(ARTICLE).json()["body"]
    assert {block["type"] for block in body} >= {"heading", "paragraph", "callout", "faq", "image", "contact"}


def test_the_check_catches_an_undeclared_and_a_missing_key(spec, network_api):
    """Guard against a check that cannot fail."""
    data = network_api.get(ARTICLE).json()
    data["medical_review"]["reviewed_by"]["nickname"] = "Doc"
    del data["seo"]["title"]
    image = next(block for block in data["body"] if block["type"] == "image")
    image["value"]["image"]["renditions"][0]["format"] = "webp"
    found = mismatches(json.loads(json.dumps(data)), response_schema(spec, ARTICLE), spec)
    assert found == [
        ".body[].value.image.renditions[].format: produced, not declared",
        ".medical_review.reviewed_by.nickname: produced, not declared",
        ".seo.title: declared, not produced",
    ]
