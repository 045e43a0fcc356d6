"""Webhook endpoints' signing secrets: made once, shown once, kept encrypted at rest.

A secret is ``whsec_`` and the base64 of 32 random bytes, the form Standard Webhooks libraries
(``standardwebhooks.Webhook``) accept. It is stored encrypted with Fernet under a key derived
(HKDF-SHA256) from ``WEBHOOK_SECRETS_KEY``, or from ``SECRET_KEY`` when that is not set. Secrets
encrypted under a key in ``SECRET_KEY_FALLBACKS`` still decrypt, so ``SECRET_KEY`` can rotate the
way Django rotates it; once the old key leaves the fallbacks, every endpoint needs a new secret.
Nothing here logs a secret, and errors never carry one.
"""

import base64
import secrets as random_source

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

SECRET_PREFIX = "whsec_"  # noqa: S105 (the prefix, not a secret)
SECRET_BYTES = 32
_KEY_SALT = b"clinic-network webhooks"
_KEY_INFO = b"webhook endpoint signing secrets"


class SigningSecretUnreadable(Exception):
    """A stored secret does not decrypt under any key this platform has (its key was retired)."""


def new_signing_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(random_source.token_bytes(SECRET_BYTES)).decode("ascii")


def _fernet_key(material: str) -> bytes:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=_KEY_SALT, info=_KEY_INFO).derive(material.encode())
    return base64.urlsafe_b64encode(derived)


def _key_materials() -> list[str]:
    dedicated = getattr(settings, "WEBHOOK_SECRETS_KEY", "")
    if dedicated:
        return [dedicated]
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def _fernet() -> MultiFernet:
    materials = [material for material in _key_materials() if material]
    if not materials:
        raise SigningSecretUnreadable("No SECRET_KEY or WEBHOOK_SECRETS_KEY to encrypt webhook secrets with.")
    return MultiFernet([Fernet(_fernet_key(material)) for material in materials])


def encrypt_secret(*, secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode("ascii")


def decrypt_secret(*, encrypted: str) -> str:
    try:
        return _fernet().decrypt(encrypted.encode("ascii")).decode()
    except (InvalidToken, UnicodeError) as error:
        raise SigningSecretUnreadable(
            "The endpoint's signing secret cannot be decrypted (the key it was encrypted with is gone); "
            "rotate the secret and give the new one to the clinic's website."
        ) from error
