"""A base section's page in the editor says where the base text's words come from (issue
25): the Cabinet Office guidance, the code of conduct the department's staff follow, or model
text the project wrote, so nobody adopts model or code text thinking it is the Cabinet
Office's."""

from __future__ import annotations

import html
import re

import pytest

from tests.serve.conftest import Editor


def origin_of(page: str) -> str:
    found = re.search(r'<p class="govuk-body-s" id="pp-origin">(.*?)</p>', page, re.S)
    assert found, "the page says where the base text comes from"
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1)))


@pytest.mark.parametrize(("url", "said"), [
    ("/p/nics-finance.yaml/sections/code.online-and-offline",
     "Where these words come from: NICS Code of Ethics. This is the NICS Code of Ethics, the "
     "code of conduct your staff follow, in plain words. It is not the Cabinet Office "
     "guidance."),
    ("/p/dwp.yaml/sections/code.online-and-offline",
     "Where these words come from: Civil Service Code. This is the Civil Service Code, the "
     "code of conduct your staff follow, in plain words. It is not the Cabinet Office "
     "guidance."),
    ("/p/nics-finance.yaml/sections/media.contact",
     "Where these words come from: Model text. This project wrote this text, because the "
     "Cabinet Office guidance says nothing on the subject. It is not the Cabinet Office "
     "guidance."),
    ("/p/nics-finance.yaml/sections/barriers.video",
     "Where these words come from: Cabinet Office guidance, May 2012. The Cabinet Office "
     "guidance, restated in plain words: not its official text."),
    ("/p/dwp.yaml/sections/use.personal",  # the 2014 text restates the 2012 guidance here
     "Where these words come from: Cabinet Office guidance, May 2012. The October 2014 "
     "guidance is not known on this subject, so the base text restates the May 2012 guidance "
     "in plain words."),
])
def test_a_section_page_says_where_the_base_text_comes_from(editor: Editor, url: str,
                                                           said: str) -> None:
    page = editor.get(url)
    assert " ".join(origin_of(page).split()) == said
    column = page.split("The base text</h2>")[1].split("pp-compare__text")[0]
    assert "pp-origin" in column  # under the base text's own heading, before its words
