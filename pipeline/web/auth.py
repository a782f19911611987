"""Passwords (argon2id), session fingerprints and CSRF tokens. No web framework in here."""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def verify_password(password_hash: str | None, password: str) -> bool:
    """True if `password` matches. An unknown user costs the same time as a wrong password."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def fingerprint(password_hash: str | None) -> str:
    """Kept in the session: a password change (new salt, new hash) ends the sessions opened before it."""
    return hashlib.sha256((password_hash or "").encode()).hexdigest()[:16]


def new_token() -> str:
    return secrets.token_urlsafe(32)


def same_token(expected: str | None, given: str | None) -> bool:
    return bool(expected and given) and hmac.compare_digest(expected.encode(), given.encode())


class LoginThrottle:
    """Failed logins per account and per client address, over a sliding window.

    After `per_account` failures on one user id, or `per_address` from one address, within
    `window_s`, every login there is refused (the right password too) until the oldest failure
    leaves the window: guessing a password costs hours, not seconds. A successful login clears
    its account's failures, not its address's.
    """

    def __init__(
        self, per_account: int, per_address: int, window_s: float, clock: Callable[[], float] = time.monotonic
    ):
        self.limits = {"account": per_account, "address": per_address}
        self.window_s = window_s
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        failures = self._failures.setdefault(key, deque())
        while failures and failures[0] <= now - self.window_s:
            failures.popleft()
        if not failures:
            del self._failures[key]  # nothing to remember: the table stays as small as the attack
            return deque()
        return failures

    def retry_after(self, account: str, address: str) -> tuple[str, int] | None:
        """(which limit, seconds to wait) when a login from here is refused now, else None."""
        now = self.clock()
        with self._lock:
            for scope, value in (("account", account.lower()), ("address", address)):
                failures = self._recent((scope, value), now)
                if len(failures) >= self.limits[scope]:
                    return scope, max(1, math.ceil(failures[-self.limits[scope]] + self.window_s - now))
        return None

    def failed(self, account: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            for key in (("account", account.lower()), ("address", address)):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, account: str) -> None:
        with self._lock:
            self._failures.pop(("account", account.lower()), None)
