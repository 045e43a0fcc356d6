"""Settings shared by every environment; everything configurable comes from the environment.

Unset ``DATABASE_URL`` means a local SQLite file; unset ``REDIS_URL`` means the local-memory
cache, so a fresh clone works on a laptop without PostgreSQL or Redis.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "network",
    "clinics",
    "articles",
    "api",
    "changes",
    "webhooks",
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "rest_framework_api_key",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "corsheaders",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "network.speed.middleware.RequestScopeMiddleware",
    "api.cors.FrontEndClientCorsMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Before the session, locale, CSRF, auth and message middleware, which an API answer does not
    # use; the fast path adds what those inside it add to a content answer (api.fast_path).
    "api.fast_path.CachedResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # 404 for an admin URL naming another clinic's contact block or override (clinics.permissions).
    "clinics.permissions.ClinicScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "network.deletion_refusals.DeletionRefusedMiddleware",
]

ROOT_URLCONF = "network.urls"
# A CSRF failure under /api/ answers in the API's JSON error shape; the admin keeps Django's page.
CSRF_FAILURE_VIEW = "api.errors.csrf_failure"
WSGI_APPLICATION = "network.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "network" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: PostgreSQL in production and CI, a local SQLite file when DATABASE_URL is unset.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"].get("ENGINE") in {"django.db.backends.postgresql", "django.contrib.gis.db.backends.postgis"}:
    # The delivery's hot queries run as prepared statements (network/speed/prepared.py) after this many
    # runs on a connection; off (unset) behind a pooler that cannot keep prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        5 if env_bool("DATABASE_PREPARED_STATEMENTS", True) else None
    )
if DATABASES["default"].get("ENGINE") == "django.db.backends.sqlite3":
    # Development's SQLite file is written by the server and the worker at once: write-ahead
    # logging lets readers go on during a write, and a transaction takes the write lock when it
    # begins (waiting for it up to 20 s) instead of failing with "database is locked" when a
    # reader upgrades to a writer.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, the local-memory cache otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_cache(url: str) -> dict:
    """The delivery cache on Redis, as production runs it: django-redis, one client a process.
    Errors are not ignored by the backend: ``network.speed.cache`` turns them into misses and skipped
    writes, stops asking for a few seconds, and needs to know when an invalidation did not land."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "clinic-network",
        # Fail fast when Redis is down: requests are then served from the database.
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.5},
    }


DEFAULT_CACHE = redis_cache(REDIS_URL) if REDIS_URL else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
CACHES = {
    "default": DEFAULT_CACHE,
    # Wagtail's image rendition look-ups: per process, so a dead Redis never breaks an image.
    "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "renditions"},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: English is the default content locale, Spanish the second.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "Clinic network"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# A picture that approved content shows keeps its file: a new picture is a new image, reviewed with its article.
WAGTAILIMAGES_IMAGE_FORM_BASE = "network.image_forms.ReviewedImageForm"
WAGTAIL_WORKFLOW_ENABLED = True

# REST framework: the delivery API declares its key authentication, permissions, rate limits and
# errors on its own views (api.delivery.DeliveryView); Wagtail's admin API keeps the defaults.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
API_RATE_LIMIT_PER_MINUTE = int(os.environ.get("API_RATE_LIMIT_PER_MINUTE", "1200"))
API_SITEMAP_PAGE_SIZE = 1000
# HTTP caching of content responses, and the server-side cache of built responses.
API_CACHE_MAX_AGE = int(os.environ.get("API_CACHE_MAX_AGE", "60"))
API_CACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("API_CACHE_STALE_WHILE_REVALIDATE", "300"))
API_RESPONSE_CACHE = env_bool("API_RESPONSE_CACHE", True)
API_RESPONSE_CACHE_TIMEOUT = int(os.environ.get("API_RESPONSE_CACHE_TIMEOUT", str(24 * 60 * 60)))
# How long a preview token the admin hands out stays valid.
PREVIEW_TOKEN_SECONDS = int(os.environ.get("PREVIEW_TOKEN_SECONDS", "3600"))
# Every process replays, this often, cache invalidations that did not reach the cache (0: never).
CACHE_REPLAY_SECONDS = float(os.environ.get("CACHE_REPLAY_SECONDS", "2"))

# Background work. Wagtail's own tasks run where they are enqueued, as before; the relay of
# changes and the deliveries of webhooks and CDN purges go through the database queue, run by
# ``manage.py run_worker`` (django-tasks-db's worker; ``make run`` starts one).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "changes": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["changes", "deliveries"]},
}
# Webhook endpoints: https only, never a private, loopback or link-local address, unless
# WEBHOOK_ALLOW_LOOPBACK (development and tests: a receiver on this machine).
WEBHOOK_ALLOW_LOOPBACK = env_bool("WEBHOOK_ALLOW_LOOPBACK", False)
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10"))
# Seconds to wait before each retry after a failed attempt (then jittered by up to 20%): about
# 27 hours in all, as Standard Webhooks' reference service retries.
WEBHOOK_RETRY_SCHEDULE = [
    float(value) for value in env_list("WEBHOOK_RETRY_SCHEDULE", "5,300,1800,7200,18000,36000,36000")
]
# While a secret rotates, the previous one keeps signing for this long.
WEBHOOK_SECRET_OVERLAP_HOURS = float(os.environ.get("WEBHOOK_SECRET_OVERLAP_HOURS", "24"))
# CDN purges by cache tag (both optional): Fastly purges by Surrogate-Key, Cloudflare by Cache-Tag.
FASTLY_SERVICE_ID = os.environ.get("FASTLY_SERVICE_ID", "")
FASTLY_API_TOKEN = os.environ.get("FASTLY_API_TOKEN", "")
CLOUDFLARE_ZONE_ID = os.environ.get("CLOUDFLARE_ZONE_ID", "")
CLOUDFLARE_API_TOKEN = os.environ.get("CLOUDFLARE_API_TOKEN", "")
# The CDNs' API addresses (changed only by tests, which point them at a local receiver).
FASTLY_API_URL = os.environ.get("FASTLY_API_URL", "https://api.fastly.com")
CLOUDFLARE_API_URL = os.environ.get("CLOUDFLARE_API_URL", "https://api.cloudflare.com")
# Webhook signing secrets are encrypted at rest under a key derived from this, or from SECRET_KEY
# (and its SECRET_KEY_FALLBACKS) when empty: set it to rotate SECRET_KEY without new secrets.
WEBHOOK_SECRETS_KEY = os.environ.get("WEBHOOK_SECRETS_KEY", "")
# The worker's sweep (relays changes and sends deliveries left behind) runs this often, and a
# delivery being attempted is held for the timeout plus this margin before another worker may retry it.
WEBHOOK_SWEEP_SECONDS = float(os.environ.get("WEBHOOK_SWEEP_SECONDS", "5"))
WEBHOOK_LEASE_MARGIN_SECONDS = float(os.environ.get("WEBHOOK_LEASE_MARGIN_SECONDS", "30"))
SPECTACULAR_SETTINGS = {
    "TITLE": "Clinic network content API",
    # The one place the version is written (drf-spectacular prints a view's own ``api_version`` beside it).
    "VERSION": "1.0.0",
    "DESCRIPTION": (BASE_DIR / "api" / "openapi" / "description.md").read_text(),
    # Operations are grouped by these tags, in this order; Redoc shows ``x-displayName``.
    "TAGS": [
        {
            "name": "clinics",
            "x-displayName": "Clinics",
            "description": "The clinics a key may read: name, place, time zone, locales, website and links "
            "to each clinic's content. A clinic's website reads its own; a network key reads every clinic.",
        },
        {
            "name": "articles",
            "x-displayName": "Articles",
            "description": "The medically approved articles a clinic's website shows: its own, and the "
            "network's shared articles it does not hide, each with that clinic's contact details filled in.",
        },
        {
            "name": "taxonomy",
            "x-displayName": "Categories and tags",
            "description": "The categories and tags of the articles a clinic serves, with how many articles "
            "carry each: for navigation, and as the `category` and `tag` filters of the article list.",
        },
        {
            "name": "contact",
            "x-displayName": "Contact details",
            "description": "A clinic's phone, e-mail, address, opening hours, booking link and call to "
            "action, per locale: for a website's header, footer and contact page.",
        },
        {
            "name": "sitemap",
            "x-displayName": "Sitemap",
            "description": "Every article URL of a clinic's website, in every locale, with its last change "
            "and its translations: for `sitemap.xml` with hreflang alternates.",
        },
        {
            "name": "preview",
            "x-displayName": "Preview",
            "description": "Drafts, for a clinic website's preview mode: the admin's Preview sends the editor or "
            "reviewer to the clinic's preview URL with a token for one revision; the website reads it here with "
            "its preview client's key, in the same shape as delivery plus a `preview` object. Never cache these "
            'answers, and show a "Preview" banner.',
        },
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["api.schema.only_delivery_api"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.examples.add_captured_examples"],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"ReviewStatusEnum": ["current", "due_soon", "overdue"]},
    # A choice's value is its name: "`title` - title" lines under every enum say nothing.
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
}
API_KEY_CUSTOM_HEADER = "HTTP_AUTHORIZATION"
API_PAGE_SIZE = int(os.environ.get("API_PAGE_SIZE", "20"))
API_MAX_PAGE_SIZE = int(os.environ.get("API_MAX_PAGE_SIZE", "100"))
# A search answers with at most this many articles: the newest that match, ranked by relevance.
API_SEARCH_RESULTS = int(os.environ.get("API_SEARCH_RESULTS", "200"))
# The change feed keeps each clinic change this many days (`manage.py prune_change_feed`, run daily);
# a website whose cursor is older gets a 410 and rebuilds.
CHANGE_FEED_RETENTION_DAYS = int(os.environ.get("CHANGE_FEED_RETENTION_DAYS", "90"))

# CORS: front-ends call the API from their own origins.
# Origins allowed for every client; each front-end client adds its own in the admin.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_HEADERS = ["authorization", "accept", "accept-language", "content-type"]

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "content@clinic-network.example.com")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Medical review: finishing the workflow publishes the revision the reviewer approved, and an
# edit made while content is under review needs its own approval.
WAGTAIL_FINISH_WORKFLOW_ACTION = "network.workflow_actions.publish_approved_revision"
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# No autosave (Wagtail 8 saves every half second by default): on a create view the first autosave
# creates the page, so an abandoned "Add article" left a draft in the library; on an edit view,
# merely opening an article saved a new revision, which then showed as an unreviewed draft (and,
# opened by a reviewer during review, a revision nobody submitted). Editors save drafts themselves;
# Wagtail still warns before leaving unsaved changes. See docs/decisions.md, "No autosave".
WAGTAIL_AUTOSAVE_INTERVAL = 0
# Workflow e-mails go to the people in the workflow, not to every superuser.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
