# SPDX-License-Identifier: EUPL-1.2
"""The OpenID Connect client for the federal login (FAS/CSAM or the local simulator).

Authorization code flow with PKCE (S256), nonce and state (OpenID Connect Core §3.1), built
on authlib's OAuth2 client for the authorize URL and the token request and on joserfc for the
ID token. Every check the client owes is made here, each refusal with its own reason
(``LoginRefused.reason``) so the page can say what went wrong:

- state: the callback must answer a login this browser session started (then it is spent);
- the code: used once, recorded by digest in ``LoginReplayGuard`` before it is exchanged;
- the ID token: signature against the provider's JWKS (the key id must be published), ``iss``
  equal to the configured issuer, ``aud`` containing our client id (and ``azp`` ours when
  there are several), ``exp`` in the future and ``iat`` not in it (60 s leeway), ``nonce``
  the one sent, ``acr`` at least the level asked for, ``jti`` never seen before;
- userinfo: its ``sub`` must be the ID token's (Core §5.3.2), and ``egovNRN`` a valid number.

Nothing here logs a token, a code or a national register number.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
from authlib.integrations.requests_client import OAuth2Session, OAuthError
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    DecodeError,
    InvalidKeyIdError,
    JoseError,
    MissingKeyError,
    UnsupportedAlgorithmError,
)
from joserfc.jwk import KeySet

from passage.casework.crypto import nrn_is_valid, nrn_normalise
from passage.identity.levels import level_rank

SCOPE = "openid profile egovnrn"
LEEWAY = 60  # seconds of clock difference tolerated between Passage and the provider
PENDING_KEY = "passage_oidc_pending"
PENDING_MAX = 5  # logins started in other tabs stay answerable, up to this many
PENDING_TTL = 15 * 60
METADATA_TTL = 15 * 60
ALGORITHMS = ["RS256", "PS256", "ES256"]


class LoginRefused(Exception):
    """A federal login that must not open a session; ``reason`` names which check failed."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ProviderConfig:
    issuer: str
    discovery_url: str
    client_id: str
    client_secret: str
    token_auth: str
    acr_values: str
    timeout: float


@dataclass(frozen=True)
class VerifiedLogin:
    """What a successful callback established. ``nrn`` is for mapping only: never store it."""

    nrn: str
    claims: dict[str, Any]
    acr: str
    id_token: str
    next_url: str
    step_up_user: int | None


def configured() -> bool:
    return bool(settings.PASSAGE_OIDC_ISSUER)


def provider_config() -> ProviderConfig:
    issuer = settings.PASSAGE_OIDC_ISSUER.rstrip("/")
    if not issuer:
        raise ImproperlyConfigured("PASSAGE_OIDC_ISSUER is not set")
    parts = urlsplit(issuer)
    if parts.scheme != "https" and parts.hostname not in {"127.0.0.1", "localhost", "::1"}:
        # Tokens and the register number cross this connection: plain HTTP only on loopback.
        raise ImproperlyConfigured("PASSAGE_OIDC_ISSUER must be https:// (http only on loopback)")
    return ProviderConfig(
        issuer=issuer,
        discovery_url=settings.PASSAGE_OIDC_DISCOVERY_URL
        or f"{issuer}/.well-known/openid-configuration",
        client_id=settings.PASSAGE_OIDC_CLIENT_ID,
        client_secret=settings.PASSAGE_OIDC_CLIENT_SECRET,
        token_auth=settings.PASSAGE_OIDC_TOKEN_AUTH,
        acr_values=settings.PASSAGE_OIDC_ACR_VALUES,
        timeout=settings.PASSAGE_OIDC_TIMEOUT,
    )


# ---- discovery and keys, cached per process ------------------------------------------------
_cache_lock = threading.Lock()
_metadata_cache: dict[str, tuple[float, dict[str, Any]]] = {}
_jwks_cache: dict[str, tuple[float, KeySet]] = {}


def _get_json(url: str, timeout: float) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=timeout, headers={"Accept": "application/json"})
        response.raise_for_status()
        body = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise LoginRefused("provider_unreachable") from exc
    if not isinstance(body, dict):
        raise LoginRefused("provider_unreachable")
    return body


def provider_metadata(config: ProviderConfig) -> dict[str, Any]:
    with _cache_lock:
        cached = _metadata_cache.get(config.discovery_url)
    if cached and time.monotonic() - cached[0] < METADATA_TTL:
        return cached[1]
    metadata = _get_json(config.discovery_url, config.timeout)
    # Discovery §4.3: the document must name the issuer we were configured with.
    if metadata.get("issuer", "").rstrip("/") != config.issuer:
        raise LoginRefused("issuer")
    with _cache_lock:
        _metadata_cache[config.discovery_url] = (time.monotonic(), metadata)
    return metadata


def _key_set(metadata: dict[str, Any], config: ProviderConfig, *, refresh: bool) -> KeySet:
    uri = str(metadata.get("jwks_uri", ""))
    with _cache_lock:
        cached = _jwks_cache.get(uri)
    # A key id we do not know may be a rotated key: fetch again, but at most every 10 s.
    if cached and not (refresh and time.monotonic() - cached[0] > 10):
        return cached[1]
    try:
        keys = KeySet.import_key_set(_get_json(uri, config.timeout))  # type: ignore[arg-type]
    except (JoseError, ValueError, TypeError, KeyError) as exc:
        raise LoginRefused("signature") from exc
    with _cache_lock:
        _jwks_cache[uri] = (time.monotonic(), keys)
    return keys


def cache_clear() -> None:
    with _cache_lock:
        _metadata_cache.clear()
        _jwks_cache.clear()


# ---- the flow --------------------------------------------------------------------------------
def _client(config: ProviderConfig, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        client_id=config.client_id,
        client_secret=config.client_secret,
        token_endpoint_auth_method=config.token_auth,
        scope=SCOPE,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        default_timeout=config.timeout,
    )


def authorization_url(
    session: Any,
    *,
    redirect_uri: str,
    next_url: str,
    acr: str | None = None,
    language: str = "",
    step_up_user: int | None = None,
) -> str:
    """Start a login: remember state, nonce and PKCE verifier in the session and return the
    provider's authorize URL to redirect the browser to."""
    config = provider_config()
    metadata = provider_metadata(config)
    state = secrets.token_urlsafe(24)
    nonce = secrets.token_urlsafe(24)
    verifier = secrets.token_urlsafe(48)  # 64 characters (RFC 7636 §4.1: 43 to 128)
    acr_values = acr or config.acr_values
    pending = {
        k: v
        for k, v in (session.get(PENDING_KEY) or {}).items()
        if time.time() - v.get("at", 0) < PENDING_TTL
    }
    pending[state] = {
        "nonce": nonce,
        "verifier": verifier,
        "acr": acr_values,
        "next": next_url,
        "at": time.time(),
        "step_up_user": step_up_user,
    }
    session[PENDING_KEY] = dict(list(pending.items())[-PENDING_MAX:])
    extra: dict[str, str] = {"nonce": nonce, "acr_values": acr_values}
    if language:
        extra["ui_locales"] = language
    if step_up_user is not None:
        extra["prompt"] = "login"  # a step-up must authenticate again, not reuse a session
    url, _ = _client(config, redirect_uri).create_authorization_url(
        metadata["authorization_endpoint"], state=state, code_verifier=verifier, **extra
    )
    return str(url)


def end_session_url(id_token: str, post_logout_redirect_uri: str) -> str | None:
    """The provider's logout address (RP-Initiated Logout 1.0), or None without one."""
    if not configured():
        return None
    try:
        metadata = provider_metadata(provider_config())
    except LoginRefused:
        return None
    endpoint = metadata.get("end_session_endpoint")
    if not endpoint:
        return None
    query = {"id_token_hint": id_token, "post_logout_redirect_uri": post_logout_redirect_uri}
    return f"{endpoint}?{urlencode(query)}"


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def verify_callback(session: Any, params: dict[str, str], *, redirect_uri: str) -> VerifiedLogin:
    """Check the provider's answer to a login this session started; raise LoginRefused.

    ``params`` are the callback's query parameters. The state is spent whatever the outcome.
    The code and the ID token are recorded in ``LoginReplayGuard`` as they are checked, in
    autocommit: call this outside ``transaction.atomic`` so a refused code stays spent.
    """
    from passage.identity.services import replay_guard_claim

    pending_all = dict(session.get(PENDING_KEY) or {})
    pending = pending_all.pop(params.get("state", ""), None)
    session[PENDING_KEY] = pending_all
    if params.get("error"):
        raise LoginRefused("cancelled" if params["error"] == "access_denied" else "provider_error")
    if pending is None or time.time() - pending.get("at", 0) > PENDING_TTL:
        raise LoginRefused("state")
    code = params.get("code", "")
    if not code:
        raise LoginRefused("provider_error")
    if not replay_guard_claim(kind="code", digest=_digest(code)):
        raise LoginRefused("code_replayed")

    config = provider_config()
    metadata = provider_metadata(config)
    client = _client(config, redirect_uri)
    try:
        token = client.fetch_token(
            metadata["token_endpoint"],
            grant_type="authorization_code",
            code=code,
            code_verifier=pending["verifier"],
        )
    except OAuthError as exc:
        raise LoginRefused("code_rejected") from exc
    except (requests.RequestException, ValueError) as exc:
        raise LoginRefused("provider_unreachable") from exc
    id_token = token.get("id_token")
    access_token = token.get("access_token")
    if not id_token or not access_token:
        raise LoginRefused("provider_error")

    claims = _verify_id_token(str(id_token), metadata, config, nonce=pending["nonce"])
    if level_rank(str(claims.get("acr", ""))) < level_rank(pending["acr"]):
        raise LoginRefused("assurance")
    jti = str(claims.get("jti") or _digest(str(id_token)))
    if not replay_guard_claim(kind="id_token", digest=_digest(f"{config.issuer} {jti}")):
        raise LoginRefused("token_replayed")

    try:
        # The session holds the token now: it sends it as the Bearer header (RFC 6750 §2.1).
        response = client.get(metadata["userinfo_endpoint"], headers={"Accept": "application/json"})
        response.raise_for_status()
        userinfo = response.json()
    except (OAuthError, requests.RequestException, ValueError) as exc:
        raise LoginRefused("provider_unreachable") from exc
    if not isinstance(userinfo, dict) or userinfo.get("sub") != claims.get("sub"):
        raise LoginRefused("claims")
    nrn = nrn_normalise(str(userinfo.get("egovNRN", "")))
    if not nrn_is_valid(nrn):
        raise LoginRefused("claims")
    merged = {**userinfo, **{k: claims[k] for k in ("acr", "amr", "auth_time") if k in claims}}
    merged.pop("egovNRN", None)
    return VerifiedLogin(
        nrn=nrn,
        claims=merged,
        acr=str(claims["acr"]),
        id_token=str(id_token),
        next_url=str(pending.get("next") or "/"),
        step_up_user=pending.get("step_up_user"),
    )


def _verify_id_token(
    id_token: str, metadata: dict[str, Any], config: ProviderConfig, *, nonce: str
) -> dict[str, Any]:
    try:
        try:
            token = jwt.decode(
                id_token, _key_set(metadata, config, refresh=False), algorithms=ALGORITHMS
            )
        except (InvalidKeyIdError, MissingKeyError):
            token = jwt.decode(
                id_token, _key_set(metadata, config, refresh=True), algorithms=ALGORITHMS
            )
    except (BadSignatureError, InvalidKeyIdError, MissingKeyError, UnsupportedAlgorithmError):
        raise LoginRefused("signature") from None
    except (DecodeError, JoseError, ValueError) as exc:
        raise LoginRefused("signature") from exc
    claims = dict(token.claims)
    now = time.time()
    if str(claims.get("iss", "")).rstrip("/") != config.issuer:
        raise LoginRefused("issuer")
    audience = claims.get("aud")
    audiences = [audience] if isinstance(audience, str) else list(audience or [])
    if config.client_id not in audiences:
        raise LoginRefused("audience")
    if len(audiences) > 1 and claims.get("azp") != config.client_id:
        raise LoginRefused("audience")
    try:
        expires, issued = float(claims["exp"]), float(claims["iat"])
    except (KeyError, TypeError, ValueError):
        raise LoginRefused("expired") from None
    if expires + LEEWAY < now or issued - LEEWAY > now:
        raise LoginRefused("expired")
    if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise LoginRefused("nonce")
    if not claims.get("sub"):
        raise LoginRefused("claims")
    return claims
