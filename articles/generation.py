"""A generated clinic network of any size, for benchmarks and scale tests.

Articles are written with bulk inserts (one statement per few hundred rows) rather than one
page at a time, but they end up exactly as the admin leaves approved content: a page row and
its article row in the right place of the page tree, a revision, a finished "Medical review"
workflow with an approved task, a ``MedicalReview`` of that exact revision by a credentialed
reviewer, the live revision pointing at it, categories, tags and search index entries. Clinics,
contact blocks, the disclaimer and reviewer go through the ordinary services.
"""

import copy
import datetime
import io
import json
import random
import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision, TaskState, Workflow, WorkflowState
from wagtail.search.backends import get_search_backend

from clinics.models import Clinic, ContactBlock
from clinics.services import ensure_clinic_tree
from network.models import Disclaimer, MedicalReview, MedicalReviewTask, SharedLibraryPage
from network.review import add_months, decide_review, submit_for_review
from network.services import ensure_network_structure, make_medical_reviewer

from .demo.content import CATEGORIES, CLINIC_ARTICLES, DISCLAIMER, SHARED_ARTICLES
from .models import ArticleCategory, ArticlePage, ArticleTag

BATCH = 500
PLACES = [("Phoenix", "AZ"), ("Tucson", "AZ"), ("Mesa", "AZ"), ("Denver", "CO"), ("Austin", "TX"), ("Raleigh", "NC")]
TAGS = ["depression", "ketamine", "anxiety", "chronic-pain", "ptsd", "safety", "esketamine", "therapy", "insurance"]
SOURCES = SHARED_ARTICLES + [article for articles in CLINIC_ARTICLES.values() for article in articles]


@dataclass
class Generated:
    clinics: int
    articles: int
    translations: int


def generate_network(
    *, clinics: int, articles: int, locales: list[str], seed: int, shared_share: float = 0.4, log=print
) -> Generated:
    """Build ``clinics`` clinics and ``articles`` article pages (translations included)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible sample data, not security
    ensure_network_structure()
    all_locales = {locale.language_code: locale for locale in Locale.objects.filter(language_code__in=locales)}
    default = Locale.get_default()
    editor, reviewer = _people()
    disclaimer = _disclaimer(all_locales, editor, reviewer)
    categories = _categories(all_locales)
    images = _images(rng)
    clinic_objects = [_clinic(i, all_locales, rng) for i in range(clinics)]
    log(f"{len(clinic_objects)} clinics ready.")

    library = {code: SharedLibraryPage.objects.get(locale=locale) for code, locale in all_locales.items()}
    parents_en = [library[default.language_code]] + [clinic.site.root_page.specific for clinic in clinic_objects]
    writer = ArticleWriter(rng=rng, editor=editor, reviewer=reviewer, disclaimer=disclaimer, images=images)
    created = translations = 0
    shared_target = int(articles * shared_share)
    while created < articles:
        batch = min(BATCH, articles - created)
        in_library = created < shared_target
        plans = []
        for _ in range(batch):
            parent = parents_en[0] if in_library else rng.choice(parents_en[1:])
            plans.append((parent, rng.choice(SOURCES)))
        originals = writer.write(plans, categories=categories)
        created += len(originals)
        # About a quarter of the articles get a Spanish translation, where their tree has one.
        if "es" in all_locales and created < articles:
            room = articles - created
            to_translate = [page for page in originals if rng.random() < 0.25][:room]
            translated = writer.translate(to_translate, all_locales["es"], categories=categories)
            created += len(translated)
            translations += len(translated)
        log(f"{created} of {articles} articles written.")
    return Generated(clinics=len(clinic_objects), articles=created, translations=translations)


def _people():
    User = get_user_model()
    editor, _ = User.objects.get_or_create(username="generated-editor", defaults={"email": "editor@gen.example.com"})
    reviewer = User.objects.filter(username="generated-reviewer").first()
    if reviewer is None:
        reviewer = User.objects.create_user("generated-reviewer", "reviewer@gen.example.com", None)
        make_medical_reviewer(user=reviewer, display_name="Dr. Sam Generated", credentials="MD", job_title="Reviewer")
    return editor, reviewer


def _disclaimer(locales, editor, reviewer) -> Disclaimer:
    default = Locale.get_default()
    original = Disclaimer.objects.filter(title="Generated network disclaimer", locale=default).first()
    if original is not None:
        return original
    original = Disclaimer.objects.create(
        title="Generated network disclaimer", body=DISCLAIMER["en"]["body"], locale=default, live=False
    )
    original.save_revision(user=editor)
    submit_for_review(content=original, user=editor)
    decide_review(content=Disclaimer.objects.get(pk=original.pk), user=reviewer, approve=True)
    if "es" in locales:
        translation = original.copy_for_translation(locales["es"])
        translation.title, translation.body, translation.live = "Aviso generado", DISCLAIMER["es"]["body"], False
        translation.save()
        translation.save_revision(user=editor)
        submit_for_review(content=translation, user=editor)
        decide_review(content=Disclaimer.objects.get(pk=translation.pk), user=reviewer, approve=True)
    return original


def _categories(locales) -> dict[int, list[ArticleCategory]]:
    found: dict[int, list[ArticleCategory]] = {}
    default = Locale.get_default()
    for data in CATEGORIES:
        category, _ = ArticleCategory.objects.get_or_create(
            slug=data["slug"], locale=default, defaults={"name": data["name"]}
        )
        found.setdefault(default.pk, []).append(category)
        if "es" in locales:
            es = ArticleCategory.objects.filter(translation_key=category.translation_key, locale=locales["es"]).first()
            if es is None:
                es = category.copy_for_translation(locales["es"])
                es.name = data["name_es"]
                es.save()
            found.setdefault(locales["es"].pk, []).append(es)
    return found


def _images(rng) -> list:
    Image = get_image_model()
    images = list(Image.objects.filter(title__startswith="Generated illustration"))
    for index in range(len(images), 5):
        canvas = PILImage.new("RGB", (1600, 900), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
        buffer = io.BytesIO()
        canvas.save(buffer, format="PNG")
        image = Image(title=f"Generated illustration {index}")
        image.file = ImageFile(buffer, name=f"generated-{index}.png")
        image.save()
        images.append(image)
    return images


def _clinic(index: int, locales, rng) -> Clinic:
    slug = f"clinic-{index:03d}"
    clinic = Clinic.objects.filter(slug=slug).first()
    if clinic is not None:
        return clinic
    city, state = PLACES[index % len(PLACES)]
    clinic = Clinic.objects.create(
        slug=slug,
        name=f"Generated Clinic {index:03d}",
        city=city,
        state=state,
        time_zone="America/Phoenix",
        frontend_base_url=f"https://{slug}.example.com",
    )
    codes = ["en", "es"] if index % 3 == 0 and "es" in locales else ["en"]
    clinic.locales.set([locales[code] for code in codes if code in locales])
    ensure_clinic_tree(clinic=clinic)
    original = None
    for code in codes:
        if code not in locales:
            continue
        block = ContactBlock(
            clinic=clinic,
            locale=locales[code],
            live=False,
            phone=f"(480) 555-01{index % 100:02d}",
            email=f"hello@{slug}.example.com",
            street_address=f"{100 + index} Example Road",
            address_locality=city,
            address_region=state,
            postal_code="85001",
            booking_url=f"https://{slug}.example.com/book/",
            call_to_action="Book a consultation" if code == "en" else "Reserve una consulta",
        )
        if original is not None:
            block.translation_key = original.translation_key
        block.save()
        block.save_revision().publish()
        original = original or block
    return clinic


class ArticleWriter:
    """Writes batches of approved, published articles with bulk inserts."""

    def __init__(self, *, rng, editor, reviewer, disclaimer, images):
        self.rng = rng
        self.editor = editor
        self.reviewer = reviewer.medical_reviewer
        self.disclaimer = disclaimer
        self.images = images
        self.article_type = ContentType.objects.get_for_model(ArticlePage)
        self.page_type = ContentType.objects.get_for_model(Page)
        self.workflow = Workflow.objects.get(name="Medical review")
        self.task = MedicalReviewTask.objects.get(name="Medical review")
        self.tags = [Tag.objects.get_or_create(slug=slug, defaults={"name": slug})[0] for slug in TAGS]
        self.link_targets: list[int] = []
        self.sequence = ArticlePage.objects.count()
        self.numchild: dict[int, int] = {}

    def write(self, plans, *, categories) -> list[ArticlePage]:
        pages = []
        for parent, source in plans:
            self.sequence += 1
            published = timezone.now() - datetime.timedelta(days=self.rng.randrange(0, 330))
            title = f"{source['title']} ({self.sequence})"
            pages.append(
                self._page(parent, title, f"{source['slug']}-{self.sequence}", source, published, uuid.uuid4())
            )
        return self._save(pages, categories=categories)

    def translate(self, originals, locale, *, categories) -> list[ArticlePage]:
        pages = []
        homes = {}
        for original in originals:
            parent = original.generation_parent
            if parent.pk not in homes:
                homes[parent.pk] = parent.get_translation_or_none(locale)
            translated_parent = homes[parent.pk]
            if translated_parent is None:
                continue
            source = original.generation_source.get("translations", {}).get("es") or original.generation_source
            pages.append(
                self._page(
                    translated_parent,
                    f"{source['title']} (es {original.pk})",
                    original.slug,
                    source,
                    original.last_published_at,
                    original.translation_key,
                )
            )
        return self._save(pages, categories=categories)

    def _page(self, parent, title, slug, source, published, translation_key) -> ArticlePage:
        body = copy.deepcopy(source["body"])
        if self.link_targets and self.rng.random() < 0.5:
            target = self.rng.choice(self.link_targets)
            body.insert(
                1,
                {"type": "paragraph", "value": f'<p>See also <a linktype="page" id="{target}">this article</a>.</p>'},
            )
        image_files = {}
        if self.rng.random() < 0.3:
            image = self.rng.choice(self.images)
            body.insert(2, {"type": "image", "value": {"image": image.pk, "alt_text": "Illustration", "caption": ""}})
            image_files = {str(image.pk): image.get_file_hash()}  # what the approval covers
        if body[-1]["type"] != "contact":
            body.append({"type": "contact", "value": {"heading": "Talk to our team"}})
        for block in body:
            block["id"] = str(uuid.uuid4())
        count = self.numchild.setdefault(parent.pk, parent.numchild)
        self.numchild[parent.pk] = count + 1
        page = ArticlePage(
            title=title,
            draft_title=title,
            slug=slugify(slug)[:255],
            path=Page._get_path(parent.path, parent.depth + 1, count + 1),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{slugify(slug)}/",
            content_type=self.article_type,
            locale_id=parent.locale_id,
            translation_key=translation_key,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            latest_revision_created_at=published,
            summary=source["summary"],
            body=body,
            disclaimer_id=self.disclaimer.pk,
            seo_title=source.get("seo_title", ""),
            search_description=source.get("search_description", ""),
        )
        page.generation_parent = parent
        page.generation_source = source
        page.generation_image_files = image_files
        return page

    @transaction.atomic
    def _save(self, pages: list[ArticlePage], *, categories) -> list[ArticlePage]:
        if not pages:
            return []
        page_rows = [
            Page(**{f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields}) for page in pages
        ]
        Page.objects.bulk_create(page_rows, batch_size=BATCH)
        for page, row in zip(pages, page_rows, strict=True):
            page.pk = page.id = page.page_ptr_id = row.pk
        article_fields = list(ArticlePage._meta.local_concrete_fields)
        ArticlePage._base_manager._insert(pages, fields=article_fields, using="default")
        for parent_pk, count in self.numchild.items():
            Page.objects.filter(pk=parent_pk).update(numchild=count)

        revisions = []
        for page in pages:
            content = {
                "pk": page.pk,
                "path": page.path,
                "depth": page.depth,
                "numchild": 0,
                "translation_key": str(page.translation_key),
                "locale": page.locale_id,
                "title": page.title,
                "draft_title": page.title,
                "slug": page.slug,
                "content_type": self.article_type.pk,
                "live": True,
                "has_unpublished_changes": False,
                "url_path": page.url_path,
                "seo_title": page.seo_title,
                "search_description": page.search_description,
                "first_published_at": page.first_published_at.isoformat(),
                "last_published_at": page.last_published_at.isoformat(),
                "summary": page.summary,
                "body": json.dumps(page.body.raw_data, default=str),
                "disclaimer": page.disclaimer_id,
                "comments": [],
            }
            revisions.append(
                Revision(
                    content_type=self.article_type,
                    base_content_type=self.page_type,
                    object_id=str(page.pk),
                    created_at=page.last_published_at,
                    user=self.editor,
                    object_str=page.title,
                    content=content,
                )
            )
        Revision.objects.bulk_create(revisions, batch_size=BATCH)

        states = [
            WorkflowState(
                content_type=self.article_type,
                base_content_type=self.page_type,
                object_id=str(page.pk),
                workflow=self.workflow,
                status=WorkflowState.STATUS_APPROVED,
                requested_by=self.editor,
            )
            for page in pages
        ]
        WorkflowState.objects.bulk_create(states, batch_size=BATCH)
        task_states = [
            TaskState(
                workflow_state=state,
                revision=revision,
                task=self.task,
                status=TaskState.STATUS_APPROVED,
                finished_at=revision.created_at,
                finished_by=self.reviewer.user,
                comment="Generated and approved for the benchmark network.",
            )
            for state, revision in zip(states, revisions, strict=True)
        ]
        TaskState.objects.bulk_create(task_states, batch_size=BATCH)
        for state, task_state in zip(states, task_states, strict=True):
            state.current_task_state = task_state
        WorkflowState.objects.bulk_update(states, ["current_task_state"], batch_size=BATCH)

        reviewer = self.reviewer
        reviews = MedicalReview.objects.bulk_create(
            [
                MedicalReview(
                    revision=revision,
                    base_content_type=self.page_type,
                    object_id=str(page.pk),
                    task_state=task_state,
                    reviewer=reviewer,
                    reviewer_name=reviewer.display_name,
                    reviewer_credentials=reviewer.credentials,
                    reviewer_job_title=reviewer.job_title,
                    decision=MedicalReview.APPROVED,
                    comment="Generated and approved for the benchmark network.",
                    reviewed_at=revision.created_at,
                    next_review_due=add_months(revision.created_at.date(), 12),
                    image_files=page.generation_image_files,
                )
                for page, revision, task_state in zip(pages, revisions, task_states, strict=True)
            ],
            batch_size=BATCH,
        )
        for page, revision, review in zip(pages, revisions, reviews, strict=True):
            page.live_revision_id = page.latest_revision_id = revision.pk
            page.live_review_id = review.pk
        Page.objects.bulk_update(
            [
                Page(pk=page.pk, live_revision_id=page.live_revision_id, latest_revision_id=page.latest_revision_id)
                for page in pages
            ],
            ["live_revision", "latest_revision"],
            batch_size=BATCH,
        )
        ArticlePage.objects.bulk_update(pages, ["live_review"], batch_size=BATCH)

        through = ArticlePage.categories.through
        links = []
        for page in pages:
            for category in self.rng.sample(categories[page.locale_id], k=self.rng.randint(1, 2)):
                links.append(through(articlepage_id=page.pk, articlecategory_id=category.pk))
        through.objects.bulk_create(links, batch_size=BATCH)
        ArticleTag.objects.bulk_create(
            [
                ArticleTag(content_object_id=page.pk, tag_id=tag.pk)
                for page in pages
                for tag in self.rng.sample(self.tags, k=self.rng.randint(1, 3))
            ],
            batch_size=BATCH,
        )
        get_search_backend().add_bulk(ArticlePage, pages)
        self.link_targets.extend(page.pk for page in pages if page.depth == 3)
        return pages
