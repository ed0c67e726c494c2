"""Encryption of personal data at rest, and a keyed hash to find it without decrypting.

AES-256-GCM with a random nonce; the stored text is ``v1:`` + urlsafe base64 of
nonce || ciphertext. The keyed hash is HMAC-SHA256 under a separate derived key, so an
equality lookup (find a member by ID number) needs no decryption and leaks nothing to
someone who holds the database without the key. A check value, an HMAC of a constant under
a third derived key, is stored beside the data so a wrong DATA_KEY is noticed at start.

Every function works under settings.DATA_KEY unless given ``key`` (the 32 raw bytes), which
the key rotation uses to decrypt under the old key and encrypt under the new one.
"""
import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from .keys import decode_data_key

PREFIX = "v1:"
CHECK_CONSTANT = b"dangjian DATA_KEY check value v1"


class DecryptionFailed(ValueError):
    """The stored text does not open under this key: a wrong DATA_KEY or damaged data."""


def current_key() -> bytes:
    """The 32 bytes of settings.DATA_KEY (settings.py fills it in for DEBUG and DEMO_MODE)."""
    return decode_data_key(settings.DATA_KEY)


@lru_cache(maxsize=16)  # three purposes, two keys while rotating
def _derived(purpose: bytes, master: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


@lru_cache(maxsize=4)
def _aead_for(master: bytes) -> AESGCM:
    return AESGCM(_derived(b"dangjian-encrypt", master))


def encrypt(plain: str, *, key: bytes | None = None) -> str:
    """Encrypt a string; the empty string stays empty (an optional field left blank)."""
    if not plain:
        return ""
    nonce = os.urandom(12)
    sealed = _aead_for(key or current_key()).encrypt(nonce, plain.encode("utf-8"), None)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def decrypt(token: str, *, key: bytes | None = None) -> str:
    """The plain text; raises DecryptionFailed when the token does not open under the key."""
    if not token:
        return ""
    if not token.startswith(PREFIX):
        raise DecryptionFailed("unknown ciphertext format")
    try:
        raw = base64.urlsafe_b64decode(token[len(PREFIX):])
        return _aead_for(key or current_key()).decrypt(raw[:12], raw[12:], None).decode("utf-8")
    except (InvalidTag, ValueError) as exc:  # ValueError: bad base64, short token, bad UTF-8
        raise DecryptionFailed("the data does not open under this DATA_KEY") from exc


def keyed_hash(value: str, *, key: bytes | None = None) -> str:
    """Deterministic HMAC of a normalised value, for equality lookups; '' for blank."""
    if not value:
        return ""
    lookup_key = _derived(b"dangjian-lookup", key or current_key())
    return hmac.new(lookup_key, value.strip().upper().encode("utf-8"), hashlib.sha256).hexdigest()


def check_value(*, key: bytes | None = None) -> str:
    """A value stored in the database that tells whether a key is the one the data is under;
    it reveals nothing of the key (HMAC under a derived key of its own)."""
    check_key = _derived(b"dangjian-key-check", key or current_key())
    return hmac.new(check_key, CHECK_CONSTANT, hashlib.sha256).hexdigest()
