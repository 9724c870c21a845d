# SPDX-License-Identifier: EUPL-1.2
"""The local provider speaks the protocol: discovery, PKCE required and checked, codes used
once, client authentication, userinfo by scope. Driven over HTTP like any client would."""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet
from oidc_flow import CALLBACK, CLIENT_ID, SECRET, hidden_fields, query

from passage.identity.demo import DEMO_BY_KEY
from passage.identity.levels import LEVEL_EID, LEVEL_TOTP


def _challenge(verifier: str) -> str:
    return (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )


def _authorize_url(issuer: str, **overrides: str) -> str:
    params = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": CALLBACK,
        "scope": "openid profile egovnrn",
        "state": "st",
        "nonce": "nn",
        "code_challenge": _challenge("v" * 43),
        "code_challenge_method": "S256",
    }
    params.update(overrides)
    return f"{issuer}/authorize?{urlencode({k: v for k, v in params.items() if v})}"


def _code(issuer: str, *, verifier: str = "v" * 43, fault: str = "", means: str = "totp") -> str:
    url = _authorize_url(issuer, code_challenge=_challenge(verifier), fault=fault)
    page = httpx.get(url, timeout=5)
    assert page.status_code == 200
    fields = {**hidden_fields(page.text), "identity": "demo-employer-1", "means": means}
    answer = httpx.post(f"{issuer}/authorize", data=fields, timeout=5)
    assert answer.status_code == 302
    return query(answer.headers["location"])["code"]


def _token(issuer: str, code: str, verifier: str | None = "v" * 43, **extra: Any) -> httpx.Response:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}
    if verifier is not None:
        data["code_verifier"] = verifier
    auth = extra.pop("auth", (CLIENT_ID, SECRET))
    return httpx.post(f"{issuer}/token", data={**data, **extra}, auth=auth, timeout=5)


@pytest.fixture
def issuer(provider_process: Any) -> str:
    return str(provider_process.issuer)


class TestDiscovery:
    def test_metadata_names_the_endpoints_and_what_is_supported(self, issuer: str) -> None:
        meta = httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=5).json()
        assert meta["issuer"] == issuer
        assert meta["code_challenge_methods_supported"] == ["S256"]
        assert set(meta["scopes_supported"]) == {"openid", "profile", "egovnrn"}
        assert {"egovNRN", "givenName", "surname", "fedid", "prefLanguage"} <= set(
            meta["claims_supported"]
        )
        assert set(meta["acr_values_supported"]) == {LEVEL_TOTP, LEVEL_EID}
        assert meta["end_session_endpoint"] == f"{issuer}/end_session"
        keys = httpx.get(meta["jwks_uri"], timeout=5).json()["keys"]
        assert len(keys) == 1 and "d" not in keys[0]  # the public half only

    def test_the_authorize_page_is_a_plain_labelled_form(self, issuer: str) -> None:
        page = httpx.get(_authorize_url(issuer), timeout=5).text
        assert '<html lang="en">' in page and "<script" not in page
        assert "Simulator." in page and "No real identity is checked" in page
        assert page.count('type="radio" name="identity"') == len(DEMO_BY_KEY)
        assert page.count('<label for="identity-') == len(DEMO_BY_KEY)
        assert '<label for="means-eid">' in page and "<legend>" in page


class TestPkce:
    @pytest.mark.parametrize(
        ("overrides", "words"),
        [
            ({"code_challenge": ""}, "code_challenge missing"),
            ({"code_challenge_method": "plain"}, "must be S256"),
            ({"code_challenge_method": ""}, "must be S256"),
            ({"nonce": ""}, "nonce is required"),
        ],
    )
    def test_an_authorize_request_without_pkce_or_nonce_is_refused(
        self, issuer: str, overrides: dict[str, str], words: str
    ) -> None:
        answer = httpx.get(_authorize_url(issuer, **overrides), timeout=5)
        assert answer.status_code == 302
        params = query(answer.headers["location"])
        assert params["error"] == "invalid_request" and words in params["error_description"]
        assert params["state"] == "st"

    def test_a_missing_verifier_is_refused(self, issuer: str) -> None:
        answer = _token(issuer, _code(issuer), verifier=None)
        assert answer.status_code == 400 and answer.json()["error"] == "invalid_grant"
        assert "code_verifier missing" in answer.json()["error_description"]

    def test_a_wrong_verifier_is_refused(self, issuer: str) -> None:
        answer = _token(issuer, _code(issuer), verifier="w" * 43)
        assert answer.status_code == 400 and answer.json()["error"] == "invalid_grant"
        assert "does not match" in answer.json()["error_description"]

    def test_the_right_verifier_gets_a_signed_id_token(self, issuer: str) -> None:
        verifier = secrets.token_urlsafe(48)
        answer = _token(issuer, _code(issuer, verifier=verifier, means="itsme"), verifier)
        assert answer.status_code == 200
        body = answer.json()
        keys = KeySet.import_key_set(httpx.get(f"{issuer}/jwks", timeout=5).json())
        claims = jwt.decode(body["id_token"], keys, algorithms=["RS256"]).claims
        assert claims["iss"] == issuer and claims["aud"] == CLIENT_ID
        assert claims["nonce"] == "nn" and claims["acr"] == LEVEL_EID and claims["amr"] == ["itsme"]
        info = httpx.get(
            f"{issuer}/userinfo", headers={"Authorization": f"Bearer {body['access_token']}"}
        ).json()
        demo = DEMO_BY_KEY["demo-employer-1"]
        assert info == {
            "sub": demo.fedid,
            "givenName": demo.given_name,
            "surname": demo.surname,
            "fedid": demo.fedid,
            "prefLanguage": demo.language,
            "egovNRN": demo.nrn,
        }


class TestCodes:
    def test_a_code_is_redeemed_once_and_a_second_try_revokes_the_first(self, issuer: str) -> None:
        code = _code(issuer)
        first = _token(issuer, code)
        assert first.status_code == 200
        again = _token(issuer, code)
        assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
        userinfo = httpx.get(
            f"{issuer}/userinfo",
            headers={"Authorization": f"Bearer {first.json()['access_token']}"},
        )
        assert userinfo.status_code == 401

    def test_the_replay_fault_lets_a_code_through_twice(self, issuer: str) -> None:
        code = _code(issuer, fault="replay_code")
        assert _token(issuer, code).status_code == 200
        assert _token(issuer, code).status_code == 200
        assert _token(issuer, code).status_code == 400

    def test_client_authentication(self, issuer: str) -> None:
        wrong = _token(issuer, _code(issuer), auth=(CLIENT_ID, "not-the-secret"))
        assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
        by_post = _token(
            issuer, _code(issuer), auth=None, client_id=CLIENT_ID, client_secret=SECRET
        )
        assert by_post.status_code == 200

    def test_an_unregistered_redirect_uri_is_not_followed(self, issuer: str) -> None:
        answer = httpx.get(_authorize_url(issuer, redirect_uri="http://evil.example/cb"))
        assert answer.status_code == 400 and "location" not in answer.headers

    def test_an_unknown_fault_is_named(self, issuer: str) -> None:
        answer = httpx.get(_authorize_url(issuer, fault="teleport"), timeout=5)
        assert answer.status_code == 400 and "teleport" in answer.text

    def test_the_log_says_what_happened_without_secrets(self, issuer: str) -> None:
        code = _code(issuer)
        _token(issuer, code, verifier="w" * 43)
        events = httpx.get(f"{issuer}/_provider/log", timeout=5).json()["events"]
        assert events[-1] == {**events[-1], "event": "token_refused", "reason": "pkce_mismatch"}
        assert code not in str(events)


def test_a_key_from_a_file_is_used_and_published(tmp_path: Any) -> None:
    import os
    import subprocess
    import sys

    from joserfc.jwk import ECKey

    key = ECKey.generate_key("P-256", private=True)
    path = tmp_path / "signing.pem"
    path.write_bytes(key.as_pem(private=True))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "passage.identity.provider",
            "--port=0",
            "--quiet",
            f"--client-id={CLIENT_ID}",
            f"--redirect-uri={CALLBACK}",
        ],
        env={
            **os.environ,
            "PASSAGE_OIDC_CLIENT_SECRET": SECRET,
            "PASSAGE_OIDC_PROVIDER_KEY_FILE": str(path),
        },
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        issuer = process.stdout.readline().rsplit(" ", 1)[1].strip()
        meta = httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=5).json()
        assert meta["id_token_signing_alg_values_supported"] == ["ES256"]
        published = httpx.get(f"{issuer}/jwks", timeout=5).json()
        assert published["keys"][0]["x"] == key.as_dict()["x"]
        body = _token(issuer, _code(issuer)).json()
        claims = jwt.decode(
            body["id_token"], KeySet.import_key_set(published), algorithms=["ES256"]
        ).claims
        assert claims["iss"] == issuer
    finally:
        process.terminate()
        process.wait(timeout=5)
