"""Categories and tags of a clinic's served articles, with how many articles carry each."""

from django.db.models import Count
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from taggit.models import Tag

from articles.models import ArticleCategory
from articles.selectors import Audience, articles_for
from network.speed import tags as cache_tags

from .delivery import LOCALE_PARAMETERS, PAGE_PARAMETERS, DeliveryView, render
from .http_cache import Built
from .schema import ACCEPT_LANGUAGE, CLINIC, FALLBACK, LOCALE, PAGE, PAGE_SIZE, answers


class TermSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="Use as the `category` or `tag` filter of the article list.")
    name = serializers.CharField(help_text="In the requested locale where a translation exists.")
    article_count = serializers.IntegerField()


class TermList(DeliveryView):
    serializer_class = TermSerializer
    parameters = LOCALE_PARAMETERS | PAGE_PARAMETERS

    def get(self, request, clinic):
        self.accept(request)
        audience = self.audience(request, self.clinic(request, clinic))

        def build() -> Built:
            page = self.paginate_queryset(self.terms(audience))
            data = self.get_paginated_response(render(TermSerializer, page, many=True)).data
            tags = cache_tags.clinic_content(audience.clinic.pk)
            return Built(data=data, tags=tags, content_language=audience.locale.language_code)

        return self.answer(request, clinic=audience.clinic, identity=[audience.locale.language_code], build=build)


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
        return super().get(request, clinic)

    def terms(self, audience: Audience) -> list[dict]:
        """The categories of the audience's articles, named in its locale where a translation exists."""
        locale, articles = audience.locale, articles_for(audience=audience)
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
        return super().get(request, clinic)

    def terms(self, audience: Audience) -> list[dict]:
        articles = articles_for(audience=audience)
        tags = (
            Tag.objects.filter(articles_articletag_items__content_object__in=articles.values("pk"))
            .annotate(article_count=Count("articles_articletag_items", distinct=True))
            .order_by("name")
        )
        return [{"slug": tag.slug, "name": tag.name, "article_count": tag.article_count} for tag in tags]
