"""The words the base text uses for the body and its code of conduct (pure).

The base text names neither directly. It writes placeholders (docs/editions.md), and the
profile decides what they say:

- `department`: the profile's names, bare (`{{ department.short_name }}`) and as running
  text needs them (`{{ department.the_name }}`: "the Welsh Government", "DWP").
- `organisation`: the noun for the body the policy belongs to, from
  `department.organisation`: `{{ organisation.noun }}` ("agency"), `{{ organisation.the }}`
  ("the agency"), `{{ organisation.The }}` (at the start of a sentence), `{{ organisation.your }}`.
- `code`: the code of conduct that applies to the body's civil servants: the Civil Service
  Code; in Northern Ireland the NICS Code of Ethics; in the Welsh Government the version of
  the Civil Service Code published for it. Each has its own basis, impartiality wording and
  route for a concern, each only as far as a published source confirms it (docs/sources.md).
"""

from __future__ import annotations

from collections.abc import Mapping

from jinja2 import StrictUndefined
from jinja2.exceptions import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from generator.model import N_, Department, Jurisdiction, Organisation
from generator.policy.names import The, the

# The noun for each kind of body. A department is a department, ministerial or not; an
# executive agency calls itself an agency. An arm's-length body may be a commission, an
# authority, a council or a company, and a devolved administration calls itself a
# government or an executive: no one noun is right for all of them, and "organisation" is
# true of every one.
NOUNS: Mapping[Organisation, str] = {
    "ministerial department": N_("department"),
    "non-ministerial department": N_("department"),
    "executive agency": N_("agency"),
    "arm's-length body": N_("organisation"),
    "devolved administration": N_("organisation"),
}

# Where a civil servant of the Home Civil Service takes a concern under the Code: the line
# management chain, else the organisation's Nominated Officer, then the Civil Service
# Commission (the Commission's "How to raise a complaint"; docs/sources.md).
_HOME_CIVIL_SERVICE_CONCERNS = (
    "If you have a concern, raise it with your line manager or someone else in your "
    "management chain. If you cannot raise it there, go to a Nominated Officer, who "
    "advises staff on the Code. If you are still not satisfied, you can take it to the Civil "
    "Service Commission."
)

# The Civil Service Code (Constitutional Reform and Governance Act 2010, Part 1) covers the
# Home Civil Service that serves the UK Government.
_CIVIL_SERVICE_CODE: Mapping[str, str] = {
    "name": N_("the Civil Service Code"),
    "Name": "The Civil Service Code",
    "short": "the Code",
    # Where the text first names the code, the sentences that say what it is and, in NI
    # and in the Welsh Government, how it stands to the Civil Service Code the Cabinet
    # Office guidance names. Empty for the Civil Service Code itself: the guidance says it.
    "relation": "",
    "basis": "It is based on Part 1 of the Constitutional Reform and Governance Act 2010.",
    "impartiality": "act only on the merits of a case, and serve governments of any party "
                    "equally well",
    "appeals": "the Civil Service Commission",
    "concerns": _HOME_CIVIL_SERVICE_CONCERNS,
    # The Code's own words since 16 March 2015, under integrity. Whether the NICS Code of
    # Ethics or the Welsh Government's version says the same is not known: they say nothing.
    "media": "The Civil Service Code goes further: since March 2015 it has asked you to "
             "have “Ministerial authorisation for any contact with the media”. ",
}

# The Northern Ireland Civil Service has its own Code of Ethics with the same four values,
# under the Civil Service (Northern Ireland) Order 1999; impartiality there means serving
# equally well Ministers of different political persuasions. A concern is raised in the
# department; the Civil Service Commissioners for Northern Ireland hear an appeal when its
# answer is not reasonable. Whom in the department the Code names is not confirmed, so the
# text names no one (docs/sources.md).
_NICS_CODE_OF_ETHICS: Mapping[str, str] = {
    "name": N_("the NICS Code of Ethics"),
    "Name": "The NICS Code of Ethics",
    "short": "the Code of Ethics",
    "relation": "The Northern Ireland Civil Service (NICS) has its own code in place of the "
                "Civil Service Code: the NICS Code of Ethics. It has the same four core "
                "values. ",
    "basis": "It is made under the Civil Service (Northern Ireland) Order 1999, and the "
             "Department of Finance manages it.",
    "impartiality": "act only on the merits of a case, and serve equally well Ministers of "
                    "different political persuasions",
    "appeals": "the Civil Service Commissioners for Northern Ireland",
    "concerns": "If you have a concern under the Code of Ethics, raise it where you work "
                "first. If you think the answer is not reasonable, you can write to the Civil "
                "Service Commissioners for Northern Ireland.",
    "media": "",
}

# The Minister for the Civil Service may publish a separate code for the civil servants who
# serve the Welsh Government (Constitutional Reform and Governance Act 2010, section 5(2)),
# and the Civil Service Commission lists one. Its civil servants serve the Welsh Ministers,
# who account to the Senedd; they also follow the Welsh Government's own staff code of
# conduct. The Welsh Government words impartiality as serving whoever forms the government,
# whatever its politics. Concerns go to the Commission, as in the Home Civil Service, of
# which the Welsh Government's civil servants are part. Its version's wording on the media
# is not known, so the text says nothing of it (docs/sources.md).
_WELSH_GOVERNMENT_CODE: Mapping[str, str] = {
    "name": N_("the Civil Service Code"),
    "Name": "The Civil Service Code",
    "short": "the Code",
    # Where the text first names the code (often a section of the guidance): only how the
    # codes relate. What the code itself says goes in `basis`, in the code's own section.
    "relation": "Welsh Government civil servants follow a version of the Civil Service Code "
                "published for the Welsh Government. It has the same four core values. ",
    # The last sentence is the version's: "It has four core values" follows it.
    "basis": "Welsh Government civil servants serve the Welsh Ministers, who are accountable "
             "to the Senedd. They also follow the Welsh Government's own staff code of "
             "conduct. The Welsh Government's version of the Code is published under section "
             "5(2) of the Constitutional Reform and Governance Act 2010.",
    "impartiality": "act only on the merits of a case, and serve equally well whoever forms "
                    "the Welsh Government, whatever its politics",
    "appeals": "the Civil Service Commission",
    "concerns": _HOME_CIVIL_SERVICE_CONCERNS,
    "media": "",
}

# Every code a base text may be filled with: the edition loader checks each core section's
# points against each, so no jurisdiction's text can fail its own check.
CODES: Mapping[str, Mapping[str, str]] = {
    "Civil Service Code": _CIVIL_SERVICE_CODE,
    "NICS Code of Ethics": _NICS_CODE_OF_ETHICS,
    "Civil Service Code (Welsh Government)": _WELSH_GOVERNMENT_CODE,
}


def is_ni_body(jurisdictions: tuple[Jurisdiction, ...]) -> bool:
    """A Northern Ireland body, whose staff are in the NICS: NI is its only or its first
    (primary) jurisdiction. A UK-wide body that also lists NI follows the Civil Service Code."""
    return bool(jurisdictions) and jurisdictions[0] == "NI"


def is_welsh_government(organisation: Organisation,
                        jurisdictions: tuple[Jurisdiction, ...]) -> bool:
    """The Welsh Government itself: a devolved administration whose only or first
    jurisdiction is Wales. Its civil servants follow the version of the Civil Service Code
    published for it under section 5(2) of the Constitutional Reform and Governance Act 2010.
    A UK department or agency based in Wales (DVLA) serves UK Ministers, so it follows the
    UK Government's Code; so does a Welsh arm's-length body, whose staff may not be civil
    servants at all: its profile names its own code by modifying the code's section."""
    return (organisation == "devolved administration" and bool(jurisdictions)
            and jurisdictions[0] == "Wales")


def code_name(organisation: Organisation, jurisdictions: tuple[Jurisdiction, ...]) -> str:
    """The key in CODES of the code that applies to this body's civil servants."""
    if is_ni_body(jurisdictions):
        return "NICS Code of Ethics"
    if is_welsh_government(organisation, jurisdictions):
        return "Civil Service Code (Welsh Government)"
    return "Civil Service Code"


def code_terms(department: Department) -> Mapping[str, str]:
    """The `code` placeholders for this body's code of conduct."""
    return CODES[code_name(department.organisation, department.jurisdictions)]


def organisation_terms(organisation: Organisation) -> Mapping[str, str]:
    """The `organisation` placeholders: the noun, alone and with "the" and "your"."""
    noun = NOUNS[organisation]
    return {"noun": noun, "the": f"the {noun}", "The": f"The {noun}", "your": f"your {noun}"}


def department_terms(name: str, short_name: str) -> dict[str, str]:
    """The `department` placeholders: its names, and its short name as running text needs
    it, with "the" where English puts one ("the Welsh Government", but "DWP")."""
    return {"name": name, "short_name": short_name, "the_name": the(short_name),
            "The_name": The(short_name)}


def placeholder_values(department: Department, owner: str) -> dict[str, object]:
    """Every value the base text's placeholders may read (docs/editions.md)."""
    return {
        "department": department_terms(department.name, department.short_name),
        "policy": {"owner": owner},
        "organisation": organisation_terms(department.organisation),
        "code": code_terms(department),
    }


def fill_for(text: str, department: Department) -> str:
    """A base text (a heading) with its placeholders filled for this body; as written if a
    placeholder is unknown (the edition loader refuses those)."""
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    try:
        return env.from_string(text).render(placeholder_values(department, ""))
    except TemplateError:
        return text


def fill_each_code(text: str) -> dict[str, str]:
    """`text` filled once for each code of conduct, by the code's name, for a body named
    "the department": how the edition loader checks that a base text makes its own points
    whichever code fills it. Raises jinja2's TemplateError for a misspelt placeholder."""
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    template = env.from_string(text)
    base = {"department": department_terms("the department", "the department"),
            "policy": {"owner": "the policy's owner"},
            "organisation": organisation_terms("ministerial department")}
    return {name: template.render({**base, "code": code}) for name, code in CODES.items()}
