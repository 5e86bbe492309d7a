"""The JSON Schema for editors, and `policy-pack new` from a starter to a built pack."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from generator.errors import ProfileError
from generator.policy import available_editions, fill_each_code
from generator.profile import check_profile, write_starter
from generator.profile import validation as v
from generator.profile.topics import STAFF_KEYS
from tests.conftest import PROFILES, ROOT, TODAY
from tests.profile.test_load_validate import GOOD

SCHEMA = json.loads((ROOT / "generator" / "profile" / "profile.schema.json").read_text("utf-8"))


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def properties(schema: dict[str, object], path: str = "") -> Iterator[tuple[str, dict]]:
    for name, sub in schema.get("properties", {}).items():  # type: ignore[union-attr]
        yield f"{path}.{name}".lstrip("."), sub
        yield from properties(sub, f"{path}.{name}")
        for nested in ("items", "additionalProperties"):
            if isinstance(sub.get(nested), dict):
                yield from properties(sub[nested], f"{path}.{name}[]")


def test_schema_command_prints_the_schema() -> None:
    result = run("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout) == SCHEMA


def test_every_key_has_a_title_description_and_example() -> None:
    found = list(properties(SCHEMA))
    assert len(found) > 40
    for path, sub in found:
        assert sub.get("title") and sub.get("description"), path
        assert sub.get("examples"), path


def test_schema_keys_are_the_validators_keys() -> None:
    props = SCHEMA["properties"]
    assert tuple(props) == v.TOP_KEYS
    assert tuple(props["department"]["properties"]) == v.DEPARTMENT_KEYS
    assert tuple(props["department"]["properties"]["logo"]["properties"]) == v.LOGO_KEYS
    assert tuple(props["policy"]["properties"]) == v.POLICY_KEYS
    assert tuple(props["channels"]["items"]["properties"]) == v.CHANNEL_KEYS
    assert tuple(props["contacts"]["items"]["properties"]) == v.CONTACT_KEYS
    assert tuple(props["local_rules"]["items"]["properties"]) == v.RULE_KEYS
    assert tuple(props["adaptations"]["additionalProperties"]["properties"]) == \
        v.ADAPTATION_KEYS


@pytest.mark.parametrize("path", sorted(PROFILES.glob("*.yaml")), ids=lambda p: p.stem)
def test_samples_validate_against_the_schema_and_name_it(path: Path) -> None:
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../generator/profile/"
                           "profile.schema.json")
    data = YAML(typ="safe", pure=True).load(text)
    data = json.loads(json.dumps(data, default=str))  # dates as YYYY-MM-DD text, as editors see
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())


def test_schema_rejects_what_the_validator_rejects() -> None:
    data = YAML(typ="safe", pure=True).load((PROFILES / "dwp.yaml").read_text("utf-8"))
    data = json.loads(json.dumps(data, default=str))
    data["policy"]["reviewby"] = data["policy"].pop("review_by")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


FILLED = {
    "the department's full name": "Department of Examples",
    "the name used in sentences, e.g. DoF": "DoE",
    "path to an SVG or PNG inside this folder, e.g. logos/logo.svg": "logo.svg",
    "what the logo shows, e.g. Department of Finance logo": "Department of Examples logo",
    "the policy's title, or delete this line for the default": "Our social media policy",
    "the team that owns this policy": "Digital team",
    "e.g. X (Twitter)": "X (Twitter)",
    "the handle or name, e.g. @example": "@doe_example",
    "the account's address, starting with https://": "https://x.com/doe_example",
    "what the account is for": "News",
    "who it is for": "Public",
    "the team that runs it": "Press Office",
    "when it is watched": "Office hours",
    "e.g. Digital engagement lead": "Digital lead",
    "a name, or delete this line": "A. Person",
    "who approved it, or delete this line": "Director of Examples",
    "who answers for it": "Head of Digital",
    "who can post from it": "Digital team",
    "who approves its posts": "Press Office",
    "when you watch your accounts, e.g. We watch our accounts on weekdays.":
        "We watch our accounts on weekdays.",
    "e.g. This account cannot answer questions about your own case.":
        "This account cannot answer questions about your own case.",
    "who holds the passwords": "Digital team",
    "who to call if an account is lost or taken over": "The IT service desk",
    "what happens when someone with access leaves": "Passwords change that day.",
    "its name, e.g. Standards of behaviour": "Standards of behaviour",
    "its address, starting with https://": "https://www.gov.uk/",
    "the email address for freedom of information requests": "foi@doe.example",
    "the Welsh Language Standards or scheme you follow, or delete this line":
        "We follow our Welsh language scheme.",
    "what you do about Irish and Ulster-Scots, or delete this line":
        "We answer in English.",
    "an email address": "digital@doe.example",
    "a phone number, or delete this line": "+44 20 7946 0000",
    "the section's heading": "Approval before posting",
    "why you add it": "Posts need approval here.",
    "who agreed it": "Head of Digital",
}


def fill(text: str) -> str:
    for prompt, value in FILLED.items():
        text = text.replace(f'"FILL IN: {prompt}"', json.dumps(value))
    text = text.replace('"FILL IN as YYYY-MM-DD: the date the policy takes effect"', "2026-01-01")
    text = text.replace('"FILL IN as YYYY-MM-DD: the date it must be reviewed by"', "2027-01-01")
    text = text.replace('"FILL IN as YYYY-MM-DD: when this version was approved"', "2025-12-01")
    text = text.replace('"FILL IN as YYYY-MM-DD"', "2026-01-01")
    text = text.replace("local.FILL-IN", "local.approval")
    text = text.replace("FILL IN: what your accounts post and stop posting before an election.",
                        "Before an election, we post only operational notices.")
    return re.sub(r"FILL IN: the section's text\.[^\n]*\n[^\n]*\n",
                  "Ask the Press Office before you post.\n", text)


def test_new_writes_a_starter_that_checks_clean_once_filled(tmp_path: Path) -> None:
    result = run("new", "home-office.yaml", cwd=tmp_path)
    assert result.returncode == 0
    starter = (tmp_path / "home-office.yaml").read_text("utf-8")
    for key in (*v.TOP_KEYS, *v.DEPARTMENT_KEYS, *v.POLICY_KEYS, *v.CHANNEL_KEYS,
                *v.CONTACT_KEYS, *v.RULE_KEYS, *v.ADAPTATION_KEYS[:1]):
        # The rules for everyone are examples in comments: a new profile sets none by chance;
        # so are a twin account and a translation, which few have and none has at first.
        commented = "# " if key in (*STAFF_KEYS, "paired_with", "translations") else ""
        assert re.search(rf"^\s*{commented}(- )?{key}:", starter, re.MULTILINE), key
    unfilled = run("check", "home-office.yaml", cwd=tmp_path)
    assert unfilled.returncode == 2
    places = [line for line in starter.splitlines()
              if "FILL" in line and not line.lstrip().startswith("#")]
    assert unfilled.stderr.count("still has the starter text") == len(places)
    (tmp_path / "home-office.yaml").write_text(fill(starter), "utf-8")
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><rect width="9" '
        'height="9"/></svg>', "utf-8")
    checked = run("check", "home-office.yaml", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    built = run("build", "home-office.yaml", "--out", "out", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "home-office" / "home-office-social-media-policy.pdf").is_file()


def test_new_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("keep me", "utf-8")
    result = run("new", "p.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "already exists" in result.stderr
    assert (tmp_path / "p.yaml").read_text("utf-8") == "keep me"


def test_the_starter_travels_and_names_each_section(tmp_path: Path) -> None:
    """No path of the machine that wrote it; the newest edition's sections with titles."""
    text = write_starter(tmp_path / "starter.yaml")
    assert "file://" not in text and str(tmp_path) not in text and "/work" not in text
    assert "$schema=profile.schema.json" in text  # the line to add, once the schema is saved
    editions = available_editions()
    newest = editions[max(editions)]
    listed = text.split("ID, then title")[1]
    for section in newest.sections():
        title = fill_each_code(section.title)["Civil Service Code"]  # no {{ placeholders }}
        assert "{" not in title
        assert re.search(rf"^#   {re.escape(section.id)} +{re.escape(title)}",
                         listed, re.MULTILINE), section.id


@pytest.mark.parametrize("code", ["cy", "cy-GB", "ga", "fr-FR"])
def test_a_policy_in_english_cannot_be_tagged_as_another_language(tmp_path: Path,
                                                                  code: str) -> None:
    """The text is English in every edition: tagged `cy`, a screen reader would read it
    with Welsh rules. `check` and the schema refuse it (a Welsh version is not made yet)."""
    source = (ROOT / "profiles" / "dwp.yaml").read_text()
    path = tmp_path / "p.yaml"
    path.write_text(source.replace("language: en-GB", f"language: {code}", 1))
    with pytest.raises(ProfileError) as refused:
        check_profile(path, available_editions(), TODAY)
    assert any(p.key == "department.language" and "is not English" in p.message
               for p in refused.value.problems)
    pattern = SCHEMA["properties"]["department"]["properties"]["language"]["pattern"]
    assert re.fullmatch(pattern.strip("^$"), code) is None
    assert re.fullmatch(pattern.strip("^$"), "en-GB") is not None


def test_the_starters_rules_for_everyone_are_examples_that_check_once_uncommented(
        tmp_path: Path) -> None:
    """Left as written, a new profile sets none of them; each example, with its "# " taken
    away, is a value `check` accepts (what a person does to opt in)."""
    text = write_starter(tmp_path / "starter.yaml")
    assert not any(re.search(rf"^{key}:", text, re.MULTILINE) for key in STAFF_KEYS)
    start = text.index("# also_covers:")
    block = text[start:text.index("\ncontacts:", start)]
    lines = [re.sub(r"^# ?", "", line) for line in block.splitlines()
             if re.match(rf"# ({'|'.join(STAFF_KEYS)}):|#   ", line)]
    path = tmp_path / "p.yaml"
    path.write_text(GOOD + "\n".join(lines) + "\n", "utf-8")
    checked = check_profile(path, available_editions(), TODAY)
    topics = checked.profile.topics
    assert topics.also_covers == ("contractors", "agency staff", "consultants")
    assert topics.no_research_on_public and topics.no_recording_without_consent
    assert topics.no_party_politics_on_official_accounts and topics.equality
    assert topics.political_activity and topics.political_activity.guidance_url
    assert topics.messaging_apps and topics.messaging_apps.official_records
