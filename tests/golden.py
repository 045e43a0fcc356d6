"""Golden-JSON helpers: responses normalised for ids, dates, block ids, media paths and feed cursors."""

import json
import os
import re
from pathlib import Path

GOLDEN_DIR = Path(__file__).parent / "api" / "golden"
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MEDIA = re.compile(r"^https?://[^/]+/media/.+$")


# Database ids, which differ between runs and databases (a preview names its object and revision).
ID_KEYS = {"id", "object_id", "revision"}
# The change feed's cursor (a position among every clinic's changes), and the same as a link's ``since``.
CURSOR_KEYS = {"cursor"}
CURSOR_IN_URL = re.compile(r"([?&]since=)\d+")
# A cache tag naming a translation key (``content:<uuid>``), as change events list them.
TAGGED_UUID = re.compile(r"^([a-z][a-z:-]*:)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def normalise(value, key: str | None = None):
    if isinstance(value, dict):
        return {k: normalise(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(item) for item in value]
    if key in ID_KEYS and isinstance(value, int | str) and value != "":
        return "<id>"
    if key in CURSOR_KEYS and isinstance(value, str):
        return "<cursor>"
    if isinstance(value, str):
        return normalise_text(value)
    return value


def normalise_text(value: str) -> str:
    if DATETIME.match(value):
        return "<datetime>"
    if DATE.match(value):
        return "<date>"
    if UUID.match(value):
        return "<uuid>"
    if MEDIA.match(value):
        return "<media-url>"
    if tagged := TAGGED_UUID.match(value):
        return f"{tagged[1]}<uuid>"
    return CURSOR_IN_URL.sub(r"\1<cursor>", value)


def assert_matches_golden(name: str, payload) -> None:
    """Compare with tests/api/golden/<name>.json; UPDATE_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN_DIR / f"{name}.json"
    actual = normalise(payload)
    if os.environ.get("UPDATE_GOLDEN") == "1" or not path.exists():
        if os.environ.get("CI") and not path.exists():
            raise AssertionError(f"Golden file {path} is missing; run the tests with UPDATE_GOLDEN=1 locally.")
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    expected = json.loads(path.read_text())
    assert actual == expected, f"Response differs from {path.name}; if the change is intended, UPDATE_GOLDEN=1."
