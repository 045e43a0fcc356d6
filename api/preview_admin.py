"""Preview in the admin: Wagtail's Preview button and live preview panel, and the reviewer's
preview of a revision in review, send the user to a clinic's preview website with a token.

Each previewable model (``network.models.preview.HeadlessPreviewMixin``) asks this module for its
response (``respond``): a page that frames the clinic's preview website, with the token's details,
or says why it cannot (no preview client, a clinic the user does not work for). The clinics a
user may pick in the live preview panel (``modes_for``) are listed by ``templatetags.preview_tags``.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View
from wagtail.models import Page, Revision

from articles.selectors import clinics_showing, language_of
from clinics.permissions import clinic_ids_of
from clinics.structure import ClinicProfile, network_structure
from network.models.preview import KIND_ARTICLE, KIND_CONTACT, KIND_LOCAL_TEXT
from network.preview import (
    PreviewToken,
    issue,
    last_preview_by,
    record_preview,
    saved_revision_showing,
    snapshot_of,
)
from network.review import is_active_reviewer

from .models import FrontEndClient

PLAIN_MODE = "plain"
CLINIC_MODE_PREFIX = "clinic-"


def may_preview_as(user, clinic: ClinicProfile) -> bool:
    """A clinic's editor previews as their own clinics only (another clinic's preview shows that
    clinic's contact details and local texts); everyone else as any clinic."""
    ids = clinic_ids_of(user)
    return ids is None or not ids or clinic.pk in ids


def modes_for(obj, user) -> list[tuple[str, str]]:
    """Wagtail's preview modes: the default ("", the user's own clinic, else the first clinic
    showing it), each clinic showing it, and for pages the admin's plain rendering."""
    clinics = [clinic for clinic in clinics_showing(obj) if may_preview_as(user, clinic)]
    modes = []
    if len(clinics) == 1:
        modes.append(("", f"{clinics[0].name} website"))
    elif clinics:
        modes.append(("", "Your clinic's website (else the first)"))
        modes.extend((f"{CLINIC_MODE_PREFIX}{clinic.slug}", f"As {clinic.name}") for clinic in clinics)
    else:
        modes.append(("", "Clinic website"))
    if isinstance(obj, Page):
        modes.append((PLAIN_MODE, "Plain text (admin)"))
    return modes


def chosen_clinic(obj, user, mode_name: str) -> ClinicProfile | None:
    clinics = [clinic for clinic in clinics_showing(obj) if may_preview_as(user, clinic)]
    if mode_name.startswith(CLINIC_MODE_PREFIX):
        slug = mode_name.removeprefix(CLINIC_MODE_PREFIX)
        return next((clinic for clinic in clinics if clinic.slug == slug), None)
    own = clinic_ids_of(user) or frozenset()
    return next((clinic for clinic in clinics if clinic.pk in own), clinics[0] if clinics else None)


def preview_client_of(clinic: ClinicProfile) -> FrontEndClient | None:
    return (
        FrontEndClient.objects.filter(clinic_id=clinic.pk, kind=FrontEndClient.KIND_PREVIEW, is_active=True)
        .exclude(preview_url_template="")
        .order_by("name")
        .first()
    )


def api_path_of(obj, *, kind: str, clinic: ClinicProfile) -> tuple[str, str]:
    """The preview API path a front-end calls for this token, and the slug it is given."""
    if kind == KIND_ARTICLE:
        slug = obj.slug
    elif kind == KIND_LOCAL_TEXT:
        slug = obj.article.slug
    else:
        slug = ""
    if kind in (KIND_ARTICLE, KIND_LOCAL_TEXT):
        path = reverse("api:preview-article", kwargs={"clinic": clinic.slug, "slug": slug})
    elif kind == KIND_CONTACT:
        path = reverse("api:preview-contact", kwargs={"clinic": clinic.slug})
    else:
        path = reverse("api:preview-disclaimer", kwargs={"clinic": clinic.slug, "id": obj.pk})
    return path, slug


def frame(
    request,
    obj,
    *,
    clinic: ClinicProfile | None,
    token: str = "",
    claims: PreviewToken | None = None,
    problem: str = "",
    revision: Revision | None = None,
    status: int = 200,
):
    """The page the admin shows: a banner and the clinic's preview website in a frame."""
    context = {"object": obj, "clinic": clinic, "problem": problem, "claims": claims, "revision": revision}
    if clinic is not None and claims is not None:
        kind = claims.kind
        api_path, slug = api_path_of(obj, kind=kind, clinic=clinic)
        client = preview_client_of(clinic)
        context.update(
            token=token,
            # Wagtail's preview runs on a stand-in request (the page's site as its host): the admin's own address.
            api_url=f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{api_path}",
            client=client,
            url=client.preview_url(
                token=token, kind=kind, clinic=clinic.slug, slug=slug, locale=claims.locale, object_id=claims.object_id
            )
            if client
            else "",
            plain_url=f"{reverse('wagtailadmin_pages:view_draft', args=(obj.pk,))}?mode={PLAIN_MODE}"
            if isinstance(obj, Page)
            else "",
        )
    response = TemplateResponse(request, "api/preview_frame.html", context, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store"
    return response


def token_for(obj, *, clinic: ClinicProfile, **revision_or_snapshot: int) -> tuple[str, PreviewToken]:
    """A token for ``obj`` (a saved object, as previewed) shown by ``clinic`` in the object's language."""
    return issue(
        kind=obj.preview_kind, object_id=obj.pk, clinic_id=clinic.pk, locale=language_of(obj), **revision_or_snapshot
    )


def respond(obj, request, mode_name: str):
    """What Wagtail's Preview shows: the unsaved state, frozen, as the chosen clinic shows it."""
    if isinstance(obj, Page) and (mode_name == PLAIN_MODE or obj.pk is None):
        return obj.plain_preview(request, "")  # a new page has nothing saved for a clinic's website to read
    user = request.user
    if obj.pk is None:
        return frame(
            request, obj, clinic=None, problem="Save a draft first: a clinic's website previews saved content."
        )
    clinic = chosen_clinic(obj, user, mode_name)
    if clinic is None:
        return frame(
            request,
            obj,
            clinic=None,
            problem="No clinic you work for shows this content in its language, so there is no website to preview "
            "it in.",
        )
    # "View draft" and a revision in the history show a saved revision: the token names it, so the
    # preview says which revision and its review state; anything else is frozen as it is now.
    revision = saved_revision_showing(obj)
    if revision is not None:
        token, claims = token_for(obj, clinic=clinic, revision_id=revision.pk)
    else:
        token, claims = token_for(obj, clinic=clinic, snapshot_id=snapshot_of(obj, user=user).pk)
    return frame(request, obj, clinic=clinic, token=token, claims=claims, revision=revision)


def review_preview_links(*, revision: Revision, user) -> list[tuple[str, str]]:
    """(clinic name, admin URL) for previewing a revision in each clinic's website that shows it."""
    content = revision.as_object()
    return [
        (clinic.name, reverse("preview_revision_in_clinic", args=(revision.pk, clinic.slug)))
        for clinic in clinics_showing(content)
        if may_preview_as(user, clinic)
    ]


class PreviewRevisionView(View):
    """A reviewer (or an editor of the content) previews one saved revision as a clinic shows it;
    the preview is noted in the audit log, and an approval records the reviewer's last one."""

    def get(self, request, revision_id: int, clinic: str):
        revision = get_object_or_404(Revision, pk=revision_id)
        saved = revision.content_object
        if saved is None or not hasattr(saved, "preview_kind"):
            raise Http404
        content = revision.as_object()
        profile = network_structure().clinics.get(clinic)
        if profile is None or profile not in clinics_showing(content):
            raise Http404("That clinic does not show this content.")
        # A reviewer reads the medical text they may be asked to approve; anything else (a contact
        # block) only its own editors.
        reviews_it = getattr(saved, "requires_medical_review", False) and is_active_reviewer(request.user)
        if not may_preview_as(request.user, profile) or not (reviews_it or may_change(request.user, saved)):
            raise PermissionDenied
        token, claims = token_for(content, clinic=profile, revision_id=revision.pk)
        response = frame(request, content, clinic=profile, token=token, claims=claims, revision=revision)
        if request.method == "GET" and response.context_data.get("client") is not None:
            # Shown in the clinic's website: what the approval will record (not a HEAD, nor a
            # clinic without a preview website, where nothing was shown).
            record_preview(
                content=saved, user=request.user, revision=revision, clinic_name=profile.name, locale=claims.locale
            )
        return response


def may_change(user, obj) -> bool:
    if isinstance(obj, Page):
        return obj.permissions_for_user(user).can_edit()
    meta = type(obj)._meta
    if not user.has_perm(f"{meta.app_label}.change_{meta.model_name}"):
        return False
    clinic_id = getattr(obj, "clinic_id", None)
    ids = clinic_ids_of(user)
    return clinic_id is None or ids is None or not ids or clinic_id in ids


def last_preview_note(*, revision: Revision, user) -> dict | None:
    """The reviewer's last preview of this content in a clinic's website, for the approval step."""
    content = revision.content_object
    entry = last_preview_by(content=content, user=user) if content is not None else None
    if entry is None:
        return None
    return {
        "revision_id": entry.revision_id,
        "same_revision": entry.revision_id == revision.pk,
        "clinic": entry.data.get("clinic", ""),
        "locale": entry.data.get("locale", ""),
        "at": timezone.localtime(entry.timestamp),
    }
