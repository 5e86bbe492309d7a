"""A pack worker ends when the editor's server ends, however it ends (issue 24).

Ctrl+C and SIGTERM shut the workers down (pack_making's atexit). SIGKILL, or a crash, runs
no Python, and the workers stayed: a worker holds both ends of its own job queue and the
fork server's "alive" pipe (multiprocessing hands them to every child), so it never reads
an end of file, and while it lives the fork server never does either. About 180 MB stayed
on the machine for good.

So each worker watches the server itself, from its initializer:

- **A parent-death signal** (Linux prctl PR_SET_PDEATHSIG): the worker's parent is the
  fork server, not the editor, so this fires only if the fork server dies. It is the
  right thread to watch: the fork server is single-threaded, and the signal follows the
  thread that forked, which here lives as long as its process. (It cannot be set in the
  fork server for the editor: the editor starts it from a passing thread, whose end would
  kill it.)
- **The server's pid, watched**: a thread of the worker waits on a pidfd of the editor's
  process (Linux 5.3 and later) and ends the worker when it ends; where there is no pidfd,
  it asks every second whether the process is still there.

Once the worker is gone, the fork server reads the end of its pipe and leaves, and the
resource tracker with it: nothing of the editor stays.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import select
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # linux/prctl.h
POLL = 1.0  # seconds between looks at the server where there is no pidfd


def die_with(server: int) -> None:
    """The pack worker's initializer: end this process when the process `server` ends."""
    _parent_death_signal()
    threading.Thread(target=_watch, args=(server,), name="lifeline", daemon=True).start()


def _parent_death_signal() -> None:
    """SIGKILL when the parent (the fork server) dies; nothing where Linux's prctl is not."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _watch(server: int) -> None:
    """Return only to end the worker: when `server` has ended."""
    try:
        fd = os.pidfd_open(server)
    except ProcessLookupError:
        _end()  # ended already, before this worker could look
    except (AttributeError, OSError):  # no pidfd here (an old kernel, not Linux)
        _poll(server)
    else:
        select.select([fd], [], [])  # readable once the process has ended
        _end()


def _poll(server: int) -> None:
    while True:
        try:
            os.kill(server, 0)
        except (ProcessLookupError, PermissionError):
            # Gone, or its number now someone else's process (the server ran as this user,
            # so a process this user may not signal is not the server): end either way.
            _end()
        time.sleep(POLL)


def _end() -> None:
    """End at once: a render under way has nobody to give its pack to."""
    os._exit(1)
