"""The folder as the editor manages it (issue 24, deliverable 4): new profiles are drafts
that `build` and the reviews never read, until a save makes them check clean; rename,
archive and delete, each asked first, with a way back; links out of the folder refused."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from pathlib import Path

import pytest

from generator.profile import profile_files
from generator.review import edition_labels
from generator.serve import store
from tests.serve.conftest import Editor, copy_samples, errors_on, form_of, signed_in

DWP = "Department for Work and Pensions"


def new_draft(editor: Editor, name: str) -> Path:
    data = form_of(editor.get("/"))
    data["file"] = name
    assert editor.post("/new", data).headers["Location"] == f"/p/{name}.yaml"
    return editor.folder / "drafts" / f"{name}.yaml"


def a_draft_one_save_from_clean(editor: Editor, name: str, slug: str) -> Path:
    """A draft with dwp.yaml's answers and logo, its own slug, and its owner still the
    starter's."""
    path = new_draft(editor, name)
    (path.parent / "logos").mkdir(exist_ok=True)
    (path.parent / "logos/dwp.svg").write_bytes(editor.file("logos/dwp.svg"))
    text = editor.file("dwp.yaml").decode().replace("slug: dwp", f"slug: {slug}")
    owner = re.search(r"^  owner: .*$", text, re.M)
    assert owner
    path.write_text(text.replace(owner.group(0), '  owner: "FILL IN: the team"'))
    return path


def save_owner(editor: Editor, name: str, owner: str, status: int = 303) -> str:
    data = editor.form(f"/p/{name}/page/policy")
    data["policy.owner"] = owner
    return editor.post(f"/p/{name}/page/policy", data, status).text


def rows(page: str) -> dict[str, str]:
    """The list of profiles: each row's text, by the file it opens."""
    table = page.split("Profiles in this folder", 1)[1].split("</table>", 1)[0]
    found = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S):
        link = re.search(r'href="/p/([^"/]+)"', row)
        if link:
            found[link.group(1)] = " ".join(re.sub(r"<[^>]+>", " ", row).split())
    return found


# -- drafts ---------------------------------------------------------------------------------

def test_a_new_profile_is_a_draft_the_folder_commands_never_read(editor: Editor) -> None:
    path = new_draft(editor, "new-dept")
    assert path.is_file() and not (editor.folder / "new-dept.yaml").exists()
    assert "FILL IN" in path.read_text()
    assert path not in profile_files([editor.folder])  # what build, matrix and impact read
    listed = rows(editor.get("/"))
    assert listed["new-dept.yaml"].startswith("new-dept.yaml new-dept.yaml Rename")
    assert re.search(r"Delete new-dept\.yaml Draft \d+ problems to put right$",
                     listed["new-dept.yaml"])
    assert "Draft" not in listed["dwp.yaml"] and listed["dwp.yaml"].startswith(DWP)
    tasks = editor.get("/p/new-dept.yaml")  # opened by its name, as every profile is
    assert "This profile is a draft" in tasks


@pytest.mark.parametrize("name", ["dwp", "new-dept"])
def test_a_name_is_never_used_twice_across_the_folder_and_its_drafts(
        editor: Editor, name: str) -> None:
    new_draft(editor, "new-dept")
    data = form_of(editor.get("/"))
    data["file"] = name
    page = editor.post("/new", data, 400).text
    assert errors_on(page) == [f"there is already a profile called {name}.yaml: choose "
                               "another name, or open that one from the list"]


def test_a_draft_leaves_drafts_at_the_save_that_makes_it_clean(editor: Editor) -> None:
    path = a_draft_one_save_from_clean(editor, "work", "work-and-pensions")
    save_owner(editor, "work.yaml", "Digital Team")
    moved = editor.folder / "work.yaml"
    assert not path.exists() and 'owner: "Digital Team"' in moved.read_text()
    assert moved in profile_files([editor.folder])
    tasks = editor.get("/p/work.yaml")  # the same address
    assert "it has moved out of drafts into the folder" in tasks
    assert "moved out of drafts" not in editor.get("/p/work.yaml")  # said once
    assert "Draft" not in rows(editor.get("/"))["work.yaml"]
    # Its logo, the same file as the folder's logos/dwp.svg, is not left behind in drafts.
    assert not (path.parent / "logos/dwp.svg").exists()


def test_a_draft_whose_pack_would_overwrite_anothers_stays_a_draft(editor: Editor) -> None:
    path = a_draft_one_save_from_clean(editor, "work", "dwp")  # dwp.yaml's folder name
    save_owner(editor, "work.yaml", "Digital Team")
    assert path.is_file() and not (editor.folder / "work.yaml").exists()
    assert "It stays a draft for now: dwp.yaml in the folder has the same folder name " \
           "for the pack (dwp)" in editor.get("/p/work.yaml")
    data = editor.form("/p/work.yaml/page/department")
    data["department.slug"] = "work"
    editor.post("/p/work.yaml/page/department", data)
    assert (editor.folder / "work.yaml").is_file() and not path.exists()


def test_a_drafts_own_logo_moves_with_it_and_never_over_another(editor: Editor) -> None:
    path = a_draft_one_save_from_clean(editor, "work", "work")
    path.write_text(path.read_text().replace("logos/dwp.svg", "logos/work.svg"))
    logo = editor.file("logos/dwp.svg")
    (path.parent / "logos/work.svg").write_bytes(logo)
    (editor.folder / "logos/work.svg").write_bytes(logo.replace(b"<svg", b"<svg id='x'"))
    save_owner(editor, "work.yaml", "Digital Team")
    assert path.is_file()  # a different logo where its own would go: it stays a draft
    assert "a different file at logos/work.svg" in editor.get("/p/work.yaml")
    (editor.folder / "logos/work.svg").unlink()
    save_owner(editor, "work.yaml", "Digital Team 2")
    assert (editor.folder / "logos/work.svg").read_bytes() == logo
    assert not (path.parent / "logos/work.svg").exists()
    assert (editor.folder / "work.yaml").is_file()


# -- the reviews, whatever drafts and broken profiles there are -------------------------------

def test_a_draft_and_a_broken_profile_never_stop_a_review(editor: Editor) -> None:
    new_draft(editor, "fresh-starter")
    broken = editor.folder / "dvla.yaml"
    broken.write_text(broken.read_text().replace('url: "https://x.com/dvla_example"',
                                                 'url: "ftp://x.com/dvla_example"'))
    left_out = "dvla.yaml is left out: it has 1 problem to put right. Line "
    start = editor.get("/reviews")
    assert re.search(r"Line \d+, channels\[0\]\.url: `ftp://x.com/dvla_example` is not",
                     start)
    assert left_out in start and "Drafts (1) are never in the reviews" in start
    assert 'value="dvla.yaml"' not in start and "fresh-starter" not in start
    assert f"{DWP} (dwp.yaml)</option>" in start
    edition = next(iter(edition_labels()))
    for url in ("/reviews/matrix", f"/reviews/impact?to={edition}"):
        page = editor.get(url)
        assert left_out in page and "<iframe" in page and "FILL IN" not in page
        framed = editor.get(re.search(r'<iframe class="pp-preview" src="([^"]+)"',
                                      page).group(1))  # type: ignore[union-attr]
        assert "Welsh Government" in framed and "Driver and Vehicle" not in framed
    compared = editor.get("/reviews/compare?a=dwp.yaml&b=welsh-government.yaml")
    assert f"{DWP} compared with Welsh Government" in compared


# -- rename, archive, delete, restore ---------------------------------------------------------

def test_rename_keeps_every_byte_and_says_so(editor: Editor) -> None:
    before = editor.file("dwp.yaml")
    page = editor.get("/p/dwp.yaml/rename")
    assert f"What do you want to call {DWP}" in page
    data = form_of(page)
    data["file"] = "work-and-pensions"
    answer = editor.post("/p/dwp.yaml/rename", data)
    assert answer.headers["Location"] == "/?done=renamed&name=work-and-pensions.yaml"
    assert editor.file("work-and-pensions.yaml") == before
    assert not (editor.folder / "dwp.yaml").exists()
    assert f"{DWP} (work-and-pensions.yaml) is its new name." in editor.get(
        answer.headers["Location"])


def test_a_draft_renamed_stays_a_draft(editor: Editor) -> None:
    path = new_draft(editor, "first")
    before = path.read_bytes()
    editor.post("/p/first.yaml/rename", {**editor.form("/p/first.yaml/rename"),
                                         "file": "second"})
    assert (editor.folder / "drafts/second.yaml").read_bytes() == before


@pytest.mark.parametrize(("name", "message"), [
    ("dvla", "there is already a profile called dvla.yaml: choose another name"),
    ("a-draft", "there is already a profile called a-draft.yaml: choose another name"),
    ("../elsewhere", "a file name has lower-case letters, digits and hyphens, and starts "
                     "with a letter or digit"),
    ("", "a file name has lower-case letters, digits and hyphens, and starts with a letter "
         "or digit"),
])
def test_rename_to_a_name_taken_or_not_a_name_is_refused(
        editor: Editor, name: str, message: str) -> None:
    new_draft(editor, "a-draft")
    before = editor.file("dwp.yaml")
    data = editor.form("/p/dwp.yaml/rename")
    data["file"] = name
    page = editor.post("/p/dwp.yaml/rename", data, 400).text
    assert errors_on(page) == [message] and "<title>Error: " in page
    assert editor.file("dwp.yaml") == before


@pytest.mark.parametrize("action", ["archive", "delete"])
def test_archive_and_delete_ask_first(editor: Editor, action: str) -> None:
    page = editor.get(f"/p/dwp.yaml/{action}")
    assert f"Are you sure you want to {action} {DWP} (dwp.yaml)?" in page
    data = form_of(page)
    unanswered = editor.post(f"/p/dwp.yaml/{action}", data, 400).text
    assert errors_on(unanswered) == [f"Select yes if you want to {action} this profile"]
    editor.post(f"/p/dwp.yaml/{action}", {**data, "confirm": "no"})
    assert (editor.folder / "dwp.yaml").is_file()


@pytest.mark.parametrize(("action", "shelf"), [("archive", "archive"),
                                               ("delete", ".deleted")])
def test_archived_or_deleted_then_restored_byte_for_byte(
        editor: Editor, action: str, shelf: str) -> None:
    before = editor.file("dwp.yaml")
    data = {**editor.form(f"/p/dwp.yaml/{action}"), "confirm": "yes"}
    answer = editor.post(f"/p/dwp.yaml/{action}", data)
    assert not (editor.folder / "dwp.yaml").exists()
    kept = [p for p in (editor.folder / shelf).iterdir() if p.name.endswith(".dwp.yaml")]
    assert len(kept) == 1 and kept[0].read_bytes() == before
    assert kept[0] not in profile_files([editor.folder])
    page = editor.get(answer.headers["Location"])
    assert "dwp.yaml" not in rows(page)
    assert f"dwp.yaml is {action}d." in page, page
    if action == "delete":
        assert "It is removed for good on" in page
        assert (editor.folder / ".deleted/.gitignore").read_text().endswith("*\n")
    # The button reads "Restore", naming the file to a screen reader (not as raw markup).
    assert 'Restore<span class="govuk-visually-hidden"> ' in page and "&lt;span" not in page
    restore = form_of(page.split("Archived and deleted profiles", 1)[1])
    answer = editor.post("/restore", restore)
    assert f"{DWP} (dwp.yaml) is back" in editor.get(answer.headers["Location"])
    assert editor.file("dwp.yaml") == before and not kept[0].exists()


def test_a_deleted_draft_comes_back_as_a_draft(editor: Editor) -> None:
    path = new_draft(editor, "short-lived")
    editor.post("/p/short-lived.yaml/delete",
                {**editor.form("/p/short-lived.yaml/delete"), "confirm": "yes"})
    assert not path.exists()
    page = editor.get("/")
    assert "short-lived.yaml (a draft)" in page
    editor.post("/restore", form_of(page.split("Archived and deleted profiles", 1)[1]))
    assert path.is_file()


def test_a_restore_never_overwrites_a_profile_of_that_name(editor: Editor) -> None:
    before = editor.file("dwp.yaml")
    editor.post("/p/dwp.yaml/archive", {**editor.form("/p/dwp.yaml/archive"),
                                        "confirm": "yes"})
    (editor.folder / "dwp.yaml").write_text("# another\n")
    restore = form_of(editor.get("/").split("Archived and deleted profiles", 1)[1])
    page = editor.post("/restore", restore, 409).text
    assert errors_on(page) == ["there is already a profile called dwp.yaml: rename it or "
                               "archive it first, then restore this one"]
    assert editor.file("dwp.yaml") == b"# another\n"
    assert [p.read_bytes() for p in (editor.folder / "archive").iterdir()] == [before]


def test_deleted_profiles_are_removed_for_good_after_thirty_days(editor: Editor) -> None:
    deleted = editor.folder / ".deleted"
    deleted.mkdir()
    now = dt.datetime.now(dt.UTC)
    old = deleted / f"{now - dt.timedelta(days=31):%Y%m%dT%H%M%S%fZ}.old.yaml"
    recent = deleted / f"{now - dt.timedelta(days=29):%Y%m%dT%H%M%S%fZ}.recent.yaml"
    archived = editor.folder / "archive" / f"{now - dt.timedelta(days=400):%Y%m%dT%H%M%S%fZ}" \
                                           ".ancient.yaml"
    archived.parent.mkdir()
    for path in (old, recent, archived):
        path.write_text("# kept\n")
    page = editor.get("/")
    assert not old.exists() and recent.exists() and archived.exists()
    assert "recent.yaml" in page and "ancient.yaml" in page and "old.yaml" not in page


@pytest.mark.parametrize(("url", "data"), [
    ("/p/no-such.yaml/rename", {"file": "x"}),
    ("/p/no-such.yaml/delete", {"confirm": "yes"}),
    ("/p/..%2Fdwp.yaml/archive", {"confirm": "yes"}),
    ("/restore", {"shelf": "deleted", "entry": "../../dwp.yaml"}),
    ("/restore", {"shelf": "archive", "entry": "dwp.yaml"}),
])
def test_only_names_the_server_listed_are_moved(editor: Editor, url: str,
                                                data: dict[str, str]) -> None:
    token = form_of(editor.get("/"))["csrf_token"]
    before = {p: p.read_bytes() for p in editor.folder.rglob("*") if p.is_file()}
    editor.post(url, {**data, "csrf_token": token}, 404)
    assert {p: p.read_bytes() for p in editor.folder.rglob("*") if p.is_file()} == before


def test_nothing_is_moved_in_read_only_mode(editor: Editor) -> None:
    reader = signed_in(editor.folder, read_only=True)
    for url in ("/p/dwp.yaml/rename", "/p/dwp.yaml/archive", "/p/dwp.yaml/delete"):
        reader.get(url, 404)
    assert (editor.folder / "dwp.yaml").is_file()


# -- links -----------------------------------------------------------------------------------

def test_a_profile_linked_from_outside_is_neither_read_nor_written(
        editor: Editor, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "real.yaml"
    outside.write_bytes(editor.file("dwp.yaml"))
    link = editor.folder / "linked.yaml"
    link.symlink_to(outside)
    message = ("linked.yaml is a link to a file outside the folder "
               f"{editor.folder.name}, so the editor will not open or change it: copy the "
               "file into the folder instead of linking to it")
    assert message in rows(editor.get("/"))["linked.yaml"]
    assert message in editor.get("/p/linked.yaml", 422)
    sha = hashlib.sha256(outside.read_bytes()).hexdigest()
    with pytest.raises(store.NotEditable, match="is a link to a file outside"):
        store.save(link, sha, "# overwritten\n")
    assert outside.read_bytes() == editor.file("dwp.yaml")
    assert "linked.yaml" not in editor.get("/reviews").split("<select", 1)[1]


def test_a_profile_linked_inside_the_folder_is_edited_through_its_link(
        editor: Editor) -> None:
    real = editor.folder / "kept" / "real.yaml"
    real.parent.mkdir()
    real.write_bytes(editor.file("dwp.yaml"))
    (editor.folder / "dwp.yaml").unlink()
    (editor.folder / "linked.yaml").symlink_to(Path("kept/real.yaml"))
    save_owner(editor, "linked.yaml", "Inside the folder")
    assert "owner: Inside the folder" in real.read_text()
    assert (editor.folder / "linked.yaml").is_symlink()


def test_a_logo_linked_from_outside_is_refused(
        editor: Editor, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "logo.svg"
    outside.write_bytes(editor.file("logos/dwp.svg"))
    (editor.folder / "logos/dwp.svg").unlink()
    (editor.folder / "logos/dwp.svg").symlink_to(outside)
    assert "leads outside the profile&#39;s folder" in editor.get("/p/dwp.yaml/check")


def test_a_logo_is_never_written_through_a_logos_folder_linked_outside(
        editor: Editor, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere")
    path = new_draft(editor, "linked-logos")
    (path.parent / "logos").symlink_to(outside, target_is_directory=True)
    data = editor.form("/p/linked-logos.yaml/logo")
    answer = editor.client.post(
        "/p/linked-logos.yaml/logo", base_url="http://localhost",
        data={**data, "logo": (io.BytesIO(editor.file("logos/dwp.svg")), "mine.svg")})
    assert answer.status_code == 200
    assert "outside the folder of profiles" in answer.get_data(as_text=True)
    assert list(outside.iterdir()) == []


def test_a_served_folder_called_drafts_holds_profiles_not_drafts(tmp_path: Path) -> None:
    """The README once advised `policy-pack serve drafts`: such a folder's profiles stay
    where they are, and nothing is ever moved out of the served folder."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    copy_samples(folder)
    editor = signed_in(folder)
    assert not any("Draft" in row for row in rows(editor.get("/")).values())
    save_owner(editor, "dwp.yaml", "Still here")
    assert "Still here" in editor.file("dwp.yaml").decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drafts"]


def test_the_editors_own_subfolders_that_are_links_lead_nowhere(editor: Editor,
                                                               tmp_path: Path) -> None:
    """A drafts/, archive/ or .deleted/ that is a link to a folder elsewhere: nothing in
    it is listed, read or written, and nothing is moved into it or out of it."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x.yaml").write_text((editor.folder / "dwp.yaml").read_text())
    (editor.folder / "drafts").symlink_to(elsewhere)
    assert "x.yaml" not in store.listing(editor.folder)
    assert store.outside(editor.folder / "drafts" / "x.yaml")
    with pytest.raises(store.NotEditable):
        store.read(editor.folder / "drafts" / "x.yaml")
    with pytest.raises(store.NotEditable):
        store.create(editor.folder, "new-one")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["x.yaml"]
    (editor.folder / "archive").symlink_to(elsewhere)
    with pytest.raises(store.NotEditable):
        store.move(editor.folder / "dvla.yaml", editor.folder / "archive" / "dvla.yaml")
    assert (editor.folder / "dvla.yaml").exists()
    assert sorted(p.name for p in elsewhere.iterdir()) == ["x.yaml"]
