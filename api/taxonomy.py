"""Categories and tags of a clinic's served articles, with how many articles carry each."""

from django.db.models import Count
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from taggit.models import Tag

from articles.models import ArticleCategory
from articles.selectors import articles_for
from network.selectors import review_settings
from network.speed import tags as cache_tags

from .delivery import (
    DeliveryView,
    clinic_for_request,
    fallback_for_request,
    locale_for_request,
    reject_unknown_parameters,
)
from .http_cache import Built, cached_response
from .schema import ACCEPT_LANGUAGE, CLINIC, FALLBACK, LOCALE, PAGE, PAGE_SIZE, answers


class TermSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="Use as the `category` or `tag` filter of the article list.")
    name = serializers.CharField(help_text="In the requested locale where a translation exists.")
    article_count = serializers.IntegerField()


class TermList(DeliveryView):
    serializer_class = TermSerializer

    def served(self, request, clinic_slug):
        reject_unknown_parameters(request, {"locale", "fallback", "page", "page_size"})
        clinic = clinic_for_request(request, clinic_slug)
        locale = locale_for_request(request, clinic)
        fallback = fallback_for_request(request)

        def articles():
            return articles_for(clinic=clinic, locale=locale, review_settings=review_settings(), fallback=fallback)

        return clinic, locale, articles

    def respond(self, request, clinic, locale, terms_for):
        """The paginated terms, cached like an article list of the clinic."""

        def build() -> Built:
            page = self.paginate_queryset(terms_for())
            data = self.get_paginated_response(TermSerializer(page, many=True).data).data
            return Built(data=data, tags=cache_tags.clinic_content(clinic.pk), content_language=locale.language_code)

        return cached_response(
            request, identity=[locale.language_code], guard=cache_tags.clinic_content(clinic.pk), build=build
        )


class CategoryList(TermList):
    """The categories of the clinic's served articles, named in the requested locale."""

    @extend_schema(
        operation_id="clinic_categories_list",
        summary="List categories",
        description="The categories of the articles the clinic serves in the locale, by name, each "
        "named in that locale where a translation exists, with how many articles it holds. A category's "
        "`slug` is the article list's `category` filter.",
        tags=["taxonomy"],
        parameters=[CLINIC, LOCALE, ACCEPT_LANGUAGE, FALLBACK, PAGE, PAGE_SIZE],
        responses=answers(TermSerializer(many=True)),
    )
    def get(self, request, clinic):
        clinic, locale, articles = self.served(request, clinic)
        return self.respond(request, clinic, locale, lambda: self.terms(locale, articles()))

    def terms(self, locale, articles):
        counts = (
            ArticleCategory.objects.filter(articles__in=articles.values("pk"))
            .values("translation_key")
            .annotate(article_count=Count("articles", distinct=True))
        )
        by_key = {row["translation_key"]: row["article_count"] for row in counts}
        names = {}
        for category in ArticleCategory.objects.filter(translation_key__in=by_key).select_related("locale"):
            if category.locale_id == locale.pk or category.translation_key not in names:
                names[category.translation_key] = category
        return sorted(
            ({"slug": c.slug, "name": c.name, "article_count": by_key[key]} for key, c in names.items()),
            key=lambda term: term["name"].lower(),
        )


class TagList(TermList):
    """The tags of the clinic's served articles."""

    @extend_schema(
        operation_id="clinic_tags_list",
        summary="List tags",
        description="The tags of the articles the clinic serves in the locale, by name, with how many "
        "articles carry each. A tag's `slug` is the article list's `tag` filter.",
        tags=["taxonomy"],
        parameters=[CLINIC, LOCALE, ACCEPT_LANGUAGE, FALLBACK, PAGE, PAGE_SIZE],
        responses=answers(TermSerializer(many=True)),
    )
    def get(self, request, clinic):
        clinic, locale, articles = self.served(request, clinic)
        return self.respond(request, clinic, locale, lambda: self.terms(articles()))

    def terms(self, articles):
        tags = (
            Tag.objects.filter(articles_articletag_items__content_object__in=articles.values("pk"))
            .annotate(article_count=Count("articles_articletag_items", distinct=True))
            .order_by("name")
        )
        return [{"slug": tag.slug, "name": tag.name, "article_count": tag.article_count} for tag in tags]
