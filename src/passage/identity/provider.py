# SPDX-License-Identifier: EUPL-1.2
"""A local OpenID provider shaped like the Belgian federal login (FAS / CSAM), for development
and tests. It is a simulator: no real identity is checked, and its page says so.

It runs the real protocol in its own process (``passage identity provider --port 8300``), so
the Django client is tested against HTTP, signatures and redirects, never against a mock::

    GET  /.well-known/openid-configuration   discovery
    GET  /authorize    authorization code flow; PKCE (S256), nonce and state required;
                       the page lets one pick a demo identity and the means (eID, itsme, TOTP)
    POST /authorize    that page's form: a code, redirected to redirect_uri with the state
    POST /token        client_secret_basic or client_secret_post; code_verifier checked;
                       a code is redeemed once (a second try revokes the first's tokens)
    GET  /jwks         the public signing key
    GET  /userinfo     Bearer access token: sub, givenName, surname, fedid, prefLanguage
                       (scope profile) and egovNRN (scope egovnrn)
    GET  /end_session  id_token_hint, post_logout_redirect_uri (same origin as a registered
                       redirect URI), state
    GET  /_provider/log  loopback callers only: what the provider did (tests read it)

Assurance levels as FAS names them: ``urn:be:fedict:iam:fas:Level450`` for the eID card and
itsme, ``urn:be:fedict:iam:fas:Level200`` for a TOTP app; ``acr_values`` asks for a minimum,
the page offers only the means that reach it, and the ID token's ``acr`` says which was used.

Fault injection, so the client's refusals are proven (``?fault=NAME`` on /authorize, carried
through the form; comma-separated for several):

    expired        the ID token expired ten minutes ago
    wrong_nonce    the ID token carries another nonce than the one asked for
    wrong_audience the ID token is for another client
    wrong_issuer   the ID token names another issuer
    bad_signature  signed by a key that is not published, under the published key id
    unknown_key    signed by a key that is not published, under a key id not in the JWKS
    replay_code    the code may be redeemed a second time (a correct provider refuses)
    repeat_jti     every ID token issued under this fault has the same jti (a token replayed)
    acr_downgrade  the ID token says Level200 whatever was asked and chosen

The signing key is an RSA key generated at start, or the PEM private key (RSA or EC P-256)
in the file named by ``PASSAGE_OIDC_PROVIDER_KEY_FILE``. Plain WSGI on the standard library's
threaded server: no Django here, so the process starts in a fraction of a second.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import json
import os
import re
import secrets
import socketserver
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeySet, RSAKey

from passage.identity.demo import DEMO_BY_KEY, DEMO_IDENTITIES, DemoIdentity
from passage.identity.levels import LEVEL_EID, LEVEL_TOTP, LEVELS, level_rank

# The means of the simulator's page, with the level each reaches (FAS: eID and itsme are the
# "substantial/high" means; a TOTP app is a lower one).
MEANS: dict[str, tuple[str, str]] = {
    "eid": (LEVEL_EID, "eID card with card reader"),
    "itsme": (LEVEL_EID, "itsme app"),
    "totp": (LEVEL_TOTP, "Username, password and TOTP app"),
}
SCOPES = ("openid", "profile", "egovnrn")
FAULTS = (
    "expired",
    "wrong_nonce",
    "wrong_audience",
    "wrong_issuer",
    "bad_signature",
    "unknown_key",
    "replay_code",
    "repeat_jti",
    "acr_downgrade",
)
KEY_FILE_ENV = "PASSAGE_OIDC_PROVIDER_KEY_FILE"
SECRET_ENV = "PASSAGE_OIDC_CLIENT_SECRET"  # noqa: S105 (a variable's name)
CODE_TTL = 60  # seconds a code may wait for its redemption
ID_TOKEN_TTL = 300
ACCESS_TOKEN_TTL = 600
# RFC 7636 §4.1: 43 to 128 characters of the unreserved set.
_VERIFIER = re.compile(r"^[A-Za-z0-9._~-]{43,128}$")


@dataclass(frozen=True)
class RegisteredClient:
    client_id: str
    secret: str
    redirect_uris: tuple[str, ...]

    def allows_post_logout(self, uri: str) -> bool:
        # A registered origin, as FAS registers post-logout addresses beside the redirect URIs.
        origin = _origin(uri)
        return bool(origin) and any(_origin(r) == origin for r in self.redirect_uris)


def _origin(uri: str) -> str:
    parts = urlsplit(uri)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in {"http", "https"} else ""


@dataclass
class _Grant:
    client_id: str
    redirect_uri: str
    identity: DemoIdentity
    scope: tuple[str, ...]
    nonce: str
    challenge: str
    acr: str
    means: str
    faults: frozenset[str]
    issued_at: float
    redemptions: int = 0
    access_tokens: list[str] = field(default_factory=list)


@dataclass
class _AccessToken:
    identity: DemoIdentity
    scope: tuple[str, ...]
    expires_at: float


def _load_or_generate_key() -> RSAKey | ECKey:
    path = os.environ.get(KEY_FILE_ENV, "").strip()
    if path:
        data = Path(path).read_bytes()
        key: RSAKey | ECKey
        try:
            key = RSAKey.import_key(data, parameters={"use": "sig"})
        except (JoseError, ValueError, TypeError):
            key = ECKey.import_key(data, parameters={"use": "sig"})
        if not key.is_private:
            raise ValueError(f"{KEY_FILE_ENV}: {path} is not an RSA or EC private key")
        return key
    return RSAKey.generate_key(2048, parameters={"use": "sig"}, private=True)


def _alg(key: RSAKey | ECKey) -> str:
    return "RS256" if isinstance(key, RSAKey) else "ES256"


class Provider:
    """The provider's state and its WSGI application (``provider(environ, start_response)``)."""

    def __init__(
        self,
        *,
        issuer: str,
        clients: Iterable[RegisteredClient],
        key: RSAKey | ECKey | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.issuer = issuer.rstrip("/")
        self.clients = {client.client_id: client for client in clients}
        self.key = key or _load_or_generate_key()
        self.kid = self.key.thumbprint()[:16]
        self.alg = _alg(self.key)
        # Never published: signs the tokens of the bad_signature and unknown_key faults.
        self._rogue = (
            RSAKey.generate_key(2048, private=True)
            if self.alg == "RS256"
            else ECKey.generate_key("P-256", private=True)
        )
        self.clock = clock
        self._lock = threading.Lock()
        self._grants: dict[str, _Grant] = {}
        self._tokens: dict[str, _AccessToken] = {}
        self.log: list[dict[str, Any]] = []

    # ---- WSGI ---------------------------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        routes: dict[str, Callable[[dict[str, Any]], _Response]] = {
            "/.well-known/openid-configuration": self._discovery,
            "/authorize": self._authorize,
            "/token": self._token,
            "/jwks": self._jwks,
            "/userinfo": self._userinfo,
            "/end_session": self._end_session,
            "/_provider/log": self._log,
        }
        handler = routes.get(path)
        if handler is None:
            response = _json({"error": "not_found"}, 404)
        elif method not in {"GET", "POST", "HEAD"}:
            response = _json({"error": "method_not_allowed"}, 405)
        else:
            try:
                response = handler(environ)
            except _BadRequest as exc:
                response = _json({"error": "invalid_request", "error_description": str(exc)}, 400)
        start_response(response.status_line, response.headers)
        return [response.body]

    # ---- endpoints ----------------------------------------------------------------------
    def metadata(self) -> dict[str, Any]:
        base = self.issuer
        return {
            "issuer": base,
            "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token",
            "userinfo_endpoint": f"{base}/userinfo",
            "jwks_uri": f"{base}/jwks",
            "end_session_endpoint": f"{base}/end_session",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": [self.alg],
            "scopes_supported": list(SCOPES),
            "claims_supported": [
                "sub",
                "egovNRN",
                "givenName",
                "surname",
                "fedid",
                "prefLanguage",
                "acr",
                "amr",
                "auth_time",
                "nonce",
            ],
            "acr_values_supported": list(LEVELS),
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "claims_parameter_supported": False,
            "request_parameter_supported": False,
        }

    def _discovery(self, environ: dict[str, Any]) -> _Response:
        return _json(self.metadata())

    def _jwks(self, environ: dict[str, Any]) -> _Response:
        return _json(self.jwks())

    def jwks(self) -> dict[str, Any]:
        public = self.key.as_dict(private=False)
        public.update(kid=self.kid, use="sig", alg=self.alg)
        return {"keys": [public]}

    def _authorize(self, environ: dict[str, Any]) -> _Response:
        form = _form(environ) if environ["REQUEST_METHOD"] == "POST" else _query(environ)
        client = self.clients.get(form.get("client_id", ""))
        redirect_uri = form.get("redirect_uri", "")
        # RFC 6749 §4.1.2.1: with an unknown client or redirect URI, tell the person, never
        # redirect (an open redirector otherwise).
        if client is None:
            return _page("Unknown client", "<p>The client_id is not registered.</p>", 400)
        if redirect_uri not in client.redirect_uris:
            return _page(
                "Unregistered redirect URI",
                "<p>The redirect_uri is not registered for this client.</p>",
                400,
            )
        state = form.get("state", "")
        problem = self._authorize_problem(form)
        if problem is not None:
            return _redirect(
                redirect_uri,
                {"error": problem[0], "error_description": problem[1], "state": state},
            )
        faults = frozenset(f for f in form.get("fault", "").split(",") if f)
        unknown = sorted(faults - set(FAULTS))
        if unknown:
            return _page(
                "Unknown fault",
                f"<p>Unknown fault {html.escape(', '.join(unknown))}; "
                f"known: {html.escape(', '.join(FAULTS))}.</p>",
                400,
            )
        minimum = self._requested_level(form)
        if environ["REQUEST_METHOD"] != "POST":
            return self._authorize_page(form, minimum, faults, errors={})
        if "cancel" in form:
            return _redirect(
                redirect_uri,
                {"error": "access_denied", "error_description": "cancelled", "state": state},
            )
        errors: dict[str, str] = {}
        identity = DEMO_BY_KEY.get(form.get("identity", ""))
        if identity is None:
            errors["identity"] = "Choose a demo identity."
        means = form.get("means", "")
        if means not in MEANS:
            errors["means"] = "Choose how to log in."
        elif level_rank(MEANS[means][0]) < level_rank(minimum):
            errors["means"] = "This means does not reach the level the service asks for."
        if errors or identity is None:
            return self._authorize_page(form, minimum, faults, errors=errors)
        code = secrets.token_urlsafe(32)
        with self._lock:
            self._prune()
            self._grants[code] = _Grant(
                client_id=client.client_id,
                redirect_uri=redirect_uri,
                identity=identity,
                scope=tuple(form["scope"].split()),
                nonce=form["nonce"],
                challenge=form["code_challenge"],
                acr=MEANS[means][0],
                means=means,
                faults=faults,
                issued_at=self.clock(),
            )
            self._event("authorize", identity=identity.key, means=means, faults=sorted(faults))
        return _redirect(redirect_uri, {"code": code, "state": state})

    def _authorize_problem(self, form: dict[str, str]) -> tuple[str, str] | None:
        if form.get("response_type") != "code":
            return "unsupported_response_type", "only response_type=code"
        scopes = form.get("scope", "").split()
        if "openid" not in scopes:
            return "invalid_scope", "scope must include openid"
        if set(scopes) - set(SCOPES):
            return "invalid_scope", f"unknown scope; supported: {' '.join(SCOPES)}"
        if not form.get("state"):
            return "invalid_request", "state is required"
        if not form.get("nonce"):
            return "invalid_request", "nonce is required"
        if not form.get("code_challenge"):
            return "invalid_request", "PKCE is required: code_challenge missing"
        if form.get("code_challenge_method") != "S256":
            return "invalid_request", "PKCE: code_challenge_method must be S256"
        for value in form.get("acr_values", "").split():
            if value not in LEVELS:
                return "invalid_request", f"unknown acr_values; supported: {' '.join(LEVELS)}"
        return None

    @staticmethod
    def _requested_level(form: dict[str, str]) -> str:
        asked = [v for v in form.get("acr_values", "").split() if v in LEVELS]
        # Several values are alternatives, any one acceptable: the lowest is the minimum.
        return min(asked, key=level_rank) if asked else LEVEL_TOTP

    def _authorize_page(
        self,
        form: dict[str, str],
        minimum: str,
        faults: frozenset[str],
        *,
        errors: dict[str, str],
    ) -> _Response:
        carried = (
            "response_type",
            "client_id",
            "redirect_uri",
            "scope",
            "state",
            "nonce",
            "code_challenge",
            "code_challenge_method",
            "acr_values",
            "fault",
        )
        hidden = "".join(
            f'<input type="hidden" name="{name}" value="{html.escape(form[name])}">'
            for name in carried
            if name in form
        )
        chosen = form.get("identity", "")
        described = ' aria-describedby="identity-error"' if "identity" in errors else ""
        identities = "".join(
            f'<li><input type="radio" name="identity" id="identity-{i}" '
            f'value="{html.escape(d.key)}"{" checked" if d.key == chosen else ""}'
            f"{described}> "
            f'<label for="identity-{i}">{html.escape(d.given_name)} {html.escape(d.surname)}'
            f" — {html.escape(d.description)} <small>({html.escape(d.key)}, "
            f"language {d.language})</small></label></li>"
            for i, d in enumerate(DEMO_IDENTITIES)
        )
        means_described = ' aria-describedby="means-error"' if "means" in errors else ""
        means_items = []
        for name, (level, label) in MEANS.items():
            enough = level_rank(level) >= level_rank(minimum)
            means_items.append(
                f'<li><input type="radio" name="means" id="means-{name}" value="{name}"'
                f"{' checked' if form.get('means') == name else ''}"
                f"{'' if enough else ' disabled'}{means_described}> "
                f'<label for="means-{name}">{html.escape(label)} <small>({level.rsplit(":", 1)[1]}'
                f"{'' if enough else ', not enough for this service'})</small></label></li>"
            )

        def error(name: str) -> str:
            if name not in errors:
                return ""
            return f'<p class="error" id="{name}-error"><strong>Error:</strong> {html.escape(errors[name])}</p>'

        fault_note = (
            f'<p class="fault">Fault injection active: {html.escape(", ".join(sorted(faults)))}.</p>'
            if faults
            else ""
        )
        summary = (
            '<div role="alert"><p><strong>Please correct the errors below.</strong></p></div>'
            if errors
            else ""
        )
        body = f"""
<p class="notice"><strong>Simulator.</strong> This is Passage's local stand-in for the Belgian
federal login (FAS/CSAM), for development and tests. No real identity is checked: pick a demo
identity and a means below.</p>
{fault_note}{summary}
<form method="post" action="{self.issuer}/authorize">
{hidden}
<fieldset><legend>Demo identity</legend>{error("identity")}<ul>{identities}</ul></fieldset>
<fieldset><legend>How to log in</legend>
<p>The service asks for at least {html.escape(minimum.rsplit(":", 1)[1])}.</p>
{error("means")}<ul>{"".join(means_items)}</ul></fieldset>
<p><button type="submit" name="login" value="1">Log in</button>
<button type="submit" name="cancel" value="1">Cancel</button></p>
</form>"""
        return _page("Federal login (simulator)", body, 400 if errors else 200)

    def _token(self, environ: dict[str, Any]) -> _Response:
        if environ["REQUEST_METHOD"] != "POST":
            return _json({"error": "invalid_request", "error_description": "POST only"}, 405)
        form = _form(environ)
        client = self._client_authenticated(environ, form)
        if client is None:
            response = _json({"error": "invalid_client"}, 401)
            response.headers.append(("WWW-Authenticate", 'Basic realm="token"'))
            return response
        if form.get("grant_type") != "authorization_code":
            return _json({"error": "unsupported_grant_type"}, 400)
        code = form.get("code", "")
        verifier = form.get("code_verifier", "")
        with self._lock:
            grant = self._grants.get(code)
            if grant is None or grant.client_id != client.client_id:
                return _token_error("invalid_grant", "unknown code")
            if self.clock() - grant.issued_at > CODE_TTL:
                return _token_error("invalid_grant", "code expired")
            if grant.redemptions and not ("replay_code" in grant.faults and grant.redemptions == 1):
                # RFC 6749 §4.1.2: a code used twice revokes what it was first exchanged for.
                for token in grant.access_tokens:
                    self._tokens.pop(token, None)
                self._event("token_refused", reason="code_reused")
                return _token_error("invalid_grant", "code already used")
            if form.get("redirect_uri") != grant.redirect_uri:
                return _token_error("invalid_grant", "redirect_uri does not match")
            if not verifier:
                self._event("token_refused", reason="pkce_missing")
                return _token_error("invalid_grant", "PKCE: code_verifier missing")
            if not _VERIFIER.match(verifier) or _s256(verifier) != grant.challenge:
                self._event("token_refused", reason="pkce_mismatch")
                return _token_error("invalid_grant", "PKCE: code_verifier does not match")
            grant.redemptions += 1
            access_token = secrets.token_urlsafe(32)
            self._tokens[access_token] = _AccessToken(
                identity=grant.identity,
                scope=grant.scope,
                expires_at=self.clock() + ACCESS_TOKEN_TTL,
            )
            grant.access_tokens.append(access_token)
            self._event("token", identity=grant.identity.key, redemption=grant.redemptions)
        body = {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": ACCESS_TOKEN_TTL,
            "scope": " ".join(grant.scope),
            "id_token": self._id_token(grant, client),
        }
        return _json(body, headers=[("Cache-Control", "no-store"), ("Pragma", "no-cache")])

    def _client_authenticated(
        self, environ: dict[str, Any], form: dict[str, str]
    ) -> RegisteredClient | None:
        header = environ.get("HTTP_AUTHORIZATION", "")
        if header.lower().startswith("basic "):
            try:
                decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
                raw_id, _, raw_secret = decoded.partition(":")
            except ValueError:
                return None
            # RFC 6749 §2.3.1: both parts are form-urlencoded before Basic encoding.
            client_id, secret = unquote(raw_id.replace("+", " ")), unquote(raw_secret)
            if "client_secret" in form:
                return None  # one method per request (RFC 6749 §2.3)
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        client = self.clients.get(client_id)
        if client is None or not secrets.compare_digest(client.secret, secret):
            return None
        return client

    def _id_token(self, grant: _Grant, client: RegisteredClient) -> str:
        now = int(self.clock())
        identity = grant.identity
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": identity.fedid,
            "aud": client.client_id,
            "azp": client.client_id,
            "iat": now,
            "exp": now + ID_TOKEN_TTL,
            "auth_time": int(grant.issued_at),
            "nonce": grant.nonce,
            "acr": grant.acr,
            "amr": [grant.means],
            "jti": secrets.token_urlsafe(16),
        }
        faults = grant.faults
        if "expired" in faults:
            claims.update(iat=now - 900, exp=now - 600)
        if "wrong_nonce" in faults:
            claims["nonce"] = secrets.token_urlsafe(16)
        if "wrong_audience" in faults:
            claims["aud"] = claims["azp"] = "another-client"
        if "wrong_issuer" in faults:
            claims["iss"] = self.issuer + "/elsewhere"
        if "acr_downgrade" in faults:
            claims["acr"] = LEVEL_TOTP
        if "repeat_jti" in faults:
            claims["jti"] = "repeated-jti-of-the-simulator"
        key: RSAKey | ECKey = self.key
        kid = self.kid
        if "bad_signature" in faults or "unknown_key" in faults:
            key = self._rogue
            kid = "not-published" if "unknown_key" in faults else self.kid
        return jwt.encode({"alg": self.alg, "kid": kid, "typ": "JWT"}, claims, key)

    def _userinfo(self, environ: dict[str, Any]) -> _Response:
        header = environ.get("HTTP_AUTHORIZATION", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else ""
        with self._lock:
            entry = self._tokens.get(token)
            if entry is not None and entry.expires_at < self.clock():
                self._tokens.pop(token, None)
                entry = None
        if entry is None:
            response = _json({"error": "invalid_token"}, 401)
            response.headers.append(("WWW-Authenticate", 'Bearer error="invalid_token"'))
            return response
        identity = entry.identity
        claims: dict[str, Any] = {"sub": identity.fedid}
        if "profile" in entry.scope:
            claims.update(
                givenName=identity.given_name,
                surname=identity.surname,
                fedid=identity.fedid,
                prefLanguage=identity.language,
            )
        if "egovnrn" in entry.scope:
            claims["egovNRN"] = identity.nrn
        return _json(claims, headers=[("Cache-Control", "no-store")])

    def _end_session(self, environ: dict[str, Any]) -> _Response:
        form = _form(environ) if environ["REQUEST_METHOD"] == "POST" else _query(environ)
        hint = form.get("id_token_hint", "")
        target = form.get("post_logout_redirect_uri", "")
        client: RegisteredClient | None = None
        subject = ""
        if hint:
            try:
                # An expired hint is still a valid hint (OpenID RP-Initiated Logout §2).
                keys = KeySet.import_key_set(self.jwks())  # type: ignore[arg-type]
                token = jwt.decode(hint, keys, algorithms=[self.alg])
            except (JoseError, ValueError):
                return _page("Logout", "<p>The id_token_hint was not issued here.</p>", 400)
            audience = token.claims.get("aud")
            client = self.clients.get(audience if isinstance(audience, str) else "")
            subject = str(token.claims.get("sub", ""))
        elif form.get("client_id"):
            client = self.clients.get(form["client_id"])
        with self._lock:
            for value, entry in list(self._tokens.items()):
                if subject and entry.identity.fedid == subject:
                    del self._tokens[value]
            self._event("end_session", sub=subject, hinted=bool(hint), redirect=target)
        if target:
            if client is None or not client.allows_post_logout(target):
                return _page(
                    "Logout",
                    "<p>You are logged out of the simulator. The post_logout_redirect_uri is "
                    "not registered, so you are not sent back.</p>",
                    400,
                )
            params = {"state": form["state"]} if form.get("state") else {}
            return _redirect(target, params)
        return _page("Logout", "<p>You are logged out of the federal login simulator.</p>")

    def _log(self, environ: dict[str, Any]) -> _Response:
        if environ.get("REMOTE_ADDR") not in {"127.0.0.1", "::1"}:
            return _json({"error": "forbidden"}, 403)
        with self._lock:
            return _json({"events": list(self.log)})

    def _prune(self) -> None:
        # Caller holds the lock. A long-running simulator keeps only what can still be used
        # (spent codes stay as long as their tokens, so a replay still finds and revokes them).
        now = self.clock()
        for code, grant in list(self._grants.items()):
            if now - grant.issued_at > CODE_TTL + ACCESS_TOKEN_TTL:
                del self._grants[code]
        for value, token in list(self._tokens.items()):
            if token.expires_at < now:
                del self._tokens[value]

    def _event(self, kind: str, **details: Any) -> None:
        # Caller holds the lock. Names and outcomes only: no codes, tokens or numbers.
        self.log.append({"event": kind, "at": self.clock(), **details})
        del self.log[:-500]


# ---- small HTTP helpers -----------------------------------------------------------------
@dataclass
class _Response:
    status: int
    body: bytes
    headers: list[tuple[str, str]]

    @property
    def status_line(self) -> str:
        reasons = {200: "OK", 302: "Found", 400: "Bad Request", 401: "Unauthorized"}
        reasons |= {403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed"}
        return f"{self.status} {reasons.get(self.status, 'Status')}"


class _BadRequest(ValueError):
    pass


def _json(
    body: dict[str, Any], status: int = 200, headers: list[tuple[str, str]] | None = None
) -> _Response:
    data = json.dumps(body).encode()
    return _Response(
        status,
        data,
        [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
        + (headers or []),
    )


def _token_error(error: str, description: str) -> _Response:
    return _json(
        {"error": error, "error_description": description}, 400, [("Cache-Control", "no-store")]
    )


def _page(title: str, body: str, status: int = 200) -> _Response:
    document = f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body{{font-family:system-ui,sans-serif;max-width:44rem;margin:1rem auto;padding:0 1rem;
line-height:1.5;color:#1a1a1a}}
.notice{{border-left:.4rem solid #b35c00;background:#fff4e5;padding:.5rem 1rem}}
.fault{{border-left:.4rem solid #a00;background:#fde8e8;padding:.5rem 1rem}}
.error{{color:#a00}} ul{{list-style:none;padding-left:0}} li{{margin:.3rem 0}}
fieldset{{margin:1rem 0}} button{{font-size:1rem;padding:.4rem 1rem;margin-right:.5rem}}
</style></head>
<body><main><h1>{html.escape(title)}</h1>{body}</main></body></html>"""
    data = document.encode()
    return _Response(
        status,
        data,
        [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(data))),
            ("Cache-Control", "no-store"),
            ("X-Frame-Options", "DENY"),
        ],
    )


def _redirect(uri: str, params: dict[str, str]) -> _Response:
    query = urlencode({k: v for k, v in params.items() if v})
    location = uri + (("&" if "?" in uri else "?") + query if query else "")
    return _Response(302, b"", [("Location", location), ("Cache-Control", "no-store")])


def _single(values: dict[str, list[str]]) -> dict[str, str]:
    for name, items in values.items():
        if len(items) > 1:
            # RFC 6749 §3.1: a parameter must not be repeated.
            raise _BadRequest(f"parameter {name} is repeated")
    return {name: items[0] for name, items in values.items()}


def _query(environ: dict[str, Any]) -> dict[str, str]:
    return _single(parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True))


def _form(environ: dict[str, Any]) -> dict[str, str]:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > 64 * 1024:
        raise _BadRequest("body too large")
    raw = environ["wsgi.input"].read(length) if length else b""
    return _single(parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True))


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


# ---- the server ---------------------------------------------------------------------------
class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _Handler(WSGIRequestHandler):
    quiet = True

    def log_message(self, format: str, *args: Any) -> None:
        if not self.quiet:
            # The path without its query: codes and hints travel in queries.
            sys.stderr.write(f"provider: {self.command} {self.path.split('?', 1)[0]}\n")


def serve(
    *,
    host: str,
    port: int,
    client_id: str,
    client_secret: str,
    redirect_uris: list[str],
    issuer: str | None = None,
    quiet: bool = False,
) -> None:
    """Serve until interrupted. Prints ``listening on URL`` once bound (port 0: a free one)."""
    _Handler.quiet = quiet
    server = make_server(
        host, port, lambda e, s: [], server_class=_ThreadingServer, handler_class=_Handler
    )
    bound_port = server.server_address[1]
    url_host = f"[{host}]" if ":" in host else host
    provider = Provider(
        issuer=issuer or f"http://{url_host}:{bound_port}",
        clients=[RegisteredClient(client_id, client_secret, tuple(redirect_uris))],
    )
    server.set_app(provider)
    print(f"Federal login simulator listening on {provider.issuer}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8300)
    parser.add_argument("--client-id", default="passage-dev")
    parser.add_argument("--redirect-uri", action="append", required=True)
    parser.add_argument("--issuer", default=None)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    secret = os.environ.get(SECRET_ENV, "")
    if not secret:
        parser.exit(2, f"error: {SECRET_ENV} must be set (the client's secret)\n")
    try:
        serve(
            host=args.host,
            port=args.port,
            client_id=args.client_id,
            client_secret=secret,
            redirect_uris=args.redirect_uri,
            issuer=args.issuer,
            quiet=args.quiet,
        )
    except (OSError, ValueError) as exc:
        parser.exit(2, f"error: {exc}\n")


if __name__ == "__main__":
    main()


__all__ = ["LEVEL_EID", "LEVEL_TOTP", "Provider", "RegisteredClient", "level_rank", "serve"]
