"""Another process of the platform, for tests of what processes sharing one Redis see of each
other's changes (as two servers behind a load balancer do)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def other_process(code: str) -> str:
    """Run Python in a separate process whose cache is the same Redis (settings from REDIS_URL)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "network.settings.dev", "REDIS_URL": REDIS_URL}
    script = "import django\ndjango.setup()\nfrom network.speed import cache\n" + code
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()
