"""Benchmark settings: production-like (no debug, Redis, persistent connections), plus Wagtail's
own API v2 and a fixed-JSON view mounted side by side for comparison. Never used in production."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

from network.settings.base import *  # noqa: F403
from network.settings.base import INSTALLED_APPS

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = os.environ["ALLOWED_HOSTS"].split(",")
ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v2"]
# Rate limits are counted as in production (their cache round trip is part of a request's cost),
# with a limit no load test reaches.
API_RATE_LIMIT_PER_MINUTE = 10**9
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
WAGTAILAPI_LIMIT_MAX = 100
