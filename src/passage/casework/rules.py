# SPDX-License-Identifier: EUPL-1.2
"""Object permissions on applications (the ``rules`` package; autodiscovered at start-up).

The first of three layers (docs/casework.md "Roles and scoping"): the selectors scope every
list, PostgreSQL row-level security backs both up. The API answers 404 for an application
outside the user's scope (``view_application`` false: its existence is not revealed) and 403
for an action the user may not take on an application they can see. The services check the
same table again (``services.ROLES_BY_ACTION``), so a caller other than the API is held too.

"Employer member of its organisation" means, since issue 10 (docs/access.md): a member whose
organisation's portal roles let them read (filer, viewer) or act (filer) for that organisation —
their own, or a principal of a mandate their organisation holds on the day.

| permission | who |
| --- | --- |
| ``casework.view_application`` | employer member of its organisation, regional officer of its region, Immigration Office officer once the residence part has started, administrator |
| ``casework.view_personal_data`` | the same (never analysts); each read is audited |
| ``casework.add_application`` | employer members |
| ``casework.change_application`` | employer member of its organisation, regional officer of its region, administrator (the service decides in which states) |
| ``casework.submit_application`` | employer member of its organisation, administrator (also resubmit, withdraw) |
| ``casework.assess_application`` | regional officer of its region, administrator (completeness, information requests, assessment) |
| ``casework.decide_regional_application`` | regional officer of its region, administrator |
| ``casework.decide_federal_application`` | Immigration Office officer, administrator |
| ``casework.add_document`` | employer member of its organisation, administrator (the service decides in which states) |
| ``casework.list_applications`` | everyone but analysts (scoped by the selectors) |
| ``casework.view_regional_queue`` | regional officers |
| ``casework.view_own_applications`` | worker logins (their own submitted applications' status and decisions only) |
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from rules.predicates import Predicate

from passage.accounts.predicates import (
    is_administrator,
    is_employer_member,
    is_filer,
    is_immigration_officer,
    is_regional_officer,
    is_worker,
    user_fileable_organisation_ids,
    user_region,
    user_viewable_organisation_ids,
)
from passage.casework.models import ResidenceState
from rules import permissions

# The package is untyped: one typed name for its registration function.
_add_perm = cast(Callable[[str, Any], None], permissions.add_perm)


def _is_employer_of(user: Any, application: Any) -> bool:
    """May read: their own organisation's, or a principal's under an active mandate."""
    if application is None:
        return False
    return application.organisation_id in user_viewable_organisation_ids(user)


def _is_filer_of(user: Any, application: Any) -> bool:
    """May act: a filer role, for their own organisation or a principal's."""
    if application is None:
        return False
    return application.organisation_id in user_fileable_organisation_ids(user)


def _is_officer_of_region(user: Any, application: Any) -> bool:
    if application is None:
        return False
    region = user_region(user)
    return region is not None and region == application.region


def _residence_started(user: Any, application: Any) -> bool:
    return application is not None and application.residence_state != ResidenceState.NOT_STARTED


is_employer_of = Predicate(_is_employer_of, name="is_employer_of")
is_filer_of = Predicate(_is_filer_of, name="is_filer_of")
is_officer_of_region = Predicate(_is_officer_of_region, name="is_officer_of_region")
residence_started = Predicate(_residence_started, name="residence_started")

employer_of_application = is_employer_member & is_employer_of
filer_of_application = is_employer_member & is_filer_of
officer_of_application = is_regional_officer & is_officer_of_region
can_view_application = (
    employer_of_application
    | officer_of_application
    | (is_immigration_officer & residence_started)
    | is_administrator
)

_add_perm("casework.view_application", can_view_application)
_add_perm("casework.view_personal_data", can_view_application)
_add_perm("casework.add_application", is_employer_member & is_filer)
_add_perm(
    "casework.change_application",
    filer_of_application | officer_of_application | is_administrator,
)
_add_perm("casework.submit_application", filer_of_application | is_administrator)
_add_perm("casework.assess_application", officer_of_application | is_administrator)
_add_perm("casework.add_document", filer_of_application | is_administrator)
_add_perm("casework.decide_regional_application", officer_of_application | is_administrator)
_add_perm("casework.decide_federal_application", is_immigration_officer | is_administrator)
_add_perm(
    "casework.list_applications",
    is_employer_member | is_regional_officer | is_immigration_officer | is_administrator,
)
_add_perm("casework.view_regional_queue", is_regional_officer)
_add_perm("casework.view_own_applications", is_worker)
