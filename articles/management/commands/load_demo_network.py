"""``load_demo_network``: the four demo clinics, their contact blocks, the network disclaimer,
shared and clinic articles (with Spanish translations), published; one shared article due for
review soon and one overdue. Running it twice on a day changes nothing."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Locale

from articles.demo.content import (
    CATEGORIES,
    CLINIC_ARTICLES,
    CLINIC_OVERRIDES,
    DISCLAIMER,
    REVIEW_DUE_IN_DAYS,
    SHARED_ARTICLES,
)
from articles.demo.network import CLINICS, WEEKDAY_HOURS
from articles.models import ArticleCategory, ArticlePage, LocalArticleText, SharedArticleOverride
from articles.services import create_article_draft, create_article_translation_draft
from clinics.models import Clinic, ContactBlock
from clinics.services import ensure_clinic_editors_group, ensure_clinic_tree
from network.models import Disclaimer, MedicalReview, SharedLibraryPage
from network.review import decide_review, submit_for_review, today
from network.services import (
    ensure_network_collection,
    ensure_network_editors_group,
    ensure_network_structure,
    make_medical_reviewer,
)

DEMO_ADMIN = {"username": "admin", "email": "admin@clinic-network.example.com", "password": "demo-admin-password"}
DEMO_EDITOR = {"username": "editor", "email": "editor@clinic-network.example.com", "password": "demo-editor-password"}
DEMO_REVIEWER = {
    "username": "reviewer",
    "email": "reviewer@clinic-network.example.com",
    "password": "demo-reviewer-password",
}
# One editor for each of two clinics: each works in their own clinic only.
DEMO_CLINIC_EDITORS = {
    "phoenix": {
        "username": "phoenix-editor",
        "email": "phoenix-editor@clinic-network.example.com",
        "password": "demo-phoenix-password",
        "first_name": "Pat",
        "last_name": "Phoenix",
    },
    "peoria": {
        "username": "peoria-editor",
        "email": "peoria-editor@clinic-network.example.com",
        "password": "demo-peoria-password",
        "first_name": "Lee",
        "last_name": "Peoria",
    },
}
DEMO_REVIEWER_PROFILE = {
    "display_name": "Dr. Jordan Sample",
    "credentials": "MD",
    "job_title": "Network Medical Director",
    "specialty": "Psychiatry",
}
REVIEW_COMMENT = "Reviewed for the demo network."
# The demo reviewer's answer to each high-severity claim flag of a demo article.
REVIEW_ACKNOWLEDGEMENT = "Read in context for the demo network: the sentence stands as written."


class Command(BaseCommand):
    help = "Load the demo clinic network (idempotent: existing demo objects are left as they are)."

    def handle(self, *args, **options):
        # The demo's own submissions and approvals would each e-mail the demo users: send none.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            self.load()

    @transaction.atomic
    def load(self):
        self.created = 0
        library = ensure_network_structure()
        locales = {locale.language_code: locale for locale in Locale.objects.all()}
        self.demo_admin()
        editor = self.demo_editor(library)
        self.reviewer = self.demo_reviewer()
        categories = self.categories(locales)
        disclaimer = self.disclaimer(locales, editor)
        clinics = {data["slug"]: self.clinic(data, locales) for data in CLINICS}
        image = self.demo_image()
        for index, data in enumerate(SHARED_ARTICLES):
            self.article(library, data, locales, categories, disclaimer, editor, image=image if index == 0 else None)
        for slug, articles in CLINIC_ARTICLES.items():
            home = clinics[slug].site.root_page
            for data in articles:
                self.article(home, data, locales, categories, disclaimer, editor)
        for slug, overrides in CLINIC_OVERRIDES.items():
            self.overrides(clinics[slug], library, overrides, locales)
        self.review_states(library)
        self.stdout.write(f"Demo network ready: {len(clinics)} clinics; {self.created} objects created.")

    def demo_admin(self):
        User = get_user_model()
        user = User.objects.filter(username=DEMO_ADMIN["username"]).first()
        if user is None:
            user = User.objects.create_superuser(**DEMO_ADMIN, first_name="Demo", last_name="Administrator")
            self.created += 1
        return user

    def demo_editor(self, library):
        """A network editor: edits the shared library and disclaimers, and cannot publish."""
        User = get_user_model()
        user = User.objects.filter(username=DEMO_EDITOR["username"]).first()
        if user is None:
            user = User.objects.create_user(**DEMO_EDITOR, first_name="Demo", last_name="Editor")
            user.groups.add(ensure_network_editors_group(libraries=library.get_translations(inclusive=True)))
            self.created += 1
        return user

    def clinic_editor(self, login: dict, group) -> None:
        """A clinic's editor: works on that clinic's pages, contact blocks and images only."""
        User = get_user_model()
        if not User.objects.filter(username=login["username"]).exists():
            User.objects.create_user(**login).groups.add(group)
            self.created += 1

    def demo_reviewer(self):
        """A fictional credentialed reviewer who approves the demo content through the real workflow."""
        User = get_user_model()
        user = User.objects.filter(username=DEMO_REVIEWER["username"]).first()
        if user is None:
            user = User.objects.create_user(**DEMO_REVIEWER, first_name="Jordan", last_name="Sample")
            make_medical_reviewer(user=user, **DEMO_REVIEWER_PROFILE)
            self.created += 1
        return user

    def review(self, content, editor):
        """Submit as the editor and approve as the reviewer: the same records as in the admin."""
        submit_for_review(content=content, user=editor)
        decide_review(
            content=content,
            user=self.reviewer,
            approve=True,
            comment=REVIEW_COMMENT,
            acknowledge_every_flag=REVIEW_ACKNOWLEDGEMENT,
        )

    def review_states(self, library: SharedLibraryPage) -> None:
        """Move the approval of each article in ``REVIEW_DUE_IN_DAYS`` back in time, keeping its
        interval, so that its next review falls that many days from today. Done on every load
        (each ``make run``), so the articles stay due soon and overdue as days pass; on the same
        day it changes nothing. Saved one by one: the review signals refresh what is served."""
        for slug, days in REVIEW_DUE_IN_DAYS.items():
            article = ArticlePage.objects.child_of(library).filter(slug=slug).select_related("live_review").first()
            review: MedicalReview | None = article.live_review if article else None
            if review is None or review.next_review_due is None:
                continue
            shift = today() + datetime.timedelta(days=days) - review.next_review_due
            if shift:
                review.next_review_due += shift
                review.reviewed_at += shift
                review.save(update_fields=["next_review_due", "reviewed_at"])

    def categories(self, locales):
        found = {}
        for data in CATEGORIES:
            category = ArticleCategory.objects.filter(slug=data["slug"], locale=locales["en"]).first()
            if category is None:
                category = ArticleCategory.objects.create(slug=data["slug"], name=data["name"], locale=locales["en"])
                self.created += 1
            if "es" in locales and not category.has_translation(locales["es"]):
                translation = category.copy_for_translation(locales["es"])
                translation.name = data["name_es"]
                translation.save()
                self.created += 1
            found[data["slug"]] = category
        return found

    def disclaimer(self, locales, user):
        original = Disclaimer.objects.filter(title=DISCLAIMER["en"]["title"], locale=locales["en"]).first()
        if original is None:
            original = Disclaimer(locale=locales["en"], live=False, **DISCLAIMER["en"])
            original.save()
            original.save_revision(user=user)
            self.review(original, user)
            self.created += 1
        for code, data in DISCLAIMER.items():
            if code == "en" or code not in locales or original.has_translation(locales[code]):
                continue
            translation = original.copy_for_translation(locales[code])
            translation.title, translation.body, translation.live = data["title"], data["body"], False
            translation.save()
            translation.save_revision(user=user)
            self.review(translation, user)
            self.created += 1
        return original

    def clinic(self, data, locales):
        clinic = Clinic.objects.filter(slug=data["slug"]).first()
        if clinic is None:
            fields = {key: data[key] for key in ("slug", "name", "city", "state", "time_zone", "frontend_base_url")}
            clinic = Clinic.objects.create(**fields)
            clinic.locales.set([locales[code] for code in data["locales"]])
            self.created += 1
        ensure_clinic_tree(clinic=clinic)
        group = ensure_clinic_editors_group(clinic=clinic)
        if data["slug"] in DEMO_CLINIC_EDITORS:
            self.clinic_editor(DEMO_CLINIC_EDITORS[data["slug"]], group)
        original = None
        for code, contact in data["contact"].items():
            block = ContactBlock.objects.filter(clinic=clinic, locale=locales[code]).first()
            if block is None:
                block = ContactBlock(clinic=clinic, locale=locales[code], live=False, **contact)
                block.opening_hours = [("hours", hours) for hours in WEEKDAY_HOURS]
                if original is not None:
                    block.translation_key = original.translation_key
                block.save()
                block.save_revision().publish()
                self.created += 1
            original = original or block
        return clinic

    def overrides(self, clinic, library, overrides, locales):
        """The clinic's pins and local texts of shared articles; a local text is written by the
        clinic's demo editor and approved by the reviewer, as in the admin."""
        User = get_user_model()
        author = User.objects.get(username=DEMO_CLINIC_EDITORS[clinic.slug]["username"])
        shared = ArticlePage.objects.descendant_of(library)
        for order, slug in enumerate(overrides["pinned"]):
            article = shared.get(slug=slug, locale=locales["en"])
            _, made = SharedArticleOverride.objects.get_or_create(
                clinic=clinic, article=article, defaults={"pinned": True, "pin_order": order}
            )
            self.created += made
        for slug, texts in overrides["local_texts"].items():
            original = shared.get(slug=slug, locale=locales["en"])
            for code, fields in texts.items():
                article = original if code == "en" else original.get_translation(locales[code])
                if LocalArticleText.objects.filter(clinic=clinic, article=article).exists():
                    continue
                text = LocalArticleText.objects.create(clinic=clinic, article=article, live=False, **fields)
                text.save_revision(user=author)
                self.review(text, author)
                self.created += 1

    def demo_image(self):
        Image = get_image_model()
        image = Image.objects.filter(title="Infusion suite (demo illustration)").first()
        if image is None:
            canvas = PILImage.new("RGB", (1600, 900), (214, 228, 240))
            buffer = io.BytesIO()
            canvas.save(buffer, format="PNG")
            image = Image(title="Infusion suite (demo illustration)", collection=ensure_network_collection())
            image.file = ImageFile(buffer, name="infusion-suite.png")
            image.save()
            self.created += 1
        return image

    def article(self, parent, data, locales, categories, disclaimer, user, image=None):
        existing = ArticlePage.objects.child_of(parent).filter(slug=data["slug"]).first()
        if existing is not None:
            return existing
        body = list(data["body"])
        if image is not None:
            alt_text = "A calm, softly lit treatment room with a reclining chair."
            body.insert(1, {"type": "image", "value": {"image": image.pk, "alt_text": alt_text, "caption": ""}})
        article, _ = create_article_draft(
            parent=parent,
            data={**data, "body": body},
            categories=[categories[slug] for slug in data.get("categories", [])],
            disclaimer=disclaimer,
            user=user,
        )
        self.review(article, user)
        self.created += 1
        for code, translated in data.get("translations", {}).items():
            if code not in locales:
                continue
            translation, _ = create_article_translation_draft(
                article=ArticlePage.objects.get(pk=article.pk), locale=locales[code], data=translated, user=user
            )
            self.review(translation, user)
            self.created += 1
        return article
