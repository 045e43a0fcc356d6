"""Checking an article's claims as its editor types: the edit form as it stands, posted by the
Claim checks panel (``articles/static/articles/claims_panel.js``), answered with the panel's
flags. Nothing is saved; the form is bound as Wagtail's live preview binds it."""

import uuid

from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from wagtail.models import Page

from network.models import MedicalReviewTask

from .claims.panels import flag_rows
from .models import ArticlePage

# A long article's edit form is some tens of kilobytes; beyond this the check would hold a worker
# for seconds on every pause in typing.
MAX_FORM_BYTES = 300_000


def refused() -> JsonResponse:
    return JsonResponse({"error": "You cannot edit this article."}, status=403)


def check_claims(request, page_id: int):
    """The flags of an article's edit form as posted (its editors and the medical reviewers)."""
    page = get_object_or_404(ArticlePage.objects.select_related("latest_revision"), pk=page_id)
    page = page.get_latest_revision_as_object()
    may_edit = page.permissions_for_user(request.user).can_edit()
    if not (may_edit or MedicalReviewTask.reviewer_of(request.user) is not None):
        return refused()
    return flags_of_form(request, page=page, parent=page.get_parent().specific)


def check_new_claims(request, parent_id: int):
    """The flags of a new article's create form as posted, under ``parent``."""
    parent = get_object_or_404(Page, pk=parent_id).specific
    if not (ArticlePage.can_create_at(parent) and parent.permissions_for_user(request.user).can_add_subpage()):
        return refused()
    return flags_of_form(request, page=ArticlePage(locale=parent.locale), parent=parent)


def flags_of_form(request, *, page: ArticlePage, parent: Page) -> JsonResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if len(request.body) > MAX_FORM_BYTES:
        return JsonResponse(
            {"error": "Too long to check as you type: save the draft, and the panel checks it."}, status=413
        )
    data = request.POST.copy()
    # As the live preview does: a form being typed into may lack its title or slug yet.
    if not data.get("slug"):
        data["slug"] = str(uuid.uuid4())
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(data, instance=page, parent_page=parent, for_user=request.user)
    # Validation puts every field that validated on the instance (ModelForm._post_clean), so an
    # invalid form (a required field still empty) is checked as far as it goes.
    try:
        form.is_valid()
        claims = flag_rows(form.instance)
    except Exception:
        return JsonResponse({"error": "The form data is not an article's edit form."}, status=400)
    html = render_to_string("articles/claims/flags.html", {"claims": claims, "link_blocks": True}, request=request)
    return JsonResponse({"count": claims["count"], "html": html}, headers={"Cache-Control": "no-store"})
