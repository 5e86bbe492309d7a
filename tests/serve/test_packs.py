"""The pack on demand, through the editor's pages: made in the warm workers, listed, and
downloaded as files or one zip; never for a profile with errors, a name not in the pack,
a path, a form without its CSRF token, or in read-only mode."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.serve.conftest import client_for, samples

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
FILES = re.compile(r'href="/p/dwp\.yaml/pack/([0-9a-f]{16})/([^"]+)"')


def token(client: FlaskClient, url: str) -> str:
    match = CSRF.search(client.get(url).get_data(as_text=True))
    assert match, "the page has no form"
    return match.group(1)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FlaskClient, str, str]]:
    """A client, and the pack of dwp.yaml made through the page: its key and its page."""
    client = client_for(samples(tmp_path_factory.mktemp("packs")))
    answer = client.post("/p/dwp.yaml/pack", data={"csrf_token": token(client, "/p/dwp.yaml/pack")})
    assert answer.status_code == 303, answer.get_data(as_text=True)
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    key = answer.headers["Location"].rsplit("/", 1)[1]
    yield client, key, page


def test_the_page_offers_the_button(made: tuple[FlaskClient, str, str]) -> None:
    page = made[0].get("/p/dwp.yaml/pack").get_data(as_text=True)
    assert "Make the pack" in page and 'name="csrf_token"' in page


def test_the_pack_lists_its_files_and_the_zip(made: tuple[FlaskClient, str, str]) -> None:
    _, key, page = made
    names = {name for _, name in FILES.findall(page)}
    assert {"dwp-social-media-policy.pdf", "dwp-social-media-policy.docx",
            "dwp-social-media-policy.html", "manifest.json"} <= names
    assert f'href="/p/dwp.yaml/pack/{key}.zip"' in page and "Download all as a zip" in page


def test_the_zip_holds_the_pdf_the_docx_and_the_html(made: tuple[FlaskClient, str, str]) -> None:
    client, key, _ = made
    answer = client.get(f"/p/dwp.yaml/pack/{key}.zip")
    assert answer.status_code == 200 and answer.mimetype == "application/zip"
    assert "attachment" in answer.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(answer.data))
    assert archive.namelist() == sorted(archive.namelist())
    assert archive.read("dwp-social-media-policy.pdf").startswith(b"%PDF")
    docx = zipfile.ZipFile(io.BytesIO(archive.read("dwp-social-media-policy.docx")))
    assert "word/document.xml" in docx.namelist()
    assert b"<html" in archive.read("dwp-social-media-policy.html")
    assert client.get(f"/p/dwp.yaml/pack/{key}.zip").data == answer.data  # deterministic


def test_one_file_is_an_attachment_of_its_type(made: tuple[FlaskClient, str, str]) -> None:
    client, key, _ = made
    answer = client.get(f"/p/dwp.yaml/pack/{key}/dwp-social-media-policy.pdf")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert answer.headers["Content-Disposition"] == \
        "attachment; filename=dwp-social-media-policy.pdf"
    assert answer.data.startswith(b"%PDF")


def test_making_it_again_takes_it_from_memory(made: tuple[FlaskClient, str, str]) -> None:
    client, key, _ = made
    answer = client.post("/p/dwp.yaml/pack", data={"csrf_token": token(client, "/p/dwp.yaml/pack")})
    assert answer.status_code == 303 and answer.headers["Location"].endswith(f"/pack/{key}")


@pytest.mark.parametrize("url", [
    "/p/dwp.yaml/pack/{key}/secret.pdf",
    "/p/dwp.yaml/pack/{key}/..%2F..%2Fsecret",
    "/p/..%2Fetc/pack",
    "/p/dwp.yaml/pack/0000000000000000/manifest.json",
    "/p/dvla.yaml/pack/{key}/manifest.json",
    "/p/dwp.yaml/pack/{key}x.zip",
    "/p/nowhere.yaml/pack",
])
def test_anything_else_is_not_found(made: tuple[FlaskClient, str, str], url: str) -> None:
    client, key, _ = made
    assert client.get(url.format(key=key)).status_code == 404


def test_a_post_without_its_csrf_token_is_refused(made: tuple[FlaskClient, str, str]) -> None:
    assert made[0].post("/p/dwp.yaml/pack").status_code == 400


def test_a_profile_with_errors_says_so_and_offers_no_button(tmp_path: Path) -> None:
    folder = samples(tmp_path)
    path = folder / "dvla.yaml"
    path.write_text(path.read_text().replace('url: "https://x.com/dvla_example"',
                                             'url: "ftp://x.com/dvla_example"'))
    client = client_for(folder)
    page = client.get("/p/dvla.yaml/pack").get_data(as_text=True)
    assert "The profile has 1 error, so its pack cannot be made." in page
    assert 'href="/p/dvla.yaml"' in page
    assert "Make the pack</button>" not in page and 'name="csrf_token"' not in page


def test_read_only_serves_no_pack_pages(tmp_path: Path) -> None:
    client = client_for(samples(tmp_path), read_only=True)
    assert client.get("/p/dwp.yaml/pack").status_code == 404
    assert client.get("/p/dwp.yaml/pack/0123456789abcdef.zip").status_code == 404


def test_a_pack_made_without_its_welsh_says_so(tmp_path: Path) -> None:
    """The Welsh Government's translation with one unit taken out: the English pack is
    made, and the page says the Welsh one is not, rather than "The pack is ready"."""
    folder = samples(tmp_path)
    xlf = folder / "welsh-government-cy.xlf"
    xlf.write_text(re.sub(r'(<trans-unit id="policy/owner".*?)<target[^>]*>.*?</target>',
                          r"\1", xlf.read_text("utf-8"), count=1, flags=re.S), "utf-8")
    client = client_for(folder)
    url = "/p/welsh-government.yaml/pack"
    answer = client.post(url, data={"csrf_token": token(client, url)})
    assert answer.status_code == 303, answer.get_data(as_text=True)
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "The English pack is ready, the Welsh pack is not" in page
    assert "The Welsh pack was not made: its translation has 1 thing to put right" in page
    assert 'href="/p/welsh-government.yaml/translations"' in page
    assert "welsh-government-social-media-policy.pdf" in page
    assert "-cy.pdf" not in page
