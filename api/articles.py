"""Articles endpoints: a clinic's article list and one article, ready to render."""

from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from articles.models import ArticlePage
from articles.selectors import article_for, articles_for, categories_in, served_translations_of
from clinics.selectors import contact_block_for
from network.models import ReviewSettings
from network.review import served_reviews
from network.selectors import disclaimer_for

from .clinics import ContactBlockSerializer
from .delivery import (
    clinic_for_request,
    front_end_article_url,
    image_serialiser,
    locale_for_request,
    reject_unknown_parameters,
    review_payload,
    rich_text_resolver,
)


class ArticleListItemSerializer(serializers.ModelSerializer):
    """Needs ``reviews`` in its context: the served approvals by id (see ``network.review.served_reviews``)."""

    locale = serializers.CharField(source="locale.language_code")
    scope = serializers.CharField()
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

    def get_medical_review(self, article) -> dict | None:
        return review_payload(self.context["reviews"].get(article.medical_review_id))


class ArticleDetailSerializer(ArticleListItemSerializer):
    categories = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()
    disclaimer = serializers.SerializerMethodField()
    seo = serializers.SerializerMethodField()
    canonical_url = serializers.SerializerMethodField()
    translations = serializers.SerializerMethodField()

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
        ]

    @property
    def clinic(self):
        return self.context["clinic"]

    def get_categories(self, article) -> list[dict]:
        return [
            {"slug": category.slug, "name": category.name}
            for category in categories_in(locale=article.locale, categories=article.categories.all())
        ]

    def get_tags(self, article) -> list[str]:
        return sorted(tag.name for tag in article.tags.all())

    def get_contact(self, article) -> dict | None:
        if "contact" not in self.context:
            block = contact_block_for(clinic=self.clinic, locale=article.locale)
            self.context["contact"] = ContactBlockSerializer(block).data if block else None
        return self.context["contact"]

    def get_body(self, article) -> list[dict]:
        block_context = {
            "rich_text": rich_text_resolver(clinic=self.clinic, locale=article.locale),
            "contact": self.get_contact(article),
            "image": image_serialiser(self.context["request"]),
        }
        return article.body.stream_block.get_api_representation(article.body, block_context)

    def get_disclaimer(self, article) -> dict | None:
        disclaimer = self.context.get("disclaimer")
        if disclaimer is None:
            return None
        return {
            "id": disclaimer.pk,
            "title": disclaimer.title,
            "locale": disclaimer.locale.language_code,
            "body": disclaimer.body,
            "medical_review": review_payload(self.context["reviews"].get(disclaimer.medical_review_id)),
        }

    def get_seo(self, article) -> dict:
        return {
            "title": article.seo_title or article.title,
            "description": article.search_description or article.summary,
        }

    def get_canonical_url(self, article) -> str:
        return front_end_article_url(clinic=self.clinic, language_code=article.locale.language_code, slug=article.slug)

    def get_translations(self, article) -> list[dict]:
        return [
            {
                "locale": translation.locale.language_code,
                "slug": translation.slug,
                "title": translation.title,
                "url": front_end_article_url(
                    clinic=self.clinic, language_code=translation.locale.language_code, slug=translation.slug
                ),
            }
            for translation in served_translations_of(
                article=article, clinic=self.clinic, review_settings=self.context["review_settings"]
            )
        ]


class ArticleList(GenericAPIView):
    serializer_class = ArticleListItemSerializer

    def get(self, request, clinic):
        reject_unknown_parameters(request, {"locale", "page", "page_size"})
        clinic = clinic_for_request(request, clinic)
        locale = locale_for_request(request, clinic)
        review_settings = ReviewSettings.load()
        articles = articles_for(clinic=clinic, locale=locale, review_settings=review_settings)
        page = self.paginate_queryset(articles.select_related("locale").order_by("-last_published_at", "pk"))
        reviews = served_reviews([article.medical_review_id for article in page], review_settings=review_settings)
        serializer = self.get_serializer(page, many=True, context={"request": request, "reviews": reviews})
        response = self.get_paginated_response(serializer.data)
        response["Content-Language"] = locale.language_code
        return response


class ArticleDetail(GenericAPIView):
    serializer_class = ArticleDetailSerializer

    def get(self, request, clinic, slug):
        reject_unknown_parameters(request, {"locale"})
        clinic = clinic_for_request(request, clinic)
        locale = locale_for_request(request, clinic)
        review_settings = ReviewSettings.load()
        article = article_for(clinic=clinic, locale=locale, slug=slug, review_settings=review_settings)
        if article is None:
            raise NotFound(f"{clinic.name} has no published article '{slug}' in locale '{locale.language_code}'.")
        disclaimer = disclaimer_for(
            disclaimer=article.disclaimer, locale=article.locale, review_settings=review_settings
        )
        reviews = served_reviews(
            [article.medical_review_id, disclaimer.medical_review_id if disclaimer else None],
            review_settings=review_settings,
        )
        context = {
            "request": request,
            "clinic": clinic,
            "reviews": reviews,
            "disclaimer": disclaimer,
            "review_settings": review_settings,
        }
        serializer = self.get_serializer(article, context=context)
        response = Response(serializer.data)
        response["Content-Language"] = article.locale.language_code
        return response
