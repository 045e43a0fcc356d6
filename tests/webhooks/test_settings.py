"""Production refuses webhook and CDN settings that would send to this machine, over http, or
to a half-configured CDN."""

import pytest

from tests.network.test_settings import GOOD_ENV, manage


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ({"WEBHOOK_ALLOW_LOOPBACK": "true"}, "WEBHOOK_ALLOW_LOOPBACK"),
        ({"FASTLY_SERVICE_ID": "service-1"}, "FASTLY_API_TOKEN"),
        ({"CLOUDFLARE_API_TOKEN": "token"}, "CLOUDFLARE_ZONE_ID"),
        ({"FASTLY_API_URL": "http://api.fastly.com"}, "FASTLY_API_URL"),
    ],
)
def test_production_refuses_unsafe_webhook_settings(extra, says):
    result = manage("check", env={**GOOD_ENV, **extra})
    assert result.returncode != 0 and "ImproperlyConfigured" in result.stderr and says in result.stderr


def test_production_runs_with_a_configured_cdn():
    env = {**GOOD_ENV, "FASTLY_SERVICE_ID": "service-1", "FASTLY_API_TOKEN": "token"}
    result = manage("check", env=env)
    assert result.returncode == 0, result.stderr
