"""`policy-pack new`: a commented starter profile with every key, ready to fill in.

Every place a person must write says FILL IN; `check` reports each one that is left, so a
half-filled starter can never be built by mistake.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import UsageError
from generator.policy import available_editions, fill_each_code
from generator.profile.fields import STARTER_MARK

STARTER = """\
# A policy-pack profile. Replace every "{mark}" with your own words, then run:
#   policy-pack check {name}
#   policy-pack build {name}
# Text in quotes stays text: keep the quotes around version numbers and account handles.
# Editors with a YAML language server (VS Code's YAML extension, for example) can check
# this file as you type: run `policy-pack schema > profile.schema.json` in this folder,
# then make this the first line of the file:
#   # yaml-language-server: $schema=profile.schema.json

schema_version: 1          # the profile format; leave as 1
base: "{base}"             # the base guidance edition: {editions}

department:
  name: "{mark}: the department's full name"
  short_name: "{mark}: the name used in sentences, e.g. DoF"
  slug: {slug}             # the output folder: lower-case letters, digits and hyphens
  jurisdiction: UK         # UK, GB, England, Scotland, Wales or NI; or a list, main one
                           # first, where the remit differs by function: [GB, UK]
  organisation: ministerial department  # or non-ministerial department, executive agency,
                           # arm's-length body, devolved administration
  language: en-GB          # the policy's language code: en-GB (its text is English)
  logo:                    # optional: delete these three lines if you have no logo
    file: "{mark}: path to an SVG or PNG inside this folder, e.g. logos/logo.svg"
    alt: "{mark}: what the logo shows, e.g. Department of Finance logo"

policy:
  title: "{mark}: the policy's title, or delete this line for the default"
  owner: "{mark}: the team that owns this policy"
  version: "1.0"           # your version number, in quotes
  effective: "{mark} as YYYY-MM-DD: the date the policy takes effect"
  review_by: "{mark} as YYYY-MM-DD: the date it must be reviewed by"
  classification: OFFICIAL # optional: the marking at the top and foot of every page
                           # (OFFICIAL or OFFICIAL-SENSITIVE); delete the line for none
  history:                 # optional: the document-control table, one entry a version
    - version: "1.0"
      date: "{mark} as YYYY-MM-DD: when this version was approved"
      changes: First version
      approved_by: "{mark}: who approved it, or delete this line"  # optional

channels:                  # your official accounts; copy the block for each one
  - platform: "{mark}: e.g. X (Twitter)"
    account: "{mark}: the handle or name, e.g. @example"
    url: "{mark}: the account's address, starting with https://"
    purpose: "{mark}: what the account is for"
    audience: "{mark}: who it is for"            # optional
    managed_by: "{mark}: the team that runs it"  # optional
    monitored: "{mark}: when it is watched"      # optional
    owner: "{mark}: who answers for it"          # optional
    administrators: "{mark}: who can post from it"  # optional
    approver: "{mark}: who approves its posts"   # optional
    language: en           # optional: it posts in en (English), cy (Welsh) or bilingual
    # paired_with: "@LlywodraethCym"  # optional, for an account in one language: its twin
    #                                 # in the other (delete the "# " in front to name it)

# The topics below are optional: delete any you do not need.
house_rules:               # the rules for comments; delete the block for the default rules
  hours: "{mark}: when you watch your accounts, e.g. We watch our accounts on weekdays."
  removed:                 # the comments you remove, one a line
    - abusive or discriminatory
    - unlawful, for example libel or contempt of court
    - off-topic, spam or advertising
    - holding personal information, such as a phone number or an address
  also:                    # rules of your own, one a line
    - "{mark}: e.g. This account cannot answer questions about your own case."

account_security:          # how you keep the accounts secure
  two_step_verification: Required on every account
  credentials_held_by: "{mark}: who holds the passwords"
  recovery_contact: "{mark}: who to call if an account is lost or taken over"
  leavers: "{mark}: what happens when someone with access leaves"

election_periods: |        # what your accounts do before an election
  {mark}: what your accounts post and stop posting before an election.

related_policies:          # policies to read with this one
  - title: "{mark}: its name, e.g. Standards of behaviour"
    url: "{mark}: its address, starting with https://"

records:                   # leave out `text` for the default for your jurisdiction
  foi_contact: "{mark}: the email address for freedom of information requests"

language_duties:           # the languages you post in, and why
  welsh: "{mark}: the Welsh Language Standards or scheme you follow, or delete this line"
  irish_ulster_scots: "{mark}: what you do about Irish and Ulster-Scots, or delete this line"

# A translation of the pack, once a translator has sent it back: run
#   policy-pack translate {name} --lang cy --out welsh-cy.xlf
# send the file to the translator, put the file they return in this folder, and name it
# here (delete the "# " in front of the line). `build` then writes the Welsh pack too.
# translations: {{cy: welsh-cy.xlf}}

# Rules for everyone who works for you, whether or not they post for you; optional, each
# left out until you delete the "# " in front of its lines. `true` sets the rule.
# also_covers: [contractors, agency staff, consultants]  # groups beyond your employees
# political_activity:        # where staff find their post's category for political activity
#   where_to_find_your_category: Your terms and conditions say which category your post is in.
#   guidance_url: https://www.gov.uk/government/publications/civil-servants-terms-and-conditions
# no_research_on_public: true    # staff must not look into customers or the public
# research_exceptions: |         # who may, when authorised (only with the line above)
#   Counter-fraud investigators may look at public posts when a senior manager agrees.
# no_recording_without_consent: true  # no recording or posting of calls, meetings or
#                                     # photos of colleagues without their consent
# messaging_apps:            # WhatsApp and similar apps
#   official_records: true   # messages about official business there are official records
#   text: |                  # your own rules for them
#     Copy any message that records a decision into our records system.
# Your equality duties: Northern Ireland bodies usually give their Section 75 equality
# screening statement here.
# equality: |
#   We screened this policy for its effect on equality of opportunity and good relations.
# And for your official accounts: they never carry party-political content.
# no_party_politics_on_official_accounts: true

contacts:                  # who to ask; each needs an email or a phone number
  - role: "{mark}: e.g. Digital engagement lead"
    name: "{mark}: a name, or delete this line"  # optional
    email: "{mark}: an email address"
    phone: "{mark}: a phone number, or delete this line"  # optional

local_rules:               # sections of your own; delete the entry if you have none
  - id: local.{mark_id}    # a stable ID starting with local.
    title: "{mark}: the section's heading"
    after: posting.checks  # the base section it follows (see base section IDs below)
    text: |
      {mark}: the section's text. Paragraphs, lists, *emphasis* and
      [links that name the page](https://www.gov.uk/) are allowed.
    reason: "{mark}: why you add it"     # every departure from the base needs a reason,
    approved_by: "{mark}: who agreed it" # who approved it,
    date: "{mark} as YYYY-MM-DD"         # and the date they did

adaptations:               # departures from the base, by base section ID
  posting.checks:
    action: adopt          # adopt keeps the base text; modify changes it; omit leaves it out
    # With action: modify, give `replace: |` (new text) or `append: |` (added text).
    # `title: Your heading` gives the section a heading of your own (adopt or modify).
    # With modify, omit or a title, also give reason, approved_by and date (YYYY-MM-DD).
    # Core sections cannot be omitted.

# The sections of base edition {base}: ID, then title ("core" sections cannot be omitted).
{sections}
"""


def write_starter(path: Path) -> str:
    """Write a starter profile at `path` (never over an existing file); return its text."""
    if path.exists():
        raise UsageError(f"{path} already exists; choose a new file name")
    if path.suffix not in (".yaml", ".yml"):
        raise UsageError(f"{path}: a profile's name ends in .yaml")
    editions = available_editions()
    base = sorted(editions)[-1]
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "my-department"
    width = max(len(s.id) for s in editions[base].sections())
    sections = "\n".join(
        f"#   {s.id:<{width}}  {fill_each_code(s.title)['Civil Service Code']}"
        f"{' (core)' if s.core else ''}"
        for s in editions[base].sections())
    text = STARTER.format(
        # As typed, unless absolute: a starter holds no path of the machine that wrote it.
        mark=STARTER_MARK, name=path.name if path.is_absolute() else path.as_posix(), base=base,
        editions=", ".join(sorted(editions)), slug=slug, mark_id="FILL-IN",
        sections=sections)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return text
