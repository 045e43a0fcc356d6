"""Test settings: fast hashing, in-memory e-mail and media in a temporary folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret"  # noqa: S105 (tests only)
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="clinic-network-test-media-"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "renditions"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# The tests replay lost invalidations themselves (network.speed.invalidation.replay_pending).
CACHE_REPLAY_SECONDS = 0
# Webhook receivers in the tests listen on this machine (pytest-httpserver).
WEBHOOK_ALLOW_LOOPBACK = True
