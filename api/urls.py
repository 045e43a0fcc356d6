"""API v1 routes. These paths are a contract that clinic front-ends code against."""

from django.urls import path, re_path

from . import articles, changes, clinics, docs, errors, preview, sitemap, taxonomy

app_name = "api"

urlpatterns = [
    path("clinics/", clinics.ClinicList.as_view(), name="clinic-list"),
    path("clinics/<slug:clinic>/", clinics.ClinicDetail.as_view(), name="clinic-detail"),
    path("clinics/<slug:clinic>/contact/", clinics.ClinicContact.as_view(), name="clinic-contact"),
    path("clinics/<slug:clinic>/articles/", articles.ArticleList.as_view(), name="article-list"),
    path("clinics/<slug:clinic>/articles/<slug:slug>/", articles.ArticleDetail.as_view(), name="article-detail"),
    path("clinics/<slug:clinic>/categories/", taxonomy.CategoryList.as_view(), name="category-list"),
    path("clinics/<slug:clinic>/tags/", taxonomy.TagList.as_view(), name="tag-list"),
    path("clinics/<slug:clinic>/sitemap/", sitemap.Sitemap.as_view(), name="sitemap"),
    path("clinics/<slug:clinic>/changes/", changes.ClinicChanges.as_view(), name="clinic-changes"),
    path(
        # Any slug Wagtail accepts, Unicode ones included (the delivery routes' ASCII converter would not).
        "preview/clinics/<slug:clinic>/articles/<str:slug>/",
        preview.ArticlePreview.as_view(),
        name="preview-article",
    ),
    path("preview/clinics/<slug:clinic>/contact/", preview.ContactPreview.as_view(), name="preview-contact"),
    path(
        "preview/clinics/<slug:clinic>/disclaimers/<int:id>/",
        preview.DisclaimerPreview.as_view(),
        name="preview-disclaimer",
    ),
    path("schema/", docs.Schema.as_view(), name="schema"),
    path("docs/", docs.Docs.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^.*$", errors.not_found),
]
