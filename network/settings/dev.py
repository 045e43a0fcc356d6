"""Development settings: debug on, a fixed throwaway secret, e-mail to the console."""

import os

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-secret-not-for-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# A webhook receiver on this machine (the README's example) may be registered in development.
WEBHOOK_ALLOW_LOOPBACK = env_bool("WEBHOOK_ALLOW_LOOPBACK", True)
