"""The schema's response examples: real answers of the demo network, not hand-written ones.

``EXAMPLES`` says, for every operation and response code, which request shows it (path, whose
key, headers); ``api/openapi/examples.json`` holds what the demo network answered to each.
``tests/api/test_schema_examples.py`` replays every request against the demo network, checks the
answer against the schema and against the stored one (ids and dates aside), and rewrites the
file with ``UPDATE_GOLDEN=1``. ``add_captured_examples`` (a drf-spectacular postprocessing hook)
puts them into the schema.
"""

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

from network.models.preview import KIND_ARTICLE, KIND_CONTACT, KIND_DISCLAIMER

EXAMPLES_FILE = Path(__file__).parent / "openapi" / "examples.json"
# The host the examples were captured on: the demo network as ``make run`` serves it.
EXAMPLES_HOST = "127.0.0.1:8000"

# Whose key a request carries: a clinic's slug, or one of these.
NETWORK_KEY = "network"
NO_KEY = "none"
RATE_LIMITED_KEY = "rate-limited"  # a client allowed 1 request a minute, on its second request
PREVIEW_KEY = "phoenix-preview"  # a key of Phoenix's preview client

# Preview examples: the replay saves a draft of this demo content and puts a token for it (and
# the disclaimer's id) where the path says ``{token}`` (``{disclaimer}``).
PREVIEW_ARTICLE = KIND_ARTICLE
PREVIEW_CONTACT = KIND_CONTACT
PREVIEW_DISCLAIMER = KIND_DISCLAIMER

# Change feed examples: the replay notes the feed's cursor, makes the changes named here (relayed
# as the worker would), and puts that cursor where the path says ``{cursor}``.
FEED_UPDATE_AND_WITHDRAWAL = "update-and-withdrawal"
FEED_PRUNED = "pruned"
FEED_CHANGES = {
    FEED_UPDATE_AND_WITHDRAWAL: "a new approved revision of a shared article, then one of Phoenix's own articles "
    "unpublished",
    FEED_PRUNED: "the feed pruned to its newest change",
}


@dataclass(frozen=True)
class CapturedExample:
    """One request of the demo network whose answer documents a response code of an operation."""

    status: int
    name: str
    summary: str
    path: str
    key: str = "phoenix"
    headers: dict[str, str] = field(default_factory=dict)
    preview: str = ""  # PREVIEW_ARTICLE, ...: the draft the path's ``{token}`` previews
    feed: str = ""  # FEED_UPDATE_AND_WITHDRAWAL, ...: the changes made after the path's ``{cursor}``

    @property
    def who(self) -> str:
        return {
            NETWORK_KEY: "a network key",
            NO_KEY: "no key",
            RATE_LIMITED_KEY: "the second request in a minute of a key allowed one a minute",
            PREVIEW_KEY: "a key of Phoenix's preview client",
        }.get(self.key, f"{self.key.title()}'s key")

    @property
    def description(self) -> str:
        headers = "".join(f", `{name}: {value}`" for name, value in self.headers.items())
        shown = self.path.replace("{token}", "<token>").replace("{disclaimer}", "<id>").replace("{cursor}", "<cursor>")
        draft = f" and a preview token for a draft of the demo {self.preview}" if self.preview else ""
        after = f", after {FEED_CHANGES[self.feed]}" if self.feed else ""
        return f"`GET {shown}` with {self.who}{draft}{headers}, on the demo network{after}."


def errors_of(path: str, *, not_found: str | None = None, clinic: bool = True) -> list[CapturedExample]:
    """The error answers every endpoint gives, shown on ``path`` (a Phoenix path when ``clinic``)."""
    examples = [
        CapturedExample(400, "unknown_parameter", "An unknown query parameter", f"{path}?colour=red"),
        CapturedExample(401, "no_key", "No API key", path, key=NO_KEY),
    ]
    if clinic:
        examples.append(CapturedExample(403, "another_clinic", "Another clinic's key", path, key="peoria"))
    if not_found:
        examples.append(CapturedExample(404, "not_found", "Nothing at this path", not_found))
    examples += [
        CapturedExample(406, "not_json", "Asking for something other than JSON", path, headers={"Accept": "text/html"}),
        CapturedExample(429, "rate_limited", "Over the key's rate limit", path, key=RATE_LIMITED_KEY),
    ]
    return examples


PHOENIX = "/api/v1/clinics/phoenix"
ARTICLE = f"{PHOENIX}/articles/what-is-ketamine-infusion-therapy/"
PREVIEW = "/api/v1/preview/clinics/phoenix"


def preview_examples(path: str, preview: str, *, summary: str) -> list[CapturedExample]:
    """A preview endpoint's answer to a draft, and its errors."""
    with_token = f"{path}?token={{token}}"
    return [
        CapturedExample(200, "draft", summary, with_token, key=PREVIEW_KEY, preview=preview),
        CapturedExample(
            400,
            "unknown_parameter",
            "An unknown query parameter",
            f"{with_token}&locale=es",
            key=PREVIEW_KEY,
            preview=preview,
        ),
        CapturedExample(
            401,
            "bad_token",
            "A token that was changed, expired or is for something else",
            f"{path}?token=x",
            key=PREVIEW_KEY,
        ),
        CapturedExample(403, "delivery_key", "A delivery key: it reads no drafts", with_token, preview=preview),
        CapturedExample(
            404,
            "not_found",
            "Nothing at this path",
            with_token.replace("/phoenix/", "/tucson/"),
            key=PREVIEW_KEY,
            preview=preview,
        ),
        CapturedExample(
            406,
            "not_json",
            "Asking for something other than JSON",
            with_token,
            key=PREVIEW_KEY,
            headers={"Accept": "text/html"},
            preview=preview,
        ),
        CapturedExample(
            429, "rate_limited", "Over the key's rate limit", with_token, key=RATE_LIMITED_KEY, preview=preview
        ),
    ]


EXAMPLES: dict[str, list[CapturedExample]] = {
    "clinics_list": [
        CapturedExample(200, "network", "Every clinic, with a network key", "/api/v1/clinics/", key=NETWORK_KEY),
        CapturedExample(200, "clinic", "Its own clinic only, with a clinic's key", "/api/v1/clinics/"),
        *errors_of("/api/v1/clinics/", clinic=False),
    ],
    "clinic_detail": [
        CapturedExample(200, "phoenix", "Ahwatukee Ketamine Clinic, Phoenix", f"{PHOENIX}/"),
        *errors_of(f"{PHOENIX}/", not_found="/api/v1/clinics/tucson/"),
    ],
    "clinic_contact": [
        CapturedExample(200, "spanish", "Phoenix's contact details in Spanish", f"{PHOENIX}/contact/?locale=es"),
        CapturedExample(
            200,
            "accept_language",
            "In the reader's language, from Accept-Language",
            f"{PHOENIX}/contact/",
            headers={"Accept-Language": "en-US,en;q=0.9"},
        ),
        *errors_of(f"{PHOENIX}/contact/", not_found="/api/v1/clinics/tucson/contact/"),
        CapturedExample(
            400, "unsupported_locale", "A locale the clinic does not serve", f"{PHOENIX}/contact/?locale=fr"
        ),
    ],
    "clinic_articles_list": [
        CapturedExample(200, "page", "A page of Phoenix's articles", f"{PHOENIX}/articles/?page_size=2"),
        CapturedExample(
            200,
            "search",
            "Searching the Spanish articles",
            f"{PHOENIX}/articles/?locale=es&search=ketamina&page_size=2",
        ),
        CapturedExample(
            200,
            "due_soon",
            "Articles whose medical review is due soon",
            f"{PHOENIX}/articles/?reviewed_status=due_soon",
        ),
        *errors_of(f"{PHOENIX}/articles/", not_found="/api/v1/clinics/tucson/articles/"),
        CapturedExample(
            400,
            "malformed_filter",
            "A filter value the API cannot read",
            f"{PHOENIX}/articles/?updated_since=yesterday",
        ),
    ],
    "clinic_article_detail": [
        CapturedExample(200, "spanish", "An article in Spanish", f"{ARTICLE}?locale=es"),
        CapturedExample(
            200,
            "fallback",
            "No approved Spanish translation: the English article",
            f"{PHOENIX}/articles/esketamine-vs-iv-ketamine/?locale=es",
        ),
        *errors_of(ARTICLE, not_found=f"{PHOENIX}/articles/no-such-article/"),
    ],
    "clinic_categories_list": [
        CapturedExample(200, "spanish", "Phoenix's categories, named in Spanish", f"{PHOENIX}/categories/?locale=es"),
        *errors_of(f"{PHOENIX}/categories/", not_found="/api/v1/clinics/tucson/categories/"),
    ],
    "clinic_tags_list": [
        CapturedExample(200, "phoenix", "Phoenix's tags", f"{PHOENIX}/tags/"),
        *errors_of(f"{PHOENIX}/tags/", not_found="/api/v1/clinics/tucson/tags/"),
    ],
    "clinic_sitemap": [
        CapturedExample(
            200,
            "page",
            "A page of Phoenix's sitemap, with hreflang alternates",
            f"{PHOENIX}/sitemap/?page=2&page_size=5",
        ),
        *errors_of(f"{PHOENIX}/sitemap/", not_found="/api/v1/clinics/tucson/sitemap/"),
    ],
    "clinic_changes": [
        CapturedExample(
            200, "start", "A build's first call: no changes, and the cursor to follow from", f"{PHOENIX}/changes/"
        ),
        CapturedExample(
            200,
            "page",
            "An update and a withdrawal since the cursor",
            f"{PHOENIX}/changes/?since={{cursor}}",
            feed=FEED_UPDATE_AND_WITHDRAWAL,
        ),
        CapturedExample(
            200,
            "has_more",
            "A page of one change, with more to follow",
            f"{PHOENIX}/changes/?since={{cursor}}&page_size=1",
            feed=FEED_UPDATE_AND_WITHDRAWAL,
        ),
        *errors_of(f"{PHOENIX}/changes/", not_found="/api/v1/clinics/tucson/changes/"),
        CapturedExample(400, "malformed_cursor", "A cursor the feed did not give", f"{PHOENIX}/changes/?since=-1"),
        CapturedExample(
            410,
            "cursor_expired",
            "A cursor older than the changes the feed keeps",
            f"{PHOENIX}/changes/?since=1",
            feed=FEED_PRUNED,
        ),
        CapturedExample(
            410,
            "cursor_ahead",
            "A cursor ahead of the feed, as after restoring the database from a backup",
            f"{PHOENIX}/changes/?since=999999999999",
        ),
    ],
    "preview_article": preview_examples(
        f"{PREVIEW}/articles/what-is-ketamine-infusion-therapy/",
        PREVIEW_ARTICLE,
        summary="A draft of a shared article as Phoenix's website shows it, not yet reviewed",
    ),
    "preview_contact": preview_examples(
        f"{PREVIEW}/contact/", PREVIEW_CONTACT, summary="A draft of Phoenix's English contact block"
    ),
    "preview_disclaimer": preview_examples(
        f"{PREVIEW}/disclaimers/{{disclaimer}}/", PREVIEW_DISCLAIMER, summary="A draft of the network's disclaimer"
    ),
}


@functools.cache
def captured_answers() -> dict:
    """``{operation_id: {status: {example name: body}}}`` as last captured (empty before the first capture)."""
    if not EXAMPLES_FILE.exists():
        return {}
    return json.loads(EXAMPLES_FILE.read_text())


def add_captured_examples(result, generator, request, public):
    """drf-spectacular postprocessing hook: each response's captured examples, by operation id.

    Added here rather than as ``OpenApiExample`` on the views: drf-spectacular would wrap a list
    endpoint's example in a made-up page (``build_listed_example_value``), and these are whole
    real answers, pages included."""
    answers = captured_answers()
    for operations in result["paths"].values():
        for operation in operations.values():
            declared = EXAMPLES.get(operation.get("operationId"), [])
            for status, response in operation.get("responses", {}).items():
                media = response.get("content", {}).get("application/json")
                captured = answers.get(operation["operationId"], {}).get(status, {})
                examples = {
                    example.name: {
                        "summary": example.summary,
                        "description": example.description,
                        "value": captured[example.name],
                    }
                    for example in declared
                    if str(example.status) == status and example.name in captured
                }
                if media is not None and examples:
                    media["examples"] = examples
    return result
