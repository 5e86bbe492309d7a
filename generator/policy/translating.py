"""Where the merge asks for a translation of the text a department owns (pure).

A pack in another language is the same merge with two things changed (issue 27):

- `Language.words`: the layout's fixed words (headings, labels, the register's sentences),
  from a catalogue the project ships;
- `Language.translator`: every piece of reader-facing text the department owns (the base
  text as the pack uses it, its replacements and local rules, its topics, the names and
  cells of its tables), each asked for by a stable unit ID.

The merge asks at the same places in every language. Merged with a translator that
records what it is asked (generator/language/units.py), the English pack gives the list of
units to translate; merged with one that answers from a translation file, the same IDs
give the other language's pack. So the IDs cannot drift between the two.

Unit IDs are the section (or field) and the position, "/"-separated:
`social-media-at-work/title`, `social-media-at-work/2` (the second block), `.../3/1` (its
first list item), `.../4/caption`, `.../4/head/2`, `.../4/1/2` (row 1, cell 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Protocol

from generator.model import (
    ENGLISH_WORDS,
    Approval,
    Block,
    Channel,
    Contact,
    Inlines,
    ItemList,
    Link,
    Paragraph,
    PolicySection,
    Profile,
    Table,
    Words,
)
from generator.policy.typography import (
    cross_referenced,
    linked,
    typographic,
    typographic_inlines,
)


class Translator(Protocol):
    """Gives the text of a unit in the pack's language."""

    def text(self, unit: str, context: str, text: str) -> str:
        """A plain text (a title, a name, a table's heading)."""
        ...

    def inlines(self, unit: str, context: str, inlines: Inlines) -> Inlines:
        """A run of text with emphasis and links (a paragraph, a list item, a cell)."""
        ...


class Untranslated:
    """The English pack: every unit as the department and the base wrote it."""

    def text(self, unit: str, context: str, text: str) -> str:
        return text

    def inlines(self, unit: str, context: str, inlines: Inlines) -> Inlines:
        return inlines


@dataclass(frozen=True)
class Language:
    """What a pack is made in: the layout's words and the department's translation."""

    words: Words
    translator: Translator


ENGLISH = Language(ENGLISH_WORDS, Untranslated())


@dataclass(frozen=True)
class Typeset:
    """Every text the department owns passes through the translator, in every language: so
    this is where its English is typeset (generator/policy/typography.py) before a unit is
    made of it, and where a translation is typeset as it comes back.

    Before: its addresses and its references by title to a section (`titles`: an English
    title to its anchor) become links, so the unit carries them and the XLIFF keeps their
    addresses out of the translator's reach, as with every link; its quotes become curly.
    After: the translation's quotes too, as a translator may type straight ones.
    """

    inner: Translator
    titles: Mapping[str, str] = field(default_factory=dict, hash=False)

    def text(self, unit: str, context: str, text: str) -> str:
        return typographic(self.inner.text(unit, context, typographic(text)))

    def inlines(self, unit: str, context: str, inlines: Inlines) -> Inlines:
        english = typographic_inlines(linked(cross_referenced(inlines, self.titles)))
        return typographic_inlines(self.inner.inlines(unit, context, english))


def translate_text(tr: Translator, unit: str, context: str, text: str) -> str:
    """An empty text is no unit: there is nothing to translate."""
    return tr.text(unit, context, text) if text else text


def is_verbatim(text: str, href: str = "") -> bool:
    """An address or a handle, which a translation keeps exactly as it is: one word with an
    @ or a dot (foi@welshgov.example, @welshgov_example, gov.wales), or, as a link's text,
    the word its address ends with (welshgov_example, to instagram.com/welshgov_example)."""
    word = text.strip()
    if not word or any(c.isspace() for c in word) or word.endswith((".", "…")):
        return False
    return ("@" in word or "." in word.strip(".")
            or (bool(href) and href.rstrip("/").casefold().endswith(word.casefold())))


def translate_blocks(tr: Translator, prefix: str, context: str,
                     blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Each paragraph, list item, table caption, heading and cell a unit of its own."""
    return tuple(_block(tr, f"{prefix}/{number}", f"{context}, {_kind(block)} {number}", block)
                 for number, block in enumerate(blocks, 1))


def _kind(block: Block) -> str:
    return {Paragraph: "paragraph", ItemList: "list", Table: "table"}[type(block)]


def _block(tr: Translator, unit: str, context: str, block: Block) -> Block:
    if isinstance(block, Paragraph):
        return Paragraph(_inlines(tr, unit, context, block.inlines))
    if isinstance(block, ItemList):
        return ItemList(block.ordered, tuple(
            _inlines(tr, f"{unit}/{n}", f"{context}, item {n}", item)
            for n, item in enumerate(block.items, 1)))
    if block.layout:  # the layout's words, from the catalogue: no units
        caption, columns = block.caption, block.columns
    else:
        caption = translate_text(tr, f"{unit}/caption", f"{context}, caption", block.caption)
        columns = tuple(translate_text(tr, f"{unit}/head/{n}",
                                       f"{context}, column heading {n}", column)
                        for n, column in enumerate(block.columns, 1))
    fixed = block.fixed or (False,) * len(block.columns)
    return replace(block, caption=caption, columns=columns, rows=tuple(
        tuple(cell if fixed[c - 1] else
              _inlines(tr, f"{unit}/{r}/{c}", f"{context}, row {r}, cell {c}", cell)
              for c, cell in enumerate(row, 1))
        for r, row in enumerate(block.rows, 1)))


def _inlines(tr: Translator, unit: str, context: str, inlines: Inlines) -> Inlines:
    if not any(item.text.strip() for item in inlines):
        return inlines  # an empty cell: nothing to translate
    if all((isinstance(item, Link) and is_verbatim(item.text, item.href))
           or not item.text.strip()
           for item in inlines):
        return inlines  # an account's handle or an address alone: the same in every language
    return tr.inlines(unit, context, inlines)


def translate_section(tr: Translator, section: PolicySection,
                      where: str = "section") -> PolicySection:
    """A section's heading, its base heading where it was retitled, and its blocks."""
    context = f"{where} “{section.title}”"
    return replace(
        section,
        title=translate_text(tr, f"{section.id}/title", f"the heading of the {context}",
                             section.title),
        base_title=translate_text(tr, f"{section.id}/was",
                                  f"the base's heading of the {context}, which the "
                                  "department retitled", section.base_title or "") or None,
        blocks=translate_blocks(tr, section.id, f"in the {context}", section.blocks))


def translate_profile(tr: Translator, profile: Profile) -> Profile:
    """The profile's names and data that the pack prints outside its sections: the
    department's names, the owner, the tables of accounts and contacts, the version history,
    and each departure's reason and approver."""
    dept, policy = profile.department, profile.policy
    logo = dept.logo and replace(dept.logo, alt=translate_text(
        tr, "department/logo/alt", "the logo's text alternative", dept.logo.alt))
    return replace(
        profile,
        department=replace(
            dept,
            name=translate_text(tr, "department/name", "the department's name", dept.name),
            short_name=translate_text(tr, "department/short_name",
                                      "the department's short name (as running text "
                                      "uses it)", dept.short_name),
            logo=logo),
        policy=replace(
            policy,
            title=translate_text(tr, "policy/title", "the policy's title",
                                 policy.title or "") or None,
            owner=translate_text(tr, "policy/owner", "who owns the policy (a role)",
                                 policy.owner),
            history=tuple(replace(
                v, changes=translate_text(tr, f"history/{n}/changes",
                                          f"version {v.version}: what changed", v.changes),
                approved_by=translate_text(tr, f"history/{n}/approved_by",
                                           f"version {v.version}: who approved it",
                                           v.approved_by))
                for n, v in enumerate(policy.history, 1))),
        channels=tuple(_channel(tr, n, c) for n, c in enumerate(profile.channels, 1)),
        contacts=tuple(_contact(tr, n, c) for n, c in enumerate(profile.contacts, 1)),
        local_rules=tuple(replace(r, approval=_approval(tr, f"local_rules/{r.id}", r.approval))
                          for r in profile.local_rules),
        adaptations=tuple(replace(a, approval=_approval(tr, f"adaptations/{a.section_id}",
                                                        a.approval))
                          for a in profile.adaptations),
        topics=replace(profile.topics, also_covers=tuple(
            translate_text(tr, f"also_covers/{n}", "a group of people the policy also "
                           "covers (“This policy also covers … who work for us”)", group)
            for n, group in enumerate(profile.topics.also_covers, 1))),
    )


# The fields of the accounts table ("Our official social media accounts"). Who answers for
# each account, posts from it and approves its posts is a topic's table ("Who runs each
# account"): translated there, cell by cell, like every section.
_CHANNEL_FIELDS = {
    "purpose": "what the account is for",
    "audience": "who the account is for",
    "managed_by": "who runs the account",
    "monitored": "when the account is watched",
}


def _channel(tr: Translator, number: int, channel: Channel) -> Channel:
    where = f"the {channel.platform} account {channel.account}"
    values: dict[str, str] = {
        name: translate_text(tr, f"channels/{number}/{name}", f"{where}: {what}",
                             getattr(channel, name))
        for name, what in _CHANNEL_FIELDS.items()}
    return replace(channel, **values)  # type: ignore[arg-type]  # each of them a str


def _contact(tr: Translator, number: int, contact: Contact) -> Contact:
    return replace(
        contact,
        role=translate_text(tr, f"contacts/{number}/role", "a contact's role", contact.role),
        name=translate_text(tr, f"contacts/{number}/name",
                            "a contact's name (a person's name stays as it is)", contact.name))


def _approval(tr: Translator, unit: str, approval: Approval | None) -> Approval | None:
    if approval is None:
        return None
    return replace(
        approval,
        reason=translate_text(tr, f"{unit}/reason", "the reason for a departure, in the "
                              "register of departures", approval.reason),
        approved_by=translate_text(tr, f"{unit}/approved_by", "who approved a departure "
                                   "(a role or a person's name)", approval.approved_by))

