"""Production settings: refuse to start without secrets; pass ``manage.py check --deploy``."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import MIDDLEWARE, SECRET_KEY, env_bool, env_list

DEBUG = False
# WhiteNoise serves the collected static files of the admin right after the security middleware.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]

if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 50 characters.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the hosts this platform answers for.")
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL must point at the production PostgreSQL database.")
if not os.environ.get("REDIS_URL"):
    # A process-local cache would let each worker answer from its own copy: an unpublished article
    # or a revoked key would still be served by the workers that did not see the change.
    raise ImproperlyConfigured("REDIS_URL must point at the Redis that every process of the platform shares.")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Webhooks and CDN purges: no receiver on this machine or over plain http, and a CDN is either
# configured whole or not at all (a half-configured one would fail every purge).
if env_bool("WEBHOOK_ALLOW_LOOPBACK", False):
    raise ImproperlyConfigured("WEBHOOK_ALLOW_LOOPBACK is for development and tests; unset it in production.")
for _id_name, _token_name in (
    ("FASTLY_SERVICE_ID", "FASTLY_API_TOKEN"),
    ("CLOUDFLARE_ZONE_ID", "CLOUDFLARE_API_TOKEN"),
):
    if bool(os.environ.get(_id_name)) != bool(os.environ.get(_token_name)):
        raise ImproperlyConfigured(f"Set both {_id_name} and {_token_name} to purge that CDN, or neither.")
for _url_name in ("FASTLY_API_URL", "CLOUDFLARE_API_URL"):
    if not os.environ.get(_url_name, "https://").startswith("https://"):
        raise ImproperlyConfigured(f"{_url_name} must be an https:// address.")
