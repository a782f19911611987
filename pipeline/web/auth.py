"""Passwords (argon2id), session fingerprints and CSRF tokens. No web framework in here."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
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


def address_key(address: str) -> str:
    """The client address as the throttle counts it: an IPv6 client by its /64 (one household or
    office has a whole /64 to hop through), anything else as it is."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


@dataclass(frozen=True)
class ThrottleLimits:
    free_failures: int = 3  # failures per account-and-address before the first delay
    first_delay_s: float = 1.0  # then 1 s, 2 s, 4 s, ... doubling with each failure
    max_delay_s: float = 15 * 60.0
    per_address: int = 100  # failures from one address (any accounts) within window_s, then refused
    window_s: float = 15 * 60.0


@dataclass
class _Failures:
    count: int
    last: float


class LoginThrottle:
    """Failed logins: growing delays per account-and-address, and a coarse limit per address.

    Whoever guesses one account's password from one address waits longer after each failure past
    the first few: guessing costs hours, not seconds. The same account from another address (its
    owner at home, a colleague behind the office proxy) is not slowed, so nobody can lock an
    account or a team out by failing on purpose. Failures on any accounts from one address are also
    counted: `per_address` of them within the window refuse every login from there, a number an
    office behind one proxy does not reach by mistyping. A success clears its account-and-address.
    """

    def __init__(self, limits: ThrottleLimits | None = None, clock: Callable[[], float] = time.monotonic):
        self.limits = limits or ThrottleLimits()
        self.clock = clock
        self._pairs: dict[tuple[str, str], _Failures] = {}
        self._addresses: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._swept_at = -math.inf

    def delay_after(self, failures: int) -> float:
        """Seconds to wait after `failures` failures of one account-and-address."""
        beyond = failures - self.limits.free_failures
        if beyond < 0:
            return 0.0
        return min(self.limits.max_delay_s, self.limits.first_delay_s * 2.0 ** min(beyond, 60))

    def _forgotten(self, failures: _Failures, now: float) -> bool:
        """Quiet for the window after the delay ended: these failures no longer count."""
        return now - failures.last >= self.delay_after(failures.count) + self.limits.window_s

    def _forget_old(self, now: float) -> None:
        """Drop what no longer slows anyone (once a second): the tables stay as small as the attack."""
        if now - self._swept_at < 1.0:
            return
        self._swept_at = now
        for pair, failures in list(self._pairs.items()):
            if self._forgotten(failures, now):
                del self._pairs[pair]
        for address, times in list(self._addresses.items()):
            while times and times[0] <= now - self.limits.window_s:
                times.popleft()
            if not times:
                del self._addresses[address]

    def retry_after(self, account: str, address: str) -> tuple[str, int] | None:
        """(which limit: "account" or "address", seconds to wait) when a login from here is refused now."""
        now, address = self.clock(), address_key(address)
        with self._lock:
            self._forget_old(now)
            times = [t for t in self._addresses.get(address, ()) if t > now - self.limits.window_s]
            if len(times) >= self.limits.per_address:
                oldest_counted = times[-self.limits.per_address]
                return "address", max(1, math.ceil(oldest_counted + self.limits.window_s - now))
            failures = self._pairs.get((account.lower(), address))
            if failures:
                wait = failures.last + self.delay_after(failures.count) - now
                if wait > 0:  # checked before the password: a guess during the wait learns nothing
                    return "account", max(1, math.ceil(wait))
        return None

    def failed(self, account: str, address: str) -> None:
        now, address = self.clock(), address_key(address)
        with self._lock:
            pair = (account.lower(), address)
            previous = self._pairs.get(pair)
            if previous and self._forgotten(previous, now):
                previous = None
            self._pairs[pair] = _Failures((previous.count if previous else 0) + 1, now)
            times = self._addresses.setdefault(address, deque(maxlen=self.limits.per_address))
            times.append(now)

    def succeeded(self, account: str, address: str) -> None:
        with self._lock:
            self._pairs.pop((account.lower(), address_key(address)), None)
