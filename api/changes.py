"""The change feed endpoint: what changed for a clinic's website since its last visit,
withdrawals included, for websites that catch up by asking (static builds: Next.js ISR, Astro)
instead of receiving webhooks.

Each change is in the webhook body's shape (``changes.events.event_body``), so the feed and the
webhooks cannot drift; the cursor and its guarantees are ``changes.feed``'s. Never cached: not
by the response cache (nor its fast path, whose paths leave this one out), nor by a CDN or a
browser (``Cache-Control: private, no-store``, errors included), as every answer moves with the
next change.
"""

import re

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from changes.events import event_body
from changes.feed import CursorAhead, CursorNotKept, FeedPage, changes_after, feed_position
from changes.models import EVENT_TYPES, KINDS, WITHDRAWAL_REASONS, ClinicChange
from clinics.structure import ClinicProfile

from .delivery import DeliveryView, render
from .errors import InvalidParameter
from .pagination import whole_number
from .schema import CLINIC, ErrorSerializer, answers

FEED_PAGE_SIZE = 100
FEED_MAX_PAGE_SIZE = 500
# What the feed gives as a cursor: a position, in ASCII digits, without leading zeros, in a bigint.
CURSOR = re.compile(r"0|[1-9][0-9]{0,17}")
CACHE_CONTROL = "private, no-store"
REBUILD = "Rebuild from the API, then follow the changes from a new cursor (ask without since before rebuilding)."


class ChangeDataSerializer(serializers.Serializer):
    """What to refresh on the clinic's website, and where."""

    # Documents ``ClinicChange.data`` as ``changes.relay`` writes it.
    kind = serializers.ChoiceField(choices=KINDS, help_text="What changed.")
    key = serializers.CharField(
        allow_blank=True,
        help_text="Articles and disclaimers: the translation key, the same in every locale (an article's "
        "translations share it). Empty for the other kinds.",
    )
    locale = serializers.CharField(
        allow_blank=True,
        help_text="The locale that changed (`en`, `es`); empty for the clinic's record and the taxonomy.",
    )
    slug = serializers.CharField(
        required=False,
        help_text="Articles: the article's slug in `locale`; for a withdrawal, the slug it was served at.",
    )
    previous_slug = serializers.CharField(
        required=False,
        help_text="`article.updated` when the slug changed: the old address, to redirect or remove.",
    )
    reason = serializers.ChoiceField(
        choices=WITHDRAWAL_REASONS,
        required=False,
        help_text="`article.withdrawn`: why the clinic no longer serves the article. `unpublished`, `deleted`; "
        "`hidden` by the clinic (a shared article); `moved` out of the clinic's pages or locales; `overdue`: "
        "withheld until its medical review is renewed; `not_approved`: its approval was revoked, or a revision "
        "was published without one. Whatever the reason, take the page down.",
    )
    next_review_due = serializers.DateField(
        required=False,
        help_text="`article.review_due_soon` and `article.review_overdue`: the date the article's medical review "
        "is (or was) due.",
    )
    urls = serializers.ListField(
        child=serializers.URLField(),
        help_text="Pages of the clinic's own website to rebuild or revalidate (an article's page; at the old "
        "address too when its slug changed).",
    )
    paths = serializers.ListField(
        child=serializers.CharField(),
        help_text="The API paths whose answers changed: fetch them again (a withdrawn article's answers 404).",
    )
    surrogate_keys = serializers.ListField(
        child=serializers.CharField(),
        help_text="The `Surrogate-Key` / `Cache-Tag` values of the answers that changed, to purge from a CDN "
        "in front of the API.",
    )


class ChangeEventSerializer(serializers.Serializer):
    """One change of what the clinic's website shows: the same body a webhook delivers."""

    # Documents ``changes.events.event_body``, which renders the feed and the webhook bodies alike.
    id = serializers.CharField(
        help_text="The change's id, the same in its webhook body: skip a change already applied."
    )
    type = serializers.ChoiceField(
        choices=[value for value, _ in EVENT_TYPES],
        help_text="; ".join(f"`{value}`: {label.lower()}" for value, label in EVENT_TYPES) + ".",
    )
    timestamp = serializers.DateTimeField(help_text="When the change was recorded (UTC).")
    clinic = serializers.CharField(help_text="The clinic's slug.")
    data = ChangeDataSerializer()


@extend_schema_field(ChangeEventSerializer(many=True))
class ChangeEventsField(serializers.Field):
    """Changes as ``changes.events.event_body`` writes them: the webhook body's shape, from the
    one function that writes both."""

    def to_representation(self, changes: list[ClinicChange]) -> list[dict]:
        return [event_body(change, clinic_slug=self.context["clinic_slug"]) for change in changes]


class ChangeFeedSerializer(serializers.Serializer):
    """A page of the clinic's change feed."""

    # Renders a ``changes.feed.FeedPage``.
    cursor = serializers.CharField(
        help_text="Opaque: keep it, and send it as `since` next time, as it is. Every change up to it has "
        "been given (in this page or an earlier one)."
    )
    has_more = serializers.BooleanField(help_text="More changes follow: ask again at once, with `next`.")
    next = serializers.SerializerMethodField()
    changes = ChangeEventsField(help_text="Oldest first; empty when nothing changed.")

    @extend_schema_field(
        serializers.URLField(
            allow_null=True, help_text="This request with `since` set to `cursor`, when `has_more`; else null."
        )
    )
    def get_next(self, page: FeedPage) -> str | None:
        if not page.has_more:
            return None
        return replace_query_param(self.context["request"].build_absolute_uri(), "since", str(page.cursor))


class FeedCursorGone(APIException):
    status_code = 410
    default_detail = f"This cursor is older than the changes the feed keeps. {REBUILD}"
    default_code = "cursor_expired"


SINCE = OpenApiParameter(
    "since",
    {"type": "string", "pattern": f"^({CURSOR.pattern})$"},
    description="The `cursor` of your last answer, as it was given (an opaque string). Without it: no changes, "
    "and the cursor of now, where a new build starts following.",
)
PAGE_SIZE = OpenApiParameter(
    "page_size",
    {"type": "integer", "minimum": 1, "maximum": FEED_MAX_PAGE_SIZE, "default": FEED_PAGE_SIZE},
    description=f"Changes per answer, 1 to {FEED_MAX_PAGE_SIZE} (default {FEED_PAGE_SIZE}).",
)
GONE = OpenApiResponse(
    ErrorSerializer,
    description="The cursor is older than the changes the feed keeps (`cursor_expired`: "
    f"{settings.CHANGE_FEED_RETENTION_DAYS} days), or ahead of the feed (`cursor_ahead`: not a cursor it gave, "
    "or the network's database was restored from a backup). Rebuild, then follow from a new cursor.",
)


class ClinicChanges(DeliveryView):
    """The clinic's change feed, after a cursor."""

    serializer_class = ChangeFeedSerializer
    parameters = frozenset({"since", "page_size"})

    @extend_schema(
        operation_id="clinic_changes",
        summary="Follow the clinic's changes",
        description="What changed for the clinic's website, oldest first: articles published, updated and "
        "withdrawn (unpublished, deleted, hidden, withheld), reviews falling due, contact details, "
        "disclaimers, the clinic's record, the taxonomy; each change in the shape of a webhook body. "
        "Ask without `since` when a build starts (before it reads any content): no changes, and a `cursor`. "
        "Then ask with `since` set to the last `cursor`: the changes after it, and a new `cursor`; while "
        "`has_more`, ask again with `next`. Changes are kept "
        f"{settings.CHANGE_FEED_RETENTION_DAYS} days: an older cursor is a 410, after which the website "
        "rebuilds. Never cached (`Cache-Control: private, no-store`).",
        tags=["clinics"],
        parameters=[CLINIC, SINCE, PAGE_SIZE],
        responses={**answers(ChangeFeedSerializer), 410: GONE},
    )
    def get(self, request, clinic):
        self.accept(request)
        profile = self.clinic(request, clinic)
        since, size = requested_cursor(request), requested_page_size(request)
        if since is None:  # a build starting: where to follow from
            page = FeedPage(changes=[], cursor=feed_position(), has_more=False)
        else:
            page = self.feed_page(clinic=profile, since=since, size=size)
        return Response(render(ChangeFeedSerializer, page, request=request, clinic_slug=profile.slug))

    @staticmethod
    def feed_page(*, clinic: ClinicProfile, since: int, size: int) -> FeedPage:
        try:
            return changes_after(clinic_id=clinic.pk, since=since, size=size)
        except CursorNotKept:
            raise FeedCursorGone(
                f"This cursor is older than the changes the feed keeps "
                f"({settings.CHANGE_FEED_RETENTION_DAYS} days). {REBUILD}"
            ) from None
        except CursorAhead:
            raise FeedCursorGone(
                f"This cursor is ahead of the feed: the feed did not give it, or the network's database was "
                f"restored from a backup. {REBUILD}",
                code="cursor_ahead",
            ) from None

    def finalize_response(self, request, response, *args, **kwargs):
        """Every answer, errors included, is for this request only and now only."""
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = CACHE_CONTROL
        return response


def single_value(request, name: str) -> str | None:
    values = request.query_params.getlist(name)
    if len(values) > 1:
        raise InvalidParameter(name, "Give it once.")
    return values[0] if values else None


def requested_cursor(request) -> int | None:
    """``since`` as a position (None when absent); a 400 for anything the feed does not give."""
    raw = single_value(request, "since")
    if raw is None:
        return None
    if not CURSOR.fullmatch(raw):
        raise InvalidParameter("since", "Use the cursor of a previous answer as it was given, or leave since out.")
    return int(raw)


def requested_page_size(request) -> int:
    raw = single_value(request, "page_size")
    if raw is None:
        return FEED_PAGE_SIZE
    return whole_number(raw, parameter="page_size", highest=FEED_MAX_PAGE_SIZE)
