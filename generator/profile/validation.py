"""Stage 2: check a loaded profile against the CONTRACT keys and turn it into a `Profile`.

Every problem in the file is collected, each with its line and column, and reported at once.
Pure: reads no files, no clock; the base editions and today's date are passed in.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from typing import cast, get_args

from generator.errors import Problem, ProfileError
from generator.language import english_name, languages
from generator.model import (
    Action,
    Adaptation,
    Approval,
    Channel,
    ChannelLanguage,
    Classification,
    Contact,
    Department,
    Guidance,
    Jurisdiction,
    LocalRule,
    LogoRef,
    Organisation,
    PolicyInfo,
    Profile,
    Section,
    TranslationRef,
    VersionEntry,
)
from generator.policy import (
    account_handle,
    dropped_points,
    fill_for,
    is_ni_body,
    link_text_problem,
    looks_like_address,
    substance_problem,
)
from generator.profile.fields import WEB_ADDRESS, describe
from generator.profile.line_fixes import quoted, unwrap_curly
from generator.profile.load import KeyPath, SourceDoc
from generator.profile.logo import TRANSLATION, name_problem
from generator.profile.topics import TOPIC_KEYS, TopicReader

SCHEMA_VERSION = 1
MAX_LOCAL_RULES = 200

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SECTION_ID = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")
# A language code (BCP 47): language, optional script, region and variants (RFC 5646,
# simplified), as PDF, DOCX and HTML all record it.
_BCP47 = re.compile(
    r"^[a-zA-Z]{2,3}(?:-[a-zA-Z]{4})?(?:-(?:[a-zA-Z]{2}|\d{3}))?(?:-[a-zA-Z0-9]{5,8})*$")
_CIVIL_SERVICE_CODE = re.compile(r"civil\s+service\s+code", re.IGNORECASE)
_CODE_OF_ETHICS = re.compile(r"code\s+of\s+ethics", re.IGNORECASE)

TOP_KEYS = ("schema_version", "base", "department", "policy", "channels", "contacts",
            "local_rules", "adaptations", *TOPIC_KEYS, "translations")
TEXT_LANGUAGE = "en"  # the language of every edition's text, and so of every policy made

DEPARTMENT_KEYS = ("name", "short_name", "slug", "jurisdiction", "organisation", "language",
                   "logo")
JURISDICTIONS: tuple[Jurisdiction, ...] = get_args(Jurisdiction)
ORGANISATIONS: tuple[Organisation, ...] = get_args(Organisation)
LOGO_KEYS = ("file", "alt")
POLICY_KEYS = ("title", "owner", "version", "effective", "review_by", "classification",
               "history")
HISTORY_KEYS = ("version", "date", "changes", "approved_by")
CLASSIFICATIONS: tuple[Classification, ...] = get_args(Classification)
CHANNEL_KEYS = ("platform", "account", "url", "purpose", "audience", "managed_by", "monitored",
                "owner", "administrators", "approver", "language", "paired_with")
CHANNEL_LANGUAGES: tuple[ChannelLanguage, ...] = get_args(ChannelLanguage)
# The Welsh Language Standards expect a Welsh body's every account to be bilingual or paired
# with a Welsh one (docs/sources.md, "Welsh Language Standards").
WELSH_STANDARDS = "Welsh Language Standards expect every account to be bilingual or paired " \
    "with a Welsh one"
CONTACT_KEYS = ("role", "name", "email", "phone")
APPROVAL_KEYS = ("reason", "approved_by", "date")
RULE_KEYS = ("id", "title", "after", "text", *APPROVAL_KEYS)
ADAPTATION_KEYS = ("action", "replace", "append", "title", *APPROVAL_KEYS)



def validate(
    doc: SourceDoc, editions: Mapping[str, Guidance], today: dt.date | None = None,
    languages: tuple[str, ...] | None = None,
) -> tuple[Profile, tuple[Problem, ...]]:
    """Return the profile and its warnings, or raise ProfileError listing every error.

    `languages`: those a pack can be translated into (None: the catalogues the project
    ships, `generator.language.languages()`, read only if the profile names a translation).
    """
    checker = _Checker(doc)
    checker.catalogues = languages
    profile = checker.profile(editions, today)
    errors = [p for p in checker.problems if p.severity == "error"]
    if errors or profile is None:
        raise ProfileError(errors)
    return profile, tuple(sorted(p for p in checker.problems if p.severity == "warning"))


class _Checker(TopicReader):
    """The profile's parts, read field by field."""

    body: Department | None = None  # the department, once read
    catalogues: tuple[str, ...] | None = None  # the languages packs can be made in

    # --- the profile -------------------------------------------------------------------------

    def profile(self, editions: Mapping[str, Guidance], today: dt.date | None) -> Profile | None:
        if not isinstance(self.doc.data, dict):
            self.error((), f"must be a set of keys (schema_version, base, department, ...), "
                       f"not {describe(self.doc.data)}",
                       "run `policy-pack new` for a starter profile")
            return None
        self.mapping((), TOP_KEYS)
        version = self.value(("schema_version",))
        if version != SCHEMA_VERSION:
            self.error(("schema_version",), "is missing" if version is None else
                       f"`{version}` is not a schema version this tool knows",
                       f"write `schema_version: {SCHEMA_VERSION}`")
        base = self.choice(("base",), tuple(sorted(editions)))
        guidance = editions.get(base) if base else None
        department = self.department()
        self.body = department  # the adaptations compare headings as this body reads them
        policy = self.policy(today)
        channels = tuple(self.channel(k) for k in self.items(("channels",)))
        contacts = tuple(self.contact(k) for k in self.items(("contacts",)))
        rules = self.local_rules(guidance)
        adaptations = self.adaptations(guidance)
        topics = self.topics()
        translations = self.translations(("translations",))
        if department is not None and is_ni_body(department.jurisdictions):
            self.other_code_named()
        if department is not None and ("Wales" in department.jurisdictions
                                       or any(t.language == "cy" for t in translations)):
            self.welsh_twins(channels)
        self.twins_agree(channels)
        self.gaps(channels, contacts, base, editions)
        self.unique(("channels",), "account",
                    [(f"{c.account}\n{c.platform}" if c.account else "",
                      f"`{c.account}` on {c.platform}") for c in channels])
        self.unique(("contacts",), "role", [(c.role, f"`{c.role}`") for c in contacts])
        if base is None or department is None or policy is None:
            return None
        return Profile(SCHEMA_VERSION, base, department, policy, channels, contacts, rules,
                       adaptations, topics, translations)

    def gaps(self, channels: tuple[Channel, ...], contacts: tuple[Contact, ...],
             base: str | None, editions: Mapping[str, Guidance]) -> None:
        """What a profile may leave out, but its writer should know the policy then says."""
        if not channels and isinstance(self.value(()), dict):
            self.warn(("channels",), "lists no official accounts", "the policy will say the "
                      "department has none yet; list them under `channels:` if it has any")
        if not contacts and isinstance(self.value(()), dict):
            self.warn(("contacts",), "names no one to ask", "the policy will tell staff to ask "
                      "their line manager or communications team; list people under "
                      "`contacts:` with a role and an email or phone")
        newest = max(editions, default=None)
        if base and newest and base < newest:
            self.warn(("base",), f"edition {base} of the base guidance is not the newest: "
                      f"{newest} is available", f"run `policy-pack impact --to {newest} "
                      f"{self.doc.display}` to see what moving to it would change")

    def other_code_named(self) -> None:
        """An NI body's own text that names the Civil Service Code: its staff follow the
        NICS Code of Ethics, which the base text names for it. A paragraph that names both
        explains how they relate, and is left alone."""
        for key in self.own_texts():
            value = self.value(key)
            if not isinstance(value, str):
                continue
            for paragraph in re.split(r"\n\s*\n", value):
                found = _CIVIL_SERVICE_CODE.search(paragraph)
                if found and not _CODE_OF_ETHICS.search(paragraph):
                    self.warn(key, "names the Civil Service Code, but the staff of a Northern "
                              "Ireland body follow the NICS Code of Ethics",
                              "write `the NICS Code of Ethics`; to say how the two relate, "
                              "name both in one paragraph",
                              needle=found.group().split("\n")[0])

    def own_texts(self) -> list[KeyPath]:
        """The keys of the profile's own words in the policy: its title, its local rules'
        titles and texts, its adaptations' titles and texts, and its topics' words."""
        keys: list[KeyPath] = [("policy", "title"), ("election_periods",),
                               ("records", "text"), ("language_duties", "welsh"),
                               ("language_duties", "irish_ulster_scots"),
                               ("political_activity", "where_to_find_your_category"),
                               ("research_exceptions",), ("messaging_apps", "text"),
                               ("equality",)]
        for name in ("hours", "blocking", "replies", "endorsement"):
            keys.append(("house_rules", name))
        for name in ("removed", "also"):
            items = self.value(("house_rules", name))
            keys += [("house_rules", name, i) for i in range(len(items))] if isinstance(
                items, list) else []
        related = self.value(("related_policies",))
        keys += [("related_policies", i, "title") for i in range(len(related))] if isinstance(
            related, list) else []
        for rule in self.items(("local_rules",)) if isinstance(
                self.value(("local_rules",)), list) else []:
            keys += [(*rule, "title"), (*rule, "text")]
        adaptations = self.value(("adaptations",))
        for section_id in adaptations if isinstance(adaptations, dict) else {}:
            keys += [("adaptations", section_id, f) for f in ("title", "replace", "append")]
        return keys

    def unique(self, key: KeyPath, field: str, values: list[tuple[str, str]]) -> None:
        """Report each (value, shown) whose value (ignoring case) came earlier in the list."""
        seen: set[str] = set()
        for i, (value, shown) in enumerate(values):
            if value and value.casefold() in seen:
                self.error((*key, i, field), f"{shown} is listed twice",
                           "each entry must be different")
            seen.add(value.casefold())

    def department(self) -> Department | None:
        key: KeyPath = ("department",)
        if not self.mapping(key, DEPARTMENT_KEYS):
            return None
        jurisdictions = self.jurisdictions((*key, "jurisdiction"))
        return Department(
            name=self.text((*key, "name")),
            short_name=self.text((*key, "short_name"), limit=40),
            slug=self.pattern((*key, "slug"), _SLUG, "a valid folder name (lower-case letters, "
                              "digits and single hyphens)", "home-office"),
            jurisdiction=jurisdictions[0],
            language=self.language((*key, "language")),
            logo=self.logo((*key, "logo")),
            organisation=self.organisation((*key, "organisation")),
            jurisdictions=jurisdictions,
        )

    def jurisdictions(self, key: KeyPath) -> tuple[Jurisdiction, ...]:
        """One jurisdiction, or a list of them where the body's remit differs by function
        (DVLA: [GB, UK]); the first is the primary one. ("UK",) where it is wrong."""
        value = self.value(key)
        if isinstance(value, dict):
            self.error(key, f"must be a jurisdiction or a list of them, not {describe(value)}",
                       "write one, such as `GB`, or a list with the main one first, such as "
                       "`[GB, UK]`")
            return ("UK",)
        if not isinstance(value, list):
            return (self.choice(key, JURISDICTIONS) or "UK",)
        if not value:
            self.error(key, "is an empty list", "write one jurisdiction, such as `GB`, or a "
                       "list of them with the main one first, such as `[GB, UK]`")
            return ("UK",)
        read = [self.choice((*key, i), JURISDICTIONS) for i in range(len(value))]
        for i, jurisdiction in enumerate(read):
            if jurisdiction is not None and jurisdiction in read[:i]:
                self.error((*key, i), f"`{jurisdiction}` is listed twice",
                           "list each jurisdiction once")
        found = tuple(j for j in read if j is not None)
        return found if len(found) == len(read) else ("UK",)

    def organisation(self, key: KeyPath) -> Organisation:
        """The kind of body, which decides the noun the base text uses for it."""
        value = self.value(key)
        if isinstance(value, str):  # arm\u2019s-length: Word's apostrophe
            straight = " ".join(value.replace("\u2019", "'").casefold().split())
            if straight in ORGANISATIONS:
                return straight
        return self.choice(key, ORGANISATIONS, "ministerial department") or \
            "ministerial department"

    def language(self, key: KeyPath) -> str:
        value = self.text(key)
        if value and not _BCP47.match(value):
            self.error(key, f"`{value}` is not a language code",
                       "write a code such as en-GB for English")
            return ""
        if value and value.split("-")[0].casefold() != TEXT_LANGUAGE:
            # The policy's text is English in every edition: tagged as another language, a
            # screen reader would read English words with that language's rules (issue 25).
            self.error(key, f"`{value}` is not English, and the policy's text is English",
                       "write en-GB: a Welsh version of the policy is not made yet")
            return ""
        return value

    def logo(self, key: KeyPath) -> LogoRef | None:
        if not self.mapping(key, LOGO_KEYS, required=False):
            return None
        file = self.text((*key, "file"))
        alt = self.text((*key, "alt"))
        hint = 'say what the logo shows, e.g. "Department of Finance logo"'
        if alt and file and alt.casefold() in (file.casefold(), file.rsplit("/", 1)[-1].casefold()):
            self.error((*key, "alt"), "repeats the file name instead of describing the image",
                       hint)
        elif alt.casefold().strip(". ") in ("logo", "image", "picture", "graphic", "icon"):
            self.error((*key, "alt"), f"`{alt}` does not describe the image", hint)
        return LogoRef(file, alt)

    def policy(self, today: dt.date | None) -> PolicyInfo | None:
        key: KeyPath = ("policy",)
        if not self.mapping(key, POLICY_KEYS):
            return None
        effective = self.date((*key, "effective"))
        review_by = self.date((*key, "review_by"))
        if effective and review_by and review_by <= effective:
            self.error((*key, "review_by"), f"{review_by} is not after the effective date "
                       f"{effective}", "a review date comes after the policy takes effect")
        if today and review_by and review_by < today:
            self.warn((*key, "review_by"), f"the review date {review_by} has passed",
                      "review the policy and set a new date")
        title = self.text((*key, "title"), required=False)
        version = self.text((*key, "version"), limit=40)
        classification = (self.choice((*key, "classification"), CLASSIFICATIONS)
                          if self.present((*key, "classification")) else None)
        return PolicyInfo(
            title=title or None,
            owner=self.text((*key, "owner")),
            version=version,
            effective=effective or dt.date.min,
            review_by=review_by or dt.date.max,
            classification=classification,
            history=self.history((*key, "history"), version, effective),
        )

    def history(self, key: KeyPath, version: str,
                effective: dt.date | None) -> tuple[VersionEntry, ...]:
        """The document-control table's rows, newest first."""
        entries: list[VersionEntry] = []
        for item in self.items(key):
            if not self.mapping(item, HISTORY_KEYS):
                entries.append(VersionEntry("", dt.date.min, ""))  # keeps the indexes in step
                continue
            when = self.date((*item, "date"))
            entries.append(VersionEntry(
                self.text((*item, "version"), limit=40), when or dt.date.min,
                self.text((*item, "changes"), limit=500),
                self.text((*item, "approved_by"), required=False)))
            if when and effective and when > effective:
                self.error((*item, "date"), f"{when} is after the date this version takes "
                           f"effect ({effective})", "a version's history ends with it")
        self.unique(key, "version", [(v.version, f"`{v.version}`") for v in entries])
        # Curly quotes around the version are warned about where it is written; here the
        # version is the one the warning's advice leaves (never advise "“1.10”").
        current = unwrap_curly(version)
        if entries and current and current not in {unwrap_curly(v.version) for v in entries}:
            self.warn(key, f"has no entry for version {current}, the current one",
                      f"add `- {{version: {quoted(current)}, date: ..., changes: ...}}`")
        return tuple(sorted((v for v in entries if v.version), key=lambda v: v.date,
                            reverse=True))

    def channel(self, key: KeyPath) -> Channel:
        if not self.mapping(key, CHANNEL_KEYS):
            return Channel("", "", "", "", "", "", "")
        account = self.text((*key, "account"))
        url = self.value((*key, "url"))
        vague = link_text_problem(account, url if isinstance(url, str) else "")
        if looks_like_address(account):
            self.error((*key, "account"), f"`{account}` is an address; the account name is the "
                       "text of the link to it", "write the handle or name, e.g. `@example`")
        elif account and vague:  # the account is the link's text in every format
            self.error((*key, "account"), f"`{account}` does not say which account it is: "
                       "it is the text of the link to it", "write the handle or name, e.g. "
                       "`@example`")
        language = self.channel_language((*key, "language"))
        return Channel(
            platform=self.text((*key, "platform")),
            account=account,
            url=self.pattern((*key, "url"), WEB_ADDRESS, "a web address starting with https://",
                             "https://x.com/example"),
            purpose=self.text((*key, "purpose"), limit=500),
            audience=self.text((*key, "audience"), required=False),
            managed_by=self.text((*key, "managed_by"), required=False),
            monitored=self.text((*key, "monitored"), required=False),
            owner=self.text((*key, "owner"), required=False),
            administrators=self.text((*key, "administrators"), required=False, limit=500),
            approver=self.text((*key, "approver"), required=False),
            language=language,
            paired_with=self.twin(key, account, language),
        )

    def channel_language(self, key: KeyPath) -> ChannelLanguage | None:
        """The language an account posts in: en, cy or bilingual, in any letter case;
        None where the profile does not say."""
        value = self.value(key)
        if value is None:
            return None
        written = value.strip().casefold() if isinstance(value, str) else None
        found = next((c for c in CHANNEL_LANGUAGES if c == written), None)
        if found is None:
            shown = f"`{value}`" if isinstance(value, str) else describe(value)
            self.error(key, f"{shown} is not en, cy or bilingual", "write en for an account "
                       "that posts in English, cy for Welsh, or bilingual for both")
        return found

    def twin(self, key: KeyPath, account: str, language: ChannelLanguage | None) -> str:
        """The account's twin in the other language, by its handle: for an account that
        posts in one language only, never the account itself. The twin need not be listed:
        another body may run it."""
        at = (*key, "paired_with")
        twin = self.text(at, required=False)
        if not twin:
            return ""
        if looks_like_address(twin):
            self.error(at, f"`{twin}` is an address; the twin is named by its handle",
                       "write its handle or name, e.g. `@LlywodraethCym`")
            return ""
        if language == "bilingual":
            self.error(at, "a bilingual account has no twin: it posts in both languages itself",
                       "delete `paired_with`, or write `language: en` or `language: cy` if "
                       "it posts in one language")
        elif account and account_handle(twin) == account_handle(account):
            self.error(at, f"`{twin}` is this account itself", "name its twin: the account "
                       "that posts the same in the other language")
        elif language is None and not self.present((*key, "language")):
            self.error(at, "names a twin, but `language` does not say which language this "
                       "account posts in", "add `language: en` or `language: cy`")
        return twin

    def welsh_twins(self, channels: tuple[Channel, ...]) -> None:
        """A Welsh body's account that posts in English only, with no Welsh twin: the Welsh
        Language Standards expect it to be bilingual or paired (a warning: its twin may be
        on its way, or the body may follow a scheme that allows it)."""
        for i, channel in enumerate(channels):
            if channel.language == "en" and not channel.paired_with:
                shown = f"`{channel.account}`" if channel.account else "this account"
                self.warn(("channels", i, "language"), f"{shown} posts in English only: "
                          f"{WELSH_STANDARDS}", "make its `language` bilingual if it posts "
                          "in both languages, or name its Welsh twin in `paired_with`")

    def twins_agree(self, channels: tuple[Channel, ...]) -> None:
        """A twin this profile lists must post in the other language: the public page links
        to it as the account in that language."""
        other = {"en": "cy", "cy": "en"}
        for i, channel in enumerate(channels):
            twin = account_handle(channel.paired_with)
            if channel.language not in other or not twin or twin == account_handle(
                    channel.account):  # no twin, or itself: said where `twin` reads it
                continue
            listed = [c.language for c in channels if account_handle(c.account) == twin]
            if None in listed or not listed or other[channel.language] in listed:
                continue  # not listed, or its language not said: nothing to hold against
            said = {"en": "English", "cy": "Welsh", "bilingual": "Welsh and English"}
            self.error(("channels", i, "paired_with"),
                       f"`{channel.paired_with}` posts in {said[str(listed[0])]}, so it is "
                       "not this account's twin: a twin posts in the other language",
                       "name the account that posts the same in the other language, or set "
                       "that account's `language`")

    def translations(self, key: KeyPath) -> tuple[TranslationRef, ...]:
        """The translations the profile names, `{cy: welsh-cy.xlf}`: each a language the
        project has a catalogue for, and an XLIFF file in the profile's folder. Only the
        name is checked here (pure); `check` reads the file."""
        value = self.value(key)
        if value is None:
            return ()
        if not isinstance(value, dict):
            self.error(key, f"must be a set of languages and their files, not "
                       f"{describe(value)}", "for example `translations: {cy: welsh-cy.xlf}`")
            return ()
        found: list[TranslationRef] = []
        for language in value:
            ref = self.translation((*key, language), language)
            if ref is not None and ref.language in (f.language for f in found):
                self.error((*key, language), f"names a second file for `{ref.language}`",
                           "keep one translation a language", at_key=True)
            elif ref is not None:
                found.append(ref)
        return tuple(found)

    def translation(self, key: KeyPath, language: str) -> TranslationRef | None:
        known = self.catalogues if self.catalogues is not None else languages()
        code = language.strip().casefold()
        listed = _or([f"{c} ({english_name(c)})" for c in known])
        if code in ("en", "en-gb"):
            self.error(key, "is English, the language the pack is written in",
                       f"name a translation into {listed}" if known else
                       "delete it: packs are made in English only", at_key=True)
        elif code not in known:
            self.error(key, f"`{language}` is not a language policy-pack can make a pack in",
                       f"it makes packs in English and in {listed}" if known else
                       "it makes packs in English only", at_key=True)
        file = self.text(key)
        problem = name_problem(file, TRANSLATION) if file else None
        if problem:
            self.error(key, *problem)
        return TranslationRef(code, file) if code in known and file and not problem else None

    def contact(self, key: KeyPath) -> Contact:
        if not self.mapping(key, CONTACT_KEYS):
            return Contact("", "", "", "")
        email = self.email((*key, "email"))
        phone = self.text((*key, "phone"), required=False, limit=40)
        if isinstance(self.value(key), dict) and not email and not phone \
                and not self.present((*key, "email")) and not self.present((*key, "phone")):
            self.error(key, "has neither `email` nor `phone`",
                       "give at least one way to reach them")
        return Contact(self.text((*key, "role")), self.text((*key, "name"), required=False),
                       email, phone)

    def approval(self, key: KeyPath, required: bool) -> Approval | None:
        fields = [self.present((*key, f)) for f in APPROVAL_KEYS]
        if not required and not any(fields):
            return None
        missing = [f"`{n}`" for n, there in zip(APPROVAL_KEYS, fields, strict=True) if not there]
        if required and missing:
            self.error(key, f"needs {_and(missing)}",
                       "every departure from the base needs a reason, who approved it and when")
        reason = self.text((*key, "reason"), required=False, limit=2000)
        approved_by = self.text((*key, "approved_by"), required=False)
        for name, value in (("reason", reason), ("approved_by", approved_by)):
            given = self.value((*key, name))
            written = isinstance(given, str) and given.strip()  # the starter's text is reported
            if required and not value and self.present((*key, name)) and not written:
                # Given but empty is as good as missing: the register would say "Not stated".
                self.error((*key, name), "is empty", "every departure from the base needs a "
                           "reason, who approved it and when")
        return Approval(reason, approved_by, self.date((*key, "date"), required=False))

    def local_rules(self, guidance: Guidance | None) -> tuple[LocalRule, ...]:
        base_ids = [s.id for s in guidance.sections()] if guidance else []
        known = list(base_ids)
        rules: list[LocalRule] = []
        entries = self.items(("local_rules",))
        if len(entries) > MAX_LOCAL_RULES:
            # Each section is a bookmark, and the PDF's bookmarks are a chain that the
            # PDF/UA validator follows only so far (measured: 225 rules build, 250 do not).
            self.error(("local_rules",), f"has {len(entries)} local rules; the most allowed "
                       f"is {MAX_LOCAL_RULES}", "keep the rules where your department "
                       "departs from the base, and publish long procedures separately",
                       at_key=True)
            return ()
        for key in entries:
            if not self.mapping(key, RULE_KEYS):
                continue
            rule_id = self.pattern((*key, "id"), _SECTION_ID, "a section ID", "local.approval")
            if rule_id in known:
                self.error((*key, "id"), f"`{rule_id}` is already used by "
                           + ("the base guidance" if rule_id in base_ids else "another local rule"),
                           "local rule IDs usually start with `local.`")
            after = self.text((*key, "after"), required=False) or None
            if after and guidance and after not in known:
                self.error((*key, "after"), f"`{after}` is not a section of edition "
                           f"{guidance.edition} or an earlier local rule", _nearest(after, known))
            rules.append(LocalRule(rule_id, self.text((*key, "title")), after,
                                   self.markdown((*key, "text")),
                                   self.approval(key, required=True)))
            known.append(rule_id)
        return tuple(rules)

    def adaptations(self, guidance: Guidance | None) -> tuple[Adaptation, ...]:
        key: KeyPath = ("adaptations",)
        value = self.value(key)
        if value is None:
            return ()
        if not isinstance(value, dict):
            self.error(key, f"must be a set of section IDs, not {describe(value)}")
            return ()
        sections = {s.id: s for s in guidance.sections()} if guidance else {}
        result = []
        for section_id in value:
            result.append(self.adaptation((*key, section_id), section_id, sections, guidance))
        return tuple(a for a in result if a is not None)

    def adaptation(self, key: KeyPath, section_id: str, sections: Mapping[str, Section],
                   guidance: Guidance | None) -> Adaptation | None:
        if guidance and section_id not in sections:
            self.error(key, f"`{section_id}` is not a section of edition {guidance.edition}",
                       _nearest(section_id, list(sections)), at_key=True)
        if not self.mapping(key, ADAPTATION_KEYS):
            return None
        action = self.choice((*key, "action"), cast(tuple[Action, ...], get_args(Action)), "adopt")
        replace = self.markdown((*key, "replace"), required=False) or None
        append = self.markdown((*key, "append"), required=False) or None
        if action == "modify" and bool(replace) == bool(append):
            self.error((*key, "action"), "`modify` needs exactly one of `replace` or `append`",
                       "`replace` swaps the base text; `append` adds after it")
        if action in ("adopt", "omit") and (replace or append):
            self.error((*key, "action"), f"`{action}` takes no `replace` or `append` text",
                       "use `action: modify` to change the text")
        section = sections.get(section_id)
        if action == "omit" and section is not None and section.core:
            self.error((*key, "action"), f"`{section_id}` is a core section and cannot be omitted",
                       "use `action: modify` to localise it instead")
        if replace and section is not None and section.core:
            dropped = dropped_points(section, replace)  # the points the edition says it keeps
            if dropped:
                # the example words as the department's own base text says them
                base_text = fill_for(section.body, self.body) if self.body else ""
                self.error((*key, "replace"), *substance_problem(section_id, dropped,
                                                                 base_text))
        title = self.text((*key, "title"), required=False) or None
        if title and action == "omit":
            self.error((*key, "title"), "an omitted section has no heading to change",
                       "delete `title`, or use `action: adopt` or `modify`")
        elif title and section is not None and title in (
                section.title, fill_for(section.title, self.body) if self.body else ""):
            self.error((*key, "title"), "is the base's own heading", "delete `title` to keep "
                       "it, or write the heading your department uses")
        approval = self.approval(key, required=action in ("modify", "omit") or bool(title))
        return Adaptation(section_id, action or "adopt", replace, append, approval, title)


def _or(items: list[str]) -> str:
    return " or ".join(items) if len(items) < 3 else ", ".join(items[:-1]) + " or " + items[-1]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _nearest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    return "did you mean " + " or ".join(f"`{c}`" for c in close) + "?" if close else ""
