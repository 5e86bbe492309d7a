"""Reading the structured topics of a profile: house rules, account security, election
periods, related policies, records and language duties (the CONTRACT keys of design.md's
profile format, optional each).

A reader of fields like the rest of validation: every problem is collected with its line and
column, and a usable value is returned.
"""

from __future__ import annotations

from generator.model import AccountSecurity, HouseRules, RelatedPolicy, Topics
from generator.policy import DEFAULT_HOUSE_RULES, link_text_problem
from generator.profile.fields import WEB_ADDRESS, FieldReader
from generator.profile.load import KeyPath

TOPIC_KEYS = ("house_rules", "account_security", "election_periods", "related_policies",
              "records", "language_duties")
HOUSE_RULES_KEYS = ("hours", "removed", "blocking", "replies", "endorsement", "also")
SECURITY_KEYS = ("two_step_verification", "credentials_held_by", "recovery_contact", "leavers")
RELATED_KEYS = ("title", "url")
RECORDS_KEYS = ("text", "foi_contact")
LANGUAGE_KEYS = ("welsh", "irish_ulster_scots")
MAX_RELATED = 50



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
