# SPDX-License-Identifier: EUPL-1.2
"""Idle sessions, the password-login switch, the start-up refusal, the demo identities and
the translations of the login pages."""

from __future__ import annotations

import gettext
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY

from passage.accounts.services import _demo_accounts
from passage.audit.models import AuditEntry
from passage.casework.crypto import nrn_is_valid
from passage.identity.demo import DEMO_IDENTITIES
from passage.identity.models import FederalIdentity
from passage.identity.services import demo_identities_link
from passage.identity.sessions import IDLE_LIMIT_KEY, LAST_SEEN_KEY

LOCALE = Path(__file__).resolve().parents[2] / "src/passage/identity/locale"


@pytest.mark.django_db
class TestIdleSessions:
    def test_an_officer_idle_for_more_than_30_minutes_is_logged_out(
        self, client: Any, people: dict[str, Any]
    ) -> None:
        client.force_login(people["demo-officer-flanders"])
        session = client.session
        assert session[IDLE_LIMIT_KEY] == 30 * 60
        session[LAST_SEEN_KEY] -= 31 * 60
        session.save()
        response = client.get("/monitoring/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert SESSION_KEY not in client.session
        entry = AuditEntry.objects.order_by("-id").first()
        assert entry is not None and entry.action == "logout.idle"
        assert entry.object_id == str(people["demo-officer-flanders"].pk)

    def test_an_employer_idle_for_31_minutes_is_still_logged_in(
        self, client: Any, people: dict[str, Any]
    ) -> None:
        client.force_login(people["demo-employer-1"])
        session = client.session
        session[LAST_SEEN_KEY] -= 31 * 60
        session.save()
        client.get("/")
        assert client.session[SESSION_KEY] == str(people["demo-employer-1"].pk)
        # The request counted as activity: the clock starts again.
        assert client.session[LAST_SEEN_KEY] > session[LAST_SEEN_KEY]


@pytest.mark.django_db
class TestPasswordLogin:
    def test_off_the_page_offers_only_the_federal_login(
        self, client: Any, provider: Any, people: dict[str, Any], settings: Any
    ) -> None:
        settings.PASSAGE_PASSWORD_LOGIN = False
        settings.AUTHENTICATION_BACKENDS = [
            b for b in settings.AUTHENTICATION_BACKENDS if "ProfileModelBackend" not in b
        ]
        user = people["demo-employer-1"]
        user.set_password("pw-for-this-test")
        user.save()
        page = client.get("/accounts/login/").content.decode()
        assert "identity/login/" in page and 'name="password"' not in page
        client.post("/accounts/login/", {"username": user.username, "password": "pw-for-this-test"})
        assert SESSION_KEY not in client.session
        # Not through the admin's login form either: no backend takes a password.
        client.post("/admin/login/", {"username": user.username, "password": "pw-for-this-test"})
        assert SESSION_KEY not in client.session

    def test_on_password_logins_and_failures_are_audited(
        self, client: Any, people: dict[str, Any]
    ) -> None:
        user = people["demo-employer-1"]
        user.set_password("pw-for-this-test")
        user.save()
        client.post("/accounts/login/", {"username": user.username, "password": "wrong"})
        client.post("/accounts/login/", {"username": user.username, "password": "pw-for-this-test"})
        actions = list(AuditEntry.objects.order_by("-id").values_list("action", flat=True)[:2])
        assert actions == ["login.password", "login.refused"]


def _settings_import(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PASSAGE_OIDC", "PASSAGE_PASSWORD", "DEBUG"))
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "passage.conf.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


class TestStartUp:
    def test_production_without_any_login_refuses_to_start(self) -> None:
        done = _settings_import(DEBUG="0", PASSAGE_PASSWORD_LOGIN="0")
        assert done.returncode != 0
        assert "Nobody could log in" in done.stderr and "PASSAGE_OIDC_ISSUER" in done.stderr

    def test_an_issuer_without_its_secret_refuses_to_start(self) -> None:
        done = _settings_import(
            PASSAGE_OIDC_ISSUER="https://idp.example", PASSAGE_OIDC_CLIENT_ID="x"
        )
        assert done.returncode != 0 and "PASSAGE_OIDC_CLIENT_SECRET" in done.stderr

    def test_an_issuer_over_plain_http_refuses_to_start(self) -> None:
        done = _settings_import(
            PASSAGE_OIDC_ISSUER="http://idp.example",
            PASSAGE_OIDC_CLIENT_ID="x",
            PASSAGE_OIDC_CLIENT_SECRET="y",
        )
        assert done.returncode != 0 and "must be https://" in done.stderr

    def test_development_without_a_provider_starts_with_password_login(self) -> None:
        done = _settings_import(DEBUG="0")
        assert done.returncode == 0, done.stderr


class TestDemoIdentities:
    def test_every_number_is_valid_and_every_demo_login_has_one(self) -> None:
        assert all(nrn_is_valid(d.nrn) for d in DEMO_IDENTITIES)
        assert len({d.nrn for d in DEMO_IDENTITIES}) == len(DEMO_IDENTITIES)
        usernames = {d.username for d in DEMO_IDENTITIES}
        assert {a["username"] for a in _demo_accounts()} <= usernames
        assert {"demo-lawfirm-agent", "demo-access-manager", "demo-worker"} <= usernames
        assert None in usernames  # someone Passage does not know

    @pytest.mark.django_db
    def test_the_demo_load_links_them_once(self, people: dict[str, Any]) -> None:
        FederalIdentity.objects.all().delete()
        summary = demo_identities_link()
        assert set(summary.linked) == set(people)
        assert "demo-worker" in summary.missing
        assert demo_identities_link().linked == summary.linked
        assert FederalIdentity.objects.count() == len(people)


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_every_login_page_string_is_translated(language: str) -> None:
    po = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = re.findall(r'msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', po)
    texts = [
        ("".join(re.findall(r'"(.*)"', i)), "".join(re.findall(r'"(.*)"', s))) for i, s in entries
    ]
    assert len(texts) > 20
    assert [i for i, s in texts[1:] if not s] == []
    # The compiled catalogue (what Django reads) says the same as the .po file.
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as fh:
        catalogue = gettext.GNUTranslations(fh)
    assert [i for i, s in texts[1:] if catalogue.gettext(i.replace('\\"', '"')) == i] == []
    sources = Path(__file__).resolve().parents[2] / "src/passage/identity"
    used = set()
    for path in [*sources.glob("templates/identity/*.html"), sources / "views.py"]:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'{% translate "([^"]+)" %}', text))
        used |= {
            "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m))
            for m in re.findall(r"_\(\s*((?:\"[^\"]*\"\s*)+)\)", text)
        }
    assert used - {i for i, _ in texts} == set()


def test_access_logs_do_not_show_the_callbacks_code(caplog: Any) -> None:
    import logging

    caplog.set_level(logging.INFO, logger="django.server")
    logging.getLogger("django.server").info(
        '"%s" %s %s', "GET /identity/callback/?code=SECRETCODE&state=SECRETSTATE HTTP/1.1", 302, 0
    )
    assert "SECRETCODE" not in caplog.text and "SECRETSTATE" not in caplog.text
    assert "/identity/callback/?code=[redacted]&state=[redacted]" in caplog.text


def test_passage_serve_starts_the_simulator_and_points_the_app_at_it(monkeypatch: Any) -> None:
    import signal

    import httpx

    from passage.identity.devserver import start_local_provider

    for name in ("PASSAGE_OIDC_ISSUER", "PASSAGE_OIDC_CLIENT_ID", "PASSAGE_OIDC_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("PASSAGE_PRODUCTION", raising=False)
    previous = signal.getsignal(signal.SIGTERM)
    started = start_local_provider(app_host="127.0.0.1", app_port=8000, oidc_port=0)
    try:
        assert started is not None
        assert os.environ["PASSAGE_OIDC_ISSUER"] == started.issuer
        assert os.environ["PASSAGE_OIDC_CLIENT_ID"] == "passage-dev"
        assert len(os.environ["PASSAGE_OIDC_CLIENT_SECRET"]) >= 32
        meta = httpx.get(f"{started.issuer}/.well-known/openid-configuration", timeout=5)
        assert meta.json()["issuer"] == started.issuer
    finally:
        signal.signal(signal.SIGTERM, previous)
        if started is not None:
            started.stop()
    assert started.process.poll() is not None
    # With a provider configured (or in production) nothing is started.
    monkeypatch.setenv("PASSAGE_OIDC_ISSUER", "https://idp.example")
    assert start_local_provider(app_host="127.0.0.1", app_port=8000, oidc_port=0) is None


@pytest.mark.django_db
def test_the_replay_guard_refuses_a_second_use_and_forgets_after_a_day() -> None:
    import datetime as dt

    from django.utils import timezone

    from passage.identity.models import LoginReplayGuard
    from passage.identity.services import replay_guard_claim

    old = LoginReplayGuard.objects.create(
        kind="code", digest="0" * 64, used_at=timezone.now() - dt.timedelta(days=2)
    )
    assert replay_guard_claim(kind="id_token", digest="a" * 64) is True
    assert replay_guard_claim(kind="id_token", digest="a" * 64) is False
    assert LoginReplayGuard.objects.filter(pk=old.pk).exists()  # only a code's claim sweeps
    assert replay_guard_claim(kind="code", digest="a" * 64) is True  # kinds are apart
    assert not LoginReplayGuard.objects.filter(pk=old.pk).exists()
