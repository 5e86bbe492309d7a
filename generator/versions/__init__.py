"""The profiles' history (issue 29): the profiles folder as a git repository, each change a
commit by the person who made it, described field by field in words.

- `start(folder)`: a repository for a folder in none, with a first commit of it as it is;
- `record(folder, paths, author, message_lines, trailers, write)`: one commit of exactly
  those paths (after any change no commit holds, committed as made outside the editor);
- `history(folder, file_name)`: a profile's versions, newest first, each with its changes;
- `text_at(folder, commit, path)`: a file's text in one version;
- `describe(before, after)` and `message(changes)`: changes in words, and a commit message;
- `approvals(folder, file_name, current)`: each departure approved or awaiting approval;
- `changed_since(folder, path, answer, shown, now)`: who changed one answer since a page
  showed it (the team editor's clash page names them).
"""

from generator.versions.approval import (
    TRAILER,
    Departure,
    Given,
    Step,
    approvals,
    departures,
    fingerprint,
    states,
)
from generator.versions.describe import Change, describe, message
from generator.versions.git import GitError, NoRepository, toplevel
from generator.versions.log import Version, history, text_at
from generator.versions.record import OUTSIDE_SUBJECT, Author, outsider, record, start
from generator.versions.since import Maker, Since, changed_since

__all__ = [
    "OUTSIDE_SUBJECT",
    "TRAILER",
    "Author",
    "Change",
    "Departure",
    "GitError",
    "Given",
    "Maker",
    "NoRepository",
    "Since",
    "Step",
    "Version",
    "approvals",
    "changed_since",
    "departures",
    "describe",
    "fingerprint",
    "history",
    "message",
    "outsider",
    "record",
    "start",
    "states",
    "text_at",
    "toplevel",
]
