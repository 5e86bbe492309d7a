"""The domain model: the validated profile, a base edition, and the merged policy document.

Every stage passes these frozen values, never raw dicts. The `Policy` is one tree of blocks
that the HTML (and so the PDF) and the DOCX renderers both walk, so the formats cannot drift.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Action = Literal["adopt", "modify", "omit"]
Status = Literal["adopted", "modified", "omitted", "added"]
Jurisdiction = Literal["UK", "GB", "England", "Scotland", "Wales", "NI"]
# As a reader knows each: a profile writes the short form, every page shows this one.
JURISDICTION_NAMES: dict[str, str] = {
    "UK": "United Kingdom", "GB": "Great Britain", "England": "England",
    "Scotland": "Scotland", "Wales": "Wales", "NI": "Northern Ireland"}
# What kind of public body the policy belongs to: it decides the noun the base text uses for
# it ("department", "agency", "organisation"; generator/policy/terms.py).
Organisation = Literal["ministerial department", "non-ministerial department",
                       "executive agency", "arm's-length body", "devolved administration"]


# --- the profile -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LogoRef:
    file: str  # relative to the profile's folder
    alt: str


@dataclass(frozen=True)
class Department:
    """Who the policy belongs to.

    `jurisdiction` is the primary one: the first the profile lists. `jurisdictions` is every
    one it lists, in its order (a body's remit may differ by function: DVLA licenses drivers
    in GB and registers vehicles UK-wide); left empty, it is `(jurisdiction,)`.
    """

    name: str
    short_name: str
    slug: str
    jurisdiction: Jurisdiction
    language: str
    logo: LogoRef | None
    organisation: Organisation = "ministerial department"
    jurisdictions: tuple[Jurisdiction, ...] = ()

    def __post_init__(self) -> None:
        if not self.jurisdictions:
            object.__setattr__(self, "jurisdictions", (self.jurisdiction,))


@dataclass(frozen=True)
class VersionEntry:
    """One row of the document-control table: a version and what changed in it."""

    version: str
    date: dt.date
    changes: str
    approved_by: str = ""


Classification = Literal["OFFICIAL", "OFFICIAL-SENSITIVE"]


@dataclass(frozen=True)
class PolicyInfo:
    title: str | None
    owner: str
    version: str
    effective: dt.date
    review_by: dt.date
    classification: Classification | None = None  # the protective marking on every page
    history: tuple[VersionEntry, ...] = ()  # newest first


ChannelLanguage = Literal["en", "cy", "bilingual"]


@dataclass(frozen=True)
class Channel:
    platform: str
    account: str
    url: str
    purpose: str
    audience: str
    managed_by: str
    monitored: str
    owner: str = ""  # who answers for the account
    administrators: str = ""  # who can post from it
    approver: str = ""  # who approves what it posts
    # The language it posts in: en, cy or bilingual (None: not said). A Welsh body's
    # account that posts in one language names its twin in the other in `paired_with`.
    language: ChannelLanguage | None = None
    paired_with: str = ""


@dataclass(frozen=True)
class Contact:
    role: str
    name: str
    email: str
    phone: str


@dataclass(frozen=True)
class Approval:
    """Who agreed a departure from the base, when, and why."""

    reason: str
    approved_by: str
    date: dt.date | None


@dataclass(frozen=True)
class LocalRule:
    id: str
    title: str
    after: str | None  # a base section or earlier local rule; None: the end of Part 1
    text: str  # Markdown subset
    approval: Approval | None


@dataclass(frozen=True)
class Adaptation:
    section_id: str
    action: Action
    replace: str | None
    append: str | None
    approval: Approval | None
    title: str | None = None  # a heading of the department's own (retitling is a departure)


@dataclass(frozen=True)
class HouseRules:
    """What the public are told about comments on the official accounts."""

    hours: str  # when the accounts are watched
    removed: tuple[str, ...]  # the kinds of comment that are removed
    blocking: str
    replies: str
    endorsement: str
    also: tuple[str, ...] = ()  # the department's own further rules


@dataclass(frozen=True)
class AccountSecurity:
    two_step_verification: str
    credentials: str  # who holds the passwords
    recovery: str  # who to contact to recover an account
    leavers: str  # what happens when someone with access leaves


@dataclass(frozen=True)
class RelatedPolicy:
    title: str
    url: str


@dataclass(frozen=True)
class PoliticalActivity:
    """Where staff find their post's category for political activity (politically free,
    intermediate or politically restricted); at least one of the two is given."""

    where_to_find_your_category: str  # Markdown subset
    guidance_url: str  # the rules on political activity


@dataclass(frozen=True)
class MessagingApps:
    """WhatsApp and similar apps used for official business; at least one is given."""

    official_records: bool  # messages about official business there are official records
    text: str  # the department's own rules (Markdown subset)


@dataclass(frozen=True)
class Topics:
    """What real departmental policies carry beyond the base, each optional."""

    house_rules: HouseRules | None = None  # None: the project's default rules
    security: AccountSecurity | None = None
    election_periods: str = ""  # Markdown subset
    related: tuple[RelatedPolicy, ...] = ()
    records: str = ""  # Markdown subset; empty: the default for the jurisdiction
    foi_contact: str = ""  # an email address
    welsh: str = ""  # the Welsh Language Standards or scheme that applies (Markdown subset)
    irish_ulster_scots: str = ""  # Markdown subset
    # Rules for everyone who works here, whether or not they run an official account.
    also_covers: tuple[str, ...] = ()  # groups beyond employees: contractors, agency staff
    political_activity: PoliticalActivity | None = None
    no_research_on_public: bool = False  # true: staff must not look into the public
    research_exceptions: str = ""  # who may, when authorised (Markdown subset)
    no_recording_without_consent: bool = False
    messaging_apps: MessagingApps | None = None
    equality: str = ""  # equality duties, such as an NI body's Section 75 statement
    # For the official accounts: no party-political content (true).
    no_party_politics_on_official_accounts: bool = False


@dataclass(frozen=True)
class Profile:
    schema_version: int
    base: str
    department: Department
    policy: PolicyInfo
    channels: tuple[Channel, ...]
    contacts: tuple[Contact, ...]
    local_rules: tuple[LocalRule, ...]
    adaptations: tuple[Adaptation, ...]
    topics: Topics = Topics()
    translations: tuple[TranslationRef, ...] = ()  # `translations: {cy: welsh.xlf}`


@dataclass(frozen=True)
class TranslationRef:
    """A translation of the pack the profile names: its language and its XLIFF file."""

    language: str  # cy
    file: str  # relative to the profile's folder


# --- a base guidance edition -----------------------------------------------------------------


@dataclass(frozen=True)
class KeepPoint:
    """One point a replacement of a core section must still make, and the words that show it.

    `evidence` is a list of groups: the text makes the point when every group is found in
    it, and a group is found when any one of its phrases is (see generator/policy/substance.py
    and docs/editions.md).
    """

    says: str  # plain words that finish "a replacement must still say that ..."
    evidence: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    core: bool
    body: str  # Markdown subset with {{ placeholders }}
    keep: tuple[KeepPoint, ...] = ()  # the points a replacement of a core section must make
    # Where the content comes from (docs/editions.md): the Cabinet Office guidance, the code
    # of conduct that applies to the reader, or model text the project provides where the
    # guidance says nothing.
    source: Literal["guidance", "code", "model"] = "guidance"
    # A section of the guidance whose text restates an earlier edition's, because the
    # project does not know this edition's words on the subject: that edition's name.
    restates: str | None = None


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    audience: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Guidance:
    edition: str  # e.g. "2012-05"
    title: str
    published: dt.date
    publisher: str
    source_note: str
    url: str
    parts: tuple[Part, ...]
    sha256: str  # of every file of the edition, so outputs can name exactly what they used

    def sections(self) -> tuple[Section, ...]:
        return tuple(s for part in self.parts for s in part.sections)


# --- the words of the layout ------------------------------------------------------------------


def N_(message: str) -> str:
    """Marks a message of the layout kept in a constant, for `make words` to extract; a
    `Words` call translates it where it is used."""
    return message


@dataclass(frozen=True)
class Words:
    """The fixed words of the layout in one language: headings, labels, the register's
    sentences, month names.

    The code writes each in English (the message ID, with `{name}` fields) and asks this
    catalogue for it. English has no messages: every ID is its own text. Any other language
    must have every ID the code asks for: a missing one is a bug, never English in a Welsh
    pack (templates/words/README.md).
    """

    language: str = "en-GB"  # BCP 47, as the outputs are tagged
    messages: Mapping[str, str] = field(default_factory=dict, hash=False)
    months: tuple[str, ...] = (  # January to December
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December")

    def __call__(self, message: str, /, **values: object) -> str:
        # The IDs are typed with a straight apostrophe; a printed policy has the curly one,
        # as the department's words do (generator/policy/typography.py). The values are
        # left alone: a name is typeset where it is read, an address never is.
        text = (self.messages[message] if self.messages else message).replace("'", "\u2019")
        return text.format(**values) if values else text

    @property
    def english(self) -> bool:
        return not self.messages

    def month(self, day: dt.date) -> str:
        """"May 2012"."""
        return f"{self.months[day.month - 1]} {day.year}"

    def date(self, day: dt.date) -> str:
        """"17 May 2012": GOV.UK's date style (and Llyw.Cymru's: "17 Mai 2012")."""
        return f"{day.day} {self.month(day)}"


# English: the code's own words; every other language has a catalogue (generator/language).
ENGLISH_WORDS = Words()


@dataclass(frozen=True)
class Twin:
    """The same pack in another language, in the same folder: each links to the other."""

    language: str  # BCP 47: en-GB, cy
    name: str  # the language's name in itself: English, Cymraeg
    policy: str  # the policy page's file name (its PDF and DOCX share the stem)
    use_page: str  # the public page's file name


# --- the merged policy document --------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str
    style: Literal["plain", "em", "strong"] = "plain"


@dataclass(frozen=True)
class Link:
    text: str
    href: str


Inline = Text | Link
Inlines = tuple[Inline, ...]


@dataclass(frozen=True)
class Paragraph:
    inlines: Inlines


@dataclass(frozen=True)
class ItemList:
    ordered: bool
    items: tuple[Inlines, ...]


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Inlines, ...], ...]
    row_headers: bool = False  # the first cell of each row heads that row
    # The layout's words, already in the pack's language (a translator has none of them):
    # `layout`, the caption and the column headings; `fixed`, by column, its cells.
    layout: bool = False
    fixed: tuple[bool, ...] = ()


Block = Paragraph | ItemList | Table


OriginKind = Literal["guidance", "code", "model", "department"]


@dataclass(frozen=True)
class Origin:
    """Where a section's words come from, shown beside it in every output.

    - `guidance`: the Cabinet Office guidance; `edition` is the edition the words restate
      (an earlier one where the policy's edition is not known on the subject).
    - `code`: the code of conduct that applies to the reader, named in `code` ("the NICS
      Code of Ethics"); `edition` is the base edition that carries the section.
    - `model`: model text the project provides where the guidance says nothing.
    - `department`: the department's own: a local rule, or a topic the profile gives.

    `section_id` is a base section's ID, or a local rule's (None for a topic: the profile's
    data, not a departure). A department's modification keeps the origin of what it departs
    from (the status says it was modified).
    """

    kind: OriginKind
    edition: str | None = None
    section_id: str | None = None
    code: str = ""


@dataclass(frozen=True)
class PolicySection:
    id: str
    title: str
    core: bool
    status: Status
    origin: Origin
    blocks: tuple[Block, ...]
    approval: Approval | None = None
    base_title: str | None = None  # the base's heading, where the profile retitled it
    replaced: bool = False  # modified with the department's own text in place of the base's


@dataclass(frozen=True)
class PolicyPart:
    id: str
    title: str
    intro: tuple[Block, ...]
    sections: tuple[PolicySection, ...]
    new_page: bool = False  # a part of the base edition starts a page in print and DOCX


@dataclass(frozen=True)
class LogoImage:
    data: bytes
    media_type: Literal["image/svg+xml", "image/png"]
    alt: str


@dataclass(frozen=True)
class Deviation:
    section_id: str
    title: str
    status: Status  # modified, omitted or added; adopted for a section only retitled
    approval: Approval | None
    base_title: str | None = None  # the base's heading, where the profile retitled it


@dataclass(frozen=True)
class Meta:
    title: str
    department: str
    short_name: str
    slug: str
    language: str
    owner: str
    version: str
    effective: dt.date
    review_by: dt.date
    last_updated: dt.date  # the newest version's date, or the effective date
    classification: Classification | None
    history: tuple[VersionEntry, ...]  # newest first
    edition: str
    edition_title: str
    edition_published: dt.date
    edition_url: str
    edition_sha256: str
    profile_sha256: str
    generator_version: str
    noun: str = "department"  # what the body is called in sentences: department, agency, ...
    # Its printed sections counted by whose words they print: "17: 7 from the October 2014
    # guidance, 1 from the Civil Service Code, 6 model text, 3 DWP's own".
    origins: str = ""
    # Every jurisdiction the department lists, its primary one first (Department's): the
    # reviews group and filter departments by them.
    jurisdictions: tuple[Jurisdiction, ...] = ()
    twins: tuple[Twin, ...] = ()  # the pack in its other languages
    # A warning the cover of every file of the pack carries: a pack made from a
    # pseudo-translation says that it is not a translation and must not be published.
    notice: str = ""


@dataclass(frozen=True)
class Policy:
    meta: Meta
    logo: LogoImage | None
    parts: tuple[PolicyPart, ...]  # every part, including the generated ones, in order
    register: tuple[Deviation, ...]
    sections: tuple[PolicySection, ...]  # every base section and local rule, omitted ones too
    topics: tuple[PolicySection, ...] = ()  # the structured topics' sections (profile data)
    use_page: PolicyPart | None = None  # the public "social media use" page: accounts, rules
    words: Words = ENGLISH_WORDS  # the layout's fixed words, in the policy's language
