"""Production settings refuse to start without their secrets (or with malformed ones), pass Django's
deploy checks, and run prepared statements unless told not to."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_ENV = {
    "DJANGO_SETTINGS_MODULE": "network.settings.production",
    "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-value-0123456789",
    "ALLOWED_HOSTS": "cms.example.com",
    "DATABASE_URL": "postgres://user@127.0.0.1:5432/clinic_network",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args, env: dict) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in GOOD_ENV.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_refuses_a_short_secret():
    result = manage("check", env={**GOOD_ENV, "SECRET_KEY": "short"})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_passes_deploy_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=GOOD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def database_options(value: str | None) -> subprocess.CompletedProcess:
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'].get('prepare_threshold'))"
    env = {**GOOD_ENV} if value is None else {**GOOD_ENV, "DATABASE_PREPARED_STATEMENTS": value}
    return manage("shell", "-v", "0", "-c", code, env=env)


@pytest.mark.parametrize(("value", "threshold"), [(None, "5"), ("true", "5"), ("false", "None"), ("0", "None")])
def test_prepared_statements_follow_their_setting(value, threshold):
    result = database_options(value)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == threshold


def test_a_malformed_prepared_statements_setting_refuses_to_start():
    result = database_options("sometimes")
    assert result.returncode != 0
    assert "DATABASE_PREPARED_STATEMENTS must be true or false" in result.stderr


def test_production_caches_in_the_shared_redis():
    """Every process of production answers from one shared cache: a change or a revoked key is
    seen by all of them on their next request, not by some."""
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'])"
    result = manage("shell", "-v", "0", "-c", code, env=GOOD_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django_redis.cache.RedisCache", GOOD_ENV["REDIS_URL"]]
