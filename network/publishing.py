"""No publish around medical review: in the admin, the only way reviewed content goes live is a
reviewer's approval (``network.workflow_actions`` publishes the approved revision).

Wagtail asks a page's permission tester whether a user may publish wherever it offers or performs
a publish: the edit and create views' Publish action, "publish this version" from the history
(revisions revert), bulk publish in the page explorer, ``PublishPageRevisionAction`` for a
``revision.publish(user=...)``, copy-and-publish and privacy. Reviewed pages, and the pages whose
children are all reviewed (the shared library, clinic homes), answer "no" for every user,
administrators included. Snippets ask their view's available actions; ``NoPublishAroundReview``
takes "publish" out of them. Unpublishing is untouched: it stays the emergency exit, logged by
Wagtail with who and when.
"""

from django.contrib import messages
from wagtail.admin.forms.pages import CopyForm
from wagtail.models import PagePermissionTester

PUBLISH_REFUSED = (
    "Not published: reviewed content reaches clinic websites only through medical review. "
    "Your changes were saved as a draft; submit it for medical review."
)


def requires_medical_review(model) -> bool:
    return bool(getattr(model, "requires_medical_review", False))


def only_reviewed_children(page_class) -> bool:
    children = page_class.allowed_subpage_models()
    return bool(children) and all(requires_medical_review(child) for child in children)


class ReviewedPagePermissionTester(PagePermissionTester):
    """Wagtail's tester, except that nobody publishes a reviewed page, or a reviewed page under this one."""

    def can_publish(self):
        if requires_medical_review(self.page.specific_class):
            return False
        return super().can_publish()

    def can_publish_subpage(self):
        if only_reviewed_children(self.page.specific_class):
            return False
        return super().can_publish_subpage()

    def can_unschedule(self):
        # Cancelling a scheduled publish of an approved revision publishes nothing: Wagtail's rule
        # (it asks can_publish) without our refusal.
        if requires_medical_review(self.page.specific_class):
            return self._may_publish()
        return super().can_unschedule()

    def can_delete(self, ignore_bulk=False):
        # Wagtail's rule for an editor without publish rights (no live page in the subtree),
        # asked of a leaf without a query: its subtree is the page itself. A listing asks it of
        # every row (twice), a query each; an article is always a leaf.
        if (
            self.page.is_leaf()
            and self.user.is_active
            and not self.user.is_superuser
            and not self.page_is_root
            and "change" in self.permissions
            and "publish" not in self.permissions
        ):
            return not self.page.live
        return super().can_delete(ignore_bulk)

    def _may_publish(self) -> bool:
        return self.user.is_active and (self.user.is_superuser or "publish" in self.permissions)


class ReviewedPageMixin:
    """For page types that are reviewed or hold only reviewed pages.

    Wagtail casts a page to its specific class to call an overridden ``permissions_for_user``
    (``Page.permissions_for_user``), so base ``Page`` querysets (bulk actions) get this tester too.
    On upgrade, check that the edit, create, revisions revert and bulk publish views and
    ``PublishPageRevisionAction`` still ask ``can_publish`` / ``can_publish_subpage``:
    tests/admin/test_editor_day.py drives each of them.
    """

    def permissions_for_user(self, user):
        return ReviewedPagePermissionTester(user, self)


class ReviewedCopyForm(CopyForm):
    """A copy of a reviewed article is a draft: no "Publish copied page" and no alias (an alias is
    live from the moment it is made, carrying its original's text around review)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("publish_copies", None)
        self.fields.pop("alias", None)


class RefusePublishMessage:
    """Create/edit views of reviewed content: a POST that asks to publish is saved as a draft
    (the permission tester or ``NoPublishAroundReview`` sees to that) and says why."""

    def post(self, request, *args, **kwargs):
        if request.POST.get("action-publish"):
            messages.warning(request, PUBLISH_REFUSED)
        return super().post(request, *args, **kwargs)


class NoPublishAroundReview(RefusePublishMessage):
    """Snippet create/edit (and revisions revert) views of reviewed snippets: "publish" is not an
    action. Wagtail's generic ``CreateEditViewOptionalFeaturesMixin.get_available_actions`` adds
    it for users with the publish permission; on upgrade, check that ``get_action`` still picks
    only from ``get_available_actions`` (tests/admin/test_editor_day.py posts ``action-publish``)."""

    def get_available_actions(self):
        return [action for action in super().get_available_actions() if action != "publish"]
