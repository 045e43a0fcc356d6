"""Signing secrets: the form Standard Webhooks libraries take, encrypted at rest, keys rotatable."""

import base64

import pytest
from standardwebhooks import Webhook

from webhooks.secrets import SigningSecretUnreadable, decrypt_secret, encrypt_secret, new_signing_secret


def test_a_secret_is_whsec_and_32_random_bytes():
    secret = new_signing_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    assert secret != new_signing_secret()
    Webhook(secret)  # accepted as it is


def test_a_secret_is_stored_encrypted_and_reads_back(settings):
    secret = new_signing_secret()
    stored = encrypt_secret(secret=secret)
    assert secret not in stored and secret.removeprefix("whsec_") not in stored
    assert decrypt_secret(encrypted=stored) == secret


def test_secrets_survive_a_secret_key_rotation_through_the_fallbacks(settings):
    secret = new_signing_secret()
    stored = encrypt_secret(secret=secret)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key"
    assert decrypt_secret(encrypted=stored) == secret
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(SigningSecretUnreadable) as unreadable:
        decrypt_secret(encrypted=stored)
    assert "rotate the secret" in str(unreadable.value) and secret not in str(unreadable.value)


def test_a_dedicated_key_keeps_secrets_readable_whatever_the_secret_key(settings):
    settings.WEBHOOK_SECRETS_KEY = "a-key-only-for-webhook-secrets"
    secret = new_signing_secret()
    stored = encrypt_secret(secret=secret)
    settings.SECRET_KEY = "another-secret-key"
    assert decrypt_secret(encrypted=stored) == secret


def test_garbage_is_unreadable_not_a_crash():
    with pytest.raises(SigningSecretUnreadable):
        decrypt_secret(encrypted="not a token")
