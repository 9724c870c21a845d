# SPDX-License-Identifier: EUPL-1.2
"""Loading the logged-in user: the profile comes with the user (one query), sessions are
Django's database sessions read in SQL, and sessions opened before either change stay valid."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    authenticate,
    get_user_model,
)
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from passage.accounts.backends import ProfileModelBackend
from passage.accounts.models import Organisation, Profile, Role
from passage.accounts.predicates import user_organisation_id, user_role
from passage.accounts.sessions import SessionStore

BACKEND = "passage.accounts.backends.ProfileModelBackend"
DJANGO_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def member(db: Any) -> Any:
    organisation = Organisation.objects.create(enterprise_number="0403170701", name="Acme NV")
    user = get_user_model().objects.create_user(username="jan", password="pw-1")
    Profile.objects.create(user=user, role=Role.EMPLOYER_MEMBER, organisation=organisation)
    return user


class TestProfileModelBackend:
    def test_the_profile_comes_with_the_user(
        self, member: Any, django_assert_num_queries: Any
    ) -> None:
        with django_assert_num_queries(1):
            user = ProfileModelBackend().get_user(member.pk)
            assert user_role(user) == Role.EMPLOYER_MEMBER
            assert user_organisation_id(user) == member.profile.organisation_id

    def test_a_user_without_a_profile_still_loads(self, db: Any) -> None:
        admin = get_user_model().objects.create_superuser(username="admin", password="pw-2")
        user = ProfileModelBackend().get_user(admin.pk)
        assert user == admin
        assert not hasattr(user, "profile")  # RelatedObjectDoesNotExist, as without the join
        assert user_role(user) == Role.ADMINISTRATOR

    def test_inactive_and_missing_users_are_nobody(self, member: Any) -> None:
        assert ProfileModelBackend().get_user(member.pk + 1000) is None
        member.is_active = False
        member.save()
        assert ProfileModelBackend().get_user(member.pk) is None

    def test_a_login_stores_it(self, member: Any) -> None:
        user = authenticate(username="jan", password="pw-1")
        assert user is not None and user.backend == BACKEND
        assert authenticate(username="jan", password="wrong") is None


class TestSessions:
    def _session(self, user: Any, backend: str, store: Any = SessionStore) -> str:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return str(session.session_key)

    def _user_of(self, key: str) -> Any:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        response = client.get("/api/v1/applications?page_size=1")
        return response.wsgi_request.user

    def test_the_session_engine_is_ours(self) -> None:
        assert settings.SESSION_ENGINE == "passage.accounts.sessions"

    def test_a_session_logs_in_with_the_profile(self, member: Any) -> None:
        key = self._session(member, BACKEND, store=DjangoSessionStore)
        user = self._user_of(key)
        assert user.pk == member.pk
        assert user.profile.role == Role.EMPLOYER_MEMBER

    def test_one_password_backend_so_a_wrong_password_is_hashed_once(self) -> None:
        password_backends = [
            b for b in settings.AUTHENTICATION_BACKENDS if b.endswith("ModelBackend")
        ]
        assert password_backends == [BACKEND]
        # A session that names Django's own backend (opened before this one existed) ends.
        assert DJANGO_BACKEND not in settings.AUTHENTICATION_BACKENDS

    def test_a_changed_password_ends_the_session(self, member: Any) -> None:
        key = self._session(member, BACKEND)
        member.set_password("pw-new")
        member.save()
        assert isinstance(self._user_of(key), AnonymousUser)
        assert not Session.objects.filter(session_key=key).exists()  # flushed

    def test_the_row_read_in_sql_is_djangos(self, member: Any) -> None:
        key = self._session(member, BACKEND)
        ours = SessionStore(key)
        theirs = DjangoSessionStore(key)
        assert ours.load() == theirs.load()
        assert ours.load()[SESSION_KEY] == str(member.pk)
        row = ours._get_session_from_db()
        assert isinstance(row, Session)
        assert row.session_key == key
        assert row.expire_date == Session.objects.get(session_key=key).expire_date

    def test_an_expired_or_unknown_session_is_empty(self, member: Any) -> None:
        key = self._session(member, BACKEND)
        Session.objects.filter(session_key=key).update(
            expire_date=timezone.now() - dt.timedelta(seconds=1)
        )
        expired = SessionStore(key)
        assert expired.load() == {}
        assert expired.session_key is None  # forgotten, as Django does
        unknown = SessionStore("x" * 32)
        assert unknown.load() == {}
        assert unknown.session_key is None
        assert isinstance(self._user_of(key), AnonymousUser)
