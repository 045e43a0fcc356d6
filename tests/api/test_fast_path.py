"""The cached fast path (``api.fast_path``) and the view answer alike: same status, body and
headers, and the fast path serves nothing the view would refuse."""

import pytest

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


def served_by_fast_path(monkeypatch) -> list:
    from api import fast_path

    served = []
    original = fast_path.respond

    def counting(request, entry):
        served.append(request.path)
        return original(request, entry)

    monkeypatch.setattr(fast_path, "respond", counting)
    return served


@pytest.mark.parametrize("path", PATHS)
def test_the_fast_path_answers_exactly_as_the_view(network_api, monkeypatch, path):
    served = served_by_fast_path(monkeypatch)
    by_view = network_api.get(path)  # built and stored by the view
    assert not served
    for _ in range(3):  # the fast path may first learn the entry's tags (the view answers then)
        by_fast_path = network_api.get(path)
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
