"""Paths under /api/ outside a version of the API: the API's JSON 404 for every method."""

from django.urls import re_path

from . import errors

urlpatterns = [re_path(r"^.*$", errors.not_found)]
