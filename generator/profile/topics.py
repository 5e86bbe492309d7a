"""Reading the structured topics of a profile: house rules, account security, election
periods, related policies, records and language duties (the CONTRACT keys of design.md's
profile format, optional each), and the rules for everyone who works for the body: whom the
policy also covers, political activity, looking into the public, recording colleagues,
messaging apps, equality duties and party politics on the official accounts (issue 25).

A reader of fields like the rest of validation: every problem is collected with its line and
column, and a usable value is returned.
"""

from __future__ import annotations

from generator.model import (
    AccountSecurity,
    HouseRules,
    MessagingApps,
    PoliticalActivity,
    RelatedPolicy,
    Topics,
)
from generator.policy import DEFAULT_HOUSE_RULES, link_text_problem
from generator.profile.fields import WEB_ADDRESS, FieldReader
from generator.profile.load import KeyPath

STAFF_KEYS = ("also_covers", "political_activity", "no_research_on_public",
              "research_exceptions", "no_recording_without_consent", "messaging_apps",
              "no_party_politics_on_official_accounts", "equality")
TOPIC_KEYS = ("house_rules", "account_security", "election_periods", "related_policies",
              "records", "language_duties", *STAFF_KEYS)
HOUSE_RULES_KEYS = ("hours", "removed", "blocking", "replies", "endorsement", "also")
SECURITY_KEYS = ("two_step_verification", "credentials_held_by", "recovery_contact", "leavers")
RELATED_KEYS = ("title", "url")
RECORDS_KEYS = ("text", "foi_contact")
LANGUAGE_KEYS = ("welsh", "irish_ulster_scots")
POLITICAL_KEYS = ("where_to_find_your_category", "guidance_url")
MESSAGING_KEYS = ("official_records", "text")
MAX_RELATED = 50
MAX_GROUPS = 20



class TopicReader(FieldReader):
    """The topic keys of a profile, read into `Topics`."""

    def topics(self) -> Topics:
        records: KeyPath = ("records",)
        languages: KeyPath = ("language_duties",)
        has_records = self.mapping(records, RECORDS_KEYS, required=False)
        has_languages = self.mapping(languages, LANGUAGE_KEYS, required=False)
        return Topics(
            house_rules=self.house_rules(("house_rules",)),
            security=self.security(("account_security",)),
            election_periods=self.markdown(("election_periods",), required=False),
            related=self.related(("related_policies",)),
            records=self.markdown((*records, "text"), required=False) if has_records else "",
            foi_contact=self.email((*records, "foi_contact")) if has_records else "",
            welsh=self.markdown((*languages, "welsh"), required=False) if has_languages
            else "",
            irish_ulster_scots=self.markdown((*languages, "irish_ulster_scots"),
                                             required=False) if has_languages else "",
            also_covers=self.groups(("also_covers",)),
            political_activity=self.political_activity(("political_activity",)),
            no_research_on_public=self.flag(("no_research_on_public",)),
            research_exceptions=self.research_exceptions(("research_exceptions",)),
            no_recording_without_consent=self.flag(("no_recording_without_consent",)),
            messaging_apps=self.messaging_apps(("messaging_apps",)),
            equality=self.markdown(("equality",), required=False),
            no_party_politics_on_official_accounts=self.flag(
                ("no_party_politics_on_official_accounts",)),
        )

    def house_rules(self, key: KeyPath) -> HouseRules | None:
        """The department's house rules; each key left out keeps the default's words."""
        if not self.mapping(key, HOUSE_RULES_KEYS, required=False):
            return None
        default = DEFAULT_HOUSE_RULES

        def line(name: str, fallback: str) -> str:
            return self.text((*key, name), required=False, limit=500) or fallback

        removed = self.lines((*key, "removed"))
        return HouseRules(
            hours=line("hours", default.hours),
            removed=removed or default.removed,
            blocking=line("blocking", default.blocking),
            replies=line("replies", default.replies),
            endorsement=line("endorsement", default.endorsement),
            also=self.lines((*key, "also")),
        )

    def security(self, key: KeyPath) -> AccountSecurity | None:
        if not self.mapping(key, SECURITY_KEYS, required=False):
            return None
        found = AccountSecurity(*(self.text((*key, name), required=False, limit=500)
                                  for name in SECURITY_KEYS))
        if not any((found.two_step_verification, found.credentials, found.recovery,
                    found.leavers)):
            self.error(key, "says nothing", f"give at least one of {', '.join(SECURITY_KEYS)}",
                       at_key=True)
        return found

    def related(self, key: KeyPath) -> tuple[RelatedPolicy, ...]:
        entries = self.items(key)
        if len(entries) > MAX_RELATED:
            self.error(key, f"lists {len(entries)} policies; the most allowed is {MAX_RELATED}",
                       "name the ones staff need with this policy", at_key=True)
            return ()
        found = []
        for item in entries:
            if not self.mapping(item, RELATED_KEYS):
                continue
            title = self.text((*item, "title"))
            url = self.pattern((*item, "url"), WEB_ADDRESS, "a web address starting with https://",
                               "https://www.gov.uk/government/publications/civil-service-code")
            vague = link_text_problem(title, url)
            if title and vague:  # the title is the text of the link to the policy
                self.error((*item, "title"), vague, "write the policy's name, e.g. "
                           "`Standards of behaviour`")
            found.append(RelatedPolicy(title, url))
        return tuple(found)

    def lines(self, key: KeyPath) -> tuple[str, ...]:
        """A list of short texts, each one line of a list in the policy."""
        return tuple(text for item in self.items(key)
                     if (text := self.text(item, limit=500)))

    def groups(self, key: KeyPath) -> tuple[str, ...]:
        """The groups beyond employees the policy covers, each named as in a sentence."""
        found = self.lines(key)
        if len(found) > MAX_GROUPS:
            self.error(key, f"lists {len(found)} groups; the most allowed is {MAX_GROUPS}",
                       "name the groups, not the people in them", at_key=True)
            return ()
        return found

    def political_activity(self, key: KeyPath) -> PoliticalActivity | None:
        if not self.mapping(key, POLITICAL_KEYS, required=False):
            return None
        found = PoliticalActivity(
            self.markdown((*key, "where_to_find_your_category"), required=False),
            self.pattern((*key, "guidance_url"), WEB_ADDRESS, "a web address starting with "
                         "https://", "https://www.gov.uk/government/publications/"
                         "civil-servants-terms-and-conditions", required=False))
        self.says_something(key, POLITICAL_KEYS)
        return found

    def research_exceptions(self, key: KeyPath) -> str:
        """Who may look into the public when authorised: an exception to a rule that must
        be there, or the policy would print exceptions to nothing."""
        text = self.markdown(key, required=False)
        if text and self.value(("no_research_on_public",)) is not True:
            self.error(key, "gives exceptions to a rule the profile does not set",
                       "add `no_research_on_public: true`, or delete `research_exceptions`",
                       at_key=True)
        return text

    def messaging_apps(self, key: KeyPath) -> MessagingApps | None:
        if not self.mapping(key, MESSAGING_KEYS, required=False):
            return None
        found = MessagingApps(self.flag((*key, "official_records")),
                              self.markdown((*key, "text"), required=False))
        self.says_something(key, MESSAGING_KEYS)
        return found

    def says_something(self, key: KeyPath, allowed: tuple[str, ...]) -> None:
        """A block given with none of its keys would print nothing: say so, unless a
        misspelt key (reported already) is what it holds."""
        value = self.value(key)
        if isinstance(value, dict) and all(name in allowed for name in value) and \
                not any(self.present((*key, name)) for name in allowed):
            self.error(key, "says nothing", f"give at least one of {', '.join(allowed)}",
                       at_key=True)
