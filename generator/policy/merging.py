"""Stage 4: merge a validated profile with its base edition into the policy document.

Pure: takes values, returns a `Policy`. Base sections are adopted, modified or omitted as the
profile's adaptations say; local rules go after the section their `after` names; generated
parts (about, channels, contacts, register) come from the profile's data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from jinja2 import StrictUndefined
from jinja2.exceptions import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from generator.errors import GuidanceError
from generator.model import (
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
from generator.policy.topics import also_covers, equality, topic_parts, use_page

CHANNELS_TITLE = "Our official social media accounts"
REGISTER_TITLE = "Annex: departures from the base guidance"
STATUS_WORDS = {"modified": "Modified", "omitted": "Omitted", "added": "Added"}


@dataclass(frozen=True)
class Provenance:
    """What the pure merge cannot know by itself: hashes and the tool's version."""

    profile_sha256: str
    generator_version: str


def merge(profile: Profile, guidance: Guidance, logo: LogoImage | None,
          provenance: Provenance, placeholders: Profile | None = None) -> Policy:
    """Build the policy document: every part in reading order, and the register.

    `placeholders` names whose values fill the base text's placeholders (default: the
    profile's own); comparisons fill both sides alike, so a name is not a difference.
    """
    fill = _filler(placeholders or profile)
    code = code_terms((placeholders or profile).department)["name"]
    adaptations = {a.section_id: a for a in profile.adaptations}
    placed = _place_rules(guidance, profile.local_rules)
    sections: list[PolicySection] = []
    parts: list[PolicyPart] = []
    for part in guidance.parts:
        body = tuple(_section(item, guidance, adaptations, fill, code)
                     for item in placed[part.id])
        sections.extend(body)
        intro = (Paragraph((Text(f"This part is for {part.audience}"),)),)
        parts.append(PolicyPart(part.id, part.title, intro,
                                tuple(s for s in body if s.status != "omitted"), new_page=True))
    register = tuple(
        Deviation(s.id, s.title, s.status, s.approval, s.base_title) for s in sections
        if is_departure(s)
    )
    meta = _meta(profile, guidance, provenance)
    # The profile's own data, like channels: not departures.
    topical = topic_parts(profile)
    statement = tuple(s for s in (equality(profile.topics),) if s)  # a section of "About"
    own = (*statement, *(s for part in topical for s in part.sections))
    meta = replace(meta, origins=origin_summary([*sections, *own], meta.short_name, code))
    return Policy(
        meta=meta,
        logo=logo,
        parts=(_about(meta, guidance, register, profile, statement), *parts,
               _channels(profile), *topical, _contacts(profile),
               _register(meta, register, sections, code)),
        register=register,
        sections=tuple(sections),
        topics=own,
        use_page=use_page(profile),
    )


def _filler(profile: Profile) -> Fill:
    # A sandboxed, strict environment: the base text may only read these values, and a
    # misspelt placeholder fails loudly instead of printing nothing.
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    values = placeholder_values(profile.department, profile.policy.owner)

    def fill(text: str) -> str:
        if "{" not in text:
            return text
        try:
            return env.from_string(text).render(values)
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


def _meta(profile: Profile, guidance: Guidance, provenance: Provenance) -> Meta:
    dept, policy = profile.department, profile.policy
    return Meta(
        title=policy.title or f"{dept.name} social media policy",
        department=dept.name, short_name=dept.short_name, slug=dept.slug,
        language=dept.language, owner=policy.owner, version=policy.version,
        effective=policy.effective, review_by=policy.review_by,
        last_updated=max((v.date for v in policy.history), default=policy.effective),
        classification=policy.classification, history=policy.history,
        edition=guidance.edition, edition_title=guidance.title,
        edition_published=guidance.published, edition_url=guidance.url,
        edition_sha256=guidance.sha256, profile_sha256=provenance.profile_sha256,
        generator_version=provenance.generator_version,
        noun=NOUNS[dept.organisation], jurisdictions=dept.jurisdictions,
    )


def long_date(value: object) -> str:
    """17 May 2012: GOV.UK's date style."""
    day = getattr(value, "day", "")
    return f"{day} {value:%B %Y}" if day else str(value)


def edition_name(title: str, published: dt.date) -> str:
    """An edition as a reader knows it: “Social media guidance for civil servants” (May 2012).

    The month is left out where the title already says it (the October 2014 edition's title
    ends with "October 2014")."""
    month = f"{published:%B %Y}"
    return f"“{title}”" if month in title else f"“{title}” ({month})"


def _about(meta: Meta, guidance: Guidance, register: tuple[Deviation, ...], profile: Profile,
           statement: tuple[PolicySection, ...]) -> PolicyPart:
    """The front: whose policy it is, where it comes from, the document control (its
    sections counted by origin), the version history, and `statement`, the department's
    equality statement where it gives one."""
    counts = {s: sum(1 for d in register if d.status == s) for s in STATUS_WORDS}
    renamed = sum(1 for d in register if d.base_title)
    retitled = f", {renamed} retitled" if renamed else ""
    name = edition_name(guidance.title, guidance.published)
    details: tuple[tuple[Inlines, Inlines], ...] = (
        (words(meta.noun.capitalize()), words(meta.department)),
        (words("Owner"), words(meta.owner)),
        (words("Version"), words(meta.version)),
        (words("Last updated"), words(long_date(meta.last_updated))),
        (words("Takes effect"), words(long_date(meta.effective))),
        (words("Review by"), words(long_date(meta.review_by))),
        *(((words("Protective marking"), words(meta.classification)),) if meta.classification
          else ()),
        (words("Base guidance"), words(f"Cabinet Office guidance {name}")),
        (words("Sections"), words(meta.origins)),
        (words("Departures from the base"),
         words(f"{counts['modified']} modified, {counts['omitted']} omitted, "
            f"{counts['added']} added{retitled} (see the annex)")),
    )
    intro: tuple[Block, ...] = (
        Paragraph(words(f"This is the social media policy of "
                     f"{named(meta.department, meta.short_name)}. {The(meta.owner)} owns it "
                     "and keeps it up to date.")),
        *also_covers(profile),
        Paragraph((Text(f"It is derived from the Cabinet Office guidance {name}. The "
                        "guidance's current text is on "),
                   Link("GOV.UK", guidance.url), Text("."))),
        Paragraph(words(guidance.source_note)),
        Paragraph(words("Not every section comes from the guidance. A note under each heading "
                     "says where its words come from.")),
        Paragraph(words("The base guidance is Crown copyright and published under the Open "
                     "Government Licence.")),
        Table("Document control", ("Detail", "Value"), details, row_headers=True),
        *_history(meta),
    )
    return PolicyPart("about", "About this policy", intro, statement)


def _history(meta: Meta) -> tuple[Block, ...]:
    """The version history, newest first, where the profile gives one."""
    if not meta.history:
        return ()
    rows = tuple((words(v.version), words(long_date(v.date)), words(v.changes),
                  words(v.approved_by)) for v in meta.history)
    return (filled_table("Version history", ("Version", "Date", "Changes", "Approved by"), rows,
                   row_headers=True),)


def _channels(profile: Profile) -> PolicyPart:
    rows = tuple(
        (words(c.platform), (Link(c.account, c.url),), words(c.purpose), words(c.audience),
         words(c.managed_by), words(c.monitored))
        for c in profile.channels
    )
    name = the(profile.department.short_name)
    noun = NOUNS[profile.department.organisation]
    if not rows:  # say only what is true: there is no list of accounts to point to
        return PolicyPart("channels", CHANNELS_TITLE, (Paragraph(words(
            f"{The(name)} has no official social media accounts yet. Do not open an account "
            f"in the name of {name} without agreement.")),), ())
    intro: tuple[Block, ...] = (
        Paragraph(words(f"These are the only official social media accounts of {name}. Do not "
                     f"open another account in the {noun}'s name without agreement.")),
        filled_table("Official social media accounts",
               ("Platform", "Account", "Purpose", "Audience", "Run by", "Watched"), rows),
    )
    return PolicyPart("channels", CHANNELS_TITLE, intro, ())


def _contacts(profile: Profile) -> PolicyPart:
    rows = tuple(
        (words(c.role), words(c.name),
         (Link(c.email, f"mailto:{c.email}"),) if c.email else (), words(c.phone))
        for c in profile.contacts
    )
    if not rows:  # no list to point to: send people where every civil servant can go
        return PolicyPart("contacts", "Who to contact", (Paragraph(words(
            "If you are not sure what to do, ask your line manager or your communications "
            "team before you post.")),), ())
    intro: tuple[Block, ...] = (
        Paragraph(words("Ask one of these people if you are not sure what to do.")),
        filled_table("Contacts", ("Role", "Name", "Email", "Phone"), rows),
    )
    return PolicyPart("contacts", "Who to contact", intro, ())


def change_word(deviation: Deviation) -> str:
    """What the register says a departure is: Modified, Retitled, Modified and retitled, ..."""
    if deviation.base_title is None:
        return STATUS_WORDS[deviation.status]
    return "Retitled" if deviation.status == "adopted" else "Modified and retitled"


def _register(meta: Meta, register: tuple[Deviation, ...], sections: list[PolicySection],
              code: str) -> PolicyPart:
    name = edition_name(meta.edition_title, meta.edition_published)
    lead = (Paragraph(words("This annex lists every place where this policy departs from its "
                         f"base: the Cabinet Office guidance {name}.")),
            *_not_guidance(sections, meta.edition))
    if not register:
        none = Paragraph(words("This policy changes no section of its base, and adds none to "
                            "it."))
        return PolicyPart("register", REGISTER_TITLE, (*lead, none), ())
    rows = tuple(
        (words(d.title if d.base_title is None else f"{d.title} (was “{d.base_title}”)"),
         words(change_word(d)),
         words(d.approval.reason if d.approval else ""),
         words(d.approval.approved_by if d.approval else ""),
         words(long_date(d.approval.date) if d.approval and d.approval.date else ""))
        for d in register
    )
    why = Paragraph(words("For each departure, it gives the reason, who approved it and when."))
    table = filled_table("Departures from the base guidance",
                   ("Section", "Change", "Reason", "Approved by", "Date"), rows,
                   row_headers=True)
    return PolicyPart("register", REGISTER_TITLE, (*lead, why, table), ())


def _not_guidance(sections: list[PolicySection], edition: str) -> tuple[Block, ...]:
    """The printed base sections whose words are not this edition's Cabinet Office
    guidance, each with where its words come from: a register that says "no section
    changed" must not pass them off as the Cabinet Office's."""
    items: list[Inlines] = []
    for section in sections:
        origin = words_origin(section)
        if section.status == "omitted" or origin.kind == "department" or (
                origin.kind == "guidance" and origin.edition == edition):
            continue  # not printed, the department's own, or this edition's guidance
        items.append(words(f"“{section.title}”: {_not_this_edition(origin)}"))
    if not items:
        return ()
    return (Paragraph(words("Not every section of the base is this edition's Cabinet Office "
                         "guidance:")), ItemList(False, tuple(items)))


def _not_this_edition(origin: Origin) -> str:
    if origin.kind == "guidance":
        return f"the {edition_month(origin.edition or '')} guidance"
    return origin.code.removeprefix("the ") if origin.kind == "code" else "model text"
