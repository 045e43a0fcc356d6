"""Counts the database queries of each benchmark request (run by bench/run.py in the benchmark's
environment): a first request warms the process, the second is counted."""

import json
import sys

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402


def main() -> None:
    auth, urls = sys.argv[1], json.loads(sys.argv[2])
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=auth)
    counts = {}
    with override_settings(API_RESPONSE_CACHE=False):
        for name, url in urls.items():
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                status = client.get(url).status_code
            counts[name] = len(queries) if status == 200 else f"HTTP {status}"
    print(json.dumps(counts))


main()
