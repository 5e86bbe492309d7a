"""The reviewers' pages: compare, matrix and impact made by the review commands and shown
in a sandboxed frame, their files offered by the names they wrote and no other; choices not
offered, and profiles that fail their check, said plainly; served in read-only mode too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from generator.review import base_labels, edition_labels
from generator.serve.security import REVIEW_POLICY
from generator.serve.views import reviews
from tests.serve.conftest import client_for, samples

FRAME = re.compile(r'<iframe class="pp-preview" src="(/reviews/view/[0-9a-f]{32}/[^"]+)"')
FILE = re.compile(r'href="(/reviews/files/([0-9a-f]{32})/([^"]+))"')


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    return client_for(samples(tmp_path_factory.mktemp("reviews")), read_only=True)


def shown(client: FlaskClient, url: str) -> tuple[str, str]:
    """The result page at `url` and the review page in its frame."""
    answer = client.get(url)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200, page
    match = FRAME.search(page)
    assert match, page
    framed = client.get(match.group(1))
    assert framed.headers["Content-Security-Policy"] == REVIEW_POLICY
    return page, framed.get_data(as_text=True)


DEPARTMENTS = {"dvla.yaml": "Driver and Vehicle Licensing Agency",
               "dwp.yaml": "Department for Work and Pensions",
               "nics-finance.yaml": "Department of Finance",
               "welsh-government.yaml": "Welsh Government"}


def test_the_start_page_offers_every_profile_and_edition(client: FlaskClient) -> None:
    page = client.get("/reviews").get_data(as_text=True)
    for name, department in DEPARTMENTS.items():  # by the department's name, then the file
        assert re.search(rf'<option value="{name}"[^>]*>{department} \({name}\)</option>',
                         page), name
    for edition, label in edition_labels().items():
        assert f'value="base:{edition}"' in page and label in page
    assert 'href="/reviews/matrix"' in page and 'action="/reviews/impact"' in page


def test_compare_shows_the_comparison_and_its_files(client: FlaskClient) -> None:
    page, framed = shown(client, "/reviews/compare?a=dwp.yaml&b=dvla.yaml")
    assert ("Department for Work and Pensions compared with Driver and Vehicle Licensing "
            "Agency") in page
    assert "Department for Work and Pensions" in framed
    names = {name for _, _, name in FILE.findall(page)}
    assert {n.rsplit("/", 1)[1] for n in names} == {"report.html", "redline.docx", "diff.json"}
    url = next(u for u, _, n in FILE.findall(page) if n.endswith("redline.docx"))
    answer = client.get(url)
    assert answer.data.startswith(b"PK") and "attachment" in answer.headers["Content-Disposition"]


def test_compare_against_a_base_edition(client: FlaskClient) -> None:
    edition = next(iter(edition_labels()))
    page, _ = shown(client, f"/reviews/compare?a=base:{edition}&b=welsh-government.yaml")
    # named as the base text, never as the Cabinet Office's words: it carries model text too
    assert base_labels()[edition].removeprefix("the ") in page
    assert edition_labels()[edition] not in page


@pytest.mark.parametrize(("query", "message"), [
    ("a=../secret.yaml&b=dwp.yaml", "Choose policy A"),
    ("a=dwp.yaml&b=/etc/passwd", "Choose policy B"),
    ("a=dwp.yaml", "Choose policy B"),
    ("a=base:1999-01&b=dwp.yaml", "Choose policy A"),
])
def test_compare_of_a_choice_not_offered_says_which(
        client: FlaskClient, query: str, message: str) -> None:
    answer = client.get("/reviews/compare?" + query)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "govuk-error-summary" in page and message in page and "<title>Error: " in page


def test_the_matrix_shows_departments_and_links_its_comparisons(client: FlaskClient) -> None:
    page, framed = shown(client, "/reviews/matrix")
    assert "Departments and sections" in page and "Welsh Government" in framed
    assert any(n == "matrix/matrix.csv" for _, _, n in FILE.findall(page))
    # A link in the matrix opens the comparison it names, within the frame.
    link = re.search(r'href="\.\./(compare-[^"#]+)', framed)
    assert link
    key = FILE.search(page).group(2)  # type: ignore[union-attr]
    assert client.get(f"/reviews/view/{key}/{link.group(1)}").status_code == 200


def test_impact_shows_each_department(client: FlaskClient) -> None:
    edition = next(iter(edition_labels()))
    page, framed = shown(client, f"/reviews/impact?to={edition}")
    assert "means for each department" in page and "Driver and Vehicle" in framed


def test_impact_of_an_edition_not_offered(client: FlaskClient) -> None:
    page = client.get("/reviews/impact?to=../x").get_data(as_text=True)
    assert "Choose an edition of the guidance" in page


@pytest.mark.parametrize("url", [
    "/reviews/files/{key}/secret.txt",
    "/reviews/files/{key}/..%2F..%2Fetc/passwd",
    "/reviews/files/{key}/../../etc/passwd",
    "/reviews/files/00000000000000000000000000000000/matrix/matrix.csv",
    "/reviews/view/{key}/matrix/secret.txt",
])
def test_no_other_file_is_served(client: FlaskClient, url: str) -> None:
    page = client.get("/reviews/matrix").get_data(as_text=True)
    key = FILE.search(page).group(2)  # type: ignore[union-attr]
    assert client.get(url.format(key=key)).status_code == 404


@pytest.mark.parametrize("name", ["matrix/matrix.csv", "matrix/matrix.xlsx"])
def test_a_framed_pages_link_to_a_file_of_the_review_saves_it(client: FlaskClient,
                                                               name: str) -> None:
    """matrix.html links matrix.csv and matrix.xlsx beside it: inside the frame the link
    arrives at the view, which saves the file rather than refuse it."""
    page = client.get("/reviews/matrix").get_data(as_text=True)
    key = FILE.search(page).group(2)  # type: ignore[union-attr]
    framed = client.get(f"/reviews/view/{key}/matrix/matrix.html").get_data(as_text=True)
    assert f'href="{name.split("/")[1]}"' in framed
    saved = client.get(f"/reviews/view/{key}/{name}")
    assert saved.status_code == 200
    assert saved.headers["Content-Disposition"].startswith("attachment")
    assert saved.data.startswith(b"department,slug,base,section_id" if name.endswith(".csv")
                                 else b"PK")


def test_a_profile_broken_since_it_was_listed_shows_its_problems(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A profile that fails its check is not offered (tests/serve/test_folder.py); one
    broken between the listing and the review shows what `check` says, and nothing else of
    the server's."""
    folder = samples(tmp_path)
    path = folder / "dvla.yaml"
    listed = reviews.Reviewable({"dvla.yaml": path, "dwp.yaml": folder / "dwp.yaml"},
                                {"dvla.yaml": "DVLA", "dwp.yaml": "DWP"}, ())
    monkeypatch.setattr(reviews, "reviewable", lambda: listed)
    path.write_text(path.read_text().replace('url: "https://x.com/dvla_example"',
                                             'url: "ftp://x.com/dvla_example"'))
    answer = client_for(folder).get("/reviews/compare?a=dvla.yaml&b=dwp.yaml")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert ("dvla.yaml:20:60: channels[0].url: `ftp://x.com/dvla_example` is not a web "
            "address starting with https://") in page
    assert str(folder) not in page and "<iframe" not in page


def test_reviews_are_served_when_not_read_only(tmp_path: Path) -> None:
    assert client_for(samples(tmp_path)).get("/reviews").status_code == 200


def test_the_matrix_files_come_first(client: FlaskClient) -> None:
    names = [n for _, _, n in FILE.findall(client.get("/reviews/matrix").get_data(as_text=True))]
    matrix = [n for n in names if n.startswith("matrix/")]
    assert names[:len(matrix)] == matrix  # its pages and exports, then the comparisons
    assert {"matrix/matrix.html", "matrix/matrix-departures.html", "matrix/matrix.csv",
            "matrix/matrix.xlsx", "matrix/matrix.json"} <= set(matrix)
    assert len(names) - len(matrix) == 3 * 4  # each department's comparison with its base
