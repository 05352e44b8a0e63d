"""Passwords (argon2) and opaque bearer tokens (random, stored as SHA-256 hashes)."""

from __future__ import annotations

import hashlib
import secrets
from functools import lru_cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

_DEFAULT_HASHER = PasswordHasher()  # argon2id, RFC 9106 low-memory profile
_hasher = _DEFAULT_HASHER

# Verified against when the username is unknown, so timing does not reveal which users exist.
_DUMMY_PASSWORD = "not-a-real-password"


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash(_DUMMY_PASSWORD)


def cheap_hashing_for_tests(enabled: bool = True) -> None:
    """Tests only (never called by the service): hash new passwords with argon2's cheapest
    parameters, so that a test signing in costs microseconds instead of ~0.1-0.2 s. A hash
    carries its own parameters, so hashes made either way verify either way."""
    global _hasher
    _hasher = PasswordHasher.from_parameters(profiles.CHEAPEST) if enabled else _DEFAULT_HASHER
    _dummy_hash.cache_clear()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
