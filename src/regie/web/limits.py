"""Login rate limiting: after 5 failures in 15 minutes a (client, user) pair waits.

Kept in the server's memory: one process serves a workspace (``regie serve``).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

from regie.domain.errors import RegieError

WINDOW_SECONDS = 15 * 60
MAX_FAILURES = 5


class TooManyAttempts(RegieError):
    """Too many failed log-ins from this client for this user."""

    code = "too_many_attempts"

    def __init__(self, wait: int) -> None:
        super().__init__(f"too many failed log-ins: try again in {wait} seconds")
        self.wait = wait


class LoginLimiter:
    def __init__(self, limit: int = MAX_FAILURES, window: float = WINDOW_SECONDS) -> None:
        self._limit, self._window = limit, window
        self._failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def check(self, client: str, username: str) -> None:
        """Refuse when the pair has used up its failures in the window."""
        now = time.monotonic()
        with self._lock:
            seen = self._recent((client, username.lower()), now)
            if len(seen) >= self._limit:
                raise TooManyAttempts(int(seen[0] + self._window - now) + 1)

    def failed(self, client: str, username: str) -> None:
        with self._lock:
            self._failures[(client, username.lower())].append(time.monotonic())

    def succeeded(self, client: str, username: str) -> None:
        with self._lock:
            self._failures.pop((client, username.lower()), None)

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        seen = self._failures[key]
        while seen and seen[0] <= now - self._window:
            seen.popleft()
        return seen
