# SPDX-License-Identifier: EUPL-1.2
"""Who someone is in Passage: role, region and organisation, and ``rules`` predicates on them.

The API's object permissions are built from these (``is_regional_officer & same_region`` …);
each returns False for anonymous, inactive or profile-less users, so a missing profile closes
doors rather than opening them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from rules.predicates import Predicate

from passage.accounts.models import Profile, Role


def _profile(user: Any) -> Profile | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not getattr(user, "is_active", False):
        return None
    try:
        profile: Profile = user.profile
    except (ObjectDoesNotExist, AttributeError):
        return None
    return profile


def user_role(user: Any) -> str | None:
    """The user's role (a ``Role`` value), or None. A Django superuser without a profile (the
    ``admin`` account that ``passage data load`` makes) counts as an administrator."""
    profile = _profile(user)
    if profile is not None:
        return profile.role
    if user is not None and getattr(user, "is_active", False) and user.is_superuser:
        return Role.ADMINISTRATOR.value
    return None


def user_region(user: Any) -> str | None:
    """The region a regional officer works for; None for everyone else."""
    profile = _profile(user)
    if profile is None or profile.role != Role.REGIONAL_OFFICER or not profile.region:
        return None
    return profile.region


def user_organisation_id(user: Any) -> int | None:
    """The organisation an employer member belongs to; None for everyone else."""
    profile = _profile(user)
    if profile is None or profile.role != Role.EMPLOYER_MEMBER:
        return None
    return profile.organisation_id


def user_worker_id(user: Any) -> int | None:
    """The casework worker a ``worker`` login is; None for everyone else."""
    profile = _profile(user)
    if profile is None or profile.role != Role.WORKER:
        return None
    return profile.worker_id


def user_viewable_organisation_ids(user: Any) -> frozenset[int]:
    """The organisations whose applications an employer-side user may read today: their own
    (with a filer or viewer role) and the principals of their organisation's active mandates."""
    from passage.accounts.selectors import employer_scope

    return employer_scope(user).viewable


def user_fileable_organisation_ids(user: Any) -> frozenset[int]:
    """The organisations an employer-side user may file and act for today (a filer role)."""
    from passage.accounts.selectors import employer_scope

    return employer_scope(user).fileable


def _is_employer_member(user: Any) -> bool:
    return user_role(user) == Role.EMPLOYER_MEMBER and user_organisation_id(user) is not None


def _is_regional_officer(user: Any) -> bool:
    return user_role(user) == Role.REGIONAL_OFFICER and user_region(user) is not None


def _is_immigration_officer(user: Any) -> bool:
    return user_role(user) == Role.IMMIGRATION_OFFICER


def _is_analyst(user: Any) -> bool:
    return user_role(user) == Role.ANALYST


def _is_administrator(user: Any) -> bool:
    return user_role(user) == Role.ADMINISTRATOR


def _is_worker(user: Any) -> bool:
    return user_role(user) == Role.WORKER and user_worker_id(user) is not None


def _is_filer(user: Any) -> bool:
    return bool(user_fileable_organisation_ids(user))


# Predicate(...) rather than the @rules.predicate decorator: the decorator is untyped.
is_employer_member = Predicate(_is_employer_member, name="is_employer_member")
is_regional_officer = Predicate(_is_regional_officer, name="is_regional_officer")
is_immigration_officer = Predicate(_is_immigration_officer, name="is_immigration_officer")
is_analyst = Predicate(_is_analyst, name="is_analyst")
is_administrator = Predicate(_is_administrator, name="is_administrator")
is_worker = Predicate(_is_worker, name="is_worker")
#: An employer-side user who may file for at least one organisation today.
is_filer = Predicate(_is_filer, name="is_filer")
