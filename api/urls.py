"""API v1 routes. These paths are a contract that clinic front-ends code against."""

from django.urls import path, re_path

from . import articles, clinics, errors

app_name = "api"

urlpatterns = [
    path("clinics/", clinics.ClinicList.as_view(), name="clinic-list"),
    path("clinics/<slug:clinic>/", clinics.ClinicDetail.as_view(), name="clinic-detail"),
    path("clinics/<slug:clinic>/contact/", clinics.ClinicContact.as_view(), name="clinic-contact"),
    path("clinics/<slug:clinic>/articles/", articles.ArticleList.as_view(), name="article-list"),
    path("clinics/<slug:clinic>/articles/<slug:slug>/", articles.ArticleDetail.as_view(), name="article-detail"),
    re_path(r"^.*$", errors.not_found),
]
