# SPDX-License-Identifier: EUPL-1.2
"""Early Warning writes that are not part of a refresh: stakeholder access decisions.

(Imports, the refresh, alerts and the scoreboard keep their own modules.)"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from passage.accounts.models import Role
from passage.accounts.services import user_create_with_role
from passage.audit.services import audit_record
from passage.monitoring.models import AccessRequestStatus, StakeholderAccessRequest


def _username_for(email: str) -> str:
    user_model: Any = get_user_model()
    base = email.strip().lower()[:140]
    name, n = base, 1
    while user_model.objects.filter(username=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


class AlreadyDecided(Exception):
    pass


def access_request_decide(req_pk: int, *, approve: bool, actor: Any) -> StakeholderAccessRequest:
    """Approve (create the stakeholder login) or reject one pending request, audited, in one
    transaction. Raises AlreadyDecided if someone decided it first."""
    with transaction.atomic():
        req = StakeholderAccessRequest.objects.select_for_update().get(pk=req_pk)
        if req.status != AccessRequestStatus.PENDING:
            raise AlreadyDecided
        details: dict[str, Any] = {"decision": "approved" if approve else "rejected"}
        if approve:
            user = user_create_with_role(
                username=_username_for(req.email), role=Role.STAKEHOLDER, actor=actor
            )
            user.email = req.email
            user.save(update_fields=["email"])
            req.user = user
            details["user_id"] = user.pk
        req.status = AccessRequestStatus.APPROVED if approve else AccessRequestStatus.REJECTED
        req.decided_at = timezone.now()
        req.decided_by = actor
        req.save(update_fields=["status", "decided_at", "decided_by", "user"])
        audit_record(
            actor=actor,
            action=f"monitoring.access_request.{'approve' if approve else 'reject'}",
            object_type="stakeholder_access_request",
            object_id=req.pk,
            details=details,
        )
    return req
