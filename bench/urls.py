"""The platform's routes, plus Wagtail API v2 at /bench/v2/ and a fixed JSON body at /bench/fixed/."""

from django.http import JsonResponse
from django.urls import path
from rest_framework.permissions import AllowAny
from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from articles.models import ArticlePage
from network.urls import urlpatterns as platform_urls

# What Wagtail API v2 shows of an article for the side-by-side comparison: only here, never in
# the platform (which serves nothing through v2).
ArticlePage.api_fields = [
    APIField("summary"),
    APIField("body"),
    APIField("categories"),
    APIField("tags"),
    APIField("disclaimer"),
]


class OpenPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's own pages endpoint as a stock install serves it: no key, no throttling."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []


router = WagtailAPIRouter("wagtailapi")
router.register_endpoint("pages", OpenPagesAPIViewSet)

FIXED = {"status": "ok", "items": [1, 2, 3]}


def fixed(request):
    """The ceiling of the stack: a Django view that returns a small fixed JSON body."""
    return JsonResponse(FIXED)


urlpatterns = [
    path("bench/v2/", router.urls),
    path("bench/fixed/", fixed),
    *platform_urls,
]
