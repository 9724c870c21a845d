# SPDX-License-Identifier: EUPL-1.2
"""The authorization matrix over the API: role × object × action → status.

Objects: an application of organisation A in Flanders, one of A in Wallonia, one of B in
Brussels. Each cell starts from fresh data with the object in the state the action needs, so
an allowed action succeeds and anything else is refused: 404 where the object is outside the
role's scope (its existence is not revealed), 403 where the role sees it but may not act, and
403 for analysts everywhere (aggregates only). A refused write leaves the object unchanged.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from passage.casework.models import Application, ApplicationEvent

ROLES = (
    "employer_a",
    "employer_b",
    "officer_flanders",
    "officer_wallonia",
    "officer_brussels",
    "immigration_officer",
    "analyst",
    "administrator",
)
OBJECTS = (("a", "flanders"), ("a", "wallonia"), ("b", "brussels"))
ACTIONS = ("list", "retrieve", "patch", "submit", "decide-regional", "decide-federal", "events")

#: The state each action is tried in (the one in which it is allowed).
STATE_FOR = {
    "list": "regional_assessment",
    "retrieve": "regional_assessment",
    "events": "regional_assessment",
    "patch": "draft",
    "submit": "draft",
    "decide-regional": "regional_assessment",
    "decide-federal": "federal_assessment",
}


def _visible(role: str, org: str, region: str, state: str) -> bool:
    if role == "administrator":
        return True
    if role.startswith("employer_"):
        return role == f"employer_{org}"
    if role.startswith("officer_"):
        return role == f"officer_{region}"
    if role == "immigration_officer":
        # The residence part exists once the region has granted the work authorisation.
        return state == "federal_assessment"
    return False


def expected_status(role: str, org: str, region: str, action: str) -> int:
    if role == "analyst":
        return 403
    if action == "list":
        return 200
    if not _visible(role, org, region, STATE_FOR[action]):
        return 404
    if action in {"retrieve", "events"}:
        return 200
    own_employer = role == f"employer_{org}"
    admin = role == "administrator"
    if action == "patch":
        if own_employer or admin:
            return 200
        # A regional officer may edit facts only while the file is with the region.
        return 409 if role.startswith("officer_") else 403
    if action == "submit":
        return 200 if own_employer or admin else 403
    if action == "decide-regional":
        return 200 if role.startswith("officer_") or admin else 403
    if action == "decide-federal":
        return 200 if role == "immigration_officer" or admin else 403
    raise AssertionError(action)


CELLS = [
    pytest.param(role, org, region, action, id=f"{role}-{org}_{region}-{action}")
    for role in ROLES
    for org, region in OBJECTS
    for action in ACTIONS
]


def _call(api: Any, action: str, app: Application) -> Any:
    base = f"/api/v1/applications/{app.reference}"
    etag = f'W/"{app.version}"'
    if action == "list":
        return api.get("/api/v1/applications?page_size=100")
    if action == "retrieve":
        return api.get(base)
    if action == "events":
        return api.get(f"{base}/events")
    if action == "patch":
        return api.patch(base, {"gross_salary": "61000.00"}, **{"If-Match": etag})
    if action == "submit":
        return api.post(f"{base}/submit", None, **{"Idempotency-Key": str(uuid.uuid4())})
    if action == "decide-regional":
        return api.post(
            f"{base}/decide-regional",
            {"outcome": "refused", "motivation": "Salary below the threshold."},
            **{"If-Match": etag},
        )
    if action == "decide-federal":
        return api.post(f"{base}/decide-federal", {"outcome": "granted"}, **{"If-Match": etag})
    raise AssertionError(action)


@pytest.mark.parametrize(("role", "org", "region", "action"), CELLS)
def test_matrix(world: Any, api_as: Any, role: str, org: str, region: str, action: str) -> None:
    app = world.application(org, region, STATE_FOR[action])
    before = Application.objects.values().get(pk=app.pk)
    events_before = ApplicationEvent.objects.filter(application=app).count()

    response = _call(api_as(world.users[role]), action, app)

    want = expected_status(role, org, region, action)
    assert response.status_code == want, response.content
    if want >= 400:
        assert response["Content-Type"] == "application/problem+json"
        # Nothing written by a refused request.
        assert Application.objects.values().get(pk=app.pk) == before
        assert ApplicationEvent.objects.filter(application=app).count() == events_before
        if want == 404:
            # Not even the reference is echoed back as known.
            assert b"Haddad" not in response.content
    elif action == "list":
        references = {row["reference"] for row in response.json()["results"]}
        assert (app.reference in references) == _visible(role, org, region, STATE_FOR[action])
    elif action in {"patch", "submit", "decide-regional", "decide-federal"}:
        assert response.json()["version"] == app.version + 1


def test_matrix_covers_every_cell() -> None:
    assert len(CELLS) == len(ROLES) * len(OBJECTS) * len(ACTIONS) == 168
