"""Stage 6: the manifest: what was built, from what, and the status of every section."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from generator.model import Policy, PolicySection
from generator.policy import KINDS, is_departure, origin_counts, origin_json, words_origin


def write_manifest(policy: Policy, outputs: Mapping[str, bytes], profile_path: str | None = None,
                   translations: Mapping[str, Mapping[str, object]] | None = None) -> bytes:
    """manifest.json as bytes: provenance, output hashes, and sections in document order.

    `profile_path` is the profile the pack was made from, relative to the pack's folder
    (POSIX), so that a build can tell a pack of another profile from its own; None leaves
    it out. `translations`: each translation the profile names, by language: its file, hash
    and coverage, and whether its pack was made."""
    meta = policy.meta
    manifest = {
        "generator": {"name": "policy-pack", "version": meta.generator_version},
        "department": {"name": meta.department, "short_name": meta.short_name,
                       "slug": meta.slug, "language": meta.language},
        "policy": {"title": meta.title, "owner": meta.owner, "version": meta.version,
                   "effective": meta.effective.isoformat(),
                   "review_by": meta.review_by.isoformat()},
        "base": {"edition": meta.edition, "title": meta.edition_title,
                 "published": meta.edition_published.isoformat(),
                 "sha256": meta.edition_sha256},
        "profile": {"sha256": meta.profile_sha256,
                    **({"path": profile_path} if profile_path is not None else {})},
        "outputs": {name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
                    for name, data in sorted(outputs.items())},
        "sections": [_section(s) for s in policy.sections],
        # How many printed sections, topics too, have words of each origin (omitted ones
        # are not printed): the counts of `origins_summary`.
        "origins": {kind: origin_counts((*policy.sections, *policy.topics))[kind]
                    for kind in KINDS},
        # The document control's line: every printed section, the topics too, by origin.
        "origins_summary": meta.origins,
        # The structured topics (house rules, account security, ...): the profile's own data.
        # "modified" house rules are the department's own; "adopted", the default rules,
        # which are model text.
        "topics": [{"id": s.id, "title": s.title, "status": s.status,
                    "origin": origin_json(s.origin)} for s in policy.topics],
        **({"translations": dict(translations)} if translations else {}),
    }
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _section(section: PolicySection) -> dict[str, object]:
    approval = section.approval if is_departure(section) else None
    return {
        "id": section.id,
        "title": section.title,
        **({"base_title": section.base_title} if section.base_title else {}),
        "core": section.core,
        "status": section.status,
        # Where the base text comes from; `words` is whose words the policy prints (the
        # department's where it replaced the base text).
        "origin": origin_json(section.origin),
        "words": words_origin(section).kind,
        "reason": approval.reason or None if approval else None,
        "approved_by": approval.approved_by or None if approval else None,
        "date": approval.date.isoformat() if approval and approval.date else None,
    }

