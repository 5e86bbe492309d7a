"""The editor over a folder of copies of the samples, driven through Flask's test client:
real requests through the real security checks, templates and files on disk."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from generator.serve import Access, Settings, create_app

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 12, 1)
BASE_URL = "http://localhost"


@dataclass
class Editor:
    """A signed-in browser on the editor, and the folder it edits."""

    client: FlaskClient
    folder: Path
    access: Access

    def get(self, url: str, status: int = 200) -> str:
        answer = self.client.get(url, base_url=BASE_URL)
        assert answer.status_code == status, (url, answer.status_code, answer.text[:2000])
        return answer.text

    def post(self, url: str, data: dict[str, str], status: int = 303) -> TestResponse:
        answer = self.client.post(url, data=data, base_url=BASE_URL)
        assert answer.status_code == status, (url, answer.status_code, answer.text[:3000])
        return answer

    def form(self, url: str) -> dict[str, str]:
        """The form on the page at `url`, as a browser would send it untouched."""
        return form_of(self.get(url))

    def file(self, name: str) -> bytes:
        return (self.folder / name).read_bytes()


@dataclass(frozen=True)
class ProfileFile:
    """A profile the editor made: in drafts/ until a save makes it check clean, then in
    the folder (generator/serve/filing.py)."""

    folder: Path
    name: str

    @property
    def path(self) -> Path:
        published = self.folder / self.name
        return published if published.exists() else self.folder / "drafts" / self.name

    def read_text(self) -> str:
        return self.path.read_text()


def form_of(page: str) -> dict[str, str]:
    """The values a browser would send for the first form with fields on `page`."""
    found = re.search(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", page, re.S)
    body = found.group(1) if found else page
    values: dict[str, str] = {}
    for match in re.finditer(r"<input\b[^>]*>", body):
        tag = match.group(0)
        name = re.search(r'name="([^"]+)"', tag)
        if name is None or 'type="file"' in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        if 'type="radio"' in tag or 'type="checkbox"' in tag:
            if re.search(r"\schecked\b", tag) and value:
                values[name.group(1)] = html.unescape(value.group(1))
            continue
        values[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for match in re.finditer(r'<textarea\b[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', body, re.S):
        values[match.group(1)] = html.unescape(match.group(2))
    for match in re.finditer(r'<select\b[^>]*name="([^"]+)"[^>]*>(.*?)</select>', body, re.S):
        options = re.findall(r'<option value="([^"]*)"([^>]*)>', match.group(2))
        chosen = [v for v, rest in options if re.search(r"\sselected\b", rest)] or \
            [v for v, _ in options[:1]]  # as a browser sends it: the selected, else the first
        values[match.group(1)] = html.unescape(chosen[0]) if chosen else ""
    return values


def errors_on(page: str) -> list[str]:
    """The error summary's messages, as shown."""
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    if not summary:
        return []
    return [html.unescape(re.sub(r"<[^>]+>", "", m)).strip()
            for m in re.findall(r"<li>(.*?)</li>", summary.group(1), re.S)]


def copy_samples(folder: Path) -> None:
    for path in (*(ROOT / "profiles").glob("*.yaml"), *(ROOT / "profiles").glob("*.xlf")):
        shutil.copy(path, folder / path.name)  # the profiles, and their translations
    shutil.copytree(ROOT / "profiles" / "logos", folder / "logos")


def signed_in(folder: Path, read_only: bool = False, packs_ahead: bool = False) -> Editor:
    """The editor over `folder`, signed in. Without `packs_ahead`, a save makes no pack in
    the background: the tests of editing would keep a core busy with packs never asked for
    (tests/serve/test_packs_ahead.py tests that the editor does make them)."""
    access = Access(hosts=frozenset({"localhost"}))
    app = create_app(Settings(folder, read_only, TODAY, packs_ahead), access)
    client = app.test_client()
    first = client.get(f"/?token={access.token}", base_url=BASE_URL)
    assert first.status_code == 303 and "token" not in first.headers["Location"]
    return Editor(client, folder, access)


def client_for(folder: Path, read_only: bool = False, packs_ahead: bool = False) -> FlaskClient:
    """The editor over `folder`, its key already exchanged for the cookie."""
    return signed_in(folder, read_only, packs_ahead).client


def samples(tmp: Path) -> Path:
    """A folder `profiles` in `tmp` holding copies of the samples and their logos."""
    folder = tmp / "profiles"
    folder.mkdir()
    copy_samples(folder)
    return folder


@pytest.fixture
def editor(tmp_path: Path) -> Iterator[Editor]:
    copy_samples(tmp_path)
    yield signed_in(tmp_path)
