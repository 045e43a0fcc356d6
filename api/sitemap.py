"""A clinic's sitemap: every article URL its website serves, in every locale, with its last change."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from articles.selectors import articles_for, audience_for
from network.speed import tags as cache_tags

from .delivery import PAGE_PARAMETERS, DeliveryView, front_end_article_url, render
from .http_cache import Built
from .pagination import ArticlePagination
from .schema import CLINIC, answers


class SitemapPagination(ArticlePagination):
    @property
    def page_size(self):
        return settings.API_SITEMAP_PAGE_SIZE

    @property
    def max_page_size(self):
        return settings.API_SITEMAP_PAGE_SIZE


class AlternateSerializer(serializers.Serializer):
    locale = serializers.CharField()
    url = serializers.URLField()


class SitemapEntrySerializer(serializers.Serializer):
    url = serializers.URLField(help_text="The page on the clinic's own website.")
    locale = serializers.CharField()
    last_modified = serializers.DateTimeField()
    alternates = AlternateSerializer(many=True, help_text="The same article in the clinic's other locales.")


class Sitemap(DeliveryView):
    """Every served article URL of the clinic, for building sitemap.xml (with hreflang alternates)."""

    serializer_class = SitemapEntrySerializer
    pagination_class = SitemapPagination
    parameters = PAGE_PARAMETERS

    @extend_schema(
        operation_id="clinic_sitemap",
        summary="Get the sitemap",
        description="Every article URL of the clinic's website, in every locale the clinic serves, by "
        "locale and slug, with when the article last changed and its URLs in the other locales "
        "(`alternates`, for hreflang links). Pages hold up to "
        f"{settings.API_SITEMAP_PAGE_SIZE:,} entries.",
        tags=["sitemap"],
        parameters=[CLINIC],
        responses=answers(SitemapEntrySerializer(many=True)),
    )
    def get(self, request, clinic):
        self.accept(request)
        clinic = self.clinic(request, clinic)

        def build() -> Built:
            page = self.paginate_queryset(self.entries(clinic))
            data = self.get_paginated_response(render(SitemapEntrySerializer, page, many=True)).data
            return Built(data=data, tags=cache_tags.clinic_content(clinic.pk))

        return self.answer(request, clinic=clinic, identity=[], build=build)

    def entries(self, clinic) -> list[dict]:
        entries, by_key = [], {}
        for locale in clinic.locales:
            audience = audience_for(clinic=clinic, locale=locale, fallback=False)
            rows = (
                articles_for(audience=audience)
                .order_by("slug")
                .values_list("slug", "translation_key", "last_published_at")
            )
            for slug, key, modified in rows:
                url = front_end_article_url(clinic=clinic, language_code=locale.language_code, slug=slug)
                entry = {"url": url, "locale": locale.language_code, "last_modified": modified, "alternates": []}
                entries.append(entry)
                by_key.setdefault(key, []).append(entry)
        for group in by_key.values():
            for entry in group:
                entry["alternates"] = [{"locale": o["locale"], "url": o["url"]} for o in group if o is not entry]
        return entries
