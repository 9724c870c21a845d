# SPDX-License-Identifier: EUPL-1.2
"""The federal login end to end against the provider process: success, every refusal the
client owes, logout at the provider, language, unknown people, step-up."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from django.contrib.auth import SESSION_KEY
from oidc_flow import authorize, login, query, start

from passage.audit.models import AuditEntry
from passage.identity.demo import DEMO_BY_KEY
from passage.identity.levels import LEVEL_EID, LEVEL_TOTP
from passage.identity.models import FederalIdentity
from passage.identity.sessions import IDENTITY_KEY

pytestmark = pytest.mark.django_db


def _actions() -> list[str]:
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


class TestFederalLogin:
    def test_employer_logs_in_and_the_session_holds_user_and_level(
        self, client: Any, provider: Any, people: dict[str, Any]
    ) -> None:
        response = login(client, identity="demo-employer-1", next_url="/check/")
        assert response.status_code == 302
        assert response["Location"] == "/check/"
        session = client.session
        assert session[SESSION_KEY] == str(people["demo-employer-1"].pk)
        assert session[IDENTITY_KEY]["acr"] == LEVEL_TOTP
        assert session[IDENTITY_KEY]["id_token"].count(".") == 2
        identity = FederalIdentity.objects.get(user=people["demo-employer-1"])
        assert identity.last_login_at is not None
        assert identity.fedid == DEMO_BY_KEY["demo-employer-1"].fedid
        assert _actions()[-1] == "login.federal"
        # The next page is served to the logged-in person.
        page = client.get("/")
        assert page.wsgi_request.user == people["demo-employer-1"]
        # The name the federal login vouches for is the name pages show.
        people["demo-employer-1"].refresh_from_db()
        demo = DEMO_BY_KEY["demo-employer-1"]
        assert people["demo-employer-1"].get_full_name() == f"{demo.given_name} {demo.surname}"

    def test_the_register_number_is_not_stored_in_clear(
        self, client: Any, provider: Any, people: dict[str, Any]
    ) -> None:
        login(client, identity="demo-employer-1")
        nrn = DEMO_BY_KEY["demo-employer-1"].nrn
        row = FederalIdentity.objects.get(user=people["demo-employer-1"])
        assert nrn not in row.nrn_pseudonym and len(row.nrn_pseudonym) == 64
        assert nrn not in str(client.session.items())
        assert not AuditEntry.objects.filter(details__icontains=nrn).exists()

    def test_nothing_sensitive_reaches_the_logs(
        self, client: Any, provider: Any, people: dict[str, Any], caplog: Any
    ) -> None:
        caplog.set_level(logging.DEBUG)
        authorize_url = start(client)
        _, callback = authorize(authorize_url, identity="demo-employer-1", fault="expired")
        client.get(callback)  # refused: logs its reason
        login(client, identity="demo-employer-1")
        code = query(callback)["code"]
        token = client.session[IDENTITY_KEY]["id_token"]
        # What Passage's process logs; httpx/httpcore are the test's "browser" here.
        logged = "\n".join(
            r.getMessage() for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))
        )
        assert "federal login refused: expired" in logged
        assert "/token" in logged  # the client's calls are logged, without their contents
        for secret in (DEMO_BY_KEY["demo-employer-1"].nrn, code, token, "test-oidc-secret"):
            assert secret not in logged

    def test_login_page_offers_the_federal_login_first(self, client: Any, provider: Any) -> None:
        page = client.get("/accounts/login/?next=/monitoring/").content.decode()
        assert "/identity/login/?next=/monitoring/" in page
        assert page.index("identity/login/") < page.index('name="password"')

    def test_french_speaker_gets_french_pages(
        self, client: Any, provider: Any, people: dict[str, Any]
    ) -> None:
        response = login(client, identity="demo-employer-2")
        assert response.cookies["django_language"].value == "fr"
        page = client.get("/")
        assert '<html lang="fr">' in page.content.decode()

    def test_unknown_person_sees_the_no_access_page(
        self, client: Any, provider: Any, db: Any
    ) -> None:
        response = login(client, identity="nobody-95031002542")
        assert response.status_code == 403
        assert "access manager grants it" in response.content.decode()
        assert SESSION_KEY not in client.session
        assert _actions()[-1] == "login.no_access"

    def test_a_provisioner_may_admit_an_unknown_person(
        self, client: Any, provider: Any, people: dict[str, Any], settings: Any
    ) -> None:
        settings.PASSAGE_IDENTITY_PROVISIONERS = [
            "test_identity_login.refuse_everyone",
            "test_identity_login.admit_as_officer",
        ]
        response = login(client, identity="nobody-95031002542")
        assert response.status_code == 302
        officer = people["demo-officer-flanders"]
        assert client.session[SESSION_KEY] == str(officer.pk)
        assert FederalIdentity.objects.filter(user=officer).count() == 2

    def test_the_officer_session_is_shorter_when_idle(
        self, client: Any, provider: Any, people: dict[str, Any], settings: Any
    ) -> None:
        login(client, identity="demo-officer-flanders")
        assert client.session["passage_idle_limit"] == 30 * 60
        other = type(client)()
        login(other, identity="demo-employer-1")
        assert other.session["passage_idle_limit"] == 60 * 60


def refuse_everyone(nrn: str, claims: dict[str, Any]) -> Any:
    return None


def admit_as_officer(nrn: str, claims: dict[str, Any]) -> Any:
    from django.contrib.auth import get_user_model

    assert claims["givenName"] == "Noah" and "egovNRN" not in claims
    return get_user_model().objects.get(username="demo-officer-flanders")


class TestRefusals:
    @pytest.mark.parametrize(
        ("fault", "reason", "words"),
        [
            ("expired", "expired", "has expired"),
            ("wrong_nonce", "nonce", "does not belong to this login attempt"),
            ("bad_signature", "signature", "not signed with its published key"),
            ("unknown_key", "signature", "not signed with its published key"),
            ("wrong_audience", "audience", "meant for another service"),
            ("wrong_issuer", "issuer", "did not come from the federal login"),
        ],
    )
    def test_a_bad_id_token_opens_no_session(
        self,
        client: Any,
        provider: Any,
        people: dict[str, Any],
        fault: str,
        reason: str,
        words: str,
    ) -> None:
        response = login(client, identity="demo-employer-1", fault=fault)
        assert response.status_code == 400
        page = response.content.decode()
        assert words in page and f'data-reason="{reason}"' in page
        assert SESSION_KEY not in client.session
        entry = AuditEntry.objects.order_by("-id").first()
        assert entry is not None and entry.action == "login.refused"
        assert entry.details == {"reason": reason}

    def test_the_refusal_is_in_the_persons_language(
        self, client: Any, provider: Any, people: dict[str, Any]
    ) -> None:
        client.cookies["django_language"] = "nl"
        response = login(client, identity="demo-employer-1", fault="expired")
        page = response.content.decode()
        assert '<html lang="nl">' in page
        assert "verlopen" in page

    def test_a_lower_level_than_asked_is_refused(
        self, client: Any, provider: Any, people: dict[str, Any]
    ) -> None:
        response = login(
            client, identity="demo-employer-1", means="eid", acr=LEVEL_EID, fault="acr_downgrade"
        )
        assert response.status_code == 403
        assert 'data-reason="assurance"' in response.content.decode()
        assert SESSION_KEY not in client.session

    def test_the_same_callback_twice_is_refused(
        self, client: Any, provider: Any, people: dict[str, Any]
    ) -> None:
        _, callback = authorize(start(client), identity="demo-employer-1")
        assert client.get(callback).status_code == 302
        client.logout()
        again = client.get(callback)
        assert again.status_code == 400
        assert 'data-reason="state"' in again.content.decode()
        assert SESSION_KEY not in client.session

    def test_a_replayed_code_is_refused_even_when_the_provider_would_accept_it(
        self, client: Any, provider: Any, people: dict[str, Any]
    ) -> None:
        _, first = authorize(start(client), identity="demo-employer-1", fault="replay_code")
        assert client.get(first).status_code == 302
        client.logout()
        # A new login in the same browser, answered with the old code under the new state.
        state = query(start(client))["state"]
        replay = f"/identity/callback/?code={query(first)['code']}&state={state}"
        response = client.get(replay)
        assert response.status_code == 400
        assert 'data-reason="code_replayed"' in response.content.decode()
        assert SESSION_KEY not in client.session
        # The provider was not even asked: it redeemed that code once.
        redemptions = [e for e in provider.log() if e["event"] == "token"]
        assert redemptions[-1]["redemption"] == 1

    def test_a_replayed_id_token_is_refused(
        self, client: Any, provider: Any, people: dict[str, Any]
    ) -> None:
        first = login(client, identity="demo-employer-1", fault="repeat_jti")
        assert first.status_code == 302
        client.logout()
        # Another login whose ID token carries the first one's jti: the same token again.
        again = login(client, identity="demo-employer-1", fault="repeat_jti")
        assert again.status_code == 400
        assert 'data-reason="token_replayed"' in again.content.decode()
        assert SESSION_KEY not in client.session

    def test_cancelling_at_the_provider(self, client: Any, provider: Any, db: Any) -> None:
        authorize_url = start(client)
        page = httpx.get(authorize_url, timeout=5)
        from oidc_flow import hidden_fields

        answer = httpx.post(
            authorize_url.split("?")[0], data={**hidden_fields(page.text), "cancel": "1"}
        )
        location = answer.headers["location"]
        response = client.get("/identity/callback/?" + location.split("?", 1)[1])
        assert response.status_code == 400
        assert 'data-reason="cancelled"' in response.content.decode()

    def test_a_callback_without_a_started_login(self, client: Any, provider: Any, db: Any) -> None:
        response = client.get("/identity/callback/?code=abc&state=def")
        assert response.status_code == 400
        assert 'data-reason="state"' in response.content.decode()

    def test_not_configured(self, client: Any, settings: Any, db: Any) -> None:
        settings.PASSAGE_OIDC_ISSUER = ""
        response = client.get("/identity/login/")
        assert response.status_code == 404
        assert "not configured" in response.content.decode()
        assert "identity/login/" not in client.get("/accounts/login/").content.decode()


class TestLogout:
    def test_logout_ends_the_session_at_the_provider(
        self, client: Any, provider: Any, people: dict[str, Any]
    ) -> None:
        login(client, identity="demo-employer-1")
        response = client.post("/accounts/logout/")
        assert response.status_code == 302
        end_session = response["Location"]
        assert end_session.startswith(f"{provider.issuer}/end_session?")
        assert query(end_session)["post_logout_redirect_uri"] == "http://testserver/"
        assert SESSION_KEY not in client.session
        assert _actions()[-1] == "logout"
        back = httpx.get(end_session, timeout=5)
        assert back.status_code == 302 and back.headers["location"] == "http://testserver/"
        last = provider.log()[-1]
        assert last["event"] == "end_session" and last["hinted"] is True
        assert last["sub"] == DEMO_BY_KEY["demo-employer-1"].fedid

    def test_password_logout_stays_local(
        self, client: Any, provider: Any, people: dict[str, Any]
    ) -> None:
        client.force_login(people["demo-employer-1"])
        response = client.post("/accounts/logout/")
        assert response["Location"] == "/"


class TestStepUp:
    def test_from_totp_to_eid_and_back_to_the_page(
        self, client: Any, provider: Any, people: dict[str, Any], rf: Any
    ) -> None:
        from passage.identity.assurance import require_level

        login(client, identity="demo-employer-1")
        request = rf.get("/portal/sign/7/")
        request.session = client.session
        request.user = people["demo-employer-1"]
        redirect = require_level(request, LEVEL_EID)
        assert redirect is not None
        authorize_url = start(client, **_step_up_params(redirect["Location"]))
        assert query(authorize_url)["acr_values"] == LEVEL_EID
        # TOTP is not enough for this level: the provider's page refuses it, naming the field.
        refused, callback = authorize(authorize_url, identity="demo-employer-1", means="totp")
        assert refused.status_code == 400 and not callback
        assert "does not reach the level" in refused.text
        _, callback = authorize(authorize_url, identity="demo-employer-1", means="eid")
        response = client.get(callback)
        assert response.status_code == 302 and response["Location"] == "/portal/sign/7/"
        assert client.session[SESSION_KEY] == str(people["demo-employer-1"].pk)
        assert client.session[IDENTITY_KEY]["acr"] == LEVEL_EID
        request.session = client.session
        assert require_level(request, LEVEL_EID) is None
        assert _actions()[-1] == "login.step_up"

    def test_step_up_as_someone_else_is_refused_and_changes_nothing(
        self, client: Any, provider: Any, people: dict[str, Any]
    ) -> None:
        login(client, identity="demo-employer-1")
        authorize_url = start(client, next_url="/x/", acr=LEVEL_EID, step_up=True)
        _, callback = authorize(authorize_url, identity="demo-employer-2", means="eid")
        response = client.get(callback)
        assert response.status_code == 403
        assert 'data-reason="step_up_other_person"' in response.content.decode()
        assert client.session[SESSION_KEY] == str(people["demo-employer-1"].pk)
        assert client.session[IDENTITY_KEY]["acr"] == LEVEL_TOTP


def _step_up_params(location: str) -> dict[str, Any]:
    params = query(location)
    assert params["step_up"] == "1"
    return {"next_url": params["next"], "acr": params["acr"], "step_up": True}
