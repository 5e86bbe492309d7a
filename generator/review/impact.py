"""What a new base edition means for a department, section by section (pure).

inherits      the department adopts the section: it takes the new base text (or its removal)
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
from generator.review.compare import BREAK, block_text, merged_order, words_of

Outcome = Literal["inherits", "needs_review", "new", "redundant", "unaffected"]
OUTCOMES: tuple[Outcome, ...] = ("needs_review", "new", "redundant", "inherits", "unaffected")


@dataclass(frozen=True)
class SectionImpact:
    id: str
    title: str
    outcome: Outcome
    detail: str  # in plain words: what changed and what to do


@dataclass(frozen=True)
class DepartmentImpact:
    department: str
    slug: str
    from_edition: str
    to_edition: str
    sections: tuple[SectionImpact, ...]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for s in self.sections if s.outcome == outcome)


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
    return DepartmentImpact(profile.department.name, profile.department.slug, old.edition,
                            new.edition, tuple(results))


def _base_section(section_id: str, before: PolicySection | None, after: PolicySection | None,
                  own: PolicySection | None, action: str) -> SectionImpact:
    title = (after or before).title if (after or before) else section_id  # type: ignore[union-attr]
    if before is None:
        return SectionImpact(section_id, title, "new", "new in this edition: decide whether to "
                             "adopt, modify or omit it")
    changed = after is None or _words(before) != _words(after)
    what = "the new edition drops this section" if after is None else (
        "the new edition changes this section's text" if changed else "the base text is the "
        "same in both editions")
    if action == "adopt":
        return SectionImpact(section_id, title, "inherits", f"{what}; the policy follows it")
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
                            else ""))


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
