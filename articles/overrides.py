"""What keeps a clinic's local text in step with its shared article: the master's live revision
recorded when the text is approved, and the clinic editor's confirmation that the text still fits.

Whether a text is out of date (drift) is read in ``articles.models`` (``out_of_date``,
``drift_of``): the edit view's notice reads it there. The text stays served until the clinic's
editors confirm it or have an edit approved; both record the master's live revision again."""

from django.utils import timezone
from wagtail.log_actions import log

from .models import LocalArticleText

CONFIRM_ACTION = "articles.confirm_local_text"


def record_master(text: LocalArticleText) -> None:
    """The master's live revision is the one this text now matches (on its approval)."""
    live_revision_id = (
        type(text.article)._base_manager.filter(pk=text.article_id).values_list("live_revision_id", flat=True)[0]
    )
    LocalArticleText._base_manager.filter(pk=text.pk).update(master_revision_id=live_revision_id)


def confirm(text: LocalArticleText, *, user) -> None:
    """The clinic's editor says the approved text still fits the shared article as served now:
    recorded with who and when, in the audit log."""
    text.master_revision_id = text.article.live_revision_id
    text.confirmed_at = timezone.now()
    text.confirmed_by = user
    LocalArticleText._base_manager.filter(pk=text.pk).update(
        master_revision_id=text.master_revision_id, confirmed_at=text.confirmed_at, confirmed_by=user
    )
    log(instance=text, action=CONFIRM_ACTION, user=user, data={"master_revision": text.master_revision_id})
