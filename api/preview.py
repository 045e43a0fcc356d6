"""The preview API: one clinic's preview website reads a draft through a preview token.

``GET /api/v1/preview/clinics/{clinic}/articles/{slug}/?token=...`` answers an article's draft
(or a shared article with the clinic's draft local text in place) in exactly the article detail
shape, built by the delivery code (``articles.selectors.reading_of``, ``ArticleDetailSerializer``)
with the clinic's published contact block, its approved disclaimer and its links, plus a
``preview`` object. The contact block and disclaimer previews answer their delivery shapes the
same way. Every answer is ``Cache-Control: no-store`` and ``X-Robots-Tag: noindex``, carries no
surrogate keys and never enters the response cache (the fast path does not match these paths).

Who may read: a key of a preview client (``FrontEndClient.reads_drafts``) of the token's clinic.
A delivery key is a 403; a token that is tampered with, expired, or for another clinic or object
is a 401; a token whose revision or object was deleted since is a 404.
"""

import datetime
from dataclasses import dataclass

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from articles.links import linked_page_ids, page_translation_keys
from articles.models import ArticlePage, LocalArticleText
from articles.selectors import (
    SCOPE_CLINIC,
    SCOPE_SHARED,
    ServedLocalText,
    article_reading,
    audience_for,
    draft_reading,
    served_versions,
)
from clinics.models import ContactBlock
from clinics.selectors import contact_details_of
from clinics.structure import ClinicProfile, LocaleRef
from network.models import Disclaimer, MedicalReview
from network.models.preview import KIND_ARTICLE, KIND_CONTACT, KIND_DISCLAIMER, KIND_LOCAL_TEXT, KINDS
from network.preview import Previewed, PreviewToken, TokenRefused, content_of, read
from network.review import PREVIEW_STATES, exact_approval, preview_state_of, served_approval
from network.selectors import ServedDisclaimer

from .articles import (
    ArticleDetailSerializer,
    DisclaimerSerializer,
    MedicalReviewSerializer,
    OverrideSerializer,
    ReviewerSerializer,
)
from .blocks import reading_context
from .clinics import ContactBlockSerializer
from .delivery import DeliveryView, render, rich_text_resolver
from .schema import CLINIC, SLUG, answers

PREVIEW_HEADERS = {
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
}
PENDING_REVIEW = {"status": "pending"}  # no reviewer, date or due date: the keys are left out, never null


class PreviewTokenRefused(exceptions.AuthenticationFailed):
    default_code = "preview_token_refused"


class DraftsRefused(exceptions.PermissionDenied):
    default_code = "drafts_refused"


@dataclass(frozen=True)
class PreviewInfo:
    kind: str
    object_id: int
    revision: int | None
    unsaved: bool
    workflow_state: str
    clinic: str
    locale: str
    created: datetime.datetime
    expires: datetime.datetime


class PreviewSerializer(serializers.Serializer):
    """What is previewed: show the reader a "Preview" banner, and never cache the answer."""

    kind = serializers.ChoiceField(
        choices=list(KINDS),
        help_text="`article`, `local_text` (the clinic's local text of a shared article, shown in place), "
        "`contact` or `disclaimer`.",
    )
    object_id = serializers.IntegerField(help_text="The id of the article, local text, contact block or disclaimer.")
    revision = serializers.IntegerField(
        allow_null=True,
        help_text="The revision previewed; with `unsaved`, the saved revision the editor was changing (null if none).",
    )
    unsaved = serializers.BooleanField(
        help_text="The editor's changes as they were when they pressed Preview, not saved."
    )
    workflow_state = serializers.ChoiceField(
        choices=list(PREVIEW_STATES),
        help_text="`draft`, `in_review` (a medical reviewer has it), `changes_requested`, `approved` (a reviewer "
        "approved this revision); `published` for a contact block's live revision.",
    )
    clinic = serializers.CharField(help_text="The clinic whose website previews it.")
    locale = serializers.CharField()
    created = serializers.DateTimeField()
    expires = serializers.DateTimeField(help_text="After this the token is refused (401).")


class PreviewReviewSerializer(MedicalReviewSerializer):
    """The medical review of the revision previewed: its approval, or only `"status": "pending"`
    while no reviewer approved this exact revision (patients will not see it until one does)."""

    reviewed_by = ReviewerSerializer(source="*", required=False, help_text="Left out while `pending`.")
    reviewed_at = serializers.DateTimeField(required=False, help_text="Left out while `pending`.")
    next_review_due = serializers.DateField(required=False, help_text="Left out while `pending`.")
    status = serializers.ChoiceField(
        choices=["current", "due_soon", "overdue", "pending"],
        help_text="As in delivery, or `pending`: no medical reviewer approved this revision.",
    )


def pending_where_unreviewed(representation: dict) -> dict:
    if "medical_review" in representation and representation["medical_review"] is None:
        representation["medical_review"] = dict(PENDING_REVIEW)
    return representation


class PreviewOverrideSerializer(OverrideSerializer):
    medical_review = PreviewReviewSerializer(source="local_text.medical_review", required=False)

    def to_representation(self, override) -> dict:
        return pending_where_unreviewed(super().to_representation(override))


@extend_schema_field(PreviewSerializer)
class PreviewField(serializers.Field):
    """The ``preview`` object, from the context (the token's claims)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, value) -> dict:
        return render(PreviewSerializer, self.context["preview"])


class ArticlePreviewSerializer(ArticleDetailSerializer):
    """An article's draft as the clinic's website will show it once approved: the article detail
    shape, with `medical_review` telling the truth about this revision, and `preview`."""

    medical_review = PreviewReviewSerializer()
    override = PreviewOverrideSerializer(required=False)
    preview = PreviewField()

    def to_representation(self, reading) -> dict:
        return pending_where_unreviewed(super().to_representation(reading))


class ContactPreviewSerializer(ContactBlockSerializer):
    """A contact block's draft in the contact shape, and `preview`."""

    preview = PreviewField()


class DisclaimerPreviewSerializer(DisclaimerSerializer):
    """A disclaimer's draft in the shape an article's `disclaimer` has, and `preview`."""

    medical_review = PreviewReviewSerializer()
    preview = PreviewField()

    def to_representation(self, disclaimer) -> dict:
        return pending_where_unreviewed(super().to_representation(disclaimer))


TOKEN = OpenApiParameter(
    "token",
    OpenApiTypes.STR,
    required=True,
    description="The preview token the admin put in the preview website's URL. Valid for one object, one "
    "clinic and one locale, for an hour by default.",
)
PREVIEW_ERRORS = (400, 401, 403, 404, 406, 429)


class PreviewView(DeliveryView):
    """A draft, read with a preview client's key and a preview token: never cached."""

    parameters = frozenset({"token"})
    kinds: frozenset[str] = frozenset()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        for name, value in PREVIEW_HEADERS.items():
            response[name] = value
        return response

    def checked(self, request, clinic: str) -> tuple[ClinicProfile, PreviewToken, LocaleRef]:
        """The clinic (404, or 403 outside the key's scope), a preview key (403 for a delivery
        key), a valid token of this endpoint's kinds for this clinic (401) and its locale."""
        self.accept(request)
        profile = self.clinic(request, clinic)
        if not request.auth.client.reads_drafts:
            raise DraftsRefused(
                "This key reads published content only: previews need a key of the clinic's preview client."
            )
        try:
            token = read(request.query_params.get("token", ""))
        except TokenRefused as refused:
            raise PreviewTokenRefused(str(refused)) from None
        if token.clinic_id != profile.pk:
            raise PreviewTokenRefused("This preview token is for another clinic's website.")
        if token.kind not in self.kinds:
            raise PreviewTokenRefused(
                f"This preview token is for a {token.kind.replace('_', ' ')}, not for this endpoint."
            )
        locale = profile.locale(token.locale)
        if locale is None:
            raise exceptions.NotFound(f"{profile.name} no longer serves the locale '{token.locale}'.")
        return profile, token, locale

    def previewed(self, token: PreviewToken, model) -> Previewed:
        found = content_of(token, model=model)
        if found is None:
            raise exceptions.NotFound(
                "What this token previews no longer exists (the revision or the object was deleted): "
                "press Preview in the admin again."
            )
        return found

    def approval(self, token: PreviewToken, revision) -> MedicalReview | None:
        """The approval of the revision the token names; none for unsaved changes."""
        return None if token.snapshot_id is not None else exact_approval(revision)

    def info(self, token: PreviewToken, *, saved, revision, approved: bool, clinic: ClinicProfile) -> PreviewInfo:
        unsaved = token.snapshot_id is not None
        return PreviewInfo(
            kind=token.kind,
            object_id=token.object_id,
            revision=revision.pk if revision is not None else None,
            unsaved=unsaved,
            workflow_state=preview_state_of(content=saved, revision=revision, unsaved=unsaved, approved=approved),
            clinic=clinic.slug,
            locale=token.locale,
            created=token.created_at,
            expires=token.expires_at,
        )


def scope_in(clinic: ClinicProfile, article: ArticlePage, libraries) -> str | None:
    """Whether the clinic shows the article (its own tree, or the shared library), and as what."""
    home = clinic.homes.get(article.locale_id)
    if home is not None and article.path.startswith(home.path) and article.depth > home.depth:
        return SCOPE_CLINIC
    library = libraries.get(article.locale_id)
    if library is not None and article.path.startswith(library.path) and article.depth > library.depth:
        return SCOPE_SHARED
    return None


class ArticlePreview(PreviewView):
    serializer_class = ArticlePreviewSerializer
    kinds = frozenset({KIND_ARTICLE, KIND_LOCAL_TEXT})

    @extend_schema(
        operation_id="preview_article",
        summary="Preview an article's draft",
        description="An article's draft (or a shared article with the clinic's draft local text in place) "
        "exactly as the clinic's website will receive it once approved, in the article detail shape, with a "
        "`preview` object. Needs a preview client's key and a preview token; never cache the answer.",
        tags=["preview"],
        parameters=[CLINIC, SLUG, TOKEN],
        responses=answers(ArticlePreviewSerializer, statuses=PREVIEW_ERRORS),
    )
    def get(self, request, clinic, slug):
        profile, token, locale = self.checked(request, clinic)
        audience = audience_for(clinic=profile, locale=locale, fallback=False)
        if token.kind == KIND_ARTICLE:
            found = self.previewed(token, ArticlePage)
            draft, revision, saved = found.content, found.revision, found.saved
            scope = scope_in(profile, draft, audience.libraries)
            if scope is None:
                raise exceptions.NotFound(f"{profile.name} does not show this article (it was moved).")
            if draft.slug != slug:
                raise PreviewTokenRefused("This preview token is for another article.")
            approval = self.approval(token, revision)
            review = served_approval(approval, review_settings=audience.review_settings, on=audience.on)
            reading = draft_reading(
                audience=audience,
                draft=draft,
                scope=scope,
                medical_review=review,
                approved_files=approval.image_files if approval is not None and review is not None else None,
            )
        else:
            found = self.previewed(token, LocalArticleText)
            text, revision, saved = found.content, found.revision, found.saved
            article = ArticlePage.objects.filter(pk=text.article_id).first()  # as previewed: the form may change it
            if text.clinic_id != profile.pk:
                raise PreviewTokenRefused("This preview token is for another clinic's website.")
            if article is None or article.slug != slug:
                raise PreviewTokenRefused("This preview token is for another article.")
            review = served_approval(
                self.approval(token, revision), review_settings=audience.review_settings, on=audience.on
            )
            local = ServedLocalText(
                id=saved.pk, introduction=text.introduction, call_to_action=text.call_to_action, medical_review=review
            )
            reading = article_reading(audience=audience, slug=slug, local_text=local)
            if reading is None or reading.article.pk != article.pk:
                raise exceptions.NotFound(
                    f"{profile.name} does not serve the shared article yet: its local text previews with it "
                    "once the article is approved."
                )
        info = self.info(token, saved=saved, revision=revision, approved=review is not None, clinic=profile)
        data = render(ArticlePreviewSerializer, reading, request=request, preview=info, **reading_context(reading))
        return Response(data, headers={"Content-Language": reading.article.locale.language_code})


class ContactPreview(PreviewView):
    serializer_class = ContactPreviewSerializer
    kinds = frozenset({KIND_CONTACT})

    @extend_schema(
        operation_id="preview_contact",
        summary="Preview a contact block's draft",
        description="A draft of the clinic's contact block in the contact shape, with a `preview` object.",
        tags=["preview"],
        parameters=[CLINIC, TOKEN],
        responses=answers(ContactPreviewSerializer, statuses=PREVIEW_ERRORS),
    )
    def get(self, request, clinic):
        profile, token, _ = self.checked(request, clinic)
        found = self.previewed(token, ContactBlock)
        block, revision, saved = found.content, found.revision, found.saved
        if block.clinic_id != profile.pk:
            raise PreviewTokenRefused("This preview token is for another clinic's website.")
        info = self.info(token, saved=saved, revision=revision, approved=False, clinic=profile)
        data = render(ContactPreviewSerializer, contact_details_of(block), preview=info)
        return Response(data, headers={"Content-Language": block.locale.language_code})


class DisclaimerPreview(PreviewView):
    serializer_class = DisclaimerPreviewSerializer
    kinds = frozenset({KIND_DISCLAIMER})

    @extend_schema(
        operation_id="preview_disclaimer",
        summary="Preview a disclaimer's draft",
        description="A draft of a medical disclaimer in the shape an article's `disclaimer` has (links resolved "
        "for the clinic), with a `preview` object.",
        tags=["preview"],
        parameters=[
            CLINIC,
            OpenApiParameter(
                "id",
                OpenApiTypes.INT,
                location=OpenApiParameter.PATH,
                description="The disclaimer's id (`{id}` in the preview URL).",
            ),
            TOKEN,
        ],
        responses=answers(DisclaimerPreviewSerializer, statuses=PREVIEW_ERRORS),
    )
    def get(self, request, clinic, id):
        profile, token, locale = self.checked(request, clinic)
        if token.object_id != id:
            raise PreviewTokenRefused("This preview token is for another disclaimer.")
        found = self.previewed(token, Disclaimer)
        disclaimer, revision, saved = found.content, found.revision, found.saved
        audience = audience_for(clinic=profile, locale=locale, fallback=False)
        review = served_approval(
            self.approval(token, revision), review_settings=audience.review_settings, on=audience.on
        )
        page_keys = page_translation_keys(linked_page_ids([disclaimer.body]))
        versions = served_versions(audience=audience, locales=[locale], translation_keys=set(page_keys.values()))
        slugs = {key: slug for key, _locale_id, slug, _title in versions}
        link_slugs = {pk: slugs[key] for pk, key in page_keys.items() if key in slugs}
        served = ServedDisclaimer(
            id=disclaimer.pk,
            translation_key=str(disclaimer.translation_key),
            title=disclaimer.title,
            locale=locale.language_code,
            body=disclaimer.body,
            medical_review=review,  # type: ignore[arg-type] # None: pending, rendered as such
        )
        info = self.info(token, saved=saved, revision=revision, approved=review is not None, clinic=profile)
        resolver = rich_text_resolver(clinic=profile, language_code=locale.language_code, link_slugs=link_slugs)
        data = render(DisclaimerPreviewSerializer, served, preview=info, rich_text=resolver)
        return Response(data, headers={"Content-Language": locale.language_code})
