"""The cached fast path (``api.fast_path``) and the view answer alike: same status, body and
headers, and the fast path serves nothing the view would refuse."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/v1/clinics/phoenix/",
    "/api/v1/clinics/phoenix/contact/?locale=es",
    "/api/v1/clinics/phoenix/articles/?page_size=5",
    "/api/v1/clinics/phoenix/articles/what-is-ketamine-infusion-therapy/",
    "/api/v1/clinics/phoenix/categories/",
    "/api/v1/clinics/phoenix/tags/",
    "/api/v1/clinics/phoenix/sitemap/",
]


@pytest.mark.parametrize("language", ["", "es"])
@pytest.mark.parametrize("path", PATHS)
def test_the_fast_path_answers_exactly_as_the_view(network_api, served_by_fast_path, path, language):
    """Also the headers the middleware after the fast path adds to the view's answer (the
    language of an answer that names none follows ``Accept-Language``)."""
    served = served_by_fast_path
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    by_view = network_api.get(path, **headers)  # built and stored by the view
    assert not served
    for _ in range(3):  # the fast path may first learn the entry's tags (the view answers then)
        by_fast_path = network_api.get(path, **headers)
    assert served
    assert by_fast_path.status_code == by_view.status_code == 200
    assert by_fast_path.content == by_view.content
    assert dict(by_fast_path.items()) == dict(by_view.items())
    assert "Allow" in by_fast_path and "X-Frame-Options" in by_fast_path


@pytest.mark.parametrize("accept", ["application/xml", "text/html"])
def test_the_fast_path_refuses_what_the_view_refuses(network_api, accept):
    path = PATHS[3]
    network_api.get(path)
    network_api.get(path)
    network_api.get(path)
    response = network_api.get(path, HTTP_ACCEPT=accept)
    assert response.status_code == 406
    assert response.json()["error"]["status"] == 406


def test_a_locale_the_clinic_does_not_serve_is_refused_without_a_warning(network_api, caplog):
    path = "/api/v1/clinics/peoria/articles/?locale=es"
    for _ in range(3):
        assert network_api.get(path).status_code == 400
    assert not [record for record in caplog.records if record.exc_info or record.name == "api.fast_path"]


def test_a_cached_answer_costs_one_cache_read(network_api, served_by_fast_path, monkeypatch):
    """The entry, the key's and structure's tag versions and the entry's tags: one round trip
    (the rate limit's count is the throttle's own, as in the view: see tests/api/test_rate_limits.py)."""
    from network.speed import cache as delivery_cache
    from network.speed.rate_limits import COUNTER_PREFIX

    served = served_by_fast_path
    path = PATHS[3]
    for _ in range(3):
        network_api.get(path)
    reads = []
    original = delivery_cache.cache.get_many
    monkeypatch.setattr(delivery_cache.cache, "get_many", lambda keys, *a, **k: reads.append(keys) or original(keys))
    served.clear()
    assert network_api.get(path).status_code == 200
    assert served == [path]
    delivery_reads = [keys for keys in reads if not any(key.startswith(COUNTER_PREFIX) for key in keys)]
    assert len(delivery_reads) == 1, reads


def test_a_wrong_secret_with_a_known_prefix_is_refused_on_a_cached_answer(network_api, make_key):
    path = PATHS[3]
    for _ in range(3):
        network_api.get(path)
    key = make_key(None)
    prefix, _, secret = key.partition(".")
    forged = APIClient()
    forged.credentials(HTTP_AUTHORIZATION=f"Api-Key {prefix}.{secret[::-1]}")
    assert client_with(key).get(path).status_code == 200
    response = forged.get(path)
    assert response.status_code == 401
    assert response.json()["error"]["status"] == 401


def client_with(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client
