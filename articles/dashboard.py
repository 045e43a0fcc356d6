"""A clinic editor's dashboard: their clinic's work in progress, their clinic only. For each of
the user's clinics: articles with a draft not submitted, in medical review, with changes
requested, due for review soon or overdue, and local texts whose shared article changed. A few
counting queries per clinic and the newest five of each, whatever the size of the network."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from clinics.models import Clinic
from clinics.permissions import clinics_for
from clinics.services import clinic_homes
from network.review import today
from network.selectors import review_settings

from .models import ArticlePage, LocalArticleText, out_of_date

SHOWN = 5


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str


@dataclass(frozen=True)
class WorkList:
    label: str
    count: int
    items: tuple[WorkItem, ...]


@dataclass(frozen=True)
class ClinicWork:
    clinic: Clinic
    lists: tuple[WorkList, ...]


def _in_workflow(pages: QuerySet, *, status: str) -> QuerySet:
    """The pages with a workflow in ``status`` (Wagtail records a page's under ``Page``'s content type)."""
    states = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        status=status,
    )
    return pages.filter(Exists(states))


def _work_list(label: str, articles: QuerySet, order: str) -> WorkList:
    newest = articles.order_by(order, "pk").only("pk", "title", "locale_id").select_related("locale")[:SHOWN]
    items = tuple(
        WorkItem(
            title=f"{page.title} ({page.locale.language_code})",
            url=reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        )
        for page in newest
    )
    return WorkList(label=label, count=articles.count(), items=items)


def clinic_work(*, clinic: Clinic, on: datetime.date | None = None) -> ClinicWork:
    homes = clinic_homes(clinic=clinic)
    in_tree = Q()
    for home in homes:
        in_tree |= Q(path__startswith=home.path, depth__gt=home.depth)
    articles = ArticlePage.objects.filter(in_tree) if homes else ArticlePage.objects.none()
    in_progress = _in_workflow(articles, status=WorkflowState.STATUS_IN_PROGRESS)
    needs_changes = _in_workflow(articles, status=WorkflowState.STATUS_NEEDS_CHANGES)
    drafts = (
        articles.filter(Q(has_unpublished_changes=True) | Q(live=False))
        .exclude(pk__in=in_progress.values("pk"))
        .exclude(pk__in=needs_changes.values("pk"))
    )
    on = on or today()
    soon = on + datetime.timedelta(days=review_settings().due_soon_days)
    due = articles.filter(live=True, live_review__next_review_due__lte=soon)
    texts = out_of_date(LocalArticleText.objects.filter(clinic=clinic))
    shown_texts = texts.select_related("article__locale").order_by("article__title", "pk")[:SHOWN]
    out_of_date_list = WorkList(
        label="Local texts whose shared article changed",
        count=texts.count(),
        items=tuple(
            WorkItem(
                title=f"{text.article.title} ({text.article.locale.language_code})",
                url=reverse(LocalArticleText.snippet_viewset.get_url_name("edit"), args=(text.pk,)),  # type: ignore[attr-defined]
            )
            for text in shown_texts
        ),
    )
    return ClinicWork(
        clinic=clinic,
        lists=(
            _work_list("Drafts not yet submitted", drafts, "-latest_revision_created_at"),
            _work_list("In medical review", in_progress, "-latest_revision_created_at"),
            _work_list("Changes requested", needs_changes, "-latest_revision_created_at"),
            _work_list("Due for review soon or overdue", due, "live_review__next_review_due"),
            out_of_date_list,
        ),
    )


def work_of(user) -> list[ClinicWork]:
    """The dashboard's work lists, one per clinic of the user's team (none for a superuser, who
    belongs to no clinic's team: the network-wide reports are theirs)."""
    return [clinic_work(clinic=clinic) for clinic in clinics_for(user).select_related("site__root_page")]
