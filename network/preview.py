"""Headless preview: signed, short-lived tokens that let one clinic's preview website read one
draft, the frozen unsaved states they may name, and the audit record of a reviewer's preview.

A token names one object (an article, a clinic's local text of a shared article, a contact block
or a disclaimer), the exact revision or frozen unsaved state (``PreviewSnapshot``) previewed, the
clinic whose website shows it and the locale; it expires (``PREVIEW_TOKEN_SECONDS``, default an
hour). It is signed with the secret key (Django's signing, HMAC-SHA256): a changed character is
detected. What the preview website receives is built in ``api.preview``; what the admin shows when
an editor presses Preview is connected from there too (``connect``), since this room sits below
the clinics and the API.
"""

import datetime
import json
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry, PageLogEntry, Revision, RevisionMixin

from .models.preview import KINDS, PreviewSnapshot

SALT = "clinic-network.preview-token"
MAX_TOKEN_LENGTH = 2000
PREVIEW_ACTION = "network.preview"


class TokenRefused(Exception):
    """A token that is malformed, tampered with or expired: the message says which, for the API's 401."""


@dataclass(frozen=True)
class PreviewToken:
    kind: str
    object_id: int
    clinic_id: int
    locale: str  # the language code the clinic's website shows it in
    revision_id: int | None  # a saved revision, or
    snapshot_id: int | None  # an unsaved state frozen when the editor pressed Preview
    created: int  # seconds since the epoch
    expires: int

    @property
    def expires_at(self) -> datetime.datetime:
        return datetime.datetime.fromtimestamp(self.expires, tz=datetime.UTC)

    @property
    def created_at(self) -> datetime.datetime:
        return datetime.datetime.fromtimestamp(self.created, tz=datetime.UTC)


def token_lifetime() -> int:
    return int(getattr(settings, "PREVIEW_TOKEN_SECONDS", 3600))


def issue(
    *,
    kind: str,
    object_id: int,
    clinic_id: int,
    locale: str,
    revision_id: int | None = None,
    snapshot_id: int | None = None,
    now: datetime.datetime | None = None,
) -> tuple[str, PreviewToken]:
    """A signed token for one revision (or snapshot) of one object, as one clinic shows it."""
    if kind not in KINDS or (revision_id is None) == (snapshot_id is None):
        raise ValueError("A preview token names one kind of content and either a revision or a snapshot.")
    created = int((now or timezone.now()).timestamp())
    token = PreviewToken(
        kind=kind,
        object_id=object_id,
        clinic_id=clinic_id,
        locale=locale,
        revision_id=revision_id,
        snapshot_id=snapshot_id,
        created=created,
        expires=created + token_lifetime(),
    )
    return signing.dumps(asdict(token), salt=SALT, compress=True), token


def read(value: str, *, now: datetime.datetime | None = None) -> PreviewToken:
    """The token's claims once its signature is verified; ``TokenRefused`` for anything else.
    The signature is checked before anything in the token is decompressed or read."""
    if not value or len(value) > MAX_TOKEN_LENGTH:
        raise TokenRefused("The preview token is missing or malformed.")
    try:
        claims = signing.loads(value, salt=SALT)
        token = PreviewToken(**claims)
    except (signing.BadSignature, TypeError, ValueError):
        raise TokenRefused(
            "The preview token is not valid: it was changed or was not issued by this network."
        ) from None
    if token.expires <= (now or timezone.now()).timestamp():
        raise TokenRefused("The preview token has expired: press Preview in the admin again for a new one.")
    return token


def snapshot_of(obj: RevisionMixin, *, user, now: datetime.datetime | None = None) -> PreviewSnapshot:
    """Freeze the object as the editor is previewing it (unsaved changes included), for a token;
    snapshots whose tokens have all expired are deleted on the way."""
    now = now or timezone.now()
    PreviewSnapshot.objects.filter(expires_at__lt=now).delete()
    return PreviewSnapshot.objects.create(
        base_content_type=obj.get_base_content_type(),
        object_id=str(obj.pk),
        content=obj.serializable_data(),
        base_revision_id=getattr(obj, "latest_revision_id", None),
        created_by=user if getattr(user, "is_authenticated", False) else None,
        expires_at=now + datetime.timedelta(seconds=token_lifetime()),
    )


@dataclass(frozen=True)
class Previewed:
    content: Model  # the object as previewed: the revision's or snapshot's content on the saved object
    saved: Model  # the object as saved
    revision: Revision | None  # the revision previewed, or the one a snapshot's changes were made to


# What the object itself holds rather than what an editor wrote: kept from the saved object when a
# revision is restored (``with_content_json``), so left out when telling a revision's content apart.
NOT_CONTENT = {
    "pk",
    "id",
    "path",
    "depth",
    "numchild",
    "url_path",
    "live",
    "has_unpublished_changes",
    "owner",
    "locked",
    "locked_by",
    "locked_at",
    "latest_revision",
    "latest_revision_created_at",
    "first_published_at",
    "last_published_at",
    "live_revision",
    "alias_of",
    "draft_title",
    "expired",
    "wagtail_admin_comments",
    "comments",
    "content_type",
    "live_review",
    "master_revision",
    "confirmed_at",
    "confirmed_by",
    "translation_key",
    "locale",
}
RECENT_REVISIONS = 20


def written_content(data: dict) -> str:
    return json.dumps(
        {key: value for key, value in data.items() if key not in NOT_CONTENT}, cls=DjangoJSONEncoder, sort_keys=True
    )


def saved_revision_showing(obj: RevisionMixin) -> Revision | None:
    """The saved revision (of the object's last twenty, newest first) whose content is exactly what ``obj``
    holds, else None: "View draft" and the history's preview of a revision pass Wagtail's preview
    the revision's content, not the revision."""
    shown = written_content(json.loads(json.dumps(obj.serializable_data(), cls=DjangoJSONEncoder)))
    for revision in obj.revisions.order_by("-created_at", "-pk")[:RECENT_REVISIONS]:
        if written_content(revision.content) == shown:
            return revision
    return None


def content_of(token: PreviewToken, *, model: type[RevisionMixin]) -> Previewed | None:
    """What the token previews; None when the object, revision or snapshot no longer exists."""
    saved = model._default_manager.filter(pk=token.object_id).first()
    if saved is None:
        return None
    base_content_type_id = saved.get_base_content_type().pk
    if token.revision_id is not None:
        revision = Revision.objects.filter(pk=token.revision_id, object_id=str(saved.pk)).first()
        if revision is None or revision.base_content_type_id != base_content_type_id:
            return None
        return Previewed(content=saved.with_content_json(revision.content), saved=saved, revision=revision)
    if token.snapshot_id is None:
        return None
    snapshot = (
        PreviewSnapshot.objects.filter(pk=token.snapshot_id, object_id=str(saved.pk))
        .select_related("base_revision")
        .first()
    )
    if snapshot is None or snapshot.base_content_type_id != base_content_type_id:
        return None
    return Previewed(content=saved.with_content_json(snapshot.content), saved=saved, revision=snapshot.base_revision)


def record_preview(*, content: Model, user, revision: Revision, clinic_name: str, locale: str) -> None:
    """Note in the audit log that the user previewed this revision as the clinic shows it: the
    reviewer's approval records the last one (``last_preview_by``)."""
    log(
        instance=content,
        action=PREVIEW_ACTION,
        user=user,
        revision=revision,
        data={"revision": revision.pk, "clinic": clinic_name, "locale": locale},
    )


def last_preview_by(*, content: Model, user) -> ModelLogEntry | PageLogEntry | None:
    """The user's last preview of this content in a clinic's website (an audit log entry)."""
    entries = log_registry.get_logs_for_instance(content)
    return entries.filter(action=PREVIEW_ACTION, user=user).order_by("-timestamp", "-pk").first()
