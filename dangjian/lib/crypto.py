"""Encryption of personal data at rest, and a keyed hash to find it without decrypting.

AES-256-GCM with a random nonce; the stored text is ``v1:`` + urlsafe base64 of
nonce || ciphertext. The keyed hash is HMAC-SHA256 under a separate derived key, so an
equality lookup (find a member by ID number) needs no decryption and leaks nothing to
someone who holds the database without the key.
"""
import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "v1:"


def _master_key() -> bytes:
    if settings.DATA_KEY:
        return base64.urlsafe_b64decode(settings.DATA_KEY)
    return hashlib.sha256(settings.SECRET_KEY.encode()).digest()


@lru_cache(maxsize=4)
def _derived(purpose: bytes, master: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


@lru_cache(maxsize=4)
def _aead_for(master: bytes) -> AESGCM:
    return AESGCM(_derived(b"dangjian-encrypt", master))


def _aead() -> AESGCM:
    return _aead_for(_master_key())


def encrypt(plain: str) -> str:
    """Encrypt a string; the empty string stays empty (an optional field left blank)."""
    if not plain:
        return ""
    nonce = os.urandom(12)
    sealed = _aead().encrypt(nonce, plain.encode("utf-8"), None)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def decrypt(token: str) -> str:
    if not token:
        return ""
    if not token.startswith(PREFIX):
        raise ValueError("unknown ciphertext format")
    raw = base64.urlsafe_b64decode(token[len(PREFIX):])
    return _aead().decrypt(raw[:12], raw[12:], None).decode("utf-8")


def keyed_hash(value: str) -> str:
    """Deterministic HMAC of a normalised value, for equality lookups; '' for blank."""
    if not value:
        return ""
    key = _derived(b"dangjian-lookup", _master_key())
    return hmac.new(key, value.strip().upper().encode("utf-8"), hashlib.sha256).hexdigest()
