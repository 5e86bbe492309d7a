"""Stage 4: merge a validated profile with its base edition into the policy document.

Pure: takes values, returns a `Policy`. Base sections are adopted, modified or omitted as the
profile's adaptations say; local rules go after the section their `after` names; generated
parts (about, channels, contacts, register) come from the profile's data.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from jinja2 import StrictUndefined, Template
from jinja2.exceptions import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from generator.errors import GuidanceError
from generator.model import (
    ENGLISH_WORDS,
    N_,
    Adaptation,
    Block,
    Deviation,
    Guidance,
    Inlines,
    ItemList,
    Link,
    LocalRule,
    LogoImage,
    Meta,
    Origin,
    Paragraph,
    Policy,
    PolicyPart,
    PolicySection,
    Profile,
    Section,
    Table,
    Text,
    Words,
)
from generator.policy.blocks import filled_table, words
from generator.policy.markup import Fill, parse
from generator.policy.names import The, named, the
from generator.policy.provenance import (
    edition_month,
    is_departure,
    origin_summary,
    section_origin,
    words_origin,
)
from generator.policy.terms import NOUNS, code_terms, placeholder_values
from generator.policy.topics import account_link, also_covers, equality, topic_parts, use_page
from generator.policy.translating import (
    ENGLISH,
    Language,
    Typeset,
    translate_profile,
    translate_section,
    translate_text,
)
from generator.policy.typography import prose

CHANNELS_TITLE = N_("Our official social media accounts")
REGISTER_TITLE = N_("Annex: departures from the base guidance")
STATUS_WORDS = {"modified": N_("Modified"), "omitted": N_("Omitted"), "added": N_("Added")}


@dataclass(frozen=True)
class Provenance:
    """What the pure merge cannot know by itself: hashes and the tool's version."""

    profile_sha256: str
    generator_version: str


def merge(profile: Profile, guidance: Guidance, logo: LogoImage | None,
          provenance: Provenance, placeholders: Profile | None = None,
          language: Language = ENGLISH) -> Policy:
    """Build the policy document: every part in reading order, and the register.

    `placeholders` names whose values fill the base text's placeholders (default: the
    profile's own); comparisons fill both sides alike, so a name is not a difference.
    `language`: the layout's words and the translation of the department's text
    (generator/policy/translating.py); English by default.
    """
    english = profile  # what the units are made from, in every language
    fill = _filler(placeholders or english)
    code = code_terms((placeholders or english).department)["name"]
    adaptations = {a.section_id: a for a in english.adaptations}
    placed = _place_rules(guidance, english.local_rules)
    untranslated = {part.id: tuple(_section(item, guidance, adaptations, fill, code)
                                   for item in placed[part.id]) for part in guidance.parts}
    titles = _titles(english, guidance, untranslated, fill)
    language = Language(language.words, Typeset(language.translator, titles))
    w, tr = language.words, language.translator
    profile = translate_profile(tr, profile)  # names and data outside the sections
    approvals = {**{a.section_id: a.approval for a in profile.adaptations},
                 **{r.id: r.approval for r in profile.local_rules}}  # in the pack's language
    sections: list[PolicySection] = []
    parts: list[PolicyPart] = []
    for part in guidance.parts:
        body = tuple(translate_section(tr, replace(s, approval=s.approval and approvals[s.id]))
                     for s in untranslated[part.id])
        sections.extend(body)
        audience = translate_text(tr, f"{part.id}/audience", "who a part of the policy is "
                                  "for, finishing “This part is for …”", fill(part.audience))
        intro = (Paragraph((Text(w("This part is for {audience}", audience=audience)),)),)
        title = translate_text(tr, f"{part.id}/title", "the heading of a part of the policy",
                               fill(part.title))
        parts.append(PolicyPart(part.id, title, intro,
                                tuple(s for s in body if s.status != "omitted"), new_page=True))
    register = tuple(
        Deviation(s.id, s.title, s.status, s.approval, s.base_title) for s in sections
        if is_departure(s)
    )
    meta = _meta(profile, guidance, provenance, w)
    # The profile's own data, like channels: not departures.
    topical = topic_parts(english, language)
    statement = tuple(s for s in (equality(english.topics, tr),) if s)  # a section of "About"
    own = (*statement, *(s for part in topical for s in part.sections))
    meta = replace(meta, origins=origin_summary([*sections, *own], meta.short_name, code, w))
    return Policy(
        meta=meta,
        logo=logo and replace(logo, alt=translate_text(
            tr, "department/logo/alt", "the logo's text alternative", logo.alt)),
        parts=(_about(meta, guidance, register, profile, statement, language, titles),
               *parts, _channels(profile, w, titles), *topical, _contacts(profile, w),
               _register(meta, register, sections, code, w, titles)),
        register=register,
        sections=tuple(sections),
        topics=own,
        use_page=use_page(english, language, profile.department.name),
        words=w,
    )


def _titles(profile: Profile, guidance: Guidance,
            sections: dict[str, tuple[PolicySection, ...]], fill: Fill) -> dict[str, str]:
    """Every heading of the pack in English, to the anchor of its part or section: what a
    reference by title ("see Who to contact") links to. English, as the references are found
    in the English before it is translated, so a translation keeps them as links."""
    w = ENGLISH_WORDS
    topical = topic_parts(profile, ENGLISH)
    statement = equality(profile.topics, ENGLISH.translator)
    return {
        w("About this policy"): "about",
        **{fill(part.title): part.id for part in guidance.parts},
        **{s.title: s.id for body in sections.values() for s in body if s.status != "omitted"},
        w(CHANNELS_TITLE): "channels",
        **{part.title: part.id for part in topical},
        **{s.title: s.id for part in topical for s in part.sections},
        **({statement.title: statement.id} if statement else {}),
        w("Who to contact"): "contacts",
        w(REGISTER_TITLE): "register", "the annex": "register",
    }


# A sandboxed, strict environment: the base text may only read the placeholder values,
# and a misspelt placeholder fails loudly instead of printing nothing.
_PLACEHOLDERS = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


@functools.lru_cache(maxsize=4096)
def _placeholder_template(text: str) -> Template:
    """A text with placeholders, compiled once: the same edition's texts are filled at
    every merge (each live preview), and compiling them again was a sixth of a merge's time."""
    return _PLACEHOLDERS.from_string(text)


def _filler(profile: Profile) -> Fill:
    values = placeholder_values(profile.department, profile.policy.owner)

    def fill(text: str) -> str:
        if "{" not in text:
            return text
        try:
            return _placeholder_template(text).render(values)
        except TemplateError as exc:
            raise GuidanceError(f"base text placeholder in {text!r}: {exc}") from None

    return fill


def _place_rules(guidance: Guidance, rules: tuple[LocalRule, ...]
                 ) -> dict[str, list[Section | LocalRule]]:
    """Each part's entries in order, local rules after their `after` (default: end of Part 1)."""
    placed: dict[str, list[Section | LocalRule]] = {p.id: list(p.sections) for p in guidance.parts}
    first = guidance.parts[0].id
    for rule in rules:
        target = _find(placed, rule.after) if rule.after else None
        part_id, index = target or (first, len(placed[first]) - 1)
        entries = placed[part_id]
        index += 1
        while index < len(entries) and _placed_after(entries[index], rule.after):
            index += 1  # keep rules that share a target in the profile's order
        entries.insert(index, rule)
    return placed


def _placed_after(entry: Section | LocalRule, target: str | None) -> bool:
    return isinstance(entry, LocalRule) and entry.after == target


def _find(placed: dict[str, list[Section | LocalRule]], entry_id: str) -> tuple[str, int] | None:
    for part_id, entries in placed.items():
        for index, entry in enumerate(entries):
            if entry.id == entry_id:
                return part_id, index
    return None


def _section(entry: Section | LocalRule, guidance: Guidance,
             adaptations: dict[str, Adaptation], fill: Fill, code: str) -> PolicySection:
    if isinstance(entry, LocalRule):
        return PolicySection(entry.id, entry.title, False, "added",
                             Origin("department", section_id=entry.id), parse(entry.text),
                             entry.approval)
    origin = section_origin(entry, guidance, code)
    base = parse(entry.body, fill)
    own_title = fill(entry.title)  # "The NICS Code of Ethics online and offline" in NI
    adaptation = adaptations.get(entry.id)
    if adaptation is None:
        return PolicySection(entry.id, own_title, entry.core, "adopted", origin, base)
    title, base_title = (adaptation.title, own_title) if adaptation.title else (own_title,
                                                                                None)
    if adaptation.action == "adopt":
        return PolicySection(entry.id, title, entry.core, "adopted", origin, base,
                             adaptation.approval if base_title else None, base_title)
    if adaptation.action == "omit":
        return PolicySection(entry.id, own_title, entry.core, "omitted", origin, (),
                             adaptation.approval)
    blocks = parse(adaptation.replace) if adaptation.replace else (
        *base, *parse(adaptation.append or ""))
    return PolicySection(entry.id, title, entry.core, "modified", origin, blocks,
                         adaptation.approval, base_title, replaced=bool(adaptation.replace))


def _meta(profile: Profile, guidance: Guidance, provenance: Provenance, w: Words) -> Meta:
    dept, policy = profile.department, profile.policy
    return Meta(
        title=policy.title or w("{name} social media policy", name=dept.name),
        department=dept.name, short_name=dept.short_name, slug=dept.slug,
        language=dept.language if w.english else w.language, owner=policy.owner,
        version=policy.version,
        effective=policy.effective, review_by=policy.review_by,
        last_updated=max((v.date for v in policy.history), default=policy.effective),
        classification=policy.classification, history=policy.history,
        edition=guidance.edition, edition_title=guidance.title,
        edition_published=guidance.published, edition_url=guidance.url,
        edition_sha256=guidance.sha256, profile_sha256=provenance.profile_sha256,
        generator_version=provenance.generator_version,
        noun=w(NOUNS[dept.organisation]), jurisdictions=dept.jurisdictions,
    )


def long_date(value: object, w: Words = ENGLISH_WORDS) -> str:
    """17 May 2012: GOV.UK's date style."""
    return w.date(value) if isinstance(value, dt.date) else str(value)


def edition_name(title: str, published: dt.date, w: Words = ENGLISH_WORDS) -> str:
    """An edition as a reader knows it: “Social media guidance for civil servants” (May 2012).

    The month is left out where the title already says it (the October 2014 edition's title
    ends with "October 2014"). The title stays the Cabinet Office's, in English, in every
    language: it names an English publication."""
    if w.month(published) in title or f"{published:%B %Y}" in title:
        return f"“{title}”"
    return f"“{title}” ({w.month(published)})"


def _about(meta: Meta, guidance: Guidance, register: tuple[Deviation, ...], profile: Profile,
           statement: tuple[PolicySection, ...], language: Language,
           titles: Mapping[str, str]) -> PolicyPart:
    """The front: whose policy it is, where it comes from, the document control (its
    sections counted by origin), the version history, and `statement`, the department's
    equality statement where it gives one. `titles`: what a reference by title in the
    history's changes links to (`_titles`)."""
    w, tr = language.words, language.translator
    counts = {s: sum(1 for d in register if d.status == s) for s in STATUS_WORDS}
    renamed = sum(1 for d in register if d.base_title)
    retitled = w(", {count} retitled", count=renamed) if renamed else ""
    name = edition_name(guidance.title, guidance.published, w)
    details: tuple[tuple[Inlines, Inlines], ...] = (
        (words(meta.noun[:1].upper() + meta.noun[1:]), words(meta.department)),
        (words(w("Owner")), words(meta.owner)),
        (words(w("Version")), words(meta.version)),
        (words(w("Last updated")), words(long_date(meta.last_updated, w))),
        (words(w("Takes effect")), words(long_date(meta.effective, w))),
        (words(w("Review by")), words(long_date(meta.review_by, w))),
        *(((words(w("Protective marking")), words(meta.classification)),)
          if meta.classification else ()),
        (words(w("Base guidance")), words(w("Cabinet Office guidance {edition}",
                                            edition=name))),
        (words(w("Sections")), words(meta.origins)),
        (words(w("Departures from the base")),
         _see_annex(w("{modified} modified, {omitted} omitted, {added} added{retitled} (see "
                      "the annex)", modified=counts["modified"], omitted=counts["omitted"],
                      added=counts["added"], retitled=retitled))),
    )
    intro: tuple[Block, ...] = (
        Paragraph(words(w("This is the social media policy of {department}. {owner} owns it "
                          "and keeps it up to date.",
                          department=named(meta.department, meta.short_name, w),
                          owner=The(meta.owner, w)))),
        *also_covers(profile, w),
        Paragraph(_linked_field(w("It is derived from the Cabinet Office guidance {edition}. "
                                  "The guidance's current text is on ", edition=_FIELD),
                                Link(name, guidance.url), "GOV.UK.")),
        Paragraph(words(translate_text(tr, "base/source_note", "where the base guidance's "
                                       "text comes from (About this policy)",
                                       guidance.source_note.strip()))),
        Paragraph(words(w("Not every section comes from the guidance. A note under each "
                          "heading says where its words come from."))),
        Paragraph(words(w("The base guidance is Crown copyright and published under the Open "
                          "Government Licence."))),
        Table(w("Document control"), (w("Detail"), w("Value")), details, row_headers=True),
        *_history(meta, w, titles),
    )
    return PolicyPart("about", w("About this policy"), intro, statement)


# Stands in a sentence for the field that becomes a link, so that the link sits where the
# language's own word order puts it.
_FIELD = "\x00"


def _linked_field(sentence: str, link: Link, after: str = "") -> Inlines:
    """`sentence`, made with `_FIELD` for one field, with `link` in its place.

    The link to the guidance is its title, not "GOV.UK": a department's text may link
    "GOV.UK" to another page, and two links with one name and two targets cannot be told
    apart in a list of links (WCAG 2.4.4; axe identical-links-same-purpose)."""
    before, _, rest = sentence.partition(_FIELD)
    return tuple(item for item in (Text(before), link, Text(rest + after)) if item.text)


_BRACKETED = re.compile(r"^(.*\()([^()]+)(\)\W*)$", re.DOTALL)


def _see_annex(text: str) -> Inlines:
    """The departures' count, its closing bracket ("(see the annex)", "(gweler yr
    atodiad)": the message's shape in every language) a link to the annex."""
    match = _BRACKETED.match(text)
    if match is None:
        return words(text)
    return (Text(match.group(1)), Link(match.group(2), "#register"), Text(match.group(3)))


def _history(meta: Meta, w: Words, titles: Mapping[str, str]) -> tuple[Block, ...]:
    """The version history, newest first, where the profile gives one."""
    if not meta.history:
        return ()
    rows = tuple((words(v.version), words(long_date(v.date, w)), prose(v.changes, titles),
                  words(v.approved_by)) for v in meta.history)
    return (filled_table(w("Version history"),
                         (w("Version"), w("Date"), w("Changes"), w("Approved by")), rows,
                         row_headers=True),)


def _channels(profile: Profile, w: Words, titles: Mapping[str, str]) -> PolicyPart:
    rows = tuple(
        (words(c.platform), (account_link(c, profile.channels, w),), prose(c.purpose, titles),
         prose(c.audience, titles), words(c.managed_by), words(c.monitored))
        for c in profile.channels
    )
    name = the(profile.department.short_name, w)
    noun = w(NOUNS[profile.department.organisation])
    if not rows:  # say only what is true: there is no list of accounts to point to
        return PolicyPart("channels", w(CHANNELS_TITLE), (Paragraph(words(w(
            "{Name} has no official social media accounts yet. Do not open an account in the "
            "name of {name} without agreement.", Name=The(name, w), name=name))),), ())
    intro: tuple[Block, ...] = (
        Paragraph(words(w("These are the only official social media accounts of {name}. Do "
                          "not open another account in the {noun}'s name without agreement.",
                          name=name, noun=noun))),
        filled_table(w("Official social media accounts"),
                     (w("Platform"), w("Account"), w("Purpose"), w("Audience"), w("Run by"),
                      w("Watched")), rows),
    )
    return PolicyPart("channels", w(CHANNELS_TITLE), intro, ())


def _contacts(profile: Profile, w: Words) -> PolicyPart:
    rows = tuple(
        (words(c.role), words(c.name),
         (Link(c.email, f"mailto:{c.email}"),) if c.email else (), words(c.phone))
        for c in profile.contacts
    )
    if not rows:  # no list to point to: send people where every civil servant can go
        return PolicyPart("contacts", w("Who to contact"), (Paragraph(words(w(
            "If you are not sure what to do, ask your line manager or your communications "
            "team before you post."))),), ())
    intro: tuple[Block, ...] = (
        Paragraph(words(w("Ask one of these people if you are not sure what to do."))),
        filled_table(w("Contacts"), (w("Role"), w("Name"), w("Email"), w("Phone")), rows),
    )
    return PolicyPart("contacts", w("Who to contact"), intro, ())


def change_word(deviation: Deviation, w: Words = ENGLISH_WORDS) -> str:
    """What the register says a departure is: Modified, Retitled, Modified and retitled, ..."""
    if deviation.base_title is None:
        return w(STATUS_WORDS[deviation.status])
    return w("Retitled") if deviation.status == "adopted" else w("Modified and retitled")


def _register(meta: Meta, register: tuple[Deviation, ...], sections: list[PolicySection],
              code: str, w: Words, titles: Mapping[str, str]) -> PolicyPart:
    name = edition_name(meta.edition_title, meta.edition_published, w)
    lead = (Paragraph(words(w("This annex lists every place where this policy departs from "
                              "its base: the Cabinet Office guidance {edition}.",
                              edition=name))),
            *_not_guidance(sections, meta.edition, w))
    if not register:
        none = Paragraph(words(w("This policy changes no section of its base, and adds none "
                                 "to it.")))
        return PolicyPart("register", w(REGISTER_TITLE), (*lead, none), ())
    rows = tuple(
        (words(d.title if d.base_title is None else
               w("{title} (was “{base_title}”)", title=d.title, base_title=d.base_title)),
         words(change_word(d, w)),
         prose(d.approval.reason if d.approval else "", titles),
         words(d.approval.approved_by if d.approval else ""),
         words(long_date(d.approval.date, w) if d.approval and d.approval.date else ""))
        for d in register
    )
    why = Paragraph(words(w("For each departure, it gives the reason, who approved it and "
                            "when.")))
    table = filled_table(w("Departures from the base guidance"),
                         (w("Section"), w("Change"), w("Reason"), w("Approved by"), w("Date")),
                         rows, row_headers=True)
    return PolicyPart("register", w(REGISTER_TITLE), (*lead, why, table), ())


def _not_guidance(sections: list[PolicySection], edition: str, w: Words) -> tuple[Block, ...]:
    """The printed base sections whose words are not this edition's Cabinet Office
    guidance, each with where its words come from: a register that says "no section
    changed" must not pass them off as the Cabinet Office's."""
    items: list[Inlines] = []
    for section in sections:
        origin = words_origin(section)
        if section.status == "omitted" or origin.kind == "department" or (
                origin.kind == "guidance" and origin.edition == edition):
            continue  # not printed, the department's own, or this edition's guidance
        items.append(words(w("“{title}”: {source}", title=section.title,
                             source=_not_this_edition(origin, w))))
    if not items:
        return ()
    return (Paragraph(words(w("Not every section of the base is this edition's Cabinet "
                              "Office guidance:"))), ItemList(False, tuple(items)))


def _not_this_edition(origin: Origin, w: Words) -> str:
    if origin.kind == "guidance":
        return w("the {month} guidance", month=edition_month(origin.edition or "", w))
    return (w(origin.code).removeprefix("the ") if origin.kind == "code"
            else w("model text"))
