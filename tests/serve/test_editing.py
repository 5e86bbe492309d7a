"""The editing journey through real requests: what each page shows, what a save writes to
the file (and nothing more), and that the one validator's messages reach the fields."""

from __future__ import annotations

import difflib
import hashlib
import html
import re
import threading
from pathlib import Path

import pytest

from generator.policy import available_editions
from generator.profile import PAGES, check_profile, format_key, load_profile, write_starter
from tests.serve.conftest import TODAY, Editor, ProfileFile, errors_on, form_of, signed_in

SAMPLES = ("dwp.yaml", "dvla.yaml", "nics-finance.yaml", "welsh-government.yaml")


def pages_of(editor: Editor, name: str) -> list[str]:
    """Every page of fields of a profile: topic pages, each list item, the logo, and each
    section the profile has a choice recorded for."""
    urls = [f"/p/{name}/page/{p.slug}" for p in PAGES if not p.list_key and p.slug != "logo"]
    for page in (p for p in PAGES if p.list_key):
        listed = editor.get(f"/p/{name}/list/{page.slug}")
        urls += sorted(set(re.findall(rf'href="(/p/{re.escape(name)}/list/{page.slug}/\d+)"',
                                      listed)))
    urls.append(f"/p/{name}/logo")
    sections = editor.get(f"/p/{name}/sections")
    urls += [u for u in re.findall(rf'href="(/p/{re.escape(name)}/sections/[^"]+)"', sections)]
    return urls


def changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(),
                                n=0, lineterm="")
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


@pytest.mark.parametrize("name", SAMPLES)
def test_saving_every_page_untouched_leaves_the_file_byte_for_byte(editor: Editor,
                                                                    name: str) -> None:
    before = editor.file(name)
    urls = pages_of(editor, name)
    assert len(urls) > 12
    for url in urls:
        data = editor.form(url)
        if "/sections/" in url and "choice" not in data:
            data["choice"] = "adopt"
        editor.post(url, data)
        assert editor.file(name) == before, url


def test_one_value_changes_only_its_line(editor: Editor) -> None:
    before = editor.file("dwp.yaml")
    data = editor.form("/p/dwp.yaml/page/policy")
    data["policy.owner"] = 'Digital Team: "web" # not a comment'
    editor.post("/p/dwp.yaml/page/policy", data)
    after = editor.file("dwp.yaml")
    assert changed_lines(before, after) == [
        "-  owner: Digital Communications Team",
        '+  owner: "Digital Team: \\"web\\" # not a comment"']
    assert check_profile(editor.folder / "dwp.yaml", available_editions(), TODAY)


def test_a_date_is_written_as_a_date(editor: Editor) -> None:
    data = editor.form("/p/dwp.yaml/page/policy")
    data.update({"policy.review_by-day": "31", "policy.review_by-month": "3",
                 "policy.review_by-year": "2027"})
    before = editor.file("dwp.yaml")
    editor.post("/p/dwp.yaml/page/policy", data)
    assert changed_lines(before, editor.file("dwp.yaml")) == [
        "-  review_by: 2027-09-01", "+  review_by: 2027-03-31"]


def test_adding_and_removing_an_account_touches_only_its_lines(editor: Editor) -> None:
    before = editor.file("dwp.yaml")
    data = editor.form("/p/dwp.yaml/list/channels/new")
    data.update({"channels[-1].platform": "Threads", "channels[-1].account": "@dwp_example",
                 "channels[-1].url": "https://www.threads.net/@dwp_example",
                 "channels[-1].purpose": "News"})
    editor.post("/p/dwp.yaml/list/channels/new", data)
    added = changed_lines(before, editor.file("dwp.yaml"))
    assert added == ["+  - platform: Threads", '+    account: "@dwp_example"',
                     "+    url: https://www.threads.net/@dwp_example", "+    purpose: News"]
    listed = editor.get("/p/dwp.yaml/list/channels")
    last = max(int(i) for i in re.findall(r"/p/dwp.yaml/list/channels/(\d+)/remove", listed))
    data = editor.form(f"/p/dwp.yaml/list/channels/{last}/remove")
    data["confirm"] = "yes"
    editor.post(f"/p/dwp.yaml/list/channels/{last}/remove", data)
    assert editor.file("dwp.yaml") == before


def test_removing_needs_an_answer(editor: Editor) -> None:
    data = editor.form("/p/dwp.yaml/list/contacts/0/remove")
    page = editor.post("/p/dwp.yaml/list/contacts/0/remove", data, 200).text
    assert errors_on(page) == ["Select yes if you want to remove this contact"]
    assert "<title>Error: " in page


def test_a_message_speaks_of_the_form_and_keeps_the_checks_words_apart(editor: Editor) -> None:
    data = editor.form("/p/dwp.yaml/list/channels/0")
    data["channels[0].url"] = "not an address"
    page = editor.post("/p/dwp.yaml/list/channels/0", data, 200).text
    problems = _check_problems(editor.folder / "dwp.yaml")
    expected = [p for p in problems if p.key.startswith("channels[0]")]
    assert len(expected) == 1
    problem = expected[0]
    assert errors_on(page) == ["Enter the account's web address in the correct format, "
                               "like https://x.com/yourdept"]
    for word in ("channels[0]", "`", "FILL IN"):  # no key path, backtick or starter marker
        assert word not in errors_on(page)[0]
    # The check's own message and its place stay available, apart, for those who want them.
    technical = f"dwp.yaml:{problem.line}:{problem.column}: {problem.key}: {problem.message}"
    assert _escaped(technical) in page
    assert 'href="#f-channels-0-url"' in page and 'id="f-channels-0-url"' in page
    assert 'value="not an address"' in page  # the answer is kept
    assert "<title>Error: " in page


def test_a_first_visit_shows_no_errors(editor: Editor) -> None:
    data = form_of(editor.get("/"))
    data["file"] = "new-department"
    editor.post("/new", data)
    for url in ("/p/new-department.yaml/page/department", "/p/new-department.yaml/page/policy",
                "/p/new-department.yaml/list/channels/0"):
        page = editor.get(url)
        assert errors_on(page) == [] and "govuk-error-message" not in page, url


def test_check_and_editor_agree_on_every_problem(editor: Editor) -> None:
    """A profile with several mistakes: every error `check` reports is on the task list
    (by task) or on Check your answers, word for word."""
    path = editor.folder / "dwp.yaml"
    text = path.read_text().replace("version: \"2.1\"", "version: \"\"") \
        .replace("https://x.com", "http://x.com").replace("effective: 2026-09-01",
                                                          "effective: 2026-02-30")
    path.write_text(text)
    problems = [p for p in _check_problems(path) if p.severity == "error"]
    assert len(problems) >= 2
    check = editor.get("/p/dwp.yaml/check")
    for problem in problems:  # as `policy-pack check dwp.yaml` prints it, in the folder
        assert _escaped("dwp.yaml" + str(problem).removeprefix(str(path))) in check
    tasks = editor.get("/p/dwp.yaml")
    assert f"has {len(problems)} problem" in tasks
    assert "There is a problem" in _row_of_task(tasks, "Policy details")


def test_an_accepted_profile_is_accepted_by_the_editor(editor: Editor) -> None:
    for name in SAMPLES:
        assert "Ready to make the pack" in _row(editor.get("/"), name)
        assert "has no problems" in editor.get(f"/p/{name}")


def test_an_incomplete_profile_can_be_saved(editor: Editor) -> None:
    data = form_of(editor.get("/"))
    data["file"] = "new-department"
    answer = editor.post("/new", data)
    assert answer.headers["Location"] == "/p/new-department.yaml"
    tasks = editor.get("/p/new-department.yaml")
    assert "Incomplete" in _row_of_task(tasks, "Department")
    data = editor.form("/p/new-department.yaml/page/department")
    data["department.name"] = "Department for Testing"
    page = editor.post("/p/new-department.yaml/page/department", data, 200).text
    saved = load_profile(editor.folder / "drafts" / "new-department.yaml").data  # a draft
    assert isinstance(saved, dict) and saved["department"]["name"] == "Department for Testing"
    assert "Enter the department's short name" in errors_on(page)


def test_windows_line_endings_and_byte_order_mark_are_kept(editor: Editor) -> None:
    path = editor.folder / "dvla.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    data = editor.form("/p/dvla.yaml/page/policy")
    editor.post("/p/dvla.yaml/page/policy", data)
    assert path.read_bytes() == before
    data["policy.owner"] = "Digital Team"
    editor.post("/p/dvla.yaml/page/policy", data)
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and after.count(b"\r\n") == before.count(b"\r\n")
    assert b"\n" not in after.replace(b"\r\n", b"")
    assert b"owner: Digital Team\r\n" in after


def test_a_colleagues_change_to_another_answer_is_kept(editor: Editor) -> None:
    path = editor.folder / "dwp.yaml"
    data = editor.form("/p/dwp.yaml/page/policy")
    data["policy.owner"] = "Our answer"
    path.write_text(path.read_text().replace('version: "2.1"', 'version: "2.2"', 1))
    editor.post("/p/dwp.yaml/page/policy", data)
    saved = load_profile(path).data
    assert isinstance(saved, dict)
    assert saved["policy"]["owner"] == "Our answer" and saved["policy"]["version"] == "2.2"


def test_a_clash_on_one_answer_shows_both_and_asks(editor: Editor) -> None:
    path = editor.folder / "dwp.yaml"
    data = editor.form("/p/dwp.yaml/page/policy")
    data["policy.owner"] = "Our answer"
    path.write_text(path.read_text().replace("Digital Communications Team", "Their answer", 1))
    changed = path.read_bytes()
    page = editor.post("/p/dwp.yaml/page/policy", data, 409).text
    assert path.read_bytes() == changed  # nothing written until the person chooses
    assert "Our answer" in page and "Their answer" in page
    again = form_of(page)
    unchosen = editor.post("/p/dwp.yaml/page/policy", again, 409).text  # no choice: asked again
    assert "Choose which answer to keep" in unchosen and path.read_bytes() == changed
    editor.post("/p/dwp.yaml/page/policy", again | {"keep:policy.owner": "theirs"})
    assert path.read_bytes() == changed
    editor.post("/p/dwp.yaml/page/policy", again | {"keep:policy.owner": "mine"})
    assert "owner: Our answer" in path.read_text()


def test_concurrent_saves_one_wins_the_other_is_told(editor: Editor) -> None:
    second = signed_in(editor.folder)
    first_form = editor.form("/p/dwp.yaml/page/policy")
    second_form = second.form("/p/dwp.yaml/page/policy")
    first_form["policy.owner"] = "First"
    second_form["policy.owner"] = "Second"
    codes: list[int] = []
    start = threading.Barrier(2)

    def send(who: Editor, data: dict[str, str]) -> None:
        start.wait()
        codes.append(who.client.post("/p/dwp.yaml/page/policy", data=data,
                                     base_url="http://localhost").status_code)

    threads = [threading.Thread(target=send, args=pair)
               for pair in ((editor, first_form), (second, second_form))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [303, 409]
    text = (editor.folder / "dwp.yaml").read_text()
    assert ("owner: First" in text) != ("owner: Second" in text)


def test_a_section_modified_then_kept_again(editor: Editor) -> None:
    url = "/p/nics-finance.yaml/sections/barriers.video"
    before = editor.file("nics-finance.yaml")
    page = editor.get(url)
    assert "The base text" in page and "streaming video" in page.lower()
    data = form_of(page)
    key = "adaptations.barriers.video"
    data.update({"choice": "append", f"{key}.text": "We stream training.\nAsk IT first.",
                 f"{key}.reason": "Local practice", f"{key}.approved_by": "Head of Comms",
                 f"{key}.date-day": "1", f"{key}.date-month": "5", f"{key}.date-year": "2026"})
    editor.post(url, data)
    added = changed_lines(before, editor.file("nics-finance.yaml"))
    assert added == ["+  barriers.video:", "+    action: modify", "+    append: |",
                     "+      We stream training.", "+      Ask IT first.",
                     "+    reason: Local practice", "+    approved_by: Head of Comms",
                     "+    date: 2026-05-01"]
    assert "Added to" in editor.get("/p/nics-finance.yaml/sections")
    data = editor.form(url)
    data["choice"] = "adopt"
    editor.post(url, data)
    assert editor.file("nics-finance.yaml") == before


def test_a_core_section_cannot_be_left_out(editor: Editor) -> None:
    url = "/p/dwp.yaml/sections/code.online-and-offline"
    page = editor.get(url)
    assert 'value="omit"' not in page
    data = form_of(page)
    key = "adaptations.code.online-and-offline"
    data.update({"choice": "omit", f"{key}.reason": "Not needed",
                 f"{key}.approved_by": "Head", f"{key}.date-day": "1",
                 f"{key}.date-month": "5", f"{key}.date-year": "2026"})
    page = editor.post(url, data, 200).text  # sent anyway: check's own refusal
    problems = [p for p in _check_problems(editor.folder / "dwp.yaml")
                if p.key.startswith(key)]
    assert problems and all(_escaped(p.message) in page for p in problems)  # the check's
    # The plain message is on the choice the person made, not on another field.
    assert errors_on(page)[0].startswith("This is a core section, so it cannot be left out")
    assert 'href="#f-choice"' in page and 'id="f-choice-error"' in page


def test_the_preview_follows_unsaved_answers(editor: Editor) -> None:
    before = editor.file("dwp.yaml")
    data = editor.form("/p/dwp.yaml/page/policy")
    data["policy.title"] = "Our rules for social media"
    fragment = editor.client.post("/p/dwp.yaml/preview/top?page=policy&item=", data=data,
                                  base_url="http://localhost",
                                  headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "app;dur=" in fragment.headers["Server-Timing"]
    srcdoc = re.search(r'<div data-srcdoc="([^"]*)"></div>', fragment.text)
    assert srcdoc, fragment.text[:500]
    document = html.unescape(srcdoc.group(1))  # what editor.js puts in the frame
    assert "Our rules for social media</h1>" in document
    # A srcdoc page is held to the editor's own policy: no script, no inline style.
    assert "<script" not in document and "<style" not in document
    sheet = re.search(r'<link rel="stylesheet" href="(/static/preview/[0-9a-f]{64}\.css)">',
                      document)
    assert sheet, document[:800]
    stranger = editor.client.application.test_client()  # no cookie, as the sandboxed frame
    css = stranger.get(sheet.group(1), base_url="http://localhost")
    assert css.status_code == 200 and css.mimetype == "text/css" and "@font-face" in css.text
    assert css.headers["Cache-Control"] == "no-store"  # it holds the profile's text
    # Named by a salted hash: its text alone (a guessed title) does not name it.
    plain = hashlib.sha256(css.text.encode("utf-8")).hexdigest()
    for guess in ("0" * 64, plain):
        assert stranger.get(f"/static/preview/{guess}.css",
                            base_url="http://localhost").status_code == 404
    panel = editor.get("/p/dwp.yaml/page/policy")
    assert re.search(r'<iframe class="pp-preview" title="Preview[^"]*" sandbox src=', panel)
    assert editor.file("dwp.yaml") == before  # a preview never saves


def _check_problems(path: Path) -> list:  # type: ignore[type-arg]
    from generator.errors import ProfileError

    try:
        checked = check_profile(path, available_editions(), TODAY)
    except ProfileError as exc:
        return list(exc.problems)
    return list(checked.warnings)


def _escaped(text: str) -> str:
    import html

    return html.escape(text, quote=True).replace("&#x27;", "&#39;")


def _row(page: str, name: str) -> str:
    found = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{re.escape(name)}(?:(?!</tr>).)*</tr>", page,
                      re.S)
    assert found, name
    return found.group(0)


def test_the_status_speaks_only_when_the_number_of_problems_changes(editor: Editor) -> None:
    data = editor.form("/p/dwp.yaml/page/policy")
    url = "/p/dwp.yaml/preview/top?page=policy&item="

    def fragment(**answers: str) -> str:
        answer = editor.client.post(url, data={**data, **answers}, base_url="http://localhost")
        assert answer.status_code == 200
        return answer.text

    first = fragment(problems_shown="")  # the page's first preview: nothing to announce
    assert 'role="status"' not in first and 'name="problems_shown" value="0"' in first
    worse = fragment(problems_shown="0", **{"policy.version": ""})
    status = re.search(r'<p[^>]*role="status"[^>]*>(.*?)</p>', worse)
    assert status and status.group(1) == (
        "The profile has 1 problem now: the preview marks the answers to write or correct.")
    assert "hx-swap-oob" in status.group(0)
    same = fragment(problems_shown="1", **{"policy.version": ""})
    assert 'role="status"' not in same  # unchanged: silent
    better = fragment(problems_shown="1")
    assert "has no problems now" in better


def test_a_starters_logo_can_be_left_out(editor: Editor) -> None:
    data = form_of(editor.get("/"))
    data["file"] = "no-logo"
    editor.post("/new", data)
    assert "department.logo.file" not in editor.get("/p/no-logo.yaml").split("outside these")[-1]
    form = editor.form("/p/no-logo.yaml/logo")
    form["no_logo"] = "yes"
    editor.post("/p/no-logo.yaml/logo", form)
    saved = load_profile(editor.folder / "drafts" / "no-logo.yaml").data  # a draft
    assert isinstance(saved, dict) and "logo" not in saved["department"]
    assert "Optional" in _row_of_task(editor.get("/p/no-logo.yaml"), "Logo")


def test_a_modified_section_without_text_is_told_so_at_the_text(editor: Editor) -> None:
    url = "/p/dwp.yaml/sections/posting.checks"
    data = editor.form(url)
    key = "adaptations.posting.checks"
    data.update({"choice": "replace", f"{key}.text": "", f"{key}.reason": "Ours",
                 f"{key}.approved_by": "Head", f"{key}.date-day": "1",
                 f"{key}.date-month": "5", f"{key}.date-year": "2026"})
    page = editor.post(url, data, 200).text
    assert f'href="#f-{key.replace(".", "-")}-text"' in page
    assert re.search(r'id="f-adaptations-posting-checks-text-error"', page)


def _row_of_task(page: str, title: str) -> str:
    found = re.search(rf">\s*{title}\s*</a>(.*?)</li>", page, re.S)
    assert found, title
    return found.group(1)


def test_a_pasted_invisible_character_is_dropped_not_refused(editor: Editor) -> None:
    """The loader refuses a zero-width space; the answer loses it before it is a value
    (generator/serve/answers/pasted.py), so the person is not asked to find what they cannot see."""
    before = editor.file("dvla.yaml")
    data = editor.form("/p/dvla.yaml/page/policy")
    data["policy.owner"] = "Comms\u200b team"  # pasted from Word, with a zero-width space
    editor.post("/p/dvla.yaml/page/policy", data)
    assert changed_lines(before, editor.file("dvla.yaml"))[1] == "+  owner: Comms team"


def test_a_refused_new_item_keeps_its_answers(editor: Editor) -> None:
    data = editor.form("/p/dvla.yaml/list/channels/new")
    data.update({"channels[-1].platform": "Threads", "channels[-1].account": "@dvla",
                 "channels[-1].url": "not a url", "channels[-1].purpose": "News"})
    page = editor.post("/p/dvla.yaml/list/channels/new", data, 200).text
    shown_now = form_of(page)
    index = next(k for k in shown_now if k.endswith("].platform")
                 and k.startswith("channels")).split("]")[0][9:]
    assert shown_now[f"channels[{index}].platform"] == "Threads"
    shown_now[f"channels[{index}].url"] = "https://www.threads.net/@dvla"
    editor.post(f"/p/dvla.yaml/list/channels/{index}", shown_now)
    saved = load_profile(editor.folder / "dvla.yaml").data
    assert isinstance(saved, dict)
    assert saved["channels"][int(index)] == {
        "platform": "Threads", "account": "@dvla", "url": "https://www.threads.net/@dvla",
        "purpose": "News"}


def test_a_removal_after_the_list_changed_removes_the_item_asked_for(editor: Editor) -> None:
    data = editor.form("/p/dvla.yaml/list/contacts/0/remove")
    data["confirm"] = "yes"
    path = editor.folder / "dvla.yaml"
    before = load_profile(path).data
    assert isinstance(before, dict)
    asked_for = before["contacts"][0]
    path.write_text(path.read_text().replace("contacts:\n", "contacts:\n  - role: New first"
                                             "\n    email: new@dvla.example\n", 1))
    editor.post("/p/dvla.yaml/list/contacts/0/remove", data)
    after = load_profile(path).data
    assert isinstance(after, dict)
    assert after["contacts"][0] == {"role": "New first", "email": "new@dvla.example"}
    assert asked_for not in after["contacts"]
    assert after["contacts"][1:] == before["contacts"][1:]


def test_leaving_out_a_retitled_section_drops_its_heading(editor: Editor) -> None:
    url = "/p/dwp.yaml/sections/intro.about"
    key = "adaptations.intro.about"
    approval = {f"{key}.reason": "Ours", f"{key}.approved_by": "Head",
                f"{key}.date-day": "1", f"{key}.date-month": "5", f"{key}.date-year": "2026"}
    data = editor.form(url)
    data.update({"choice": "adopt", f"{key}.title": "Our heading", **approval})
    editor.post(url, data)
    data = editor.form(url)
    data.update({"choice": "omit", **approval})
    editor.post(url, data)
    saved = load_profile(editor.folder / "dwp.yaml").data
    assert isinstance(saved, dict)
    assert saved["adaptations"]["intro.about"]["action"] == "omit"
    assert "title" not in saved["adaptations"]["intro.about"]


def test_a_linked_profile_is_written_through_its_link(editor: Editor, tmp_path: Path) -> None:
    real = tmp_path / "elsewhere" / "real.yaml"
    real.parent.mkdir()
    real.write_bytes(editor.file("dwp.yaml"))
    (editor.folder / "linked.yaml").symlink_to(real)
    (editor.folder / "dwp.yaml").unlink()
    data = editor.form("/p/linked.yaml/page/policy")
    data["policy.owner"] = "Through the link"
    editor.post("/p/linked.yaml/page/policy", data)
    assert (editor.folder / "linked.yaml").is_symlink()
    assert "owner: Through the link" in real.read_text()


def test_old_mac_line_endings_are_kept(editor: Editor) -> None:
    path = editor.folder / "dvla.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    data = editor.form("/p/dvla.yaml/page/policy")
    data["policy.owner"] = "Digital Team"
    editor.post("/p/dvla.yaml/page/policy", data)
    after = path.read_bytes()
    assert b"\n" not in after and b"owner: Digital Team\r" in after


def test_a_full_disk_is_said_plainly(editor: Editor, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.serve import store

    def full(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "replace_file", full)
    before = editor.file("dwp.yaml")
    data = editor.form("/p/dwp.yaml/page/policy")
    data["policy.owner"] = "Anyone"
    answer = editor.client.post("/p/dwp.yaml/page/policy", data=data,
                                base_url="http://localhost")
    assert answer.status_code == 422
    assert "No space left on device" in answer.text and "nothing was" in answer.text
    assert "bug" not in answer.text and str(editor.folder) not in answer.text
    assert editor.file("dwp.yaml") == before


def test_a_date_typed_in_part_comes_back_as_typed(editor: Editor) -> None:
    data = editor.form("/p/dwp.yaml/page/policy")
    data.update({"policy.review_by-day": "", "policy.review_by-month": "",
                 "policy.review_by-year": "2027"})
    page = editor.post("/p/dwp.yaml/page/policy", data, 200).text
    assert "The date the policy must be reviewed by must include a day and month" \
        in errors_on(page)
    again = form_of(page)
    assert (again["policy.review_by-day"], again["policy.review_by-month"],
            again["policy.review_by-year"]) == ("", "", "2027")
    again = editor.form("/p/dwp.yaml/page/policy")  # and from the file, the same boxes
    assert again["policy.review_by-year"] == "2027" and again["policy.review_by-day"] == ""


def test_an_account_inserted_above_is_not_the_one_changed(editor: Editor) -> None:
    """The page was opened on account 1; someone inserted an account at the top: the save
    changes the account the page was about, now account 2, and the new one is untouched."""
    path = editor.folder / "dvla.yaml"
    before = load_profile(path).data
    assert isinstance(before, dict)
    data = editor.form("/p/dvla.yaml/list/channels/0")
    data["channels[0].purpose"] = "Our new purpose"
    inserted = ("channels:\n  - platform: Mastodon\n    account: \"@dvla@social\"\n"
                "    url: https://social.example/@dvla\n    purpose: Inserted by a colleague\n")
    path.write_text(path.read_text().replace("channels:\n", inserted, 1))
    editor.post("/p/dvla.yaml/list/channels/0", data)
    after = load_profile(path).data
    assert isinstance(after, dict)
    assert after["channels"][0]["purpose"] == "Inserted by a colleague"
    assert after["channels"][1] == before["channels"][0] | {"purpose": "Our new purpose"}
    assert after["channels"][2:] == before["channels"][1:]


def test_an_account_changed_by_a_colleague_is_still_found(editor: Editor) -> None:
    """Both changed the same account, different answers: both kept, found by its address."""
    path = editor.folder / "dvla.yaml"
    data = editor.form("/p/dvla.yaml/list/channels/1")
    data["channels[1].purpose"] = "Ours"
    theirs = load_profile(path).data
    assert isinstance(theirs, dict)
    account = theirs["channels"][1]["account"]
    path.write_text(path.read_text().replace(f"account: \"{account}\"",
                                             f"account: \"{account}-renamed\"", 1)
                    .replace(f"account: {account}\n", f"account: {account}-renamed\n", 1))
    editor.post("/p/dvla.yaml/list/channels/1", data)
    after = load_profile(path).data
    assert isinstance(after, dict)
    assert after["channels"][1]["account"] == f"{account}-renamed"
    assert after["channels"][1]["purpose"] == "Ours"


def test_an_account_removed_meanwhile_keeps_what_was_typed(editor: Editor) -> None:
    path = editor.folder / "dvla.yaml"
    data = editor.form("/p/dvla.yaml/list/channels/1")
    data["channels[1].purpose"] = "Typed before it went"
    remover = signed_in(editor.folder)  # a colleague removes that account
    removal = remover.form("/p/dvla.yaml/list/channels/1/remove") | {"confirm": "yes"}
    remover.post("/p/dvla.yaml/list/channels/1/remove", removal)
    count = len(load_profile(path).data["channels"])  # type: ignore[index]
    removed = path.read_bytes()
    page = editor.post("/p/dvla.yaml/list/channels/1", data, 200).text
    assert "has been removed" in page and "Typed before it went" in page
    assert path.read_bytes() == removed  # nothing written over another account
    editor.post("/p/dvla.yaml/list/channels/new", form_of(page))  # add it back
    after = load_profile(path).data
    assert isinstance(after, dict) and len(after["channels"]) == count + 1
    assert after["channels"][-1]["purpose"] == "Typed before it went"


def test_an_untouched_page_saved_late_undoes_nothing(editor: Editor) -> None:
    """Every field of the page went back as it was shown; a colleague changed three of them
    meanwhile: saving the untouched page keeps all three."""
    path = editor.folder / "dwp.yaml"
    data = editor.form("/p/dwp.yaml/page/policy")
    text = path.read_text().replace('version: "2.1"', 'version: "3.0"', 1)
    text = text.replace("Digital Communications Team", "Theirs", 1)
    path.write_text(text)
    editor.post("/p/dwp.yaml/page/policy", data)
    assert path.read_text() == text


def test_starter_text_is_never_an_answer(editor: Editor) -> None:
    """An optional answer left empty means "not given": its FILL IN goes from the file; a
    required one left empty keeps it, and its message says what to write."""
    path = editor.folder / "starter.yaml"  # as `policy-pack new` writes it, then opened here
    write_starter(path)
    form = editor.form("/p/starter.yaml/page/policy")
    assert form["policy.title"] == ""  # shown empty, as its hint says
    page = editor.post("/p/starter.yaml/page/policy", form, 200).text
    saved = load_profile(path).data
    assert isinstance(saved, dict)
    assert "title" not in saved["policy"]  # optional, left empty: not given
    assert "FILL IN" in saved["policy"]["owner"]  # required: still to write
    assert "Enter the team that owns the policy" in errors_on(page)
    form = editor.form("/p/starter.yaml/page/house-rules")
    editor.post("/p/starter.yaml/page/house-rules", form)
    rules = load_profile(path).data["house_rules"]  # type: ignore[index]
    assert "hours" not in rules and "also" not in rules  # its one line was the example
    assert rules["removed"][0] == "abusive or discriminatory"  # real lines kept


def test_a_task_with_a_problem_never_says_completed_or_optional(editor: Editor) -> None:
    """A new profile, half done: the department answered, an account's address wrong. Each
    task `check` finds a problem under says so; the others do not."""
    data = form_of(editor.get("/"))
    data["file"] = "fresh"
    editor.post("/new", data)
    form = editor.form("/p/fresh.yaml/page/department")
    form.update({"department.name": "Department of Freshness", "department.short_name": "DoF"})
    editor.post("/p/fresh.yaml/page/department", form)
    form = editor.form("/p/fresh.yaml/list/channels/0")
    form["channels[0].url"] = "x.com/fresh"
    editor.post("/p/fresh.yaml/list/channels/0", form, 200)
    tasks = editor.get("/p/fresh.yaml")
    problems = _check_problems(ProfileFile(editor.folder, "fresh.yaml").path)
    assert len(problems) > 5  # a real check of a real half-done profile
    statuses = {}
    for page in PAGES:
        blocked = any(p.severity == "error" and any(
            p.key == k or p.key.startswith((f"{k}.", f"{k}[")) for k in map(_key, page.keys))
            for p in problems)
        status = re.sub(r"<[^>]+>|\s+", " ", _row_of_task(tasks, page.title)).strip()
        statuses[page.title] = status
        if blocked:
            assert status in ("Incomplete", "There is a problem"), (page.title, status)
        else:
            assert status in ("Completed", "Optional", "Not yet started"), (page.title, status)
    assert statuses["Department"] == "Completed"
    assert statuses["Official accounts"] == "There is a problem"  # an answer to change
    assert statuses["Contacts"] == "Incomplete"  # answers still to write


def _key(key: tuple[str | int, ...]) -> str:
    return format_key(key)


def test_check_your_answers_shows_every_answer_and_each_departure(editor: Editor) -> None:
    page = editor.get("/p/nics-finance.yaml/check")
    saved = load_profile(editor.folder / "nics-finance.yaml").data
    assert isinstance(saved, dict)
    guidance = available_editions()[saved["base"]]
    titles = {s.id: s.title for s in guidance.sections()}
    for section_id, adaptation in saved["adaptations"].items():
        if adaptation.get("action") == "adopt" and "title" not in adaptation:
            continue  # keeps the base text: no departure
        # Under the section's heading as the policy shows it (its code named), not its ID.
        assert re.search(r"<h2[^>]*>[^<]*</h2>", page)
        assert f"<h2 class=\"govuk-heading-m\">Section {section_id}</h2>" not in page
        assert titles[section_id].split("{")[0].strip()[:20] in page
        if adaptation.get("reason"):
            assert _escaped(adaptation["reason"].strip().splitlines()[0]) in page
    # A text of several lines keeps them.
    assert re.search(r"[^>]<br>[^<]", page)
    for channel in saved["channels"]:
        assert _escaped(channel["url"]) in page
    # The jurisdiction as people say it, not the profile's code.
    where = re.search(r"Where the department works\s*</dt>\s*<dd[^>]*>\s*([^<]*?)\s*<",
                      page)
    assert where and where.group(1) == "Northern Ireland", where


def test_a_profile_renamed_meanwhile_keeps_what_was_typed(editor: Editor) -> None:
    data = editor.form("/p/dvla.yaml/list/channels/0")
    data["channels[0].purpose"] = "Typed before the rename"
    (editor.folder / "dvla.yaml").rename(editor.folder / "dvla-2027.yaml")
    page = editor.post("/p/dvla.yaml/list/channels/0", data, 410).text
    assert "no longer in the folder" in page
    assert "What the account is for" in page and "Typed before the rename" in page
    assert "was:" not in page and "csrf" not in page.split("<main")[1]


def test_a_page_shown_again_with_problems_undoes_no_colleagues_change(editor: Editor) -> None:
    """Saved with a problem, the page comes back; saved again once put right: a colleague's
    change made before the first save is still there (the page is drawn from the file)."""
    path = editor.folder / "dwp.yaml"
    data = editor.form("/p/dwp.yaml/page/policy")
    path.write_text(path.read_text().replace("Digital Communications Team", "Colleague Team", 1))
    data["policy.version"] = ""
    again = form_of(editor.post("/p/dwp.yaml/page/policy", data, 200).text)
    assert again["policy.owner"] == "Colleague Team"
    again["policy.version"] = "3.0"
    editor.post("/p/dwp.yaml/page/policy", again)
    saved = load_profile(path).data
    assert isinstance(saved, dict)
    assert saved["policy"]["owner"] == "Colleague Team" and saved["policy"]["version"] == "3.0"


def test_a_section_shown_again_with_problems_undoes_no_colleagues_change(
        editor: Editor) -> None:
    url = "/p/nics-finance.yaml/sections/principles.civil-service-code"
    key = "adaptations.principles.civil-service-code"
    path = editor.folder / "nics-finance.yaml"
    data = editor.form(url)
    before = load_profile(path).data["adaptations"]["principles.civil-service-code"]  # type: ignore[index]
    path.write_text(path.read_text().replace(f"approved_by: {before['approved_by']}",
                                             "approved_by: Colleague", 1))
    data[f"{key}.text"] = ""
    again = form_of(editor.post(url, data, 200).text)
    again[f"{key}.text"] = ("You must follow the NICS Code of Ethics online as well as "
                            "offline. If you are not sure, ask before you post.")
    editor.post(url, again)
    after = load_profile(path).data["adaptations"]["principles.civil-service-code"]  # type: ignore[index]
    assert after["approved_by"] == "Colleague"


def test_a_core_sections_thin_replacement_is_told_in_the_pages_words(editor: Editor) -> None:
    url = "/p/nics-finance.yaml/sections/principles.civil-service-code"
    data = editor.form(url)
    data["adaptations.principles.civil-service-code.text"] = "Our own words."
    message = errors_on(editor.post(url, data, 200).text)[0]
    assert message.startswith("This is a core section: your text must still say")
    assert "Keep the base text and add our own after it" in message
    for word in ("principles.civil-service-code", "replace:", "append:", "`"):
        assert word not in message


def test_a_choice_written_in_another_case_survives_an_untouched_save(editor: Editor) -> None:
    """`check` takes a choice in any letter case: the page ticks it, and an untouched save
    keeps it (it was read as taken away and removed)."""
    for name, url, key, written in (
            ("dvla.yaml", "department", "organisation", "Executive Agency"),
            ("dwp.yaml", "policy", "classification", "official")):
        path = editor.folder / name
        found = re.search(rf"{key}: .*", path.read_text())
        assert found
        text = path.read_text().replace(found.group(0), f"{key}: {written}", 1)
        path.write_text(text)
        page = editor.form(f"/p/{name}/page/{url}")
        assert page[f"{'department' if key == 'organisation' else 'policy'}.{key}"]
        editor.post(f"/p/{name}/page/{url}", page)
        assert path.read_text() == text


def test_a_retitled_section_can_be_kept_as_the_base_again(editor: Editor) -> None:
    url = "/p/nics-finance.yaml/sections/principles.civil-service-code"
    key = "adaptations.principles.civil-service-code"
    data = editor.form(url) | {"choice": "adopt", f"{key}.title": ""}
    editor.post(url, data)
    saved = load_profile(editor.folder / "nics-finance.yaml").data
    assert isinstance(saved, dict)
    assert "principles.civil-service-code" not in saved["adaptations"]


def test_a_clash_choice_is_never_applied_to_a_file_changed_again(editor: Editor) -> None:
    """Chosen "mine", but a third person changed the answer after the clash page: asked
    again. Chosen "theirs", and the colleague reverted meanwhile: nothing of mine written."""
    path = editor.folder / "dwp.yaml"
    data = editor.form("/p/dwp.yaml/page/policy")
    data["policy.owner"] = "Mine"
    original = path.read_text()
    path.write_text(original.replace("Digital Communications Team", "Theirs", 1))
    clash = form_of(editor.post("/p/dwp.yaml/page/policy", data, 409).text)
    path.write_text(original.replace("Digital Communications Team", "Third", 1))
    third = path.read_bytes()
    again = editor.post("/p/dwp.yaml/page/policy", clash | {"keep:policy.owner": "mine"}, 409)
    assert "Third" in again.text and path.read_bytes() == third
    path.write_text(original)  # the colleague reverts; the person chooses the file's answer
    editor.post("/p/dwp.yaml/page/policy", clash | {"keep:policy.owner": "theirs"})
    assert path.read_text() == original


def test_a_section_clash_shows_both_and_asks(editor: Editor) -> None:
    url = "/p/dwp.yaml/sections/posting.checks"
    key = "adaptations.posting.checks"
    path = editor.folder / "dwp.yaml"
    data = editor.form(url) | {"choice": "omit", f"{key}.reason": "Ours", f"{key}.approved_by":
                               "Head", f"{key}.date-day": "1", f"{key}.date-month": "5",
                               f"{key}.date-year": "2026"}
    colleague = signed_in(editor.folder)
    theirs = colleague.form(url) | {"choice": "append", f"{key}.text": "Their words.",
                                    f"{key}.reason": "Theirs", f"{key}.approved_by": "Boss",
                                    f"{key}.date-day": "2", f"{key}.date-month": "5",
                                    f"{key}.date-year": "2026"}
    colleague.post(url, theirs)
    written = path.read_bytes()
    page = editor.post(url, data, 409).text
    assert "Their words." in page and path.read_bytes() == written
    asked = set(re.findall(r'name="(keep:[^"]+)"', page))  # the choice, reason, approver, date
    assert f"keep:{key}.choice" in asked and len(asked) == 4
    editor.post(url, form_of(page) | dict.fromkeys(asked, "mine"))
    saved = load_profile(path).data["adaptations"]["posting.checks"]  # type: ignore[index]
    assert saved["action"] == "omit" and "append" not in saved


def test_a_starters_placeholder_goes_and_a_colleagues_line_beside_it_stays(
        editor: Editor) -> None:
    path = editor.folder / "rules.yaml"  # as `policy-pack new` writes it
    write_starter(path)
    form = editor.form("/p/rules.yaml/page/house-rules")
    text = path.read_text()
    placeholder = re.search(r"\n    - \"FILL IN: e\.g\. This account.*\n", text)
    assert placeholder
    path.write_text(text.replace(placeholder.group(0),
                                 placeholder.group(0) + "    - Our colleague's own rule\n", 1))
    editor.post("/p/rules.yaml/page/house-rules", form)
    rules = load_profile(path).data["house_rules"]  # type: ignore[index]
    assert rules["also"] == ["Our colleague's own rule"]


def test_check_your_answers_lists_every_problem_it_counts(editor: Editor) -> None:
    path = editor.folder / "nics-finance.yaml"
    text = path.read_text()
    reason = re.search(r"\n    reason: .*", text)
    assert reason
    path.write_text(text.replace(reason.group(0), "", 1) + "unknown_key: 1\n")
    page = editor.get("/p/nics-finance.yaml/check")
    count = re.search(r"(\d+) problems? to put right", page)
    assert count
    listed = re.findall(r'<li><a href="(/p/nics-finance\.yaml[^"]*)">', page)
    assert len(listed) == int(count.group(1)) >= 2
    assert any("/sections/" in href for href in listed)


def test_a_new_profile_asks_only_for_what_the_policy_needs(editor: Editor) -> None:
    """Started in the editor: no example of an optional answer is left to clear, so the
    optional tasks say Optional from the start and the required ones say Incomplete."""
    data = form_of(editor.get("/"))
    data["file"] = "needs"
    editor.post("/new", data)
    tasks = editor.get("/p/needs.yaml")
    for title in ("Version history", "Logo", "Local rules", "Elections, records and languages",
                  "Related policies"):
        assert re.sub(r"<[^>]+>|\s+", " ", _row_of_task(tasks, title)).strip() == "Optional"
    for title in ("House rules for comments", "Account security"):  # the starter's defaults
        assert re.sub(r"<[^>]+>|\s+", " ", _row_of_task(tasks, title)).strip() == "Completed"
    for title in ("Department", "Policy details", "Official accounts", "Contacts"):
        assert re.sub(r"<[^>]+>|\s+", " ", _row_of_task(tasks, title)).strip() == \
            "Incomplete"
    problems = _check_problems(ProfileFile(editor.folder, "needs.yaml").path)
    assert {p.key.split(".")[0].split("[")[0] for p in problems} == {
        "department", "policy", "channels", "contacts"}


def test_a_departure_without_its_approval_is_told_on_each_field(editor: Editor) -> None:
    url = "/p/dwp.yaml/sections/posting.checks"
    key = "adaptations.posting.checks"
    data = editor.form(url) | {"choice": "omit", f"{key}.reason": "Not for us"}
    page = editor.post(url, data, 200).text
    assert errors_on(page) == ["Enter who approved it", "Enter the date it was approved"]
    assert 'href="#f-adaptations-posting-checks-approved-by"' in page
    assert 'href="#f-adaptations-posting-checks-date-day"' in page


def test_a_contact_with_no_way_to_reach_them_is_told_once(editor: Editor) -> None:
    data = editor.form("/p/dwp.yaml/list/contacts/0")
    data.update({"contacts[0].email": "", "contacts[0].phone": ""})
    page = editor.post("/p/dwp.yaml/list/contacts/0", data, 200).text
    assert errors_on(page) == ["Enter the contact's email address or the contact's phone "
                               "number"]


def test_a_local_rule_follows_a_section_chosen_by_its_heading(editor: Editor) -> None:
    """No section ID to know: the place is chosen from the base's headings (and the local
    rules), the ID written for it; "not chosen" puts it at the end of Part 1."""
    page = editor.get("/p/dvla.yaml/list/local-rules/0")
    select = re.search(r'<select[^>]*name="local_rules\[0\]\.after"[^>]*>(.*?)</select>',
                       page, re.S)
    assert select
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))
    assert options[0] == ("", "At the end of Part 1 (not chosen)")
    assert ("posting.checks", next(t for v, t in options if v == "posting.checks")) in options
    assert any("(posting.checks)" in t and len(t) > len("(posting.checks)") + 5
               for _, t in options)  # by its heading
    form = form_of(page) | {"local_rules[0].after": "posting.checks"}
    editor.post("/p/dvla.yaml/list/local-rules/0", form)
    saved = load_profile(editor.folder / "dvla.yaml").data
    assert isinstance(saved, dict) and saved["local_rules"][0]["after"] == "posting.checks"


@pytest.mark.parametrize("written", ['owner: "Digital Communications Team "',
                                     "owner: >\n    Digital Communications Team"])
def test_an_answer_the_file_spaces_or_folds_is_changed_with_no_clash(editor: Editor,
                                                                    written: str) -> None:
    """A one-line answer the file holds with a space at its end, or folded over two lines,
    is compared as the form sends it: a change is written, not taken for a clash forever."""
    path = editor.folder / "dwp.yaml"
    path.write_text(path.read_text().replace("owner: Digital Communications Team", written, 1))
    data = editor.form("/p/dwp.yaml/page/policy") | {"policy.owner": "Our answer"}
    editor.post("/p/dwp.yaml/page/policy", data)
    saved = load_profile(path).data
    assert isinstance(saved, dict) and saved["policy"]["owner"] == "Our answer"


def test_two_clashes_answered_one_at_a_time_are_both_saved(editor: Editor) -> None:
    path = editor.folder / "dwp.yaml"
    data = editor.form("/p/dwp.yaml/page/policy") | {"policy.owner": "Mine",
                                                     "policy.version": "9.0"}
    text = path.read_text()
    version = re.search(r'version: "[^"]*"', text)
    assert version
    path.write_text(text.replace("Digital Communications Team", "Theirs", 1)
                    .replace(version.group(0), 'version: "8.0"', 1))
    first = form_of(editor.post("/p/dwp.yaml/page/policy", data, 409).text)
    second = editor.post("/p/dwp.yaml/page/policy",
                         first | {"keep:policy.owner": "mine"}, 409).text
    radios = [re.search(r'name="([^"]+)"', tag).group(1)  # type: ignore[union-attr]
              for tag in re.findall(r"<input[^>]*>", second) if 'type="radio"' in tag]
    assert set(radios) == {"keep:policy.version"}  # the owner answered: not asked again
    editor.post("/p/dwp.yaml/page/policy", form_of(second) | {"keep:policy.version": "theirs"})
    saved = load_profile(path).data
    assert isinstance(saved, dict)
    assert saved["policy"]["owner"] == "Mine" and saved["policy"]["version"] == "8.0"


def test_a_list_item_wrapped_by_hand_is_left_as_it_was(editor: Editor) -> None:
    """A list item the file wraps without indenting (valid Markdown): editing another line
    of the text adds no blank line inside it."""
    url = "/p/dvla.yaml/list/local-rules/0"
    path = editor.folder / "dvla.yaml"
    data = editor.form(url)
    text = data["local_rules[0].text"]
    wrapped = text + "\n\n- never ask for a licence number\nor a vehicle registration"
    editor.post(url, data | {"local_rules[0].text": wrapped})
    before = path.read_text()
    data = editor.form(url)
    first = data["local_rules[0].text"].split("\n")[0]
    data["local_rules[0].text"] = data["local_rules[0].text"].replace(first, first + " Now.", 1)
    editor.post(url, data)
    assert changed_lines(before.encode(), path.read_bytes()) == [
        f"-      {first}", f"+      {first} Now."]


def test_a_line_added_to_a_list_keeps_the_other_lines_as_the_file_has_them(
        editor: Editor) -> None:
    url = "/p/dwp.yaml/page/house-rules"
    path = editor.folder / "dwp.yaml"
    data = editor.form(url) | {"house_rules.also": "We\u00a0reply on weekdays.\nx y\nx\u00a0y"}
    editor.post(url, data)
    before = path.read_text()
    data = editor.form(url)
    data["house_rules.also"] += "\nA new rule."
    editor.post(url, data)
    assert [line for line in changed_lines(before.encode(), path.read_bytes())
            if not line.startswith("@@")] == ["+    - A new rule."]


def test_a_local_rule_can_follow_only_a_section_or_an_earlier_rule(editor: Editor) -> None:
    page = editor.get("/p/dvla.yaml/list/local-rules/0")
    select = re.search(r'<select[^>]*name="local_rules\[0\]\.after"[^>]*>(.*?)</select>',
                       page, re.S)
    assert select
    saved = load_profile(editor.folder / "dvla.yaml").data
    assert isinstance(saved, dict)
    own = saved["local_rules"][0]["id"]
    assert f'value="{own}"' not in select.group(1)
