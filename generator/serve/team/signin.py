"""Signing in to a team's editor through the organisation's single sign-on (OpenID Connect,
with Authlib's Flask client), and the check before every request.

- A person not signed in who opens a page is sent to the sign-in page, whose one button is
  a POST with its CSRF token (no other site can start a sign-in for them), which sends
  them to the provider: authorization code with PKCE (S256), state and nonce (Authlib).
- The provider sends them back to /signed-in: Authlib checks the state against this
  browser's session (a code and state from someone else's sign-in are refused: login
  CSRF), trades the code for the tokens and checks the ID token (signature from the
  provider's keys, issuer, audience (this editor's client id must be in `aud`, not only
  in `azp`), expiry, nonce). An address is required (the claim sign_in.email_claim
  names, `email` by default), of at most 254 characters, one line, no spaces. With the
  `email` claim, email_verified must be sent and be true (or "true", as some providers'
  userinfo sends it): an address the provider has not verified could be anyone's.
- A new session then begins (sessions.py): the cookie is cleared and given a new random
  id, so nothing a browser held before the sign-in carries over (no fixation). The cookie
  is Flask's, signed with POLICY_PACK_SECRET: HttpOnly, SameSite=Lax (the provider's
  redirect back is a navigation from another site, which Strict would send without it),
  Secure when the editor's address is https.
- Signing out is a POST from every page's header: the session is removed from the
  registry, so the old cookie, replayed, is refused.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import OAuth
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
)
from joserfc.errors import JoseError  # the ID token's checks (Authlib 1.7+ uses joserfc)
from werkzeug.wrappers import Response as Answer

from generator.errors import UsageError
from generator.serve.people import ROLES_KEY, Person
from generator.serve.security import local_path
from generator.serve.team.access import EMAIL, AccessFile, SignIn, address_key
from generator.serve.team.guard import RULES
from generator.serve.team.sessions import Sessions

team = Blueprint("team", __name__)
SIGN_IN = "/sign-in"
CALLBACK = "/signed-in"
PROVIDER = "sso"  # the name the provider is registered under with Authlib
TEAM_KEY = "policy_pack_team"
# The sign-in's own pages: never a page to go on to once signed in.
OWN_PAGES = (SIGN_IN, CALLBACK, "/sign-out", "/signed-out")
EMAIL_LONGEST = 254  # the longest address SMTP carries (RFC 5321 4.5.3.1.3)
NAME_LONGEST = 200  # a name is cut to this: the header and each commit's author show it
_QUERY = re.compile(r"[A-Za-z0-9._~%&=+,:-]*")  # a query of the editor's own links
_ADDRESS = re.compile(r"[^\s@]+@[^\s@]+")  # one @, something each side, no spaces
log = logging.getLogger(__name__)

# What the sign-in page says above its button, by why the person is there.
REASONS = {
    "ended": "Your sign-in has ended: it lasts a few hours at most, and ends after an hour "
             "unused. Sign in again to carry on.",
    "signed-out": "",
    "": "",
}
# The provider's refusals (OAuth 2.0's error codes, RFC 6749 4.1.2.1) in fixed words:
# the error_description is never shown, since anyone can send a person a link to
# /signed-in?error=x&error_description=ANY TEXT and have the editor's page say it.
CANCELLED = "You chose not to sign in."
REFUSED = "The sign-in service refused the sign-in."
PROVIDER_ERRORS = {"access_denied": CANCELLED}


class Team:
    """A team's editor: its access file, the provider's client, the live sessions."""

    def __init__(self, access: AccessFile, oauth: OAuth, sessions: Sessions) -> None:
        self.access = access
        self.oauth = oauth
        self.sessions = sessions

    @property
    def sign_in(self) -> SignIn:
        return self.access.sign_in

    def provider(self) -> Any:
        return self.oauth.create_client(PROVIDER)

    def provider_origins(self) -> tuple[str, ...]:
        """The origins of the provider's issuer and sign-in page (the CSP's form-action)."""
        metadata: Mapping[str, object] = self.provider().server_metadata or {}
        found = {self.sign_in.issuer, str(metadata.get("authorization_endpoint", ""))}
        return tuple(sorted({_origin(url) for url in found if url.startswith("http")}))

    def end_session_endpoint(self) -> str:
        metadata: Mapping[str, object] = self.provider().server_metadata or {}
        found = metadata.get("end_session_endpoint")
        return found if isinstance(found, str) and found.startswith("http") else ""


class SignedIn:
    """The laptop's gate (security.Gate) as pages ask it, in team mode: "admitted" is
    "signed in", so that what a page allows a signed-in browser (the translations'
    larger upload) it allows a person signed in."""

    def __init__(self, sessions: Sessions) -> None:
        self.sessions = sessions

    def admitted(self) -> bool:
        sid = session.get("sid")
        return isinstance(sid, str) and self.sessions.use(sid) is not None


def the_team() -> Team:
    found: Team = current_app.extensions[TEAM_KEY]
    return found


def install(app: Flask, access: AccessFile, secret: str, client_secret: str) -> Team:
    """Team mode on `app`: its cookie, the provider's client, the sign-in's pages, and the
    roles behind people.may. The provider's discovery document is read at once (a
    UsageError naming the issuer when it cannot be), so that a wrong issuer stops the
    start, not the first person's sign-in."""
    sign_in = access.sign_in
    app.secret_key = secret
    app.config.update(SESSION_COOKIE_NAME="policy_pack_team", SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SECURE=sign_in.secure,
                      # Not SSL-strict: it wants a Referer, which no browser sends to
                      # pages that say Referrer-Policy: no-referrer (security.py). The CSRF
                      # token and the SameSite cookie guard every form.
                      WTF_CSRF_TIME_LIMIT=None, WTF_CSRF_SSL_STRICT=False)
    oauth = OAuth(app)
    oauth.register(PROVIDER, client_id=sign_in.client_id, client_secret=client_secret,
                   server_metadata_url=f"{sign_in.issuer}/.well-known/openid-configuration",
                   client_kwargs={"scope": sign_in.scope, "code_challenge_method": "S256",
                                  "timeout": 10})
    found = Team(access, oauth, Sessions(sign_in.session_hours * 3600,
                                         sign_in.idle_minutes * 60))
    _discover(found)
    app.extensions[TEAM_KEY] = found
    app.extensions["policy_pack_gate"] = SignedIn(found.sessions)  # security.gate()
    app.extensions[ROLES_KEY] = access
    # For the pages: the departments of the person's roles that have no profile (the
    # list of profiles), and who edits a profile (its pages, read by a reviewer).
    app.jinja_env.globals.update(unstarted=_unstarted, read_only_words=read_only_words)
    app.register_blueprint(team)
    return found


def _unstarted() -> tuple[str, ...]:
    person = g.get("person")
    return the_team().access.unstarted(person) if isinstance(person, Person) else ()


def read_only_words(profile: str) -> str:
    """What a page of `profile` says to a person who may read it but not change it: that,
    and who changes it (the access file's editors of its department, and administrators)."""
    department = profile.removesuffix(".yaml")
    named = [e.replace("group:", "the group ", 1)
             for e in the_team().access.rules().editors_of(department)]
    if not named:
        return (f"You can read this page. Nobody edits {department} yet: an administrator "
                "can change it, or name its editors.")
    listed = ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]
    return f"You can read this page. Editors of {department} ({listed}) change it."


def _discover(found: Team) -> None:
    tried = f"{found.sign_in.issuer}/.well-known/openid-configuration"
    try:
        metadata = found.provider().load_server_metadata()
    except (requests.RequestException, ValueError, OAuthError) as exc:
        raise UsageError(f"team mode cannot start: the sign-in provider's settings could "
                         f"not be read from {tried} ({type(exc).__name__}). Check "
                         "sign_in.issuer in team/access.yaml (or POLICY_PACK_ISSUER), and "
                         "that this machine can reach it.") from None
    if metadata.get("issuer", "").rstrip("/") != found.sign_in.issuer:
        raise UsageError(f"team mode cannot start: {tried} names its issuer as "
                         f"{metadata.get('issuer')!r}, not {found.sign_in.issuer!r}. Give "
                         "sign_in.issuer exactly as the provider names itself.")


def admit() -> Answer | None:
    """Before every request but the public ones: find the signed-in person, or send a
    person not signed in to the sign-in page (a GET), or refuse a form (401: its
    answers are shown back by the error page)."""
    rule = RULES.get(request.endpoint or "")
    if rule is not None and rule.get == "public":
        return None
    sid = session.get("sid")
    person = the_team().sessions.use(sid) if isinstance(sid, str) else None
    if person is None:
        if sid is not None:  # a sign-in that has ended (or was ended elsewhere)
            session.pop("sid", None)
            session["reason"] = "ended"
        if request.method in ("GET", "HEAD"):
            session["next"] = _asked()
            return redirect(SIGN_IN, 303)
        abort(401)
    g.person = person
    return None


@team.get(SIGN_IN)
def sign_in() -> str:
    reason = session.pop("reason", "")
    return render_template("sign_in.html.j2", reason=REASONS.get(reason, ""),
                           errors=[])


@team.post(SIGN_IN)
def start_sign_in() -> Answer:
    """To the provider (the POST passed the CSRF check, as every POST does)."""
    then = request.form.get("next", "")
    if _local(then):
        session["next"] = then
    return the_team().provider().authorize_redirect(  # type: ignore[no-any-return]
        redirect_uri=f"{the_team().sign_in.address}{CALLBACK}")


@team.get(CALLBACK)
def signed_in() -> Answer | tuple[str, int]:
    """The provider's answer: check it, start a new session, go to the page first asked."""
    if request.args.get("error"):
        log.warning("the provider refused a sign-in: %.100r", request.args["error"])
        return _refused(PROVIDER_ERRORS.get(request.args["error"], REFUSED))
    try:
        claims = _claims(the_team())
    except (OAuthError, JoseError) as exc:
        log.warning("sign-in refused: %s", exc)
        return _refused("This sign-in could not be checked, so it was refused. It may have "
                        "been started in another window, or taken too long. Sign in again "
                        "from this page.")
    except requests.RequestException as exc:
        log.warning("the provider could not be reached: %s", exc)
        return _refused("The single sign-on could not be reached, so you are not signed "
                        "in. Try again in a few minutes.")
    person = person_of(claims, the_team().sign_in)
    if person is None:
        return _refused("The single sign-on did not give a verified email address, which "
                        "the editor needs to know who you are. Ask an administrator.")
    then = session.get("next", "")
    session.clear()  # nothing of the browser's session before the sign-in carries over
    session["sid"] = the_team().sessions.start(person)
    return redirect(then if _local(then) else "/", 303)


@team.post("/sign-out")
def sign_out() -> Answer:
    sid = session.get("sid")
    if isinstance(sid, str):
        the_team().sessions.end(sid)
    session.clear()
    return redirect("/signed-out", 303)


@team.get("/signed-out")
def signed_out() -> str:
    return render_template("signed_out.html.j2", provider=the_team().end_session_endpoint())


def _claims(found: Team) -> dict[str, object]:
    """The ID token's claims, checked by Authlib; with the userinfo's when the token
    lacks the email or the groups (providers that follow OIDC Core 5.4 put the claims
    asked for by scope only there). The userinfo is taken only for the same subject."""
    provider = found.provider()
    token = provider.authorize_access_token(claims_options=id_token_options(found))
    claims = dict(token.get("userinfo") or {})
    if not claims.get("sub"):
        raise OAuthError(description="no ID token")
    wanted = found.sign_in.groups_claim
    if "email" not in claims or wanted not in claims:
        extra = dict(provider.userinfo(token=token))
        if extra.get("sub") == claims["sub"]:
            claims = extra | claims
    return claims


def id_token_options(found: Team) -> dict[str, dict[str, object]]:
    """What Authlib checks of the ID token's claims beyond its signature and nonce: the
    issuer the provider's discovery named, and this editor's client id among the
    audiences. Without options Authlib checks only the issuer, and the audience only
    through `azp`, so a token made for another client that named this one as its `azp`
    was taken (OIDC Core 3.1.3.7, steps 2 and 3: aud MUST contain the client id)."""
    metadata: Mapping[str, object] = found.provider().server_metadata or {}
    return {"iss": {"essential": True, "values": [metadata.get("issuer", found.sign_in.issuer)]},
            "aud": {"essential": True, "values": [found.sign_in.client_id]}}


def person_of(claims: Mapping[str, object], sign_in: SignIn) -> Person | None:
    """The person the provider's claims name, or None when they do not name one the
    editor can trust: no address, an address too long or not one line, or (with the
    `email` claim) one the provider does not say it has verified."""
    email = claims.get(sign_in.email_claim)
    if not isinstance(email, str) or len(email) > EMAIL_LONGEST \
            or not email.isprintable() or _ADDRESS.fullmatch(email) is None:
        return None
    if not _verified(claims, sign_in.email_claim):
        return None
    groups = claims.get(sign_in.groups_claim) or ()
    listed = groups if isinstance(groups, list | tuple) else (groups,)
    return Person(address_key(email), _name(claims.get("name"), email),
                  frozenset(group for group in listed if isinstance(group, str)))


def _verified(claims: Mapping[str, object], email_claim: str) -> bool:
    """email_verified, when sent, must be true (JSON's true, or the string "true" that
    some userinfo endpoints send: "false" is a non-empty string, never a yes). When it is
    not sent: refused for the `email` claim (OIDC Core 5.1 says an RP must not rely on an
    unverified email), taken for another claim the access file names (email_claim:
    preferred_username for Entra ID), which the provider's administrators set."""
    if "email_verified" in claims:
        return claims["email_verified"] is True or claims["email_verified"] == "true"
    return email_claim != EMAIL


def _name(name: object, email: str) -> str:
    """The name to show and to author commits with: one line of printable characters,
    cut at NAME_LONGEST; the address when the provider gives none."""
    if not isinstance(name, str):
        return email
    line = " ".join("".join(c if c.isprintable() else " " for c in name).split())
    return line[:NAME_LONGEST].strip() or email



def _refused(text: str) -> tuple[str, int]:
    return render_template("sign_in.html.j2", reason=text, errors=[]), 400


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _asked() -> str:
    """The page asked for, with its query (/reviews/signoff?profile=dwp.yaml is another
    page without it), as its path and query arrived."""
    query = request.query_string.decode("latin-1")
    return f"{request.path}?{query}" if query else request.path


def _local(path: object) -> bool:
    """A page of this editor to go on to once signed in: not the sign-in's own pages
    (a sign-in that ended on /sign-in, or on /sign-out, would begin again). Its path as
    security.local_path allows; its query, if any, of the characters a query of the
    editor's own uses (no slash, backslash, space or line break: a query cannot lead off
    the server once the path is local, but nothing odd is carried through the sign-in)."""
    if not isinstance(path, str):
        return False
    place, mark, query = path.partition("?")
    return local_path(place) and not place.startswith(OWN_PAGES) and (
        not mark or _QUERY.fullmatch(query) is not None)
