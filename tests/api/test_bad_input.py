"""Malformed query parameters answer 400 naming the parameter, never a 500."""

import datetime

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

LIST = "/api/v1/clinics/phoenix/articles/"


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/clinics/phoenix/articles/?page=0", "page"),
        ("/api/v1/clinics/phoenix/articles/?page=-1", "page"),
        ("/api/v1/clinics/phoenix/articles/?page=abc", "page"),
        ("/api/v1/clinics/phoenix/articles/?page=999", "page"),
        ("/api/v1/clinics/phoenix/articles/?page=1e3", "page"),
        ("/api/v1/clinics/phoenix/articles/?page_size=0", "page_size"),
        ("/api/v1/clinics/phoenix/articles/?page_size=101", "page_size"),
        ("/api/v1/clinics/phoenix/articles/?page_size=ten", "page_size"),
        ("/api/v1/clinics/phoenix/articles/?page_size=99999999999999999999999", "page_size"),
        ("/api/v1/clinics/phoenix/articles/?locale=fr", "locale"),
        ("/api/v1/clinics/peoria/articles/?locale=es", "locale"),
        ("/api/v1/clinics/phoenix/articles/?locale=", "locale"),
        ("/api/v1/clinics/phoenix/articles/?colour=blue", "colour"),
        ("/api/v1/clinics/phoenix/articles/what-is-ketamine-infusion-therapy/?locale=xx", "locale"),
        ("/api/v1/clinics/phoenix/articles/what-is-ketamine-infusion-therapy/?page=2", "page"),
        ("/api/v1/clinics/phoenix/contact/?locale=de", "locale"),
        ("/api/v1/clinics/phoenix/?expand=all", "expand"),
        ("/api/v1/clinics/?page=%00", "page"),
    ],
)
def test_bad_parameter_is_400_naming_it(network_api, path, parameter):
    response = network_api.get(path)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid_parameter"
    assert parameter in error["parameters"]
    assert parameter in error["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/clinics/phoenix/articles/%E2%9C%93/",
        "/api/v1/clinics/phoenix/articles/" + "a" * 300 + "/",
        "/api/v1/clinics/PHOENIX/",
        "/api/v1/clinics/phoenix/articles/../../clinics/",
    ],
)
def test_strange_paths_are_json_404(network_api, path):
    response = network_api.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("category=Not A Slug!", "category"),
        ("category=astrology", "category"),
        ("tag=<script>", "tag"),
        ("scope=everything", "scope"),
        ("updated_since=yesterday", "updated_since"),
        ("updated_since=2026-13-45", "updated_since"),
        ("updated_since=2026-01-01T25:00:00Z", "updated_since"),
        ("reviewed_status=fine", "reviewed_status"),
        ("search=" + "x" * 201, "search"),
        ("ordering=price", "ordering"),
        ("ordering=relevance", "ordering"),
        ("fallback=maybe", "fallback"),
        ("page_size=-5", "page_size"),
    ],
)
def test_bad_filter_is_400_naming_it(network_api, query, parameter):
    response = network_api.get(f"/api/v1/clinics/phoenix/articles/?{query}")
    assert response.status_code == 400, response.content
    assert parameter in response.json()["error"]["parameters"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/clinics/phoenix/categories/?sort=name",
        "/api/v1/clinics/phoenix/tags/?locale=fr",
        "/api/v1/clinics/phoenix/sitemap/?locale=es",
    ],
)
def test_other_lists_reject_bad_parameters(network_api, path):
    assert network_api.get(path).status_code == 400


@pytest.mark.parametrize(
    "header",
    ["es;q=abc", "x" * 2000, "*;q=0", ",,,,", "es-ES-valencia-extra-long-tag-" + "a" * 300],
)
def test_odd_accept_language_headers_never_fail(network_api, header):
    response = network_api.get("/api/v1/clinics/phoenix/articles/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 200


PAGINATED = [
    "/api/v1/clinics/",
    "/api/v1/clinics/phoenix/articles/",
    "/api/v1/clinics/phoenix/categories/",
    "/api/v1/clinics/phoenix/tags/",
    "/api/v1/clinics/phoenix/sitemap/",
]
UNREADABLE_NUMBERS = [
    "²",  # str.isdigit() says yes, int() refuses it
    "١",  # an Arabic-Indic 1: int() reads it, the schema's integer does not
    "9" * 5000,  # more digits than int() converts
    "0" * 30 + "1",
]


@pytest.mark.parametrize("path", PAGINATED)
@pytest.mark.parametrize("parameter", ["page", "page_size"])
@pytest.mark.parametrize("value", UNREADABLE_NUMBERS, ids=["superscript", "arabic-indic", "5000-digits", "31-digits"])
def test_unreadable_page_numbers_are_400_on_every_paginated_endpoint(network_api, path, parameter, value):
    response = network_api.get(path, {parameter: value})
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid_parameter"
    assert list(error["parameters"]) == [parameter]


@pytest.mark.parametrize("path", PAGINATED)
def test_page_size_is_up_to_1000_in_the_sitemap_and_100_elsewhere(network_api, path):
    """The sitemap's pages hold up to 1,000 entries; every other list's up to 100."""
    largest = 1000 if path.endswith("/sitemap/") else 100
    assert network_api.get(path, {"page_size": largest}).status_code == 200
    too_large = network_api.get(path, {"page_size": largest + 1})
    assert too_large.status_code == 400
    assert f"1 to {largest}" in too_large.json()["error"]["parameters"]["page_size"][0]


def published_moments(network_api) -> list[datetime.datetime]:
    items = network_api.get(LIST, {"page_size": 100}).json()["results"]
    return sorted(datetime.datetime.fromisoformat(item["last_published_at"]) for item in items)


@pytest.mark.parametrize("hours", [16, -20, 23, -23])
def test_updated_since_with_any_offset_python_reads_is_converted_to_utc(network_api, hours):
    """PostgreSQL refuses offsets beyond ±15:59; ISO 8601 (and Python) read up to ±23:59."""
    moments = published_moments(network_api)
    newest = moments[-1]
    zone = datetime.timezone(datetime.timedelta(hours=hours))
    at_newest = network_api.get(LIST, {"updated_since": newest.astimezone(zone).isoformat()})
    assert at_newest.status_code == 200, at_newest.content
    assert at_newest.json()["count"] == moments.count(newest)
    after_newest = (newest + datetime.timedelta(microseconds=1)).astimezone(zone).isoformat()
    assert network_api.get(LIST, {"updated_since": after_newest}).json()["count"] == 0


@pytest.mark.parametrize(
    ("value", "everything"),
    [
        ("0001-01-01T00:00:00+01:00", True),  # the last hour of year 0 in UTC
        ("0001-01-01T00:00:00+23:59", True),
        ("9999-12-31T23:00:00-02:00", False),  # the first hour of year 10000 in UTC
        ("9999-12-31T23:59:59.999999-23:59", False),
    ],
)
def test_updated_since_beyond_the_years_python_holds_is_clamped(network_api, value, everything):
    response = network_api.get(LIST, {"updated_since": value})
    assert response.status_code == 200, response.content
    assert response.json()["count"] == (len(published_moments(network_api)) if everything else 0)


@pytest.mark.parametrize(
    "value",
    [
        "2026-01-01T00:00:00+24:00",
        "2026-01-01T00:00:00+0100",  # offsets are written ±HH:MM, as the schema says
        "2026-W01-1",
        "20260101",
        "２０２６-01-01",  # full-width digits: Python's \d takes them, the schema's [0-9] does not
        "2026-02-30",
        "2026-01-01T00:00:00.1234567Z",
    ],
)
def test_updated_since_outside_the_documented_forms_is_400(network_api, value):
    response = network_api.get(LIST, {"updated_since": value})
    assert response.status_code == 400, response.content
    assert list(response.json()["error"]["parameters"]) == ["updated_since"]


@pytest.mark.parametrize("value", ['"ketamine', 'ketamine"', '"', '""', 'ketamine "infusion', '"ketamine" "'])
def test_search_with_unmatched_quotes_never_fails(network_api, value):
    """SQLite's FTS5 refused an unmatched '"' (a 500 on a laptop); PostgreSQL's websearch syntax reads it."""
    response = network_api.get(LIST, {"search": value})
    assert response.status_code == 200, response.content
    words = value.replace('"', " ").split()
    if not words:
        assert response.json()["count"] == 0
    elif connection.vendor == "sqlite":
        # FTS5 does not index '"': the same words without it find the same articles.
        unquoted = network_api.get(LIST, {"search": " ".join(words)}).json()
        assert response.json() == unquoted


EMPTY_VALUES = [
    ("/api/v1/clinics/", ["page", "page_size"]),
    ("/api/v1/clinics/phoenix/contact/", ["locale"]),
    (
        LIST,
        [
            "locale",
            "fallback",
            "page",
            "page_size",
            "category",
            "tag",
            "scope",
            "updated_since",
            "reviewed_status",
            "search",
            "ordering",
        ],
    ),
    ("/api/v1/clinics/phoenix/articles/what-is-ketamine-infusion-therapy/", ["locale", "fallback"]),
    ("/api/v1/clinics/phoenix/categories/", ["locale", "fallback", "page", "page_size"]),
    ("/api/v1/clinics/phoenix/tags/", ["locale", "fallback", "page", "page_size"]),
    ("/api/v1/clinics/phoenix/sitemap/", ["page", "page_size"]),
]


@pytest.mark.parametrize(
    ("path", "parameter"), [(path, parameter) for path, parameters in EMPTY_VALUES for parameter in parameters]
)
@pytest.mark.parametrize("query", ["{}=", "{}"])
def test_an_empty_value_is_400_naming_the_parameter(network_api, path, parameter, query):
    """``?scope=`` used to mean "no filter" while ``?locale=`` was refused; the schema allows neither."""
    response = network_api.get(f"{path}?{query.format(parameter)}")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert list(error["parameters"]) == [parameter]
    assert error["parameters"][parameter] == ["Give a value, or leave the parameter out."]
