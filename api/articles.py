"""Articles endpoints: a clinic's article list (filtered, searched, paginated) and one article
with everything a page needs: blocks, contact details, disclaimer, review, SEO and JSON-LD."""

import datetime
import hashlib

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from articles.models import ArticlePage
from articles.selectors import SCOPE_SHARED, article_for, articles_for, articles_for_key, categories_of, served_versions
from clinics.structure import network_structure
from network.models import DeliverySettings
from network.review import ServedReview, review_status, served_review_of, today
from network.selectors import delivery_settings, disclaimer_for, review_settings
from network.speed import cache
from network.speed import tags as cache_tags

from . import blocks_schema
from .clinics import ContactBlockSerializer, contact_payload
from .delivery import (
    DeliveryView,
    clinic_for_request,
    fallback_for_request,
    front_end_article_url,
    image_serialiser,
    iso_datetime,
    linked_page_ids,
    locale_for_request,
    page_translation_keys,
    prefetch_renditions,
    reject_unknown_parameters,
    review_payload,
    rich_text_resolver,
)
from .filters import ArticleFilterSet, filter_articles
from .http_cache import Built, cached_response
from .schema import ACCEPT_LANGUAGE, CLINIC, FALLBACK, LOCALE, PAGE, PAGE_SIZE, SLUG, answers


class ReviewerSerializer(serializers.Serializer):
    """The medical reviewer who approved the served revision, as shown to patients."""

    name = serializers.CharField()
    credentials = serializers.CharField(help_text="e.g. MD, DO, NP, PharmD, as at the time of review.")
    job_title = serializers.CharField(allow_blank=True)


class MedicalReviewSerializer(serializers.Serializer):
    """The medical review of the exact revision served: "Medically reviewed by ... on ..."."""

    reviewed_by = ReviewerSerializer()
    reviewed_at = serializers.DateTimeField()
    next_review_due = serializers.DateField(help_text="When the content is due for its next review.")
    status = serializers.ChoiceField(
        choices=["current", "due_soon", "overdue"],
        help_text="`current`; `due_soon` within the network's notice period before `next_review_due`; "
        "`overdue` after it (still served unless the network withdraws overdue content).",
    )


class ArticleListItemSerializer(serializers.ModelSerializer):
    """An article in a list: enough to link to it and show its medical review."""

    # Serialises articles fetched with ``details=True`` (their approval is annotated on them).

    locale = serializers.CharField(
        source="locale.language_code", help_text="The locale of this text: the default one when it is a fallback."
    )
    scope = serializers.ChoiceField(
        choices=["shared", "clinic"], help_text="`shared`: from the network library; `clinic`: the clinic's own."
    )
    medical_review = serializers.SerializerMethodField()

    class Meta:
        model = ArticlePage
        fields = [
            "id",
            "slug",
            "title",
            "summary",
            "locale",
            "scope",
            "first_published_at",
            "last_published_at",
            "medical_review",
        ]
        extra_kwargs = {
            "id": {"help_text": "The article's id in this locale."},
            "slug": {"help_text": "The article's URL name in its locale: `/articles/<slug>/` on the clinic's website."},
            "title": {"help_text": "The article's title."},
            "first_published_at": {"help_text": "When the article was first published."},
            "last_published_at": {"help_text": "When the article was last published (after its last approval)."},
        }

    @extend_schema_field(MedicalReviewSerializer)
    def get_medical_review(self, article) -> dict | None:
        return review_payload(served_review_of(article, review_settings=self.context["review_settings"]))


class CategorySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class DisclaimerSerializer(serializers.Serializer):
    """The network's medical disclaimer the article shows, approved in medical review like the article."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    locale = serializers.CharField(help_text="The locale served: the default one when no approved translation exists.")
    body = serializers.CharField(help_text="HTML.")
    medical_review = MedicalReviewSerializer()


class SeoSerializer(serializers.Serializer):
    title = serializers.CharField(help_text="For `<title>`: the SEO title, else the article's title.")
    description = serializers.CharField(help_text='For `<meta name="description">`: else the summary.')


class TranslationSerializer(serializers.Serializer):
    locale = serializers.CharField()
    slug = serializers.CharField()
    title = serializers.CharField()
    url = serializers.URLField(help_text="The clinic website's URL of this translation.")


class ArticleDetailSerializer(ArticleListItemSerializer):
    """An article with everything its page shows."""

    categories = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    contact = ContactBlockSerializer(
        required=False,
        help_text="The requesting clinic's published contact block in the locale the reader asked for (else "
        "in its default locale; `locale` says which). Left out while the clinic has none published.",
    )
    disclaimer = serializers.SerializerMethodField()
    seo = serializers.SerializerMethodField()
    canonical_url = serializers.SerializerMethodField()
    translations = serializers.SerializerMethodField()
    json_ld = serializers.SerializerMethodField()

    class Meta(ArticleListItemSerializer.Meta):
        fields = [
            *ArticleListItemSerializer.Meta.fields,
            "categories",
            "tags",
            "body",
            "contact",
            "disclaimer",
            "seo",
            "canonical_url",
            "translations",
            "json_ld",
        ]

    @property
    def clinic(self):
        return self.context["clinic"]

    def to_representation(self, article) -> dict:
        """What Django REST framework would build from the declared fields, in the order of
        ``Meta.fields``, without building the fields for every request (they document the schema)."""
        plain = {
            "id": article.pk,
            "slug": article.slug,
            "title": article.title,
            "summary": article.summary,
            "locale": article.locale.language_code,
            "scope": article.scope,
            "first_published_at": iso_datetime(article.first_published_at),
            "last_published_at": iso_datetime(article.last_published_at),
        }
        representation = {
            name: plain[name] if name in plain else getattr(self, f"get_{name}")(article) for name in self.Meta.fields
        }
        if representation["contact"] is None:
            # A clinic without a published contact block: the key is left out, never null.
            del representation["contact"]
        return representation

    @extend_schema_field(CategorySerializer(many=True, help_text="Named in the article's locale."))
    def get_categories(self, article) -> list[dict]:
        return terms_of(article)["categories"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_tags(self, article) -> list[str]:
        return terms_of(article)["tags"]

    def get_contact(self, article) -> dict | None:
        """The clinic's contact block in the locale the reader asked for, also when the article
        text falls back to another locale: a Spanish-speaking patient reaches the Spanish line.
        None when the clinic has no published one (see ``docs/decisions.md``)."""
        if "contact" not in self.context:
            self.context["contact"] = contact_payload(clinic=self.clinic, locale=self.context["locale"])
        return self.context["contact"]

    @extend_schema_field(
        serializers.ListField(
            child=PolymorphicProxySerializer(
                component_name="Block", serializers=blocks_schema.BLOCK_SERIALIZERS, resource_type_field_name="type"
            ),
            help_text="The article's content as typed blocks, in order; tell them apart by `type`.",
        )
    )
    def get_body(self, article) -> list[dict]:
        """The body's blocks. An image block is left out when its picture is not the one the
        reviewer approved (its file replaced since) or its file is missing from storage; a contact
        placeholder when the clinic has no published contact block to fill it with."""
        body = article.body
        images = [child.value["image"] for child in body if child.block_type == "image" and child.value["image"]]
        prefetch_renditions(images)
        self.context["tags"].update(cache_tags.image(image.pk) for image in images)
        block_context = {
            "rich_text": self.rich_text(article),
            "contact": self.get_contact(article),
            "image": image_serialiser(self.context["request"], approved_files=article.live_review.image_files),
        }
        blocks = [
            {
                "type": child.block_type,
                "value": child.block.get_api_representation(child.value, block_context),
                "id": child.id,
            }
            for child in body
        ]
        return [block for block in blocks if not left_out(block)]

    def rich_text(self, article):
        """The article's rich-text resolver (``rich_text_resolver``) for the body and the disclaimer."""
        if "rich_text" not in self.context:
            locale = network_structure().locales[article.locale.language_code]
            page_keys, versions = self.versions(article)
            resolver = rich_text_resolver(
                clinic=self.clinic,
                locale=locale,
                page_keys=page_keys,
                served_slugs={key: slug for key, locale_id, slug, _ in versions if locale_id == locale.pk},
            )
            self.context["tags"].update(cache_tags.content(key) for key in resolver.linked_translation_keys)
            self.context["rich_text"] = resolver
        return self.context["rich_text"]

    @extend_schema_field(DisclaimerSerializer(allow_null=True, help_text="Null when the article has none."))
    def get_disclaimer(self, article) -> dict | None:
        disclaimer = self.context.get("disclaimer")
        if disclaimer is None:
            return None
        self.context["tags"].add(cache_tags.content(disclaimer["translation_key"]))
        return {**disclaimer["payload"], "body": self.rich_text(article)(disclaimer["payload"]["body"])}

    @extend_schema_field(SeoSerializer)
    def get_seo(self, article) -> dict:
        return {
            "title": article.seo_title or article.title,
            "description": article.search_description or article.summary,
        }

    @extend_schema_field(
        serializers.URLField(
            help_text='For `<link rel="canonical">`: the clinic website\'s URL of the article, or for a shared '
            "article the network's canonical site when the network sets one."
        )
    )
    def get_canonical_url(self, article) -> str:
        """A shared article points at one canonical site when the network says so; else at the clinic's own URL."""
        delivery: DeliverySettings = self.context["delivery_settings"]
        language_code = article.locale.language_code
        if article.scope == SCOPE_SHARED and delivery.canonical_mode == DeliverySettings.CANONICAL_NETWORK:
            prefix = "" if language_code == self.clinic.default_language_code else f"/{language_code}"
            return f"{delivery.canonical_base_url}{prefix}/articles/{article.slug}/"
        return front_end_article_url(clinic=self.clinic, language_code=language_code, slug=article.slug)

    @extend_schema_field(
        TranslationSerializer(many=True, help_text="The clinic's approved versions in its other locales, for hreflang.")
    )
    def get_translations(self, article) -> list[dict]:
        """The same article in the clinic's other locales, where the clinic serves an approved one."""
        codes = {locale.pk: locale.language_code for locale in self.clinic.locales}
        _, versions = self.versions(article)
        translations = sorted(
            (codes[locale_id], slug, title)
            for key, locale_id, slug, title in versions
            if key == article.translation_key and locale_id != article.locale_id and locale_id in codes
        )
        return [
            {
                "locale": code,
                "slug": slug,
                "title": title,
                "url": front_end_article_url(clinic=self.clinic, language_code=code, slug=slug),
            }
            for code, slug, title in translations
        ]

    def versions(self, article) -> tuple[dict, list[tuple]]:
        """The article's linked pages (id to translation key) and what the clinic serves of them
        and of the article's translations, in every locale involved: one query for both."""
        if "versions" not in self.context:
            disclaimer = self.context.get("disclaimer")
            sources = [str(article.body.raw_data), disclaimer["payload"]["body"] if disclaimer else ""]
            page_keys = page_translation_keys(linked_page_ids(sources))
            locales = {locale.pk: locale for locale in self.clinic.locales}
            locales[article.locale_id] = network_structure().locales[article.locale.language_code]
            versions = served_versions(
                clinic=self.clinic,
                locales=list(locales.values()),
                review_settings=self.context["review_settings"],
                translation_keys={article.translation_key, *page_keys.values()},
            )
            self.context["versions"] = (page_keys, versions)
        return self.context["versions"]

    @extend_schema_field(
        serializers.DictField(
            help_text="schema.org `MedicalWebPage` with `lastReviewed` and `reviewedBy`, ready for a "
            '`<script type="application/ld+json">` tag.'
        )
    )
    def get_json_ld(self, article) -> dict:
        review = served_review_of(article, review_settings=self.context["review_settings"])
        contact = self.get_contact(article)
        publisher = {"@type": "MedicalOrganization", "name": self.clinic.name, "url": self.clinic.frontend_base_url}
        if contact:
            address = contact["address"]
            publisher["telephone"] = contact["phone"]
            publisher["address"] = {
                "@type": "PostalAddress",
                "streetAddress": address["street_address"],
                "addressLocality": address["locality"],
                "addressRegion": address["region"],
                "postalCode": address["postal_code"],
                "addressCountry": address["country"],
            }
        return {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "headline": article.title,
            "description": article.search_description or article.summary,
            "inLanguage": article.locale.language_code,
            "url": self.get_canonical_url(article),
            "datePublished": serializers.DateTimeField().to_representation(article.first_published_at),
            "dateModified": serializers.DateTimeField().to_representation(article.last_published_at),
            "lastReviewed": review.reviewed_at.date().isoformat(),
            "reviewedBy": {
                "@type": "Person",
                "name": review.reviewer_name,
                "honorificSuffix": review.reviewer_credentials,
                "jobTitle": review.reviewer_job_title,
            },
            "publisher": publisher,
            "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        }


def left_out(block: dict) -> bool:
    """An image block whose picture is not served, or a contact block with no contact to show."""
    if block["type"] == "image":
        return block["value"]["image"] is None
    if block["type"] == "contact":
        return block["value"]["contact"] is None
    return False


LIST_FIELDS = (
    "id",
    "slug",
    "title",
    "summary",
    "locale__language_code",
    "scope",
    "first_published_at",
    "last_published_at",
    "live_review__reviewer_name",
    "live_review__reviewer_credentials",
    "live_review__reviewer_job_title",
    "live_review__reviewed_at",
    "next_review_due",
)


def list_item(row: tuple, *, due_soon_days: int, on: datetime.date) -> dict:
    """An ``ArticleListItemSerializer`` item built straight from a row of ``LIST_FIELDS``: a list
    page builds no model instances (a page of 100 would spend most of its time in them)."""
    pk, slug, title, summary, language_code, scope, first, last, name, credentials, job_title, reviewed_at, due = row
    review = ServedReview(
        reviewer_name=name,
        reviewer_credentials=credentials,
        reviewer_job_title=job_title,
        reviewed_at=reviewed_at,
        next_review_due=due,
        status=review_status(next_review_due=due, on=on, due_soon_days=due_soon_days),
    )
    return {
        "id": pk,
        "slug": slug,
        "title": title,
        "summary": summary,
        "locale": language_code,
        "scope": scope,
        "first_published_at": iso_datetime(first),
        "last_published_at": iso_datetime(last),
        "medical_review": review_payload(review),
    }


def count_key(request, *, clinic, locale) -> str:
    """What a list's total depends on: the clinic, the locale, the filters (not the page) and the
    date (review status and overdue articles change at midnight)."""
    query = sorted((name, values) for name, values in request.query_params.lists() if name not in {"page", "page_size"})
    raw = repr([clinic.pk, locale.language_code, query, today().isoformat()])
    return "delivery:count:" + hashlib.sha256(raw.encode()).hexdigest()


def terms_of(article: ArticlePage) -> dict:
    """The live article's categories (named in its locale) and tags. They change only when the
    article is published (a new live revision) or a category or tag changes (``taxonomy``), so
    they are cached by live revision, once for every clinic that serves the article."""

    def build() -> dict:
        categories = categories_of(article=article, locale_id=article.locale_id)
        return {
            "categories": [{"slug": category.slug, "name": category.name} for category in categories],
            "tags": sorted(tag.name for tag in article.tags.all()),
        }

    key = f"delivery:terms:{article.pk}:{article.live_revision_id}:{article.locale_id}"
    return cache.cached(key, tags=[cache_tags.TAXONOMY], build=build)


def served_disclaimer(*, disclaimer_id: int | None, locale_id: int, review_settings) -> dict | None:
    """The disclaimer an article shows (see ``disclaimer_for``) as ``{"translation_key", "payload"}``,
    cached until any disclaimer or the settings change (the review status changes at midnight)."""
    if disclaimer_id is None:
        return None

    def build() -> dict | None:
        disclaimer = disclaimer_for(
            disclaimer_id=disclaimer_id,
            locale_id=locale_id,
            default_locale_id=network_structure().default_locale.pk,
            review_settings=review_settings,
        )
        if disclaimer is None:
            return None
        payload = {
            "id": disclaimer.pk,
            "title": disclaimer.title,
            "locale": disclaimer.locale.language_code,
            "body": disclaimer.body,
            "medical_review": review_payload(served_review_of(disclaimer, review_settings=review_settings)),
        }
        return {"translation_key": str(disclaimer.translation_key), "payload": payload}

    return cache.cached(
        f"delivery:disclaimer:{disclaimer_id}:{locale_id}:{today().isoformat()}",
        tags=[cache_tags.DISCLAIMERS, cache_tags.SETTINGS],
        build=build,
    )


class ArticleList(DeliveryView):
    """The clinic's articles: its own and the shared ones it does not hide, medically approved."""

    serializer_class = ArticleListItemSerializer
    filterset_class = ArticleFilterSet
    filter_backends = [DjangoFilterBackend]  # documents the filters; ``get`` applies them itself
    queryset = ArticlePage.objects.none()

    @extend_schema(
        operation_id="clinic_articles_list",
        summary="List or search a clinic's articles",
        description="The medically approved articles the clinic's website shows: its own, and the "
        "network's shared articles it does not hide. Newest first; filter them by category, tag, scope, "
        "review status or date of change, or search their text with `search` (ranked by relevance). "
        "Each item carries its medical review; get the article itself for its body.",
        tags=["articles"],
        parameters=[CLINIC, LOCALE, ACCEPT_LANGUAGE, FALLBACK, PAGE, PAGE_SIZE],
        responses=answers(ArticleListItemSerializer(many=True)),
    )
    def get(self, request, clinic):
        reject_unknown_parameters(request, {"locale", "fallback", "page", "page_size", *ArticleFilterSet.base_filters})
        clinic = clinic_for_request(request, clinic)
        locale = locale_for_request(request, clinic)
        fallback = fallback_for_request(request)

        def build() -> Built:
            settings = review_settings()
            request.review_settings = settings
            request.clinic = clinic
            default = network_structure().default_locale
            request.locales = [locale] if not fallback or locale.pk == default.pk else [locale, default]
            articles = articles_for(
                clinic=clinic, locale=locale, review_settings=settings, fallback=fallback, details=True
            )
            counted, ordered, plain = filter_articles(request, articles)
            rows = self.paginator.paginate_rows(
                ordered,
                request,
                LIST_FIELDS,
                # A plain list's query is the same for every request of the clinic and locale today.
                query_key=articles_for_key(
                    clinic=clinic, locale=locale, review_settings=settings, fallback=fallback, details=True
                )
                if plain
                else None,
                count=lambda: cache.cached(
                    count_key(request, clinic=clinic, locale=locale),
                    tags=cache_tags.clinic_content(clinic.pk),
                    build=counted.count,
                ),
            )
            on = today()
            items = [list_item(row, due_soon_days=settings.due_soon_days, on=on) for row in rows]
            data = self.get_paginated_response(items).data
            return Built(data=data, tags=cache_tags.clinic_content(clinic.pk), content_language=locale.language_code)

        return cached_response(
            request, identity=[locale.language_code], guard=cache_tags.clinic_content(clinic.pk), build=build
        )


class ArticleDetail(DeliveryView):
    """One article as the clinic's website shows it, in the requested locale."""

    serializer_class = ArticleDetailSerializer
    queryset = ArticlePage.objects.none()

    @extend_schema(
        operation_id="clinic_article_detail",
        summary="Get an article",
        description="One article as the clinic's website shows it: its body as typed blocks (rich text "
        "as sanitised HTML, links to other articles pointing at the clinic's website), the clinic's "
        "contact details in the reader's locale, the reviewed disclaimer, who reviewed the article and "
        "when, SEO fields, the canonical URL, its translations and schema.org JSON-LD. Where the "
        "article has no approved translation in the locale, the approved default-locale version is "
        "served (`locale` says so) unless `fallback=false`.",
        tags=["articles"],
        parameters=[CLINIC, SLUG, LOCALE, ACCEPT_LANGUAGE, FALLBACK],
        responses=answers(ArticleDetailSerializer),
    )
    def get(self, request, clinic, slug):
        reject_unknown_parameters(request, {"locale", "fallback"})
        clinic = clinic_for_request(request, clinic)
        locale = locale_for_request(request, clinic)
        fallback = fallback_for_request(request)

        def build() -> Built:
            settings = review_settings()
            article = article_for(clinic=clinic, locale=locale, slug=slug, review_settings=settings, fallback=fallback)
            if article is None:
                raise NotFound(f"{clinic.name} has no published article '{slug}' in locale '{locale.language_code}'.")
            disclaimer = served_disclaimer(
                disclaimer_id=article.disclaimer_id, locale_id=article.locale_id, review_settings=settings
            )
            tags = {
                cache_tags.STRUCTURE,
                cache_tags.SETTINGS,
                cache_tags.TAXONOMY,
                cache_tags.clinic(clinic.pk),
                cache_tags.content(article.translation_key),
            }
            if article.disclaimer_id and disclaimer is None:
                tags.add(cache_tags.DISCLAIMERS)  # none approved yet: any disclaimer approval may change this
            context = {
                "request": request,
                "clinic": clinic,
                "locale": locale,
                "disclaimer": disclaimer,
                "review_settings": settings,
                "delivery_settings": delivery_settings(),
                "tags": tags,
            }
            data = self.get_serializer(article, context=context).data
            return Built(data=data, tags=tags, content_language=article.locale.language_code)

        return cached_response(
            request, identity=[locale.language_code], guard=cache_tags.clinic_content(clinic.pk), build=build
        )
