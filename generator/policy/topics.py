"""Stage 4b: the structured topics of a profile as one part of the policy, "Running our official
accounts".

Real departmental policies carry topics the base guidance does not: who runs each account,
account security, house rules for comments, election periods, records, language duties and
related policies. Each becomes a section with an ID of its own (`topics.…`), so compare and
matrix line them up across departments like base sections. House rules have a default, the
rules UK government bodies publish on their "social media use" pages, which a profile adapts;
the other topics appear only where a profile gives them. Pure: values in, a part out.
"""

from __future__ import annotations

from dataclasses import replace

from generator.model import (
    Block,
    Channel,
    HouseRules,
    Inlines,
    ItemList,
    Jurisdiction,
    Link,
    Origin,
    Paragraph,
    PolicyPart,
    PolicySection,
    Profile,
    Status,
    Table,
    Text,
)
from generator.policy.markup import parse

PART_ID = "running"
PART_TITLE = "Running our official accounts"
HOUSE_RULES_ID = "topics.house-rules"
HOUSE_RULES_TITLE = "House rules for comments on our accounts"
NOT_STATED = "Not stated"

# The rules every public "social media use" page of a government body carries (DWP, DVSA,
# Cabinet Office, Welsh Government, nidirect): shared/guidance-facts.md.
DEFAULT_HOUSE_RULES = HouseRules(
    hours="We watch our accounts during the hours listed for each one.",
    removed=("abusive or discriminatory",
             "unlawful, for example libel or contempt of court",
             "off-topic, spam or advertising",
             "holding personal information, such as a phone number or an address"),
    blocking="We may block people who break these rules more than once.",
    replies="Not every message gets a reply.",
    endorsement="Following or sharing an account or a post does not mean we endorse it.",
)
OFFICE_HOURS = "We watch our accounts during office hours."
# Central government's posts are captured by The National Archives (since 2014).
_ARCHIVED = ("UK", "GB", "England")


def topics_part(profile: Profile) -> PolicyPart:
    """The part holding every topic the profile gives, and the house rules always."""
    sections = tuple(s for s in (
        _owners(profile.channels),
        _security(profile),
        house_rules_section(profile),
        _text_section("topics.elections", "Election periods", profile.topics.election_periods),
        _records(profile),
        _languages(profile),
        _related(profile),
    ) if s is not None)
    intro = (Paragraph(_t("This part is for the people who run our official accounts, and "
                          "for anyone who wants to know how we run them.")),)
    return PolicyPart(PART_ID, PART_TITLE, intro, sections)


def use_page(profile: Profile) -> PolicyPart:
    """The department's public "social media use" page, as departments publish on GOV.UK:
    its accounts, its house rules and, where given, its language duties and where to ask for
    information. Written to the public ("you", "we"), not to staff."""
    intro = (Paragraph(_t("This page explains how we use social media, and what you can expect "
                          "when you comment on our posts or send us a message.")),)
    sections = tuple(s for s in (
        _public_accounts(profile.channels),
        house_rules_section(profile),
        _section("use.languages", "Languages", (*parse(profile.topics.welsh),
                                                *parse(profile.topics.irish_ulster_scots)),
                 "added") if profile.topics.welsh or profile.topics.irish_ulster_scots
        else None,
        _section("use.information", "Asking for information", (Paragraph((
            Text("To ask for information under freedom of information law, email "),
            Link(profile.topics.foi_contact, f"mailto:{profile.topics.foi_contact}"),
            Text("."))),), "added") if profile.topics.foi_contact else None,
    ) if s is not None)
    return PolicyPart("use", f"{profile.department.name}: social media use", intro, sections)


def _public_accounts(channels: tuple[Channel, ...]) -> PolicySection:
    if not channels:
        return _section("use.accounts", "Our accounts",
                        (Paragraph(_t("We have no official social media accounts yet.")),),
                        "added")
    rows = tuple((_t(c.platform), (Link(c.account, c.url),), _t(c.purpose),
                  _t(c.monitored or NOT_STATED)) for c in channels)
    return _section("use.accounts", "Our accounts", (
        Paragraph(_t("These are our only official accounts. An account that is not listed "
                     "here does not speak for us.")),
        Table("Our official social media accounts",
              ("Platform", "Account", "What it is for", "When we watch it"), rows)), "added")


def house_rules(profile: Profile) -> HouseRules:
    """The profile's house rules, or the default. The default hours point to the hours of
    each account only where every account gives them; otherwise they say office hours."""
    rules = profile.topics.house_rules or DEFAULT_HOUSE_RULES
    listed = bool(profile.channels) and all(c.monitored for c in profile.channels)
    if rules.hours == DEFAULT_HOUSE_RULES.hours and not listed:
        return replace(rules, hours=OFFICE_HOURS)
    return rules


def house_rules_blocks(rules: HouseRules) -> tuple[Block, ...]:
    """The house rules as the public read them (the policy and the public page share them)."""
    return (
        Paragraph(_t(rules.hours)),
        Paragraph(_t("We remove comments that are:")),
        ItemList(False, tuple(_t(item) for item in rules.removed)),
        Paragraph(_t(rules.blocking)),
        Paragraph(_t(rules.replies)),
        Paragraph(_t(rules.endorsement)),
        *(Paragraph(_t(rule)) for rule in rules.also),
    )


def house_rules_section(profile: Profile) -> PolicySection:
    # "modified" where the department wrote its own: matrix and compare show it as such.
    # The default rules are model text: what government bodies publish, not the guidance.
    own = profile.topics.house_rules is not None
    section = _section(HOUSE_RULES_ID, HOUSE_RULES_TITLE,
                       house_rules_blocks(house_rules(profile)), "modified" if own else "adopted")
    return section if own else replace(section, origin=Origin("model"))


def _owners(channels: tuple[Channel, ...]) -> PolicySection | None:
    if not any(c.owner or c.administrators or c.approver for c in channels):
        return None
    rows = tuple(((Link(c.account, c.url),), _t(c.owner or NOT_STATED),
                  _t(c.administrators or NOT_STATED), _t(c.approver or NOT_STATED))
                 for c in channels)
    table = Table("Who runs each account", ("Account", "Owner", "Can post", "Approves posts"),
                  rows)
    lead = Paragraph(_t("Who answers for each account, who can post from it, and who approves "
                        "what it posts."))
    return _section("topics.owners", "Who runs each account", (lead, table), "added")


def _security(profile: Profile) -> PolicySection | None:
    security = profile.topics.security
    if security is None:
        return None
    items = tuple(item for item in (
        _labelled("Two-step verification", security.two_step_verification),
        _labelled("Who holds the passwords", security.credentials),
        _labelled("If an account is lost or taken over", security.recovery),
        _labelled("When someone with access leaves", security.leavers),
    ) if item)
    lead = Paragraph(_t("Anyone who can post from our accounts must keep them secure."))
    return _section("topics.security", "Keeping our accounts secure",
                    (lead, ItemList(False, items)), "added")


def _records(profile: Profile) -> PolicySection | None:
    topics = profile.topics
    jurisdiction: Jurisdiction = profile.department.jurisdiction
    if topics.records:
        blocks: tuple[Block, ...] = parse(topics.records)
    elif jurisdiction in _ARCHIVED:
        blocks = (Paragraph(_t(
            "Posts from our accounts are official records. The National Archives keeps the "
            "official social media posts of central government in the UK Government Web "
            "Archive. Our records management rules and the Freedom of Information Act 2000 "
            "apply to them.")),)
    elif topics.foi_contact:
        blocks = (Paragraph(_t("Posts from our accounts are official records. Our records "
                               "management rules and freedom of information law apply to "
                               "them.")),)
    else:
        return None
    if topics.foi_contact:
        blocks = (*blocks, Paragraph((Text("Send requests for information to "),
                                      Link(topics.foi_contact, f"mailto:{topics.foi_contact}"),
                                      Text("."))))
    return _section("topics.records", "Records and freedom of information", blocks, "added")


def _languages(profile: Profile) -> PolicySection | None:
    topics = profile.topics
    blocks = (*parse(topics.welsh), *parse(topics.irish_ulster_scots))
    if not blocks:
        return None
    return _section("topics.languages", "Languages we post in", blocks, "added")


def _related(profile: Profile) -> PolicySection | None:
    related = profile.topics.related
    if not related:
        return None
    lead = Paragraph(_t("Read this policy with these:"))
    links = ItemList(False, tuple((Link(r.title, r.url),) for r in related))
    return _section("topics.related", "Related policies", (lead, links), "added")


def _text_section(section_id: str, title: str, text: str) -> PolicySection | None:
    return _section(section_id, title, parse(text), "added") if text else None


def _section(section_id: str, title: str, blocks: tuple[Block, ...],
             status: Status) -> PolicySection:
    return PolicySection(section_id, title, False, status, Origin("department"), blocks)


def _labelled(label: str, value: str) -> Inlines:
    return (Text(label, "strong"), Text(f": {value}")) if value else ()


def _t(text: str) -> Inlines:
    return (Text(text),)
