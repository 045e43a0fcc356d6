"""The OpenAPI schema describes every endpoint, real responses of every endpoint, errors
included, match it, and it refuses exactly the query parameters the API refuses."""

import datetime
import json
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.staticfiles import finders
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.validation.request.exceptions import ParameterValidationError
from rest_framework.test import APIClient

from api.models import FrontEndClient, FrontEndKey

pytestmark = pytest.mark.django_db

ARTICLE = "/api/v1/clinics/phoenix/articles/what-is-ketamine-infusion-therapy/"
RESPONSES = [
    "/api/v1/clinics/",
    "/api/v1/clinics/phoenix/",
    "/api/v1/clinics/phoenix/contact/?locale=es",
    "/api/v1/clinics/phoenix/articles/",
    "/api/v1/clinics/phoenix/articles/?locale=es&search=ketamina&ordering=title",
    "/api/v1/clinics/peoria/articles/what-is-ketamine-infusion-therapy/",
    ARTICLE + "?locale=es",
    "/api/v1/clinics/phoenix/articles/esketamine-vs-iv-ketamine/?locale=es",
    "/api/v1/clinics/phoenix/categories/?locale=es",
    "/api/v1/clinics/phoenix/tags/",
    "/api/v1/clinics/phoenix/sitemap/",
    "/api/v1/clinics/phoenix/articles/?page=0",
    "/api/v1/clinics/nowhere/",
    ARTICLE.replace("what-is", "no-such"),
]


@pytest.fixture(scope="module")
def openapi(django_db_blocker):
    with django_db_blocker.unblock():
        schema = APIClient().get("/api/v1/schema/?format=json").json()
    return OpenAPI.from_dict(schema)


def validate(openapi, response) -> None:
    openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))


def test_schema_and_docs_are_public():
    client = APIClient()
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    paths = set(schema.json()["paths"])
    assert paths == {
        "/api/v1/clinics/",
        "/api/v1/clinics/{clinic}/",
        "/api/v1/clinics/{clinic}/contact/",
        "/api/v1/clinics/{clinic}/articles/",
        "/api/v1/clinics/{clinic}/articles/{slug}/",
        "/api/v1/clinics/{clinic}/categories/",
        "/api/v1/clinics/{clinic}/tags/",
        "/api/v1/clinics/{clinic}/sitemap/",
        "/api/v1/clinics/{clinic}/changes/",
        "/api/v1/preview/clinics/{clinic}/articles/{slug}/",
        "/api/v1/preview/clinics/{clinic}/contact/",
        "/api/v1/preview/clinics/{clinic}/disclaimers/{id}/",
    }
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"redoc" in docs.content.lower()


def test_every_list_filter_is_documented():
    schema = APIClient().get("/api/v1/schema/?format=json").json()
    parameters = {p["name"] for p in schema["paths"]["/api/v1/clinics/{clinic}/articles/"]["get"]["parameters"]}
    assert parameters >= {
        "locale",
        "fallback",
        "category",
        "tag",
        "scope",
        "updated_since",
        "reviewed_status",
        "search",
        "ordering",
        "page",
        "page_size",
        "Accept-Language",
    }


@pytest.mark.parametrize("path", RESPONSES)
def test_real_responses_match_the_schema(openapi, network_api, path):
    validate(openapi, network_api.get(path))


def test_error_responses_match_the_schema(openapi, api_client_for):
    validate(openapi, APIClient().get("/api/v1/clinics/"))
    validate(openapi, api_client_for("peoria").get("/api/v1/clinics/phoenix/"))
    client = FrontEndClient.objects.create(name="Tight", rate_limit_per_minute=1)
    key = FrontEndKey.objects.create_key(name="t", client=client)[1]
    tight = APIClient()
    tight.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    with time_machine.travel(datetime.datetime.now(datetime.UTC), tick=False):  # both in the same minute
        tight.get("/api/v1/clinics/")
        throttled = tight.get("/api/v1/clinics/")
    assert throttled.status_code == 429
    validate(openapi, throttled)


def test_the_validator_catches_a_wrong_shape(openapi, network_api):
    """Guard against a test that cannot fail: a response with a field of the wrong type is refused."""
    response = network_api.get("/api/v1/clinics/phoenix/")
    response.content = response.content.replace(b'"locales":["en","es"]', b'"locales":"en"')
    with pytest.raises(Exception):  # noqa: B017 - any validation error will do
        validate(openapi, response)


LIST = "/api/v1/clinics/phoenix/articles/"
AGREEMENT = [
    ("/api/v1/clinics/", "page=1"),
    ("/api/v1/clinics/", "page=0"),
    ("/api/v1/clinics/", "page=%C2%B2"),
    ("/api/v1/clinics/", "page=abc"),
    ("/api/v1/clinics/", "page="),
    ("/api/v1/clinics/", "page_size=100"),
    ("/api/v1/clinics/", "page_size=101"),
    ("/api/v1/clinics/phoenix/sitemap/", "page_size=1000"),
    ("/api/v1/clinics/phoenix/sitemap/", "page_size=1001"),
    ("/api/v1/clinics/phoenix/tags/", "page_size=0"),
    (LIST, "scope="),
    (LIST, "scope=shared"),
    (LIST, "locale="),
    (LIST, "locale=es"),
    (LIST, "updated_since="),
    (LIST, "updated_since=2026-11-01"),
    (LIST, "updated_since=2026-11-01T00:00:00Z"),
    (LIST, "updated_since=2026-11-01T09:30"),
    (LIST, "updated_since=2026-11-01T09:30:00.5%2B16:00"),
    (LIST, "updated_since=yesterday"),
    (LIST, "updated_since=20261101"),
    (LIST, "search=" + "x" * 200),
    (LIST, "search=" + "x" * 201),
    (LIST, "search="),
    (LIST, "category=safety"),
    (LIST, "category=Not+a+slug"),
    (LIST, "tag=%3Cscript%3E"),
    (LIST, "reviewed_status=fine"),
    (LIST, "ordering=price"),
    (LIST, "fallback=false"),
    (LIST, "fallback=maybe"),
    (LIST, "fallback="),
]


@pytest.mark.parametrize(("path", "query"), AGREEMENT)
def test_the_schema_refuses_exactly_what_the_api_refuses(openapi, network_api, path, query):
    """Bounds, patterns, lengths, choices and empty values: a request the schema allows is
    answered, one it refuses is a 400. (Not compared: what depends on the data, such as a page
    past the last or a locale the clinic does not serve, which the schema describes in words;
    and booleans, which openapi-core also reads as yes/no/1/0 where OpenAPI writes true/false.)"""
    response = network_api.get(f"{path}?{query}")
    try:
        openapi.validate_request(DjangoOpenAPIRequest(response.wsgi_request))
    except ParameterValidationError:
        refused = True
    else:
        refused = False
    assert (response.status_code == 400) == refused, (refused, response.status_code, response.content)


def test_the_docs_page_fetches_nothing_from_another_site():
    """drf-spectacular's Redoc page links Google Fonts; ours links only our own static files, and
    its Content-Security-Policy refuses anything else (Redoc's menu shows the Redocly logo from
    cdn.redoc.ly: refused, the menu keeps the link's text)."""
    response = APIClient().get("/api/v1/docs/")
    page = response.content.decode()
    assert not re.search(r"(https?:)?//[\w.-]", page), re.search(r".{40}(https?:)?//[\w.-].{40}", page)
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.DOTALL)
    assert [src for src, _ in scripts]
    for attributes, body in scripts:
        assert not body.strip(), "an inline script, which the page's policy refuses"
        src = re.search(r'src="([^"]+)"', attributes)[1]
        assert src.startswith(settings.STATIC_URL), src
        path = finders.find(src.removeprefix(settings.STATIC_URL))
        assert path, src
        if src.endswith("api/docs.js"):
            assert not re.search(r"https?://", Path(path).read_text())
    assert 'data-schema-url="/api/v1/schema/"' in page
    policy = dict(directive.split(" ", 1) for directive in response["Content-Security-Policy"].split("; "))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    allowed = " ".join(policy.values()).split()
    assert set(allowed) <= {"'self'", "'none'", "'unsafe-inline'", "data:", "blob:"}, allowed


SUMMARIES = {
    "clinics_list": ("clinics", "List clinics"),
    "clinic_detail": ("clinics", "Get a clinic"),
    "clinic_contact": ("contact", "Get the clinic's contact details"),
    "clinic_articles_list": ("articles", "List or search a clinic's articles"),
    "clinic_article_detail": ("articles", "Get an article"),
    "clinic_categories_list": ("taxonomy", "List categories"),
    "clinic_tags_list": ("taxonomy", "List tags"),
    "clinic_sitemap": ("sitemap", "Get the sitemap"),
    "clinic_changes": ("clinics", "Follow the clinic's changes"),
    "preview_article": ("preview", "Preview an article's draft"),
    "preview_contact": ("preview", "Preview a contact block's draft"),
    "preview_disclaimer": ("preview", "Preview a disclaimer's draft"),
}


def served_schema() -> dict:
    return APIClient().get("/api/v1/schema/?format=json").json()


def test_every_operation_is_named_for_people_and_grouped_by_a_described_tag():
    schema = served_schema()
    tags = {tag["name"]: tag for tag in schema["tags"]}
    assert list(tags) == ["clinics", "articles", "taxonomy", "contact", "sitemap", "preview"]
    for tag in tags.values():
        assert tag["x-displayName"][0].isupper() and len(tag["description"]) > 40, tag
    found = {}
    for path, methods in schema["paths"].items():
        for operation in methods.values():
            found[operation["operationId"]] = (*operation["tags"], operation["summary"])
            assert len(operation["description"]) > 80, path
            for parameter in operation["parameters"]:
                assert parameter.get("description"), (path, parameter["name"])
    assert found == SUMMARIES
    assert {tag for tag, _ in SUMMARIES.values()} == set(tags)


def test_the_version_is_written_once():
    """drf-spectacular prints a schema view's own ``api_version`` after the settings' VERSION
    ("1.0.0 (1.0.0)"): the version is set in one place, and the title does not repeat it."""
    info = served_schema()["info"]
    assert info["version"] == settings.SPECTACULAR_SETTINGS["VERSION"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", info["version"]), info["version"]
    assert not re.search(r"\bv?\d", info["title"]), info["title"]


def without_examples(value):
    if isinstance(value, dict):
        return {key: without_examples(item) for key, item in value.items() if key != "examples"}
    if isinstance(value, list):
        return [without_examples(item) for item in value]
    return value


def test_the_schema_names_no_made_up_site():
    """No servers (the paths are relative to whoever serves the docs), contact, licence or terms
    placeholders, and no made-up URL in a description or a field example (the examples of answers
    are the demo network's own, with its fictional example.com websites)."""
    schema = served_schema()
    assert "servers" not in schema
    assert not {"contact", "license", "termsOfService"} & set(schema["info"])
    urls = set(re.findall(r"https?://[^\s\"'`)\\]+", json.dumps(without_examples(schema))))
    assert urls == {"http://127.0.0.1:8000"}, urls  # where `make run` serves the demo network


def test_descriptions_hold_no_raw_html_or_restructured_text():
    """Redoc renders descriptions as Markdown: a bare <tag> would vanish into the page, and
    ``double backticks`` (docstring style) show as stray backticks."""
    text = json.dumps(without_examples(served_schema()))
    assert not re.search(r"(?<!`)``(?!`)", text), re.findall(r".{30}(?<!`)``(?!`).{30}", text)
    assert not re.search(r"(?<!`)<[a-z]", re.sub(r"`[^`]*`", "", text)), re.findall(r".{30}<[a-z].{30}", text)


def test_the_readme_links_the_reference_and_lists_its_operations():
    """The README's API section names each endpoint as the reference does: its tag, then its summary."""
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    section = readme.split("\n## The API (v1)\n", 1)[1].split("\n## ", 1)[0]
    assert "](http://127.0.0.1:8000/api/v1/docs/)" in section
    rows = re.findall(r"^\| `GET (/api/v1/[^`]+)` \| ([^|]+?) \| [^|]+ \|$", section, re.MULTILINE)
    schema = served_schema()
    tags = {tag["name"]: tag["x-displayName"] for tag in schema["tags"]}
    documented = {
        path: f"{tags[operation['tags'][0]]} › {operation['summary']}"
        for path, methods in schema["paths"].items()
        for operation in methods.values()
    }
    assert dict(rows) == documented


def test_an_article_of_a_clinic_without_a_published_contact_block_matches_the_schema(openapi, api_client_for):
    """`contact` is optional and never null: the article of such a clinic leaves it out."""
    from clinics.models import ContactBlock

    for block in ContactBlock.objects.filter(clinic__slug="tempe"):
        block.unpublish()
    response = api_client_for("tempe").get("/api/v1/clinics/tempe/articles/what-is-ketamine-infusion-therapy/")
    assert response.status_code == 200
    assert "contact" not in response.json()
    validate(openapi, response)
