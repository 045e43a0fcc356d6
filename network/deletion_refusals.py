"""Deletions the admin refuses because something still refers to the object.

A user with a reviewer profile, a reviewer whose approvals are on record, a Site a clinic is
built on: the database protects them (``on_delete=PROTECT``), and Django raises ProtectedError or
RestrictedError before anything is deleted. Wagtail's delete views and bulk actions do not catch
it, so the editor got a server error. Here it becomes an error message naming what still uses the
object, and the editor goes back to the page they came from. Wagtail deletes (and logs the
deletion) in one transaction, so the refused deletion leaves nothing behind.
"""

from collections.abc import Iterable

from django.contrib import messages
from django.db.models import Model, ProtectedError, RestrictedError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

NAMED_PER_KIND = 3


def refusal_message(*, referrers: Iterable[Model]) -> str:
    """What the editor reads: each kind of object that still refers to the one they tried to
    delete, with a count and the first few by name, and what to do instead. A referring model may
    say what to do instead in ``deletion_refusal_hint``; otherwise the editor is told to change or
    remove what uses the object."""
    by_kind: dict[type[Model], list[Model]] = {}
    for referrer in referrers:
        by_kind.setdefault(type(referrer), []).append(referrer)
    parts, hints = [], []
    for model, objects in sorted(by_kind.items(), key=lambda item: str(item[0]._meta.verbose_name)):
        shown = sorted({str(obj) for obj in objects})[:NAMED_PER_KIND]
        names = [f"“{name}”" for name in shown]
        if len(objects) > len(shown):
            names.append(f"{len(objects) - len(shown)} more")
        listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
        if len(objects) == 1:
            parts.append(f"{model._meta.verbose_name} {listed}")
        else:
            parts.append(f"{len(objects)} {model._meta.verbose_name_plural} ({listed})")
        if hint := getattr(model, "deletion_refusal_hint", None):
            hints.append(hint)
    advice = " ".join(hints) or "Change or remove what uses it first."
    return f"This can't be deleted while it is still used by {'; '.join(parts)}. {advice}"


def page_to_return_to(*, request: HttpRequest) -> str:
    """The admin page the refused request came from, if it is one of ours, else the dashboard."""
    for url in (request.POST.get("next"), request.GET.get("next"), request.headers.get("referer")):
        if url and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return url
    return reverse("wagtailadmin_home")


class DeletionRefusedMiddleware:
    """Turns a protected deletion in the admin into an error message and a redirect back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith(reverse("wagtailadmin_home")):
            return None
        if isinstance(exception, ProtectedError):
            referrers = exception.protected_objects
        elif isinstance(exception, RestrictedError):
            referrers = exception.restricted_objects
        else:
            return None
        messages.error(request, refusal_message(referrers=referrers))
        return HttpResponseRedirect(page_to_return_to(request=request))
