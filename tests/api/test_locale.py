"""Locale negotiation: ?locale= wins, then Accept-Language, then the clinic's default; the
response says what it served."""

import pytest

pytestmark = pytest.mark.django_db

ARTICLE = "/api/v1/clinics/phoenix/articles/what-is-ketamine-infusion-therapy/"


@pytest.mark.parametrize(
    ("header", "served"),
    [
        ("es", "es"),
        ("es-MX,es;q=0.9,en;q=0.8", "es"),
        ("fr-FR,fr;q=0.9,es;q=0.5", "es"),
        ("fr-FR,de;q=0.9", "en"),
        ("en-US,en;q=0.9,es;q=0.8", "en"),
        ("*", "en"),
        ("garbage;;;q=abc", "en"),
        ("", "en"),
    ],
)
def test_accept_language_picks_the_first_supported(network_api, header, served):
    response = network_api.get(ARTICLE, HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 200
    assert response.json()["locale"] == served
    assert response["Content-Language"] == served
    assert "Accept-Language" in response["Vary"]


def test_explicit_locale_wins_over_accept_language(network_api):
    response = network_api.get(ARTICLE + "?locale=en", HTTP_ACCEPT_LANGUAGE="es")
    assert response.json()["locale"] == "en"


def test_clinic_without_spanish_ignores_spanish_accept_language(network_api):
    response = network_api.get("/api/v1/clinics/peoria/contact/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.json()["locale"] == "en"


def test_contact_block_follows_accept_language(network_api):
    response = network_api.get("/api/v1/clinics/phoenix/contact/", HTTP_ACCEPT_LANGUAGE="es-US")
    assert response.json()["call_to_action"] == "Reserve una consulta"


def test_fallback_article_says_it_is_english(network_api):
    response = network_api.get("/api/v1/clinics/phoenix/articles/esketamine-vs-iv-ketamine/?locale=es")
    assert response.status_code == 200
    assert response.json()["locale"] == "en"
    assert response["Content-Language"] == "en"
    # The text falls back to English; the contact block follows the reader's language.
    body_contact = next(block for block in response.json()["body"] if block["type"] == "contact")
    assert response.json()["contact"]["locale"] == body_contact["value"]["contact"]["locale"] == "es"
    assert response.json()["json_ld"]["publisher"]["telephone"] == response.json()["contact"]["phone"]
    no_fallback = network_api.get(
        "/api/v1/clinics/phoenix/articles/esketamine-vs-iv-ketamine/?locale=es&fallback=false"
    )
    assert no_fallback.status_code == 404


def test_translations_point_at_each_locales_url(network_api):
    data = network_api.get(ARTICLE + "?locale=en").json()
    assert data["translations"] == [
        {
            "locale": "es",
            "slug": "what-is-ketamine-infusion-therapy",
            "title": "¿Qué es la terapia de infusión de ketamina?",
            "url": "https://ahwatukee.example.com/es/articles/what-is-ketamine-infusion-therapy/",
        }
    ]
