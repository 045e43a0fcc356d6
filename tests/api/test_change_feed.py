"""The change feed (``GET /api/v1/clinics/{clinic}/changes/``): every change of what a clinic's
website shows, withdrawals included, to that clinic only, in order, resumable from a cursor
without a gap or a repeat; never cached; every bad request a 4xx."""

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.validation.request.exceptions import ParameterValidationError
from rest_framework.test import APIClient

from api import fast_path
from api.models import FrontEndClient
from articles.models import ArticleCategory, ArticlePage, SharedArticleOverride
from changes.feed import feed_position, prune_change_feed
from changes.models import EVENT_TYPES, ClinicChange
from changes.relay import record_review_dates, relay_pending
from clinics.models import Clinic, ContactBlock
from network.models import Disclaimer, ReviewSettings
from tests.api.test_shapes import mismatches, response_schema
from tests.factories import ArticlePageFactory, approve_and_publish
from tests.golden import assert_matches_golden
from webhooks.models import Delivery, WebhookEndpoint

pytestmark = pytest.mark.django_db

CLINICS = ("peoria", "phoenix", "fayetteville", "tempe")
SHARED = "what-is-ketamine-infusion-therapy"


def feed_path(clinic: str = "phoenix") -> str:
    return f"/api/v1/clinics/{clinic}/changes/"


def shared_article(locale: str = "en") -> ArticlePage:
    return ArticlePage.objects.get(slug=SHARED, locale__language_code=locale)


def phoenix_home():
    return Clinic.objects.get(slug="phoenix").site.root_page


def phoenix_own_article() -> ArticlePage:
    return ArticlePage.objects.live().descendant_of(phoenix_home()).filter(locale__language_code="en").first()


def page(api: APIClient, clinic: str = "phoenix", **query) -> dict:
    response = api.get(feed_path(clinic), query)
    assert response.status_code == 200, response.content
    return response.json()


def follow(api: APIClient, clinic: str, since: str, page_size: int = 100) -> tuple[list[dict], str]:
    """Every change after ``since``, page after page by ``next``, and the last cursor."""
    body = page(api, clinic, since=since, page_size=page_size)
    changes = list(body["changes"])
    while body["has_more"]:
        body = api.get(body["next"]).json()
        changes += body["changes"]
    return changes, body["cursor"]


def refused(response, parameter: str) -> bool:
    body = response.json()
    return response.status_code == 400 and list(body["error"]["parameters"]) == [parameter]


def before_the_first() -> str:
    """A cursor from before the feed's first change (the demo network's, as first relayed)."""
    return str(ClinicChange.objects.earliest("pk").pk - 1)


def noon_on(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


# What a build sees first -----------------------------------------------------------------------


def test_a_build_starts_from_now_with_no_changes_and_the_feed_cursor(api_client_for):
    api = api_client_for("phoenix")
    body = page(api)
    assert body == {"cursor": str(ClinicChange.objects.latest("pk").pk), "has_more": False, "next": None, "changes": []}
    phoenix_own_article().unpublish()
    relay_pending()
    changes, _ = follow(api, "phoenix", body["cursor"])
    assert [change["type"] for change in changes] == ["article.withdrawn"]


def test_a_change_is_in_the_webhook_body_shape(api_client_for):
    """The feed and the webhooks send the same body (``changes.events.event_body``)."""
    website = FrontEndClient.objects.create(name="Phoenix website", clinic=Clinic.objects.get(slug="phoenix"))
    WebhookEndpoint.objects.create(client=website, url="https://hooks.example.com/phoenix", encrypted_secret="-")
    api = api_client_for("phoenix")
    start = page(api)["cursor"]
    phoenix_own_article().unpublish()
    relay_pending()
    (change,) = page(api, since=start)["changes"]
    assert Delivery.objects.get(change_id=int(change["id"])).payload == change
    assert set(change) == {"id", "type", "timestamp", "clinic", "data"}
    assert change["clinic"] == "phoenix" and change["timestamp"].endswith("Z")


# Withdrawals, to the right clinic only -----------------------------------------------------------


# Each makes a withdrawal: (the clinic that served it, its translation key, the reason given, what
# other clinics hear of the same article: nothing, unless it moved to them).
Withdrawal = tuple[str, str, str, dict[str, set[str]]]


def unpublished() -> Withdrawal:
    article = phoenix_own_article()
    article.unpublish()
    return "phoenix", str(article.translation_key), "unpublished", {}


def deleted() -> Withdrawal:
    article = phoenix_own_article()
    key = str(article.translation_key)
    article.delete()
    return "phoenix", key, "deleted", {}


def hidden() -> Withdrawal:
    article = shared_article()
    SharedArticleOverride.objects.create(clinic=Clinic.objects.get(slug="tempe"), article=article, hidden=True)
    return "tempe", str(article.translation_key), "hidden", {}


def withheld_as_overdue() -> Withdrawal:
    article = phoenix_own_article()
    with time_machine.travel(noon_on(article.live_review.next_review_due + datetime.timedelta(days=1))):
        record_review_dates()
    return "phoenix", str(article.translation_key), "overdue", {}


def published_unreviewed() -> Withdrawal:
    article = phoenix_own_article()
    article.title = "Published without a medical review"
    article.save_revision().publish()
    return "phoenix", str(article.translation_key), "not_approved", {}


def moved_to_another_clinic() -> Withdrawal:
    article = phoenix_own_article()
    article.move(Clinic.objects.get(slug="tempe").site.root_page, pos="last-child")
    return "phoenix", str(article.translation_key), "moved", {"tempe": {"article.published"}}


WITHDRAWALS = [unpublished, deleted, hidden, withheld_as_overdue, published_unreviewed, moved_to_another_clinic]


@pytest.mark.parametrize("withdraw", WITHDRAWALS)
def test_a_withdrawal_reaches_the_clinic_that_served_it_and_no_other(openapi, api_client_for, withdraw):
    if withdraw is withheld_as_overdue:
        settings = ReviewSettings.load()
        settings.serve_overdue = False
        settings.save()
        relay_pending()
    readers = {slug: api_client_for(slug) for slug in CLINICS}  # each website with its own key
    start = page(readers["phoenix"])["cursor"]
    clinic, key, reason, elsewhere = withdraw()
    relay_pending()
    for slug, api in readers.items():
        changes, _ = follow(api, slug, start)
        assert {change["clinic"] for change in changes} <= {slug}
        about = [change for change in changes if change["data"]["key"] == key]
        if slug == clinic:
            assert {(c["type"], c["data"]["reason"]) for c in about} == {("article.withdrawn", reason)}, about
            assert "en" in {c["data"]["locale"] for c in about}
            assert about[0]["data"]["paths"][0].startswith(f"/api/v1/clinics/{slug}/articles/")
            validate(openapi, api.get(feed_path(slug), {"since": start}))
        else:
            assert {c["type"] for c in about} == elsewhere.get(slug, set()), (slug, about)
    if withdraw is hidden:  # nothing else changed: the other clinics heard nothing at all
        assert all(follow(readers[slug], slug, start)[0] == [] for slug in CLINICS if slug != "tempe")


# Cursors ---------------------------------------------------------------------------------------


def test_resuming_from_a_cursor_gives_exactly_what_followed_it(api_client_for):
    api = api_client_for("phoenix")
    start = page(api)["cursor"]
    article = phoenix_own_article()
    article.summary = "A new summary, approved."
    approve_and_publish(article)
    relay_pending()
    first = page(api, since=start)
    assert [change["type"] for change in first["changes"]] == ["article.updated"]
    article.unpublish()
    relay_pending()
    second = page(api, since=first["cursor"])
    assert [change["type"] for change in second["changes"]] == ["article.withdrawn"]
    assert page(api, since=first["cursor"]) == second  # asking again answers the same
    both = page(api, since=start)
    assert [c["id"] for c in both["changes"]] == [c["id"] for c in first["changes"] + second["changes"]]
    expected = ClinicChange.objects.filter(clinic__slug="phoenix", pk__gt=int(start)).values_list("pk", flat=True)
    assert [c["id"] for c in both["changes"]] == [str(pk) for pk in expected]
    assert page(api, since=second["cursor"]) == {
        "cursor": second["cursor"],
        "has_more": False,
        "next": None,
        "changes": [],
    }


def test_pages_follow_one_another_by_next_until_has_more_is_false(api_client_for):
    api = api_client_for("phoenix")
    expected = [str(pk) for pk in ClinicChange.objects.filter(clinic__slug="phoenix").values_list("pk", flat=True)]
    assert len(expected) > 4  # the demo network's articles, contact blocks and record, as first relayed
    since = before_the_first()
    body, seen, pages = page(api, since=since, page_size=2), [], 1
    while True:
        assert len(body["changes"]) <= 2
        seen += [change["id"] for change in body["changes"]]
        if not body["has_more"]:
            break
        assert len(body["changes"]) == 2 and body["cursor"] == body["changes"][-1]["id"]
        assert body["next"] == f"http://testserver{feed_path()}?page_size=2&since={body['cursor']}"
        body, pages = api.get(body["next"]).json(), pages + 1
    assert seen == expected and pages == (len(expected) + 1) // 2
    assert body["next"] is None and body["cursor"] == str(feed_position())
    exact = page(api, since=since, page_size=len(expected))
    assert (len(exact["changes"]), exact["has_more"], exact["next"]) == (len(expected), False, None)
    short = page(api, since=since, page_size=len(expected) - 1)
    assert short["has_more"] and short["cursor"] == expected[-2]


def test_a_change_rolled_back_in_its_transaction_tells_nothing(api_client_for):
    api = api_client_for("phoenix")
    start = page(api)["cursor"]
    with pytest.raises(RuntimeError), transaction.atomic():
        phoenix_own_article().unpublish()
        raise RuntimeError("the editor's request failed")
    relay_pending()
    assert page(api, since=start) == {"cursor": start, "has_more": False, "next": None, "changes": []}


def test_a_relay_rolled_back_is_told_once_by_the_next_relay(api_client_for):
    api = api_client_for("phoenix")
    start = page(api)["cursor"]
    phoenix_own_article().unpublish()
    with pytest.raises(RuntimeError), transaction.atomic():
        relay_pending()
        raise RuntimeError("the worker died")
    assert page(api, since=start)["changes"] == []
    relay_pending()
    assert [change["type"] for change in page(api, since=start)["changes"]] == ["article.withdrawn"]


def test_a_quiet_clinic_keeps_a_current_cursor(api_client_for):
    """Without changes of its own, a clinic's cursor still moves with the feed: after pruning it is
    kept, where its last own change is long gone."""
    peoria = api_client_for("peoria")
    start = page(peoria, "peoria")["cursor"]
    phoenix_own_article().unpublish()
    relay_pending()
    later = page(peoria, "peoria", since=start)
    assert later["changes"] == [] and int(later["cursor"]) > int(start)
    assert later["cursor"] == str(feed_position())


# Retention: a cursor the feed cannot answer without a gap is a 410 ------------------------------


def test_a_cursor_older_than_the_feed_keeps_is_gone_and_a_current_one_is_not(api_client_for):
    peoria, phoenix = api_client_for("peoria"), api_client_for("phoenix")
    oldest_phoenix = str(ClinicChange.objects.filter(clinic__slug="phoenix").earliest("pk").pk)
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=100)):
        phoenix_own_article().unpublish()
        relay_pending()
        kept = page(peoria, "peoria", since=page(peoria, "peoria")["cursor"])["cursor"]
        assert prune_change_feed(kept_days=90) > 0
    assert list(ClinicChange.objects.values_list("type", flat=True)) == ["article.withdrawn"]
    assert page(peoria, "peoria", since=kept)["changes"] == []
    gone = phoenix.get(feed_path(), {"since": oldest_phoenix})
    assert gone.status_code == 410
    assert gone.json()["error"]["code"] == "cursor_expired"
    assert "90 days" in gone.json()["error"]["message"]
    assert gone["Cache-Control"] == "private, no-store"


def test_a_cursor_ahead_of_the_feed_is_gone(api_client_for):
    """A database restored from a backup has not given the cursors issued after it: rebuild."""
    response = api_client_for("phoenix").get(feed_path(), {"since": feed_position() + 1})
    assert response.status_code == 410
    assert response.json()["error"]["code"] == "cursor_ahead"


def test_pruning_keeps_the_newest_change_and_what_is_recent():
    count = ClinicChange.objects.count()
    assert prune_change_feed(kept_days=90) == 0
    out = io.StringIO()
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=91)):
        call_command("prune_change_feed", stdout=out)
    assert out.getvalue().strip() == f"{count - 1} clinic change(s) older than 90 day(s) deleted."
    assert list(ClinicChange.objects.values_list("pk", flat=True)) == [feed_position()]
    with pytest.raises(CommandError):
        call_command("prune_change_feed", "--days", "0")


def test_pruning_leaves_webhook_deliveries_their_body():
    website = FrontEndClient.objects.create(name="Phoenix website", clinic=Clinic.objects.get(slug="phoenix"))
    WebhookEndpoint.objects.create(client=website, url="https://hooks.example.com/phoenix", encrypted_secret="-")
    phoenix_own_article().unpublish()
    relay_pending()
    delivery = Delivery.objects.get(endpoint__client=website)
    shared_article().unpublish()  # a newer change, so the first is not the newest
    relay_pending()
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=91)):
        prune_change_feed(kept_days=90)
    delivery.refresh_from_db()
    assert delivery.change is None and delivery.payload["type"] == "article.withdrawn"


# Keys ------------------------------------------------------------------------------------------


def test_a_clinic_key_reads_its_own_feed_and_a_network_key_every_feed(api_client_for, network_api):
    refused_key = api_client_for("peoria").get(feed_path("phoenix"))
    assert refused_key.status_code == 403
    assert refused_key.json()["error"]["code"] == "permission_denied"
    assert "changes" not in refused_key.json()
    assert api_client_for("phoenix").get(feed_path("phoenix")).status_code == 200
    for slug in CLINICS:
        assert network_api.get(feed_path(slug)).status_code == 200
    for api in (network_api, api_client_for("phoenix")):
        unknown = api.get(feed_path("tucson"))
        assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"
    assert APIClient().get(feed_path()).status_code == 401


# Bad requests ----------------------------------------------------------------------------------

BAD_CURSORS = [
    "abc",
    "-1",
    "01",
    "00",
    "1.5",
    "+1",
    " 1",
    "1 ",
    "1e3",
    "0x1f",
    "1,2",
    "null",
    "١٢",  # Arabic-Indic digits, which int() reads
    "²",  # which str.isdigit() accepts
    "9" * 19,
    "1" * 5000,
    "\x00",
    "%00",
    "cursor_12",
]


@pytest.mark.parametrize("since", BAD_CURSORS)
def test_a_cursor_the_feed_did_not_give_is_a_400_naming_since(network_api, since):
    response = network_api.get(feed_path(), {"since": since})
    assert refused(response, "since"), response.content
    assert response.json()["error"]["code"] == "invalid_parameter"


@pytest.mark.parametrize("query", ["since=", "since=1&since=2"])
def test_an_empty_or_repeated_cursor_is_a_400_naming_since(network_api, query):
    assert refused(network_api.get(f"{feed_path()}?{query}"), "since")


@pytest.mark.parametrize("size", ["0", "501", "-1", "abc", "1.0", "١", "", "9" * 30])
def test_a_bad_page_size_is_a_400_naming_it(network_api, size):
    assert refused(network_api.get(f"{feed_path()}?page_size={size}"), "page_size")
    assert refused(network_api.get(f"{feed_path()}?since=0&page_size={size}"), "page_size")


@pytest.mark.parametrize("query", ["page=2", "locale=es", "cursor=5", "Since=5", "format=json"])
def test_an_unknown_parameter_is_a_400_naming_it(network_api, query):
    name = query.split("=")[0]
    assert refused(network_api.get(f"{feed_path()}?{query}"), name)


@pytest.mark.parametrize("size", ["1", "500"])
def test_page_sizes_within_bounds_are_answered(network_api, size):
    count = ClinicChange.objects.filter(clinic__slug="phoenix").count()
    assert len(page(network_api, since=before_the_first(), page_size=size)["changes"]) == min(int(size), count)


def test_nothing_asked_of_the_feed_is_a_500(network_api):
    queries = [
        {"since": value, "page_size": size}
        for value in ["0", str(feed_position()), str(2**63), "9" * 18, "-0", "1" * 20_000, "🙂"]
        for size in ["1", "500", "501", "x", "\x00"]
    ]
    for query in queries:
        assert network_api.get(feed_path(), query).status_code < 500, query
    for method in ("head", "options", "post", "put", "delete"):
        assert getattr(network_api, method)(feed_path()).status_code < 500, method
    assert network_api.get(feed_path(), HTTP_ACCEPT="text/html").status_code == 406
    assert network_api.get(feed_path("a" * 500)).status_code == 404


# Never cached ----------------------------------------------------------------------------------


def test_the_feed_is_never_cached(api_client_for, served_by_fast_path, settings):
    settings.API_RESPONSE_CACHE = True
    assert fast_path.CLINIC_PATH.match(feed_path()) is None  # the fast path never answers the feed
    api = api_client_for("phoenix")
    start = page(api)["cursor"]
    before = api.get(feed_path(), {"since": start})
    assert before.json()["changes"] == []
    assert before["Cache-Control"] == "private, no-store"
    assert not {"ETag", "Last-Modified", "Surrogate-Key", "Cache-Tag"} & set(before.headers)
    phoenix_own_article().unpublish()
    relay_pending()
    after = api.get(feed_path(), {"since": start})
    assert [change["type"] for change in after.json()["changes"]] == ["article.withdrawn"]
    assert served_by_fast_path == []
    for response in (
        api.get(feed_path(), {"since": "x"}),
        api.get(feed_path("peoria")),
        api.get(feed_path("tucson")),
        api.get(feed_path(), {"since": feed_position() + 1}),
    ):
        assert response.status_code >= 400 and response["Cache-Control"] == "private, no-store"


# Query budget ----------------------------------------------------------------------------------

# Counted once the key and the network structure are held: the feed's position, then for a page
# the clinic's changes and the oldest position kept. The same for a page of one or of 500.
BUDGETS = [
    ("", 1),
    ("since=now", 3),
    ("since=start", 3),
    ("since=start&page_size=1", 3),
    ("since=start&page_size=500", 3),
]


@pytest.mark.parametrize(("query", "budget"), BUDGETS)
def test_the_feed_costs_the_same_whatever_the_page(
    network_api, last_use_recorded_once, django_assert_max_num_queries, query, budget
):
    query = query.replace("start", before_the_first()).replace("now", str(feed_position()))
    network_api.get(f"{feed_path()}?{query}")
    with django_assert_max_num_queries(budget):
        assert network_api.get(f"{feed_path()}?{query}").status_code == 200


# The schema ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spec(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        return APIClient().get("/api/v1/schema/?format=json").json()


@pytest.fixture(scope="module")
def openapi(spec):
    return OpenAPI.from_dict(spec)


def validate(openapi, response) -> None:
    openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))


@pytest.mark.parametrize(
    "query",
    [
        "since=0",
        "since=01",
        "since=-1",
        "since=abc",
        "since=" + "9" * 18,
        "since=" + "9" * 19,
        "since=%D9%A1",
        "since=",
        "page_size=1",
        "page_size=500",
        "page_size=501",
        "page_size=0",
        "page_size=abc",
    ],
)
def test_the_schema_refuses_exactly_what_the_feed_refuses(openapi, network_api, query):
    response = network_api.get(f"{feed_path()}?{query}")
    try:
        openapi.validate_request(DjangoOpenAPIRequest(response.wsgi_request))
    except ParameterValidationError:
        schema_refuses = True
    else:
        schema_refuses = False
    assert (response.status_code == 400) == schema_refuses, (schema_refuses, response.status_code, response.content)


def test_every_kind_of_change_matches_the_schema(spec, openapi, api_client_for):
    """Each event type, with the data it carries, as the schema documents it: every key produced
    is declared, and every key declared is produced (or optional)."""
    api = api_client_for("phoenix")
    start = page(api)["cursor"]
    new = approve_and_publish(ArticlePageFactory(parent=phoenix_home(), slug="feed-new-article"))
    relay_pending()
    new.slug = "feed-renamed-article"
    approve_and_publish(new)
    block = ContactBlock.objects.get(clinic__slug="phoenix", locale__language_code="en")
    block.phone = "+1 602 555 0198"
    block.save_revision().publish()
    clinic = Clinic.objects.get(slug="phoenix")
    clinic.name = "Ahwatukee Ketamine Clinic (renamed)"
    clinic.save()
    disclaimer = Disclaimer.objects.filter(locale__language_code="en", live=True).first()
    disclaimer.body = "<p>A new medical disclaimer.</p>"
    approve_and_publish(disclaimer)
    category = ArticleCategory.objects.first()
    category.name += " (renamed)"
    category.save()
    relay_pending()
    due = new.live_review.next_review_due
    soon = due - datetime.timedelta(days=ReviewSettings.load().due_soon_days - 1)
    for day in (soon, due + datetime.timedelta(days=1)):
        with time_machine.travel(noon_on(day)):
            record_review_dates()
    phoenix_own_article().unpublish()
    relay_pending()
    response = api.get(feed_path(), {"since": start, "page_size": 500})
    validate(openapi, response)
    body = response.json()
    assert mismatches(body, response_schema(spec, feed_path()), spec) == []
    assert not body["has_more"]
    assert {change["type"] for change in body["changes"]} == {value for value, _ in EVENT_TYPES}
    renamed = next(c for c in body["changes"] if c["data"].get("previous_slug") == "feed-new-article")
    assert renamed["data"]["slug"] == "feed-renamed-article"


# The contract ----------------------------------------------------------------------------------


def test_the_feed_page_contract(api_client_for):
    """The shape of a feed page with an article published, one updated and one withdrawn.

    The static builds of the clinic websites (the Phoenix, Peoria, Fayetteville and Tempe sites'
    Next.js ISR and Astro builds, and any that join later) code against it, and webhook receivers
    get each change in the same shape: a change here is a change of the v1 contract."""
    api = api_client_for("phoenix")
    start = page(api)["cursor"]
    approve_and_publish(
        ArticlePageFactory(parent=phoenix_home(), title="Driving home after an infusion", slug="driving-home")
    )
    relay_pending()
    article = shared_article()
    article.title = "What is ketamine infusion therapy? A short guide"
    approve_and_publish(article)
    relay_pending()
    phoenix_own_article().unpublish()
    relay_pending()
    body = page(api, since=start)
    assert [change["type"] for change in body["changes"]] == [
        "article.published",
        "article.updated",
        "article.withdrawn",
    ]
    assert_matches_golden("change_feed_phoenix", body)
    assert_matches_golden("change_feed_phoenix_has_more", page(api, since=start, page_size=1))
    assert_matches_golden("change_feed_start", page(api))


def test_a_clinic_deleted_leaves_the_other_clinics_cursors_valid(network_api):
    """Its changes stay (clinic emptied) until pruned: the feed's position never moves back, so
    another clinic's current cursor is not taken for one ahead of the feed (regression: 410)."""
    from tests.factories import second_arizona_clinic

    mesa = second_arizona_clinic(frontend_base_url="https://mesa.example.com")
    relay_pending()
    mesa.name = "Mesa Ketamine Clinic"
    mesa.save()
    relay_pending()
    cursor = page(network_api)["cursor"]  # Phoenix's cursor: the newest change is Mesa's
    assert ClinicChange.objects.latest("pk").clinic_id == mesa.pk
    mesa.delete()
    relay_pending()
    assert page(network_api, since=cursor)["changes"] == []
