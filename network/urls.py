"""Top-level routes: the Wagtail admin, the delivery API and media files."""

from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", include(wagtailadmin_urls)),
    path("api/v1/", include("api.urls", namespace="api")),
    # Any other path under /api/ (another version, a typo) is the API's JSON 404, with DEBUG on
    # too (Django then shows its own page instead of calling handler404).
    re_path(r"^api/", include("api.fallback_urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "api.errors.handler400"
handler403 = "api.errors.handler403"
handler404 = "api.errors.handler404"
handler500 = "api.errors.handler500"
