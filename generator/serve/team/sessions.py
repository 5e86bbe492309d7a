"""The live sign-ins of a team's editor, kept on the server: a session cookie carries only
a random id (signed with POLICY_PACK_SECRET), and the person behind it is found here. A
sign-out removes the entry, so the same cookie replayed later finds nothing; a restart
forgets every entry, and everyone signs in again.

A new id is made at each sign-in (never one a browser brought: no session fixation), and
an entry ends `session_hours` after the sign-in, or after `idle_minutes` unused.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from generator.serve.people import Person


@dataclass(frozen=True)
class Live:
    """A sign-in: who, when it began, when it was last used (seconds, monotonic)."""

    person: Person
    started: float
    last_used: float


class Sessions:
    """The registry of live sign-ins, guarded by a lock (waitress serves from threads)."""

    def __init__(self, longest: float, idle: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.longest = longest  # seconds a sign-in may last at most
        self.idle = idle  # seconds unused after which it ends
        self._clock = clock
        self._live: dict[str, Live] = {}
        self._lock = threading.Lock()

    def start(self, person: Person) -> str:
        """A new sign-in of `person`, under a new random id."""
        sid = secrets.token_urlsafe(32)
        now = self._clock()
        with self._lock:
            self._forget_ended(now)
            self._live[sid] = Live(person, now, now)
        return sid

    def use(self, sid: str) -> Person | None:
        """The person signed in under `sid`, marked as used now; None when there is no
        such sign-in, or it has ended (then it is forgotten)."""
        now = self._clock()
        with self._lock:
            live = self._live.get(sid)
            if live is None:
                return None
            if self._ended(live, now):
                del self._live[sid]
                return None
            self._live[sid] = replace(live, last_used=now)
            return live.person

    def end(self, sid: str) -> None:
        with self._lock:
            self._live.pop(sid, None)

    def _ended(self, live: Live, now: float) -> bool:
        return now - live.started > self.longest or now - live.last_used > self.idle

    def _forget_ended(self, now: float) -> None:
        for sid in [s for s, live in self._live.items() if self._ended(live, now)]:
            del self._live[sid]
