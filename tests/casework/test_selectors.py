# SPDX-License-Identifier: EUPL-1.2
"""Scoped reads (docs/casework.md "Roles and scoping")."""

from __future__ import annotations

from typing import Any

import pytest
from casework_factories import ApplicationFactory, OrganisationFactory, UserFactory, make_user

from passage.casework.models import Application
from passage.casework.selectors import application_get_for, application_list_for


@pytest.fixture
def spread(db: Any) -> dict[str, Application]:
    org_a, org_b = OrganisationFactory(), OrganisationFactory()
    return {
        "a_flanders": ApplicationFactory(worker__organisation=org_a),
        "a_wallonia": ApplicationFactory(
            worker__organisation=org_a, workplace_postcode="5000", region="wallonia"
        ),
        "b_flanders_granted": ApplicationFactory(
            worker__organisation=org_b, state="granted", residence_state="federal_assessment"
        ),
    }


class TestApplicationListFor:
    def test_employer_sees_own_organisation(self, spread: dict[str, Application]) -> None:
        user = make_user("employer_member", organisation=spread["a_flanders"].organisation)
        assert set(application_list_for(user)) == {spread["a_flanders"], spread["a_wallonia"]}

    def test_regional_officer_sees_own_region(self, spread: dict[str, Application]) -> None:
        user = make_user("regional_officer", region="wallonia")
        assert set(application_list_for(user)) == {spread["a_wallonia"]}

    def test_immigration_officer_sees_residence_part_everywhere(
        self, spread: dict[str, Application]
    ) -> None:
        user = make_user("immigration_officer")
        assert set(application_list_for(user)) == {spread["b_flanders_granted"]}

    def test_administrator_sees_all(self, spread: dict[str, Application]) -> None:
        assert set(application_list_for(make_user("administrator"))) == set(spread.values())
        superuser = UserFactory(is_superuser=True)
        assert application_list_for(superuser).count() == 3

    @pytest.mark.parametrize("who", ["analyst", "no_profile", "anonymous"])
    def test_no_personal_data_for_others(self, spread: dict[str, Application], who: str) -> None:
        from django.contrib.auth.models import AnonymousUser

        user: Any = {
            "analyst": lambda: make_user("analyst"),
            "no_profile": UserFactory,
            "anonymous": AnonymousUser,
        }[who]()
        assert application_list_for(user).count() == 0


class TestApplicationGetFor:
    def test_out_of_scope_is_not_found(self, spread: dict[str, Application]) -> None:
        user = make_user("regional_officer", region="flanders")
        assert application_get_for(user, spread["a_flanders"].pk) == spread["a_flanders"]
        with pytest.raises(Application.DoesNotExist):
            application_get_for(user, spread["a_wallonia"].pk)

    def test_list_is_one_query(
        self, spread: dict[str, Application], django_assert_num_queries: Any
    ) -> None:
        user = make_user("employer_member", organisation=spread["a_flanders"].organisation)
        with django_assert_num_queries(1):
            rows = list(application_list_for(user))
            assert {row.worker.organisation_id for row in rows} == {user.profile.organisation_id}
