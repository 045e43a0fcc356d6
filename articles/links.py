"""Which pages stored rich text links to, by translation key (an article's links follow it into
every locale and clinic)."""

import re
from collections.abc import Iterable

from wagtail.models import Page

from network.speed import cache

PAGE_LINK = re.compile(r'<a[^>]*\blinktype="page"[^>]*\bid="(\d+)"|<a[^>]*\bid="(\d+)"[^>]*\blinktype="page"')


def linked_page_ids(sources: Iterable[str]) -> set[int]:
    return {int(a or b) for source in sources for a, b in PAGE_LINK.findall(source)}


PAGE_KEYS_KEPT = 100_000
_page_keys = cache.held_by_process(maxsize=PAGE_KEYS_KEPT)  # page id -> translation key


def page_translation_keys(ids: set[int]) -> dict:
    """The translation key of each page id. A page keeps its key for life, so the map is held by
    the process and cached without expiry; only ids not seen before cost a query."""
    held = {pk: _page_keys.get(pk) for pk in ids}
    keys = {pk: key for pk, key in held.items() if key is not None}
    missing = ids - keys.keys()
    if not missing:
        return keys
    found = cache.get_many([f"delivery:page-key:{pk}" for pk in missing])
    keys.update({pk: found[f"delivery:page-key:{pk}"] for pk in missing if f"delivery:page-key:{pk}" in found})
    missing = ids - keys.keys()
    if missing:
        loaded = dict(Page.objects.filter(pk__in=missing).values_list("pk", "translation_key"))
        cache.set_many({f"delivery:page-key:{pk}": key for pk, key in loaded.items()}, timeout=None)
        keys.update(loaded)
    _page_keys.update(keys)
    return keys
