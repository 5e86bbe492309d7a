"""The editor's journey, as data: the tasks of the task list and the fields of each page.

One topic a page (GOV.UK's "one thing per page", loosened to one topic): a page of fields
names each by its key path in the profile, so the form, the YAML and the command line's
messages all speak of `policy.owner` or `channels[2].url`. Pages are laid out by two
templates (fields, and lists with "add another"); nothing here reads a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from generator.model import Classification, Jurisdiction, Organisation
from generator.profile.load import KeyPath

Kind = Literal["text", "textarea", "date", "radios", "lines", "email", "url", "jurisdiction",
               "section",  # one of the base's sections (or the local rules), by heading
               "yesno"]  # radios Yes and No, written as YAML's true and false
ORGANISATIONS: tuple[str, ...] = get_args(Organisation)
JURISDICTIONS: tuple[str, ...] = get_args(Jurisdiction)
CLASSIFICATIONS: tuple[str, ...] = get_args(Classification)


@dataclass(frozen=True)
class Field:
    """One answer: where it lives in the profile (relative to a list item on list pages)."""

    key: KeyPath
    label: str
    kind: Kind = "text"
    hint: str = ""
    options: tuple[tuple[str, str], ...] = ()  # (value, label) for radios
    optional: bool = False
    width: str = ""  # a GOV.UK input width class, for short answers
    # The answer named in a sentence ("Enter the department's full name"), and an example
    # of a good one for a message about its format ("like https://x.com/yourdept").
    noun: str = ""
    example: str = ""

    @property
    def named(self) -> str:
        """The answer as a message names it: its noun, else its label in lower case."""
        return self.noun or self.label[:1].lower() + self.label[1:]


@dataclass(frozen=True)
class Page:
    """A task's page: its fields, or (with `item`) a list of items each with those fields."""

    slug: str
    title: str
    fields: tuple[Field, ...]
    list_key: KeyPath = ()  # set for a list page ("add another")
    item: str = ""  # what one item is called: "account", "contact"
    intro: str = ""
    preview: str = ""  # the policy's part shown beside the form (an anchor id)
    covers: tuple[KeyPath, ...] = ()  # keys it answers beyond its fields (the logo's file)
    # What tells one item of a list from another when the list has changed around it (an
    # item inserted or removed by someone else): its id, or the answers that name it.
    identity: tuple[KeyPath, ...] = ()

    @property
    def keys(self) -> tuple[KeyPath, ...]:
        """The profile keys this page answers (a list page answers its whole list)."""
        if self.list_key:
            return (self.list_key,)
        return (*self.covers, *(f.key for f in self.fields))


# A yes-or-no question's answers, as GOV.UK asks one (radios, Yes first), and as the profile
# writes them: true and false, never the text "yes", which `check` refuses.
YES_NO = (("true", "Yes"), ("false", "No"))


# The languages an account posts in, as the profile writes them and the page names them;
# "Not said" last, so an answer once given can be taken back (radios cannot be unticked).
ACCOUNT_LANGUAGES = (("en", "English"), ("cy", "Welsh"), ("bilingual", "Welsh and English"),
                     ("", "Not said"))


def _choices(values: tuple[str, ...], none: str = "") -> tuple[tuple[str, str], ...]:
    options = tuple((v, v[:1].upper() + v[1:]) for v in values)
    return ((("", none),) if none else ()) + options


DEPARTMENT = Page("department", "Department", (
    Field(("department", "name"), "Full name", noun="the department's full name",
          hint="As it should appear on the cover."),
    Field(("department", "short_name"), "Short name", width="govuk-input--width-10",
          noun="the department's short name",
          hint="The name used in sentences, often an abbreviation, such as DoF."),
    Field(("department", "slug"), "Folder name for the pack", width="govuk-input--width-20",
          noun="a folder name for the pack", example="dof-ni",
          hint="Lower-case letters, digits and hyphens, such as dof-ni."),
    Field(("department", "jurisdiction"), "Where the department works", "jurisdiction",
          noun="where the department works", example="GB, UK",
          hint="One of UK, GB, England, Scotland, Wales or NI. Where the remit differs by "
               "function, give several, main one first, separated by commas: GB, UK."),
    Field(("department", "organisation"), "Kind of body", "radios", noun="the kind of body",
          options=_choices(ORGANISATIONS), optional=True),
    Field(("department", "language"), "Language of the policy", width="govuk-input--width-5",
          noun="the language of the policy", example="en-GB",
          hint="A language code: en-GB for English (the policy is in English).",
          optional=True),
), preview="top")

POLICY = Page("policy", "Policy details", (
    Field(("policy", "title"), "Title", optional=True, noun="the policy's title",
          hint="Leave empty for the default: the department's name and "
               "\u201csocial media policy\u201d."),
    Field(("policy", "owner"), "Team that owns the policy",
          noun="the team that owns the policy"),
    Field(("policy", "version"), "Version", width="govuk-input--width-5",
          noun="the version number", example="1.0", hint="Your version number, such as 1.0."),
    Field(("policy", "effective"), "Date the policy takes effect", "date",
          noun="the date the policy takes effect"),
    Field(("policy", "review_by"), "Date it must be reviewed by", "date",
          noun="the date the policy must be reviewed by"),
    Field(("policy", "classification"), "Protective marking", "radios", optional=True,
          noun="the protective marking", options=_choices(CLASSIFICATIONS, "None")),
), preview="top")

HISTORY = Page("history", "Version history", (
    Field(("version",), "Version", width="govuk-input--width-5", noun="the version number",
          example="1.0"),
    Field(("date",), "Date approved", "date", noun="the date this version was approved"),
    Field(("changes",), "What changed", noun="what changed in this version"),
    Field(("approved_by",), "Approved by", optional=True, noun="who approved this version"),
), list_key=("policy", "history"), item="version", preview="top", identity=(("version",),))

LOGO = Page("logo", "Logo", (
    Field(("department", "logo", "alt"), "What the logo shows", noun="what the logo shows",
          hint="For people who cannot see it, such as \u201cDepartment of Finance logo\u201d. "
               "Not the file name."),
), intro="An SVG or PNG file for the cover.", preview="top",
    covers=(("department", "logo"),))

CHANNELS = Page("channels", "Official accounts", (
    Field(("platform",), "Platform", noun="the platform", example="X (Twitter)",
          hint="Such as X (Twitter) or LinkedIn."),
    Field(("account",), "Account name or handle", noun="the account's name or handle",
          example="@yourdept"),
    Field(("url",), "Address", "url", noun="the account's web address",
          example="https://x.com/yourdept", hint="Starting with https://"),
    Field(("purpose",), "What the account is for", noun="what the account is for"),
    Field(("audience",), "Who it is for", optional=True),
    Field(("managed_by",), "Team that runs it", optional=True),
    Field(("monitored",), "When it is watched", optional=True),
    Field(("owner",), "Who answers for it", optional=True),
    Field(("administrators",), "Who can post from it", optional=True),
    Field(("approver",), "Who approves its posts", optional=True),
    Field(("language",), "Language it posts in", "radios", optional=True,
          noun="the language the account posts in", options=ACCOUNT_LANGUAGES,
          hint="The public page lists it. A Welsh body\u2019s account that posts in English "
               "only should have a Welsh twin."),
    Field(("paired_with",), "Its twin in the other language", optional=True,
          width="govuk-input--width-20", noun="its twin account", example="@LlywodraethCym",
          hint="Only for an account that posts in English only or in Welsh only: the handle "
               "of the account that posts the same in the other language, such as "
               "@LlywodraethCym. It may be another body\u2019s account."),
), list_key=("channels",), item="account", preview="channels",
    identity=(("url",), ("account",)))

CONTACTS = Page("contacts", "Contacts", (
    Field(("role",), "Role or team", noun="the contact's role or team"),
    Field(("name",), "Name", optional=True, noun="the contact's name"),
    Field(("email",), "Email address", "email", optional=True,
          noun="the contact's email address", example="digital@yourdept.gov.uk",
          hint="Each contact needs an email address or a phone number."),
    Field(("phone",), "Phone number", optional=True, width="govuk-input--width-20",
          noun="the contact's phone number", example="020 7946 0000"),
), list_key=("contacts",), item="contact", preview="contacts",
    identity=(("role",), ("email",), ("phone",)))

APPROVAL = (
    Field(("reason",), "Why the department departs from the base guidance here", "textarea",
          noun="why the department departs from the base guidance here"),
    Field(("approved_by",), "Approved by", noun="who approved it",
          hint="The role or person who approved it."),
    Field(("date",), "Date approved", "date", noun="the date it was approved"),
)

LOCAL_RULES = Page("local-rules", "Local rules", (
    Field(("id",), "Section ID", width="govuk-input--width-20", noun="an ID for the section",
          example="local.records",
          hint="A stable ID starting with local., such as local.records."),
    Field(("title",), "Heading", noun="the section's heading"),
    Field(("after",), "Comes after the section", "section",
          noun="the section it comes after",
          hint="Where it goes in the policy. Not chosen: at the end of Part 1.",
          optional=True),
    Field(("text",), "Text", "textarea", noun="the section's text",
          hint="Leave a blank line between paragraphs. Lists with - at the start of a "
               "line, *emphasis* and [links](https://...)."),
    *APPROVAL,
), list_key=("local_rules",), item="local rule", preview="", identity=(("id",), ("title",)))

HOUSE_RULES = Page("house-rules", "House rules for comments", (
    Field(("house_rules", "hours"), "When you watch your accounts", optional=True),
    Field(("house_rules", "removed"), "Comments you remove", "lines", optional=True,
          hint="One kind of comment a line."),
    Field(("house_rules", "blocking"), "When you block people", optional=True),
    Field(("house_rules", "replies"), "Whether you reply to every message", optional=True),
    Field(("house_rules", "endorsement"), "Following or sharing is not endorsement",
          optional=True),
    Field(("house_rules", "also"), "Rules of your own", "lines", optional=True,
          hint="One rule a line."),
), intro="An answer left empty is given the default house rule for it.",
    preview="house-rules")

ACCOUNT_SECURITY = Page("account-security", "Account security", (
    Field(("account_security", "two_step_verification"), "Two-step verification",
          optional=True),
    Field(("account_security", "credentials_held_by"), "Who holds the passwords",
          optional=True),
    Field(("account_security", "recovery_contact"), "Who to contact if an account is lost "
          "or taken over", optional=True),
    Field(("account_security", "leavers"), "What happens when someone with access leaves",
          optional=True),
), preview="account-security")

OTHER_TOPICS = Page("other-topics", "Elections, records and languages", (
    Field(("no_party_politics_on_official_accounts",), "Should the policy say that your "
          "official accounts never carry party-political content?", "yesno", optional=True,
          options=YES_NO, noun="whether your official accounts never carry party-political "
          "content", hint="It also tells staff to take extra care in election periods."),
    Field(("election_periods",), "What your accounts do before an election", "textarea",
          optional=True),
    Field(("records", "text"), "How your posts are kept as records", "textarea",
          optional=True, hint="Leave empty for the default for your jurisdiction."),
    Field(("records", "foi_contact"), "Email address for freedom of information requests",
          "email", optional=True, example="foi@yourdept.gov.uk",
          noun="the email address for freedom of information requests"),
    Field(("language_duties", "welsh"), "The Welsh Language Standards or scheme you follow",
          "textarea", optional=True),
    Field(("language_duties", "irish_ulster_scots"), "What you do about Irish and "
          "Ulster-Scots", "textarea", optional=True),
), preview="")

EVERYONE = Page("everyone", "Rules for everyone who works here", (
    Field(("also_covers",), "Who else the policy covers", "lines", optional=True,
          noun="who else the policy covers",
          hint="Groups beyond your employees, one a line, such as contractors or agency "
               "staff."),
    Field(("political_activity", "where_to_find_your_category"), "Where staff find their "
          "category for political activity", "textarea", optional=True,
          noun="where staff find their category for political activity",
          hint="Every civil service post is politically free, intermediate or politically "
               "restricted. Say where staff find theirs, such as their terms and conditions."),
    Field(("political_activity", "guidance_url"), "Address of the rules on political "
          "activity", "url", optional=True, noun="the address of the rules on political "
          "activity", example="https://www.gov.uk/government/publications/"
          "civil-servants-terms-and-conditions", hint="Starting with https://"),
    Field(("no_research_on_public",), "Should the policy tell staff not to use social media "
          "to look into customers or members of the public?", "yesno", optional=True,
          options=YES_NO, noun="whether staff must not look into customers or the public"),
    Field(("research_exceptions",), "Who may do so when authorised", "textarea",
          optional=True, noun="who may look into customers or the public",
          hint="Only with the answer Yes above. For example, fraud investigators, when a "
               "senior manager authorises it."),
    Field(("no_recording_without_consent",), "Should the policy tell staff not to record or "
          "post calls, meetings or photos of colleagues without their consent?", "yesno",
          optional=True, options=YES_NO,
          noun="whether staff must not record colleagues without their consent"),
    Field(("messaging_apps", "official_records"), "Should the policy say that messages about "
          "official business on WhatsApp and similar apps are official records?", "yesno",
          optional=True, options=YES_NO,
          noun="whether messages on WhatsApp and similar apps are official records"),
    Field(("messaging_apps", "text"), "Your rules for WhatsApp and similar apps", "textarea",
          optional=True, noun="your rules for WhatsApp and similar apps"),
    Field(("equality",), "Your equality duties", "textarea", optional=True,
          noun="your equality duties",
          hint="Northern Ireland bodies usually give their Section 75 equality screening "
               "statement here."),
), intro="These rules are for everyone who works for you, whether or not they post for you. "
         "An answer left empty, or No, leaves that rule out of the policy.",
    preview="everyone", covers=(("political_activity",), ("messaging_apps",)))

RELATED = Page("related-policies", "Related policies", (
    Field(("title",), "Name of the policy", noun="the policy's name"),
    Field(("url",), "Address", "url", noun="the policy's web address",
          example="https://www.gov.uk/government/publications/civil-service-code",
          hint="Starting with https://"),
), list_key=("related_policies",), item="policy", preview="", identity=(("url",), ("title",)))

PAGES: tuple[Page, ...] = (DEPARTMENT, POLICY, HISTORY, LOGO, CHANNELS, CONTACTS,
                           LOCAL_RULES, EVERYONE, HOUSE_RULES, ACCOUNT_SECURITY, OTHER_TOPICS,
                           RELATED)
BY_SLUG = {page.slug: page for page in PAGES}

# The section page (one per base section): what the department does with it.
SectionChoice = Literal["adopt", "replace", "append", "omit"]
SECTION_CHOICES: tuple[tuple[SectionChoice, str], ...] = (
    ("adopt", "Keep the base text"),
    ("replace", "Replace the base text with our own"),
    ("append", "Keep the base text and add our own after it"),
    ("omit", "Leave the section out"),
)
SECTION_FIELDS = (
    Field(("title",), "Our heading for this section", optional=True,
          hint="Leave empty to keep the base heading."),
    Field(("text",), "Our text", "textarea", noun="your text for this section",
          hint="Leave a blank line between paragraphs."),
    *APPROVAL,
)
