"""What a new base edition means for a department, section by section (pure).

inherits         the department adopts the section: it takes the new base text
not_in_new_text  the department adopts the section and this project's text of the new
                 edition does not carry it. The project restates only part of a later
                 edition, so this says nothing about the published guidance: the reviewer
                 checks it there (a core section first, and flagged)
needs_review     the base changed under a local modification or omission, or under a local
                 rule's place; or a core section would lose a point it must make (the old
                 edition's `keep:` points, missing from the new base text the department
                 adopts; or the new edition's, missing from the department's replacement):
                 someone must decide again
new              the edition adds the section: the department has not decided on it yet
redundant        a departure the new edition makes unnecessary (the base now says what the
                 department's replacement says, or no longer has what it omitted)
unaffected       a departure whose base is unchanged, or a local addition still in place
dropped          no longer given, and kept in `counts` (always 0) for scripts that read it:
                 it claimed the new edition drops a section, which the project's partial
                 text of an edition cannot show (not_in_new_text says what is known)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

from generator.model import Guidance, KeepPoint, Origin, Policy, PolicySection, Profile, Section
from generator.policy import Provenance, dropped_points, edition_month, fill_for, merge
from generator.review.comparison.sections import BREAK, block_text, merged_order, word_ops, words_of
from generator.review.origins import own_code

Outcome = Literal["inherits", "not_in_new_text", "dropped", "needs_review", "new", "redundant",
                  "unaffected"]
OUTCOMES: tuple[Outcome, ...] = ("needs_review", "not_in_new_text", "dropped", "new",
                                 "redundant", "inherits", "unaffected")
Ops = tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]


@dataclass(frozen=True)
class SectionImpact:
    id: str
    title: str
    outcome: Outcome
    detail: str  # in plain words: what changed and what to do
    core: bool = False  # a core section of the department's edition
    # How the base text changes, word by word (compare's runs), where the department takes
    # or must review the new text; empty otherwise.
    ops: Ops = ()
    # The points a core section must make (each `says`, to finish "... say that") that the
    # text the department would have no longer makes; empty otherwise.
    lost: tuple[str, ...] = ()
    # Where the section comes from in the department's edition and in the new one (None
    # where that edition's text does not carry it); a local rule is the department's.
    origin_from: Origin | None = None
    origin_to: Origin | None = None

    @property
    def at_risk(self) -> bool:
        """A core section the policy would lose (the new edition's text does not carry it),
        or lose a point of: listed first."""
        return self.core and (self.origin_to is None or bool(self.lost))


@dataclass(frozen=True)
class DepartmentImpact:
    department: str
    slug: str
    from_edition: str
    to_edition: str
    sections: tuple[SectionImpact, ...]
    to_url: str = ""  # the new edition's published guidance, to check what the text lacks

    def count(self, outcome: Outcome) -> int:
        return sum(1 for s in self.sections if s.outcome == outcome)

    @property
    def same_edition(self) -> bool:
        """The department is already on the edition asked about: nothing changes."""
        return self.from_edition == self.to_edition

    def summary(self) -> str:
        """One plain line: what the new edition means, with the right plurals."""
        if self.same_edition:
            return "already on this edition: nothing changes"
        counts = {o: self.count(o) for o in OUTCOMES}
        missing_core = sum(1 for s in self.sections if s.outcome == "not_in_new_text" and s.core)
        losing = sum(1 for s in self.sections if s.lost)
        points = sum(len(s.lost) for s in self.sections)
        parts = [
            _n(counts["needs_review"], "section needs", "sections need") + " review"
            + (f" ({_n(losing, 'core section', 'core sections')} would lose "
               f"{_n(points, 'point', 'points')} it must make)" if losing else ""),
            _n(counts["not_in_new_text"], "section is", "sections are") + " not in this "
            f"project's text of the {edition_month(self.to_edition)} guidance"
            + (f" ({missing_core} core)" if missing_core else ""),
            "",  # dropped: no longer given
            _n(counts["new"], "new section awaits", "new sections await") + " a decision",
            _n(counts["redundant"], "departure is", "departures are") + " now redundant",
            _n(counts["inherits"], "section takes", "sections take") + " the new text",
            _n(counts["unaffected"], "section is", "sections are") + " unaffected",
        ]
        return "; ".join(p for p, o in zip(parts, OUTCOMES, strict=True) if counts[o] and p)


@dataclass(frozen=True)
class _Context:
    """What every section's outcome is judged against."""

    old: dict[str, PolicySection]  # the old edition's base text, by ID
    new: dict[str, PolicySection]
    old_points: dict[str, Section]  # the editions' sections, for their `keep:` points
    new_points: dict[str, Section]
    profile: Profile
    from_month: str  # "May 2012"
    to_month: str
    code: str  # the code of conduct the department follows: "the NICS Code of Ethics"


def impact(profile: Profile, old: Guidance, new: Guidance, neutral: Profile) -> DepartmentImpact:
    """Every section of either edition and every local rule, with its outcome.

    Neutral words fill the base texts (no name is a difference), but the code of conduct is
    the department's own: a Northern Ireland reviewer reads the NICS text it would get."""
    neutral = dataclasses.replace(neutral, department=dataclasses.replace(
        neutral.department, jurisdiction=profile.department.jurisdiction,
        jurisdictions=profile.department.jurisdictions,
        organisation=profile.department.organisation))
    context = _Context(_by_id(_base_policy(old, neutral)), _by_id(_base_policy(new, neutral)),
                       {s.id: s for s in old.sections()}, {s.id: s for s in new.sections()},
                       profile, edition_month(old.edition), edition_month(new.edition),
                       fill_for("{{ code.name }}", profile.department))
    mine = _by_id(merge(profile, old, None, Provenance("", ""), placeholders=neutral))
    adaptations = {a.section_id: a for a in profile.adaptations if a.action != "adopt"}
    results = []
    for section_id in merged_order(list(context.old), list(context.new)):
        action = adaptations[section_id].action if section_id in adaptations else "adopt"
        replaced = adaptations[section_id].replace if section_id in adaptations else None
        results.append(_base_section(context, section_id, mine.get(section_id), action,
                                     replaced))
    for rule in profile.local_rules:
        results.append(_local_rule(rule.id, rule.title, rule.after, context))
    # A core section the policy would lose, or lose a point of, comes first: it is what a
    # reviewer must see.
    results.sort(key=lambda s: not s.at_risk)
    return DepartmentImpact(profile.department.name, profile.department.slug, old.edition,
                            new.edition, tuple(results), new.url)


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _base_section(c: _Context, section_id: str, own: PolicySection | None, action: str,
                  replaced: str | None) -> SectionImpact:
    before, after = c.old.get(section_id), c.new.get(section_id)
    origins = (_origin(before, c), _origin(after, c))
    if before is None:
        assert after is not None, "a section is in at least one edition"
        return _new(section_id, after, c, origins)
    title, core = (after or before).title, before.core
    if after is None:
        return _not_carried(section_id, title, core, action, c, origins)
    changed = _words(before) != _words(after)
    ops = word_ops(words_of(before), words_of(after)) if changed else ()
    what = ("the new base text changes this section" if changed else
            "the base text is the same in both editions")
    if action == "adopt":
        new_text = fill_for(c.new_points[section_id].body, c.profile.department)
        lost = dropped_points(c.old_points[section_id], new_text)
        if lost:
            return SectionImpact(section_id, title, "needs_review", _adopted_loses(lost, c),
                                 core, ops, _says(lost), *origins)
        return SectionImpact(section_id, title, "inherits", f"{what}; the policy follows it",
                             core, ops, (), *origins)
    if action == "omit":
        return SectionImpact(section_id, title, "needs_review" if changed else "unaffected",
                             f"{what}; the department omits it"
                             + (": check the omission still holds" if changed else ""),
                             False, (), (), *origins)
    lost = dropped_points(c.new_points[section_id], replaced) if replaced else []
    if lost:
        return SectionImpact(section_id, title, "needs_review", _replacement_loses(lost, c),
                             core, ops, _says(lost), *origins)
    if own is not None and _body(own) == _body(after):
        return SectionImpact(section_id, title, "redundant", "the new base text says what the "
                             "department's modification says; adopt the new text instead",
                             False, (), (), *origins)
    return SectionImpact(section_id, title, "needs_review" if changed else "unaffected",
                         f"{what}; the department modifies it"
                         + (": review the modification against the new text" if changed
                            else ""), core, ops, (), *origins)


def _new(section_id: str, after: PolicySection, c: _Context,
         origins: tuple[Origin | None, Origin | None]) -> SectionImpact:
    where = (f"new model text in the {c.to_month} base text (not in the Cabinet Office "
             "guidance)" if after.origin.kind == "model" else
             f"new in the {c.to_month} edition")
    if after.core:  # a core section cannot be omitted
        return SectionImpact(section_id, after.title, "new", f"{where}, and a core section: "
                             "decide whether to adopt or modify it (it cannot be omitted)",
                             True, (), (), *origins)
    return SectionImpact(section_id, after.title, "new", f"{where}: decide whether to adopt, "
                         "modify or omit it", False, (), (), *origins)


def _not_carried(section_id: str, title: str, core: bool, action: str, c: _Context,
                 origins: tuple[Origin | None, Origin | None]) -> SectionImpact:
    """A section of the old edition that this project's text of the new one lacks. The
    project restates only part of a later edition (the later sections of the 2014 page are
    not known), so nothing here says the published guidance dropped it."""
    lacks = (f"this project's text of the {c.to_month} guidance does not carry this "
             "section: it restates only part of that edition, so whether the published "
             "guidance still covers the subject is not known here")
    if action == "omit":
        return SectionImpact(section_id, title, "redundant", f"{lacks}. The omission has "
                             "nothing to apply to in this project's text: check the published "
                             "guidance before you remove it from the profile",
                             False, (), (), *origins)
    if core:
        lacks = f"a core section. {lacks[:1].upper()}{lacks[1:]}"
    if action == "adopt":
        return SectionImpact(section_id, title, "not_in_new_text", f"{lacks}. Check the "
                             "published guidance; if the department still needs the section, "
                             "keep it as a local rule", core, (), (), *origins)
    return SectionImpact(section_id, title, "needs_review", f"{lacks}. The department "
                         "modifies it: check the published guidance, and keep the "
                         "department's text as a local rule if it still needs it", core, (),
                         (), *origins)


def _adopted_loses(lost: list[KeepPoint], c: _Context) -> str:
    """A core section the department adopts, whose new base text no longer makes points the
    old edition's text makes."""
    one = len(lost) == 1
    return (f"a core section, and the new base text does not say {_that(lost)}. The "
            f"{c.from_month} text makes {'this point' if one else 'these points'}, so the "
            f"policy would lose {'it' if one else 'them'} by taking the new text: add "
            f"{'it' if one else 'them'} back with `append:`, and check what the published "
            f"{c.to_month} guidance says")


def _replacement_loses(lost: list[KeepPoint], c: _Context) -> str:
    """A core section the department replaced, whose text does not make points the new
    edition asks every replacement to make."""
    one = len(lost) == 1
    return (f"a core section, and the department's text in its place does not say "
            f"{_that(lost)}, which the {c.to_month} edition asks every replacement to say "
            f"(`check` would refuse the profile on that edition): add "
            f"{'the point' if one else 'the points'} to the replacement, or take the new base "
            "text and add to it with `append:`")


def _that(points: list[KeepPoint]) -> str:
    """"that A", "that A, or that B"."""
    return ", or ".join(f"that {point.says}" for point in points)


def _says(points: list[KeepPoint]) -> tuple[str, ...]:
    return tuple(point.says for point in points)


def _origin(section: PolicySection | None, c: _Context) -> Origin | None:
    return own_code(section.origin, c.code) if section is not None else None


def _local_rule(rule_id: str, title: str, after: str | None, c: _Context) -> SectionImpact:
    mine = (Origin("department"), Origin("department"))
    if rule_id in c.new:
        return SectionImpact(rule_id, title, "redundant", "the new edition has a section with "
                             "this ID; compare it with the local rule and drop one",
                             False, (), (), *mine)
    if after and after not in c.new and not after.startswith("local."):
        return SectionImpact(rule_id, title, "needs_review", f"the rule is placed after "
                             f"{after}, which this project's text of the {c.to_month} "
                             "guidance does not carry; choose a new place", False, (), (),
                             *mine)
    return SectionImpact(rule_id, title, "unaffected", "a local addition; it stays in place",
                         False, (), (), *mine)


def _base_policy(guidance: Guidance, neutral: Profile) -> Policy:
    return merge(neutral, guidance, None, Provenance("", ""))


def _by_id(policy: Policy) -> dict[str, PolicySection]:
    return {s.id: s for s in policy.sections}


def _words(section: PolicySection) -> list[str]:
    return [w for w in words_of(section) if w != BREAK]


def _body(section: PolicySection) -> list[str]:
    """The words of the text only, not the title."""
    return [w for block in section.blocks for w in block_text(block).split()]
