"""The documentation's examples are what the demo network answers.

Every example in the schema (``api/examples.py`` says which request shows each response code of
each operation; ``api/openapi/examples.json`` holds the answers) is replayed here against the
demo network: the answer must have the example's status, match the schema, and equal the stored
example but for ids and dates. After an intended change of the API, ``UPDATE_GOLDEN=1`` rewrites
the examples that changed; review the diff as you would a golden file's.
"""

import dataclasses
import datetime
import json
import os
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.testing import MockRequest, MockResponse
from rest_framework.test import APIClient

from api import examples
from api.examples import (
    EXAMPLES,
    EXAMPLES_HOST,
    FEED_PRUNED,
    FEED_UPDATE_AND_WITHDRAWAL,
    NETWORK_KEY,
    NO_KEY,
    PREVIEW_ARTICLE,
    PREVIEW_CONTACT,
    PREVIEW_KEY,
    RATE_LIMITED_KEY,
    CapturedExample,
)
from api.models import FrontEndClient, FrontEndKey
from articles.models import ArticlePage
from changes.feed import feed_position, prune_change_feed
from changes.relay import relay_pending
from clinics.models import Clinic, ContactBlock
from network.models.preview import KIND_ARTICLE, KIND_CONTACT, KIND_DISCLAIMER
from network.preview import issue
from tests.factories import approve_and_publish
from tests.golden import normalise

pytestmark = pytest.mark.django_db

DECLARED = [(operation_id, example) for operation_id, declared in EXAMPLES.items() for example in declared]


@pytest.fixture(scope="module")
def schema(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        return APIClient().get("/api/v1/schema/?format=json").json()


@pytest.fixture(scope="module")
def openapi(schema):
    return OpenAPI.from_dict(schema)


def operations(schema: dict) -> dict[str, tuple[str, dict]]:
    """Each operation of the schema by id, with its path template."""
    return {
        operation["operationId"]: (path, operation)
        for path, methods in schema["paths"].items()
        for operation in methods.values()
    }


@pytest.fixture
def answer(api_client_for):
    """What the demo network answers to an example's request, on the host the examples show."""

    def ask(example: CapturedExample):
        headers = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in example.headers.items()}
        path = with_feed_changes(example, with_preview_token(example))
        example = dataclasses.replace(example, path=path)
        if example.key == NO_KEY:
            client = APIClient()
        elif example.key == PREVIEW_KEY:
            client = APIClient()
            client.credentials(
                HTTP_AUTHORIZATION=f"Api-Key {FrontEndKey.objects.create_key(name='k', client=phoenix_preview())[1]}"
            )
        elif example.key == RATE_LIMITED_KEY:
            frontend = (
                phoenix_preview(rate_limit_per_minute=1)
                if example.preview
                else FrontEndClient.objects.create(name="One a minute", rate_limit_per_minute=1)
            )
            client = APIClient()
            client.credentials(
                HTTP_AUTHORIZATION=f"Api-Key {FrontEndKey.objects.create_key(name='k', client=frontend)[1]}"
            )
            # Frozen half a second into a minute, so that the answer's "available in 60 seconds" (once
            # that minute has passed) depends neither on how fast this runs nor on when.
            now = datetime.datetime.now(datetime.UTC)
            moment = now.replace(second=0, microsecond=500_000) + datetime.timedelta(minutes=1)
            with time_machine.travel(moment, tick=False):
                assert client.get(example.path, HTTP_HOST=EXAMPLES_HOST).status_code == 200
                return client.get(example.path, HTTP_HOST=EXAMPLES_HOST, **headers)
        else:
            client = api_client_for(None if example.key == NETWORK_KEY else example.key)
        return client.get(example.path, HTTP_HOST=EXAMPLES_HOST, **headers)

    return ask


def phoenix_preview(**fields) -> FrontEndClient:
    return FrontEndClient.objects.create(
        name="Phoenix preview",
        clinic=Clinic.objects.get(slug="phoenix"),
        kind=FrontEndClient.KIND_PREVIEW,
        preview_url_template="https://phoenix.example.com/api/preview?token={token}",
        **fields,
    )


def with_preview_token(example: CapturedExample) -> str:
    """The example's path with the demo disclaimer's id, and a token for a draft of the demo
    content it names (saved now)."""
    article = ArticlePage.objects.get(slug="what-is-ketamine-infusion-therapy", locale__language_code="en")
    path = example.path.replace("{disclaimer}", str(article.disclaimer_id))
    if not example.preview:
        return path
    phoenix = Clinic.objects.get(slug="phoenix")
    if example.preview == PREVIEW_ARTICLE:
        content, kind = article, KIND_ARTICLE
        content.title = "What is ketamine infusion therapy? (draft)"
    elif example.preview == PREVIEW_CONTACT:
        content, kind = ContactBlock.objects.get(clinic=phoenix, locale__language_code="en"), KIND_CONTACT
        content.call_to_action = "Book your first consultation (draft)"
    else:
        content, kind = article.disclaimer, KIND_DISCLAIMER
        content.body += "<p>Draft: ask your own doctor before any change to your treatment.</p>"
    revision = content.save_revision(user=get_user_model().objects.get(username="editor"))
    token, _ = issue(kind=kind, object_id=content.pk, clinic_id=phoenix.pk, locale="en", revision_id=revision.pk)
    return path.replace("{token}", token)


def with_feed_changes(example: CapturedExample, path: str) -> str:
    """The path with the feed's cursor of now where it says ``{cursor}``, after making and relaying
    the changes the example names."""
    if not example.feed:
        return path
    cursor = feed_position()
    if example.feed == FEED_UPDATE_AND_WITHDRAWAL:
        article = ArticlePage.objects.get(slug="what-is-ketamine-infusion-therapy", locale__language_code="en")
        article.title = "What is ketamine infusion therapy? A short guide"
        approve_and_publish(article)
        relay_pending()
        home = Clinic.objects.get(slug="phoenix").site.root_page
        ArticlePage.objects.live().descendant_of(home).filter(locale__language_code="en").first().unpublish()
        relay_pending()
    elif example.feed == FEED_PRUNED:
        prune_change_feed(kept_days=0)
    return path.replace("{cursor}", str(cursor))


def assert_same_answer(actual, stored) -> None:
    assert normalise(actual) == normalise(stored), "The API's answer and the documented example differ."


def store(operation_id: str, example: CapturedExample, body) -> None:
    """``UPDATE_GOLDEN=1``: keep the new answer (an unchanged one is left as it was, dates and all)."""
    answers = json.loads(examples.EXAMPLES_FILE.read_text()) if examples.EXAMPLES_FILE.exists() else {}
    by_name = answers.setdefault(operation_id, {}).setdefault(str(example.status), {})
    if example.name in by_name and normalise(by_name[example.name]) == normalise(body):
        return
    by_name[example.name] = body
    # Operations, codes and names sorted; each answer's fields in the API's own order.
    ordered = {
        op: {code: dict(sorted(names.items())) for code, names in sorted(codes.items())}
        for op, codes in sorted(answers.items())
    }
    examples.EXAMPLES_FILE.write_text(json.dumps(ordered, indent=2, ensure_ascii=False) + "\n")
    examples.captured_answers.cache_clear()


@pytest.mark.parametrize(
    ("operation_id", "example"), DECLARED, ids=[f"{op}-{ex.status}-{ex.name}" for op, ex in DECLARED]
)
def test_every_example_is_what_the_demo_network_answers(schema, openapi, answer, operation_id, example):
    path_template, _ = operations(schema)[operation_id]
    path_pattern = re.sub(r"\{\w+\}", "[^/]+", path_template)
    assert re.fullmatch(path_pattern, urlsplit(example.path).path), (example.path, path_template)

    response = answer(example)

    assert response.status_code == example.status, response.content
    openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))
    if os.environ.get("UPDATE_GOLDEN") == "1":
        store(operation_id, example, response.json())
    stored = examples.captured_answers().get(operation_id, {}).get(str(example.status), {})
    assert example.name in stored, "Not captured yet: run this test with UPDATE_GOLDEN=1."
    got, documented = response.json(), stored[example.name]
    if "search=" in urlsplit(example.path).query and connection.vendor != "postgresql":
        # What a search finds and its order are the search backend's: the examples are
        # PostgreSQL's full-text search (production and CI); SQLite's fallback matches words
        # differently. There, the answer (validated against the schema above) is as long.
        assert (got["count"], len(got["results"])) == (documented["count"], len(documented["results"]))
        return
    assert_same_answer(got, documented)


def test_a_changed_answer_is_caught():
    """Guard against a comparison that cannot fail: ids and dates aside, any difference counts."""
    stored = examples.captured_answers()["clinic_article_detail"]["200"]["spanish"]
    assert_same_answer({**stored, "id": stored["id"] + 1, "last_published_at": "2031-01-01T00:00:00Z"}, stored)
    with pytest.raises(AssertionError):
        assert_same_answer({**stored, "title": "Another article"}, stored)


def served_schema() -> dict:
    """The schema as served now (after an ``UPDATE_GOLDEN=1`` capture in this run, with its examples)."""
    return APIClient().get("/api/v1/schema/?format=json").json()


def test_every_response_code_of_every_operation_has_an_example():
    schema = served_schema()
    for operation_id, (_, operation) in operations(schema).items():
        for status, response in operation["responses"].items():
            shown = response["content"]["application/json"].get("examples", {})
            assert shown, f"{operation_id} {status} has no example"
            for example in shown.values():
                assert example["summary"] and example["description"] and example["value"]


def test_the_examples_in_the_schema_match_it(openapi):
    """The stored answers themselves (real ids, dates and types), as the schema serves them."""
    schema = served_schema()
    declared = {(operation_id, str(ex.status), ex.name): ex for operation_id, ex in DECLARED}
    for operation_id, (_, operation) in operations(schema).items():
        for status, response in operation["responses"].items():
            for name, shown in response["content"]["application/json"]["examples"].items():
                path = declared[operation_id, status, name].path.replace("{disclaimer}", "1").replace("{cursor}", "1")
                url = urlsplit(path.replace("{token}", "a-token"))
                request = MockRequest(f"http://{EXAMPLES_HOST}", "get", url.path, args=dict(parse_qsl(url.query)))
                body = MockResponse(json.dumps(shown["value"]).encode(), status_code=int(status))
                openapi.validate_response(request, body)


def test_the_examples_file_holds_only_declared_examples():
    declared = {(operation_id, str(ex.status), ex.name) for operation_id, ex in DECLARED}
    stored = {
        (operation_id, status, name)
        for operation_id, statuses in examples.captured_answers().items()
        for status, by_name in statuses.items()
        for name in by_name
    }
    assert stored == declared
