"""What a new base edition means for a department, section by section (pure).

inherits      the department adopts the section: it takes the new base text
dropped       the department adopts the section and the new edition drops it: the policy
              would lose it (a core section first, and flagged)
needs_review  the base changed under a local modification or omission, or under a local
              rule's place: someone must decide again
new           the edition adds the section: the department has not decided on it yet
redundant     a departure the new edition makes unnecessary (the base now says what the
              department's replacement says, or drops what the department omitted)
unaffected    a departure whose base is unchanged, or a local addition still in place
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.model import Guidance, Policy, PolicySection, Profile
from generator.policy import Provenance, merge
from generator.review.compare import BREAK, block_text, merged_order, word_ops, words_of

Outcome = Literal["inherits", "dropped", "needs_review", "new", "redundant", "unaffected"]
OUTCOMES: tuple[Outcome, ...] = ("needs_review", "dropped", "new", "redundant", "inherits",
                                 "unaffected")


@dataclass(frozen=True)
class SectionImpact:
    id: str
    title: str
    outcome: Outcome
    detail: str  # in plain words: what changed and what to do
    core: bool = False  # a core section of the department's edition
    # How the base text changes, word by word (compare's runs), where the department takes
    # or must review the new text; empty otherwise.
    ops: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class DepartmentImpact:
    department: str
    slug: str
    from_edition: str
    to_edition: str
    sections: tuple[SectionImpact, ...]

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
        dropped_core = sum(1 for s in self.sections if s.outcome == "dropped" and s.core)
        counts = {o: self.count(o) for o in OUTCOMES}
        parts = [
            _n(counts["needs_review"], "section needs", "sections need") + " review",
            _n(counts["dropped"], "section would be", "sections would be") + " dropped"
            + (f" ({dropped_core} core)" if dropped_core else ""),
            _n(counts["new"], "new section awaits", "new sections await") + " a decision",
            _n(counts["redundant"], "departure is", "departures are") + " now redundant",
            _n(counts["inherits"], "section takes", "sections take") + " the new text",
            _n(counts["unaffected"], "section is", "sections are") + " unaffected",
        ]
        return "; ".join(p for p, o in zip(parts, OUTCOMES, strict=True) if counts[o])


def impact(profile: Profile, old: Guidance, new: Guidance, neutral: Profile) -> DepartmentImpact:
    """Every section of either edition and every local rule, with its outcome."""
    old_base = _by_id(_base_policy(old, neutral))
    new_base = _by_id(_base_policy(new, neutral))
    mine = _by_id(merge(profile, old, None, Provenance("", ""), placeholders=neutral))
    adaptations = {a.section_id: a for a in profile.adaptations if a.action != "adopt"}
    results = []
    for section_id in merged_order(list(old_base), list(new_base)):
        before, after = old_base.get(section_id), new_base.get(section_id)
        own = mine.get(section_id)
        action = adaptations[section_id].action if section_id in adaptations else "adopt"
        results.append(_base_section(section_id, before, after, own, action))
    for rule in profile.local_rules:
        results.append(_local_rule(rule.id, rule.title, rule.after, new_base))
    # A core section the policy would lose comes first: it is what a reviewer must see.
    results.sort(key=lambda s: not (s.outcome == "dropped" and s.core))
    return DepartmentImpact(profile.department.name, profile.department.slug, old.edition,
                            new.edition, tuple(results))


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _base_section(section_id: str, before: PolicySection | None, after: PolicySection | None,
                  own: PolicySection | None, action: str) -> SectionImpact:
    title = (after or before).title if (after or before) else section_id  # type: ignore[union-attr]
    if before is None:
        if after is not None and after.core:  # a core section cannot be omitted
            return SectionImpact(section_id, title, "new", "new in this edition, and a core "
                                 "section: decide whether to adopt or modify it (it cannot be "
                                 "omitted)", True)
        return SectionImpact(section_id, title, "new", "new in this edition: decide whether to "
                             "adopt, modify or omit it")
    changed = after is None or _words(before) != _words(after)
    what = "the new edition drops this section" if after is None else (
        "the new edition changes this section's text" if changed else "the base text is the "
        "same in both editions")
    core = bool(before.core)
    if action == "adopt" and after is None:
        return SectionImpact(section_id, title, "dropped", ("a core section: " if core else "")
                             + "the new edition drops this section, so the policy would lose "
                             "it; keep it as a local rule if the department still needs it",
                             core)
    ops = word_ops(words_of(before), words_of(after)) if changed and after is not None else ()
    if action == "adopt":
        return SectionImpact(section_id, title, "inherits", f"{what}; the policy follows it",
                             core, ops)
    if action == "omit":
        if after is None:
            return SectionImpact(section_id, title, "redundant", f"{what}, so the omission is "
                                 "no longer needed; remove it from the profile")
        outcome: Outcome = "needs_review" if changed else "unaffected"
        return SectionImpact(section_id, title, outcome, f"{what}; the department omits it"
                             + (": check the omission still holds" if changed else ""))
    if after is not None and own is not None and _body(own) == _body(after):
        return SectionImpact(section_id, title, "redundant", "the new base text says what the "
                             "department's modification says; adopt the new text instead")
    outcome = "needs_review" if changed else "unaffected"
    return SectionImpact(section_id, title, outcome, f"{what}; the department modifies it"
                         + (": review the modification against the new text" if changed
                            else ""), core, ops)


def _local_rule(rule_id: str, title: str, after: str | None,
                new_base: dict[str, PolicySection]) -> SectionImpact:
    if rule_id in new_base:
        return SectionImpact(rule_id, title, "redundant", "the new edition has a section with "
                             "this ID; compare it with the local rule and drop one")
    if after and after not in new_base and not after.startswith("local."):
        return SectionImpact(rule_id, title, "needs_review", f"the rule is placed after "
                             f"{after}, which the new edition does not have; choose a new place")
    return SectionImpact(rule_id, title, "unaffected", "a local addition; it stays in place")


def _base_policy(guidance: Guidance, neutral: Profile) -> Policy:
    return merge(neutral, guidance, None, Provenance("", ""))


def _by_id(policy: Policy) -> dict[str, PolicySection]:
    return {s.id: s for s in policy.sections}


def _words(section: PolicySection) -> list[str]:
    return [w for w in words_of(section) if w != BREAK]


def _body(section: PolicySection) -> list[str]:
    """The words of the text only, not the title."""
    return [w for block in section.blocks for w in block_text(block).split()]
