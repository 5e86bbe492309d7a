"""Stage 4b: the structured topics of a profile as parts of the policy: "Our rules for
everyone who works here" (where the profile gives any) and "Running our official accounts",
and the sentence of "About this policy" that names whom else the policy covers.

Real departmental policies carry topics the base guidance does not: who runs each account,
account security, house rules for comments, election periods, records, language duties and
related policies; and rules for all staff, whether or not they post for the body: political
activity, looking into the public, recording colleagues, messaging apps and equality duties.
Each becomes a section with an ID of its own (`topics.…`), so compare and matrix line them up
across departments like base sections. House rules have a default, the rules UK government
bodies publish on their "social media use" pages, which a profile adapts; the other topics
appear only where a profile gives them, and an answer left out prints nothing (never "Not
stated"). Pure: values in, parts out.

Every sentence written here is plain English (GOV.UK's style): under 25 words, active
voice, "you" and "we", and no abbreviation before its full name.
"""

from __future__ import annotations

from dataclasses import replace

from generator.model import (
    N_,
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
    Text,
    Topics,
    Words,
)
from generator.policy.blocks import filled_table, words
from generator.policy.markup import parse
from generator.policy.names import The
from generator.policy.terms import is_ni_body
from generator.policy.translating import (
    Language,
    Translator,
    translate_blocks,
    translate_section,
    translate_text,
)

PART_ID = "running"
PART_TITLE = "Running our official accounts"
HOUSE_RULES_ID = "topics.house-rules"
HOUSE_RULES_TITLE = "House rules for comments on our accounts"
EVERYONE_PART_ID = "everyone"
EVERYONE_PART_TITLE = "Our rules for everyone who works here"

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
_ARCHIVED_RECORDS = (
    "Posts from our accounts are official records.",
    "The National Archives keeps central government's official social media posts in the UK "
    "Government Web Archive.",
    "Our records management rules and the Freedom of Information Act 2000 apply to our "
    "posts.")
# Northern Ireland keeps its public records under its own Act. PRONI is the archive for
# them; whether it archives social media posts is not known, so nothing here says it does.
_NI_RECORDS = (
    "Posts from our official accounts are public records.",
    "In Northern Ireland, we manage public records under the Public Records Act (Northern "
    "Ireland) 1923.",
    "The Public Record Office of Northern Ireland (PRONI) is the archive for Northern "
    "Ireland's public records.",
    "The Freedom of Information Act 2000 also applies to our posts.")
_OTHER_RECORDS = (
    "Posts from our accounts are official records.",
    "Our records management rules and freedom of information law apply to them.")
# The three categories of post for political activity, as the Civil Service Management Code
# names them; staff find theirs in their terms and conditions or from HR. Whether the NICS
# has the same three is not known (docs/sources.md), so a Northern Ireland body's policy
# names none.
_POLITICAL_ACTIVITY = (
    "Every civil service post is in one of three categories for political activity: "
    "politically free, intermediate or politically restricted.",
    "Your post's category decides which political activity you may take part in, online and "
    "offline.",
    "Check your category before you post, share or like anything political.")
_NI_POLITICAL_ACTIVITY = (
    "The terms of your post decide which political activity you may take part in, online "
    "and offline.",
    "Check them before you post, share or like anything political.")


def topic_parts(profile: Profile, language: Language) -> tuple[PolicyPart, ...]:
    """The generated parts of the topics, in reading order: the rules for everyone who works
    here (only where the profile gives one), then "Running our official accounts".

    Their words are model text or the profile's: in another language, the translator's,
    unit by unit, like the base text; their tables' headings are the layout's (`language`)."""
    everyone = everyone_part(profile)
    return tuple(_translated(language.translator, part)
                 for part in (*((everyone,) if everyone else ()),
                              topics_part(profile, language.words)))


def _translated(tr: Translator, part: PolicyPart, where: str = "topic",
                title: bool = True) -> PolicyPart:
    return replace(
        part,
        title=translate_text(tr, f"{part.id}/title", "the heading of a part of the policy",
                             part.title) if title else part.title,
        intro=translate_blocks(tr, f"{part.id}/intro", f"the opening of the part "
                               f"“{part.title}”", part.intro),
        sections=tuple(translate_section(tr, s, where) for s in part.sections))


def also_covers(profile: Profile, w: Words) -> tuple[Block, ...]:
    """The sentences "About this policy" adds where it says whom the policy is for: the
    groups beyond employees it also covers (none: nothing). A code of conduct for civil
    servants does not bind a contractor, so the policy says what does."""
    groups = profile.topics.also_covers
    if not groups:
        return ()
    return (Paragraph(words(w("This policy also covers {groups} who work for us. Where it "
                              "speaks of a code for civil servants, they follow the standards "
                              "in their contracts instead.", groups=_listed(groups, w)))),)


def equality(topics: Topics, tr: Translator) -> PolicySection | None:
    """The department's equality statement (in Northern Ireland, its Section 75 screening),
    a section of "About this policy": it is about the policy, not a rule for staff."""
    section = _text_section("topics.equality", "Equality", topics.equality)
    return section and translate_section(tr, section, "topic")


def everyone_part(profile: Profile) -> PolicyPart | None:
    """The rules for everyone who works here, whether or not they run an official account;
    None where the profile gives none of them."""
    topics = profile.topics
    sections = tuple(s for s in (
        _political_activity(profile),
        _rule("topics.research", "Looking into customers and the public",
              topics.no_research_on_public, "Do not use social media to look into our "
              "customers or members of the public.", topics.research_exceptions),
        _rule("topics.recording", "Recordings and photos", topics.no_recording_without_consent,
              "Do not record or post calls, meetings or photos of colleagues without their "
              "consent."),
        _messaging_apps(topics),
    ) if s is not None)
    if not sections:
        return None
    intro = (Paragraph(words("This part is for everyone who works for us, whether or not they "
                          "run an official account.")),
             Paragraph(words(f"{The(profile.department.short_name)} chose these rules: the "
                             "Cabinet Office guidance does not set them.")))
    return PolicyPart(EVERYONE_PART_ID, EVERYONE_PART_TITLE, intro, sections)


def topics_part(profile: Profile, w: Words) -> PolicyPart:
    """The part holding every topic the profile gives, and the house rules always."""
    sections = tuple(s for s in (
        _owners(profile.channels, w),
        _security(profile),
        house_rules_section(profile),
        _impartiality(profile.topics),
        _text_section("topics.elections", "Election periods", profile.topics.election_periods),
        _records(profile),
        _languages(profile),
        _related(profile),
    ) if s is not None)
    intro = (Paragraph(words("This part is for the people who run our official accounts, and "
                          "for anyone who wants to know how we run them.")),)
    return PolicyPart(PART_ID, PART_TITLE, intro, sections)


def use_page(profile: Profile, language: Language, name: str) -> PolicyPart:
    """The department's public "social media use" page, as departments publish on GOV.UK:
    its accounts, its house rules and, where given, its language duties and where to ask for
    information. Written to the public ("you", "we"), not to staff. `name`: the department's
    name in the page's language."""
    w = language.words
    page = _use_page(profile, w)
    return replace(_translated(language.translator, page, "public page's section", False),
                   title=w("{name}: social media use", name=name))


def _use_page(profile: Profile, w: Words) -> PolicyPart:
    intro = (Paragraph(words("This page explains how we use social media, and what you can expect "
                          "when you comment on our posts or send us a message.")),)
    sections = tuple(s for s in (
        _public_accounts(profile.channels, w),
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


def _public_accounts(channels: tuple[Channel, ...], w: Words) -> PolicySection:
    if not channels:
        return _section("use.accounts", "Our accounts",
                        (Paragraph(words("We have no official social media accounts yet.")),),
                        "added")
    rows = tuple((words(c.platform), (account_link(c, channels, w),), words(c.purpose),
                  words(c.monitored), _account_language(c, channels, w)) for c in channels)
    return _section("use.accounts", "Our accounts", (
        Paragraph(words("These are our only official accounts. An account we do not list here "
                     "does not speak for us.")),
        filled_table(w("Our official social media accounts"),
                     (w("Platform"), w("Account"), w("What it is for"), w("When we watch it"),
                      w("Language")), rows, layout=True,  # a platform's name is a brand's
                     fixed=(True, False, False, False, True))), "added")


# The language an account posts in, as the public reads it, and what its twin posts in: the
# layout's words, from the catalogue, with the twin's handle.
_ACCOUNT_LANGUAGES = {"en": N_("English"), "cy": N_("Welsh"),
                      "bilingual": N_("Welsh and English")}
_TWINS = {"en": N_("{language}. Welsh twin: "), "cy": N_("{language}. English twin: ")}


def account_handle(account: str) -> str:
    """An account's handle as written anywhere: without its @, in any letter case."""
    return account.strip().lstrip("@").casefold()


def account_link(channel: Channel, channels: tuple[Channel, ...], w: Words) -> Link:
    """The account as a link to it, named by its handle; where the body has the same handle
    on another platform ("@dvla_example" on X and on TikTok), by its handle and platform, in
    every format: a list of links, as a screen reader gives it, must tell apart two links
    that go to different places (WCAG 2.4.4; axe identical-links-same-purpose). The
    platform is in the link's visible text, not only in a name for assistive technology,
    so that the PDF and the DOCX, which have no such name, say it too, and the name a
    voice-control user reads is the one the link answers to (WCAG 2.5.3)."""
    name = channel.account.strip().casefold()
    shared = any(c.account.strip().casefold() == name and c.url != channel.url
                 for c in channels)
    return Link(w("{account} on {platform}", account=channel.account,
                  platform=channel.platform) if shared else channel.account, channel.url)


def _account_language(channel: Channel, channels: tuple[Channel, ...], w: Words) -> Inlines:
    """"English. Welsh twin: @LlywodraethCym", the twin a link where the page lists it (a
    reader finds the other language's account in one step); empty where not said."""
    if channel.language is None:
        return ()
    said = w(_ACCOUNT_LANGUAGES[channel.language])
    twin = channel.paired_with
    if not twin or channel.language not in _TWINS:
        return words(said)
    # One handle may be the body's on several platforms: the twin in the other language,
    # on the same platform first (validation refuses a listed twin in any other language).
    other = {"en": "cy", "cy": "en"}[channel.language]
    named = [c for c in channels if account_handle(c.account) == account_handle(twin)
             and c.language == other]
    listed = next((c for c in named if c.platform == channel.platform), None) or next(
        iter(named), None)
    return (Text(w(_TWINS[channel.language], language=said)),
            Link(twin, listed.url) if listed else Text(twin))


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
        Paragraph(words(rules.hours)),
        Paragraph(words("We remove comments that are:")),
        ItemList(False, tuple(words(item) for item in rules.removed)),
        Paragraph(words(rules.blocking)),
        Paragraph(words(rules.replies)),
        Paragraph(words(rules.endorsement)),
        *(Paragraph(words(rule)) for rule in rules.also),
    )


def house_rules_section(profile: Profile) -> PolicySection:
    # "modified" where the department wrote its own: matrix and compare show it as such.
    # The default rules are model text: what government bodies publish, not the guidance.
    # A department's own rules change some of the defaults and keep the rest: model text
    # with its changes, as its note says.
    own = profile.topics.house_rules is not None
    return _model(_section(HOUSE_RULES_ID, HOUSE_RULES_TITLE,
                           house_rules_blocks(house_rules(profile)),
                           "modified" if own else "adopted"))


def _owners(channels: tuple[Channel, ...], w: Words) -> PolicySection | None:
    if not any(c.owner or c.administrators or c.approver for c in channels):
        return None
    rows = tuple(((account_link(c, channels, w),), words(c.owner), words(c.administrators),
                  words(c.approver)) for c in channels)
    table = filled_table(w("Who runs each account"),
                         (w("Account"), w("Owner"), w("Can post"), w("Approves posts")), rows,
                         layout=True)
    lead = Paragraph(words("Who answers for each account, who can post from it, and who approves "
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
    lead = Paragraph(words("Anyone who can post from our accounts must keep them secure."))
    return _section("topics.security", "Keeping our accounts secure",
                    (lead, ItemList(False, items)), "added")


def _records(profile: Profile) -> PolicySection | None:
    topics = profile.topics
    jurisdiction: Jurisdiction = profile.department.jurisdiction
    if topics.records:
        blocks: tuple[Block, ...] = parse(topics.records)
    elif jurisdiction in _ARCHIVED:
        blocks = (Paragraph(words(" ".join(_ARCHIVED_RECORDS))),)
    elif jurisdiction == "NI":
        blocks = (Paragraph(words(" ".join(_NI_RECORDS))),)
    elif topics.foi_contact:
        blocks = (Paragraph(words(" ".join(_OTHER_RECORDS))),)
    else:
        return None
    if topics.foi_contact:
        blocks = (*blocks, Paragraph((Text("Send requests for information to "),
                                      Link(topics.foi_contact, f"mailto:{topics.foi_contact}"),
                                      Text("."))))
    if topics.records:
        return _section("topics.records", "Records and freedom of information", blocks, "added")
    # The default for the jurisdiction is model text, written from published facts, and
    # adopted like the default house rules.
    return _model(_section("topics.records", "Records and freedom of information", blocks,
                           "adopted"))


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
    lead = Paragraph(words("Read this policy with these:" if len(related) > 1
                        else "Read this policy with this one:"))
    links = ItemList(False, tuple((Link(r.title, r.url),) for r in related))
    return _section("topics.related", "Related policies", (lead, links), "added")


def _political_activity(profile: Profile) -> PolicySection | None:
    found = profile.topics.political_activity
    if found is None:
        return None
    fixed = _NI_POLITICAL_ACTIVITY if is_ni_body(profile.department.jurisdictions) \
        else _POLITICAL_ACTIVITY
    link: tuple[Block, ...] = (Paragraph((
        Text("Read "), Link("the rules on political activity", found.guidance_url),
        Text("."))),) if found.guidance_url else ()
    blocks = (Paragraph(words(" ".join(fixed))), *parse(found.where_to_find_your_category),
              *link)
    return _model(_section("topics.political-activity", "Political activity", blocks,
                           "added"))


def _rule(section_id: str, title: str, given: bool, rule: str,
          exceptions: str = "") -> PolicySection | None:
    """A rule the profile sets with `true`, and the exceptions it allows, if any."""
    if not given:
        return None
    allowed = (Paragraph(words("The only exceptions:")), *parse(exceptions)) \
        if exceptions else ()
    return _model(_section(section_id, title, (Paragraph(words(rule)), *allowed), "added"))


def _messaging_apps(topics: Topics) -> PolicySection | None:
    found = topics.messaging_apps
    records = (Paragraph(words("Messages about official business on WhatsApp and similar apps "
                            "are official records.")),) if found and found.official_records \
        else ()
    blocks = (*records, *parse(found.text if found else ""))
    if not blocks:
        return None
    section = _section("topics.messaging-apps", "WhatsApp and other messaging apps", blocks,
                       "added")
    return _model(section) if records else section


def _impartiality(topics: Topics) -> PolicySection | None:
    """No party politics on the official accounts; election periods need extra care, and
    the section that follows says what the accounts do then, where the profile gives it."""
    if not topics.no_party_politics_on_official_accounts:
        return None
    care = "Take extra care in election periods."
    if topics.election_periods:
        care += " The next section, Election periods, says what our accounts do then."
    blocks = (Paragraph(words("Our official accounts never carry party-political content.")),
              Paragraph(words(care)))
    return _model(_section("topics.impartiality", "Keeping our accounts impartial", blocks,
                           "added"))


def _model(section: PolicySection) -> PolicySection:
    """A topic whose words the project provides (a rule the profile turns on with `true`,
    a default): model text, as its note says, though the department chose it."""
    return replace(section, origin=Origin("model"))


def _text_section(section_id: str, title: str, text: str) -> PolicySection | None:
    return _section(section_id, title, parse(text), "added") if text else None


def _section(section_id: str, title: str, blocks: tuple[Block, ...],
             status: Status) -> PolicySection:
    return PolicySection(section_id, title, False, status, Origin("department"), blocks)


def _listed(items: tuple[str, ...], w: Words) -> str:
    """contractors, agency staff and consultants"""
    if len(items) == 1:
        return items[0]
    return w("{items} and {last}", items=w(", ").join(items[:-1]), last=items[-1])


def _labelled(label: str, value: str) -> Inlines:
    return (Text(label, "strong"), Text(f": {value}")) if value else ()

