"""Articles endpoints: a clinic's article list (filtered, searched, paginated) and one article
with everything a page needs: blocks, contact details, disclaimer, review, SEO and JSON-LD.

Each output shape is one serializer below (the body's blocks in ``api.blocks``, the contact
block in ``api.clinics``): it produces the JSON from what the selector read, and documents it in
the schema."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from articles.models import ArticlePage
from articles.selectors import SCOPE_SHARED, ArticleReading, article_list, article_reading
from network.models import DeliverySettings
from network.speed import tags as cache_tags

from .blocks import BodyField, RichTextField, reading_context
from .clinics import ContactBlockSerializer
from .delivery import LOCALE_PARAMETERS, PAGE_PARAMETERS, DeliveryView, front_end_article_url, render
from .filters import ArticleFilterSet, article_filters
from .http_cache import Built
from .schema import ACCEPT_LANGUAGE, CLINIC, FALLBACK, LOCALE, PAGE, PAGE_SIZE, SLUG, answers


class ReviewerSerializer(serializers.Serializer):
    """The medical reviewer who approved the served revision, as shown to patients."""

    name = serializers.CharField(source="reviewer_name")
    credentials = serializers.CharField(
        source="reviewer_credentials", help_text="e.g. MD, DO, NP, PharmD, as at the time of review."
    )
    job_title = serializers.CharField(source="reviewer_job_title", allow_blank=True)


class MedicalReviewSerializer(serializers.Serializer):
    """The medical review of the exact revision served: "Medically reviewed by ... on ..."."""

    reviewed_by = ReviewerSerializer(source="*")
    reviewed_at = serializers.DateTimeField()
    next_review_due = serializers.DateField(help_text="When the content is due for its next review.")
    status = serializers.ChoiceField(
        choices=["current", "due_soon", "overdue"],
        help_text="`current`; `due_soon` within the network's notice period before `next_review_due`; "
        "`overdue` after it (still served unless the network withdraws overdue content).",
    )


class ArticleListItemSerializer(serializers.Serializer):
    """An article in a list: enough to link to it and show its medical review."""

    # Renders an ``ArticleCard``, or an ``ArticleReading`` (which reads like its card).
    id = serializers.IntegerField(help_text="The article's id in this locale.")
    slug = serializers.CharField(
        help_text="The article's URL name in its locale: `/articles/<slug>/` on the clinic's website."
    )
    title = serializers.CharField(help_text="The article's title.")
    summary = serializers.CharField(allow_blank=True)
    locale = serializers.CharField(help_text="The locale of this text: the default one when it is a fallback.")
    scope = serializers.ChoiceField(
        choices=["shared", "clinic"], help_text="`shared`: from the network library; `clinic`: the clinic's own."
    )
    first_published_at = serializers.DateTimeField(allow_null=True, help_text="When the article was first published.")
    last_published_at = serializers.DateTimeField(
        allow_null=True, help_text="When the article was last published (after its last approval)."
    )
    medical_review = MedicalReviewSerializer()
    pinned = serializers.BooleanField(
        help_text="The clinic pinned this shared article: pinned articles come first in its lists, in its order."
    )


class CategorySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class DisclaimerSerializer(serializers.Serializer):
    """The network's medical disclaimer the article shows, approved in medical review like the article."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    locale = serializers.CharField(help_text="The locale served: the default one when no approved translation exists.")
    body = RichTextField(help_text="HTML.")
    medical_review = MedicalReviewSerializer()


class SeoSerializer(serializers.Serializer):
    title = serializers.SerializerMethodField(help_text="For `<title>`: the SEO title, else the article's title.")
    description = serializers.SerializerMethodField(help_text='For `<meta name="description">`: else the summary.')

    def get_title(self, reading: ArticleReading) -> str:
        return reading.article.seo_title or reading.article.title

    def get_description(self, reading: ArticleReading) -> str:
        return reading.article.search_description or reading.article.summary


class TranslationSerializer(serializers.Serializer):
    locale = serializers.CharField()
    slug = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The clinic website's URL of this translation.")

    def get_url(self, translation) -> str:
        clinic = self.context["reading"].audience.clinic
        return front_end_article_url(clinic=clinic, language_code=translation.locale, slug=translation.slug)


class OverrideSerializer(serializers.Serializer):
    """What the requesting clinic changed of a shared article; other clinics see the master unchanged."""

    pinned = serializers.BooleanField()
    local_introduction = serializers.SerializerMethodField(
        help_text="The body starts with the clinic's own `local_introduction` block."
    )
    local_call_to_action = serializers.SerializerMethodField(
        help_text="The contact block's `call_to_action` is the clinic's own for this article."
    )
    medical_review = MedicalReviewSerializer(
        source="local_text.medical_review",
        required=False,
        help_text="The medical review of the clinic's local text; left out when it has none served.",
    )

    def to_representation(self, override) -> dict:
        representation = super().to_representation(override)
        if override.local_text is None:  # left out, never null (as the article's `contact`)
            representation.pop("medical_review", None)
        return representation

    def get_local_introduction(self, override) -> bool:
        return override.local_text is not None and override.local_text.has_introduction

    def get_local_call_to_action(self, override) -> bool:
        return override.shows_call_to_action


class ArticleDetailSerializer(ArticleListItemSerializer):
    """An article with everything its page shows."""

    # Renders an ``ArticleReading``: everything it shows was read before, nothing here queries.
    categories = CategorySerializer(many=True, source="terms.categories", help_text="Named in the article's locale.")
    tags = serializers.ListField(child=serializers.CharField(), source="terms.tags")
    body = BodyField(help_text="The article's content as typed blocks, in order; tell them apart by `type`.")
    reading_time_minutes = serializers.SerializerMethodField(
        help_text="Minutes to read the served body at 200 words a minute, at least 1."
    )
    contact = ContactBlockSerializer(
        required=False,
        help_text="The requesting clinic's published contact block in the locale the reader asked for (else "
        "in its default locale; `locale` says which). Left out while the clinic has none published.",
    )
    disclaimer = DisclaimerSerializer(allow_null=True, help_text="Null when the article has none.")
    seo = SeoSerializer(source="*")
    canonical_url = serializers.SerializerMethodField(
        help_text='For `<link rel="canonical">`: the clinic website\'s URL of the article, or for a shared '
        "article the network's canonical site when the network sets one."
    )
    translations = TranslationSerializer(
        many=True, help_text="The clinic's approved versions in its other locales, for hreflang."
    )
    json_ld = serializers.SerializerMethodField()
    override = OverrideSerializer(
        required=False,
        help_text="The requesting clinic's changes to a shared article (pin, local introduction, local call to "
        "action). Left out where the clinic changed nothing, and for its own articles.",
    )

    def to_representation(self, reading: ArticleReading) -> dict:
        representation = super().to_representation(reading)
        if representation["contact"] is None:
            # A clinic without a published contact block: the key is left out, never null.
            del representation["contact"]
        if reading.override is None:
            del representation["override"]
        return representation

    def get_reading_time_minutes(self, reading: ArticleReading) -> int:
        words = sum(
            len(text.split()) for child in reading.body for text in child.block.get_searchable_content(child.value)
        )
        return max(1, round(words / 200))

    def get_canonical_url(self, reading: ArticleReading) -> str:
        """A shared article points at one canonical site when the network says so; else at the clinic's own URL."""
        article, clinic, delivery = reading.article, reading.audience.clinic, reading.delivery_settings
        language_code = article.locale.language_code
        if article.scope == SCOPE_SHARED and delivery.canonical_mode == DeliverySettings.CANONICAL_NETWORK:
            prefix = "" if language_code == clinic.default_language_code else f"/{language_code}"
            return f"{delivery.canonical_base_url}{prefix}/articles/{article.slug}/"
        return front_end_article_url(clinic=clinic, language_code=language_code, slug=article.slug)

    @extend_schema_field(
        serializers.DictField(
            help_text="schema.org `MedicalWebPage` with `lastReviewed` and `reviewedBy`, ready for a "
            '`<script type="application/ld+json">` tag.'
        )
    )
    def get_json_ld(self, reading: ArticleReading) -> dict:
        article, review, contact, clinic = (
            reading.article,
            reading.medical_review,
            reading.contact,
            reading.audience.clinic,
        )
        publisher = {"@type": "MedicalOrganization", "name": clinic.name, "url": clinic.frontend_base_url}
        if contact:
            publisher["telephone"] = contact.phone
            publisher["address"] = {
                "@type": "PostalAddress",
                "streetAddress": contact.street_address,
                "addressLocality": contact.locality,
                "addressRegion": contact.region,
                "postalCode": contact.postal_code,
                "addressCountry": contact.country,
            }
        json_ld = {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "headline": article.title,
            "description": article.search_description or article.summary,
            "inLanguage": article.locale.language_code,
            "url": self.get_canonical_url(reading),
            "datePublished": self.fields["first_published_at"].to_representation(article.first_published_at),
            "dateModified": self.fields["last_published_at"].to_representation(article.last_published_at),
            "lastReviewed": None,
            "reviewedBy": None,
            "publisher": publisher,
            "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        }
        if review is None:  # a preview of a revision no reviewer approved: no review to state
            del json_ld["lastReviewed"], json_ld["reviewedBy"]
        else:
            json_ld["lastReviewed"] = review.reviewed_at.date().isoformat()
            json_ld["reviewedBy"] = {
                "@type": "Person",
                "name": review.reviewer_name,
                "honorificSuffix": review.reviewer_credentials,
                "jobTitle": review.reviewer_job_title,
            }
        return json_ld


def detail_tags(reading: ArticleReading) -> set[str]:
    """What an article's answer depends on, as cache tags."""
    clinic, article, disclaimer = reading.audience.clinic, reading.article, reading.disclaimer
    tags = {
        cache_tags.STRUCTURE,
        cache_tags.SETTINGS,
        cache_tags.TAXONOMY,
        cache_tags.clinic(clinic.pk),
        cache_tags.content(article.translation_key),
        *(cache_tags.image(pk) for pk in reading.image_ids),
        *(cache_tags.content(key) for key in reading.linked_translation_keys),
    }
    if disclaimer is not None:
        tags.add(cache_tags.content(disclaimer.translation_key))
    elif article.disclaimer_id is not None:
        tags.add(cache_tags.DISCLAIMERS)  # none approved yet: any disclaimer approval may change this
    return tags


class ArticleList(DeliveryView):
    """The clinic's articles: its own and the shared ones it does not hide, medically approved."""

    serializer_class = ArticleListItemSerializer
    parameters = LOCALE_PARAMETERS | PAGE_PARAMETERS | frozenset(ArticleFilterSet.base_filters)
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
        self.accept(request)
        audience = self.audience(request, self.clinic(request, clinic))
        number, size = self.paginator.requested_page(request)

        def build() -> Built:
            found = article_list(
                audience=audience, filters=article_filters(request.query_params), number=number, size=size
            )
            items = render(ArticleListItemSerializer, found.cards, many=True)
            data = self.paginator.paginated(request, number=number, size=size, count=found.count, items=items)
            clinic_tags = cache_tags.clinic_content(audience.clinic.pk)
            return Built(data=data, tags=clinic_tags, content_language=audience.locale.language_code)

        return self.answer(request, clinic=audience.clinic, identity=[audience.locale.language_code], build=build)


class ArticleDetail(DeliveryView):
    """One article as the clinic's website shows it, in the requested locale."""

    serializer_class = ArticleDetailSerializer
    parameters = LOCALE_PARAMETERS
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
        self.accept(request)
        audience = self.audience(request, self.clinic(request, clinic))

        def build() -> Built:
            reading = article_reading(audience=audience, slug=slug)
            if reading is None:
                locale = audience.locale.language_code
                raise NotFound(f"{audience.clinic.name} has no published article '{slug}' in locale '{locale}'.")
            data = render(ArticleDetailSerializer, reading, request=request, **reading_context(reading))
            return Built(data=data, tags=detail_tags(reading), content_language=reading.article.locale.language_code)

        return self.answer(request, clinic=audience.clinic, identity=[audience.locale.language_code], build=build)
