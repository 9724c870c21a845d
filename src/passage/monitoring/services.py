# SPDX-License-Identifier: EUPL-1.2
"""Early Warning writes that are not part of a refresh: stakeholder access decisions.

(Imports, the refresh, alerts and the scoreboard keep their own modules.)"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from passage.accounts.models import Role
from passage.accounts.services import user_create_with_role
from passage.audit.services import audit_record
from passage.monitoring.models import AccessRequestStatus, StakeholderAccessRequest

logger = logging.getLogger(__name__)


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


class NotApproved(Exception):
    """Only an approved request with its login has a set-password e-mail to (re)send."""


def _password_set_message(req: StakeholderAccessRequest, site_url: str) -> tuple[str, str]:
    user = req.user
    assert user is not None
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = site_url.rstrip("/") + reverse("password_reset_confirm", args=[uid, token])
    body = _(
        "Hello %(name)s,\n\n"
        "Your request for access to the Passage Early Warning dashboard has been approved.\n"
        "Your login name is: %(username)s\n\n"
        "Set your password with this link (it works once and expires):\n%(link)s\n\n"
        "The figures you will see are aggregates, rounded.\n"
    ) % {"name": req.name, "username": user.get_username(), "link": link}
    return _("Your access to the Passage Early Warning dashboard"), body


def access_request_mail_send(req_pk: int, *, site_url: str, language: str = "en") -> str | None:
    """One attempt at the set-password e-mail of an approved request, unless it was sent since
    it was last asked for. Returns None when sent (or already sent), else the error, which is
    recorded on the request for the administrators' page; never raises for a mail failure."""
    req = StakeholderAccessRequest.objects.select_related("user").get(pk=req_pk)
    if req.status != AccessRequestStatus.APPROVED or req.user is None:
        raise NotApproved
    if req.mail_sent_at is not None:
        return None
    with translation.override(language):
        subject, body = _password_set_message(req, site_url)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [req.email])
    except Exception as exc:  # SMTP refusals, no server, DNS: all are "not sent, retry"
        # The exception's text can quote the address; the log keeps only its kind.
        logger.warning("Set-password e-mail for access request %s not sent: %s", req_pk, type(exc))
        error = f"{type(exc).__name__}: {exc}"[:300]
        StakeholderAccessRequest.objects.filter(pk=req_pk).update(
            mail_attempts=F("mail_attempts") + 1, mail_error=error
        )
        return error
    StakeholderAccessRequest.objects.filter(pk=req_pk).update(
        mail_attempts=F("mail_attempts") + 1, mail_error="", mail_sent_at=timezone.now()
    )
    return None


def access_request_mail_resend(req_pk: int, *, actor: Any) -> StakeholderAccessRequest:
    """An administrator asks for the set-password e-mail again (a new link): audited; the
    caller then makes the attempt (``access_request_mail_send``)."""
    with transaction.atomic():
        req = StakeholderAccessRequest.objects.select_for_update().get(pk=req_pk)
        if req.status != AccessRequestStatus.APPROVED or req.user_id is None:
            raise NotApproved
        req.mail_sent_at = None
        req.save(update_fields=["mail_sent_at"])
        audit_record(
            actor=actor,
            action="monitoring.access_request.mail_resend",
            object_type="stakeholder_access_request",
            object_id=req.pk,
            details={"user_id": req.user_id},
        )
    return req


def access_request_mail_deliver(req_pk: int, *, site_url: str, language: str = "en") -> str | None:
    """Try the set-password e-mail now; when it fails, hand it to the retrying task
    (``passage.monitoring.access_request_mail``). Returns the error of this attempt, if any."""
    error = access_request_mail_send(req_pk, site_url=site_url, language=language)
    if error is not None:
        from passage.monitoring.tasks import access_request_mail  # Celery only when needed

        try:
            access_request_mail.apply_async((req_pk, site_url, language), countdown=60, retry=False)
        except Exception:
            # The broker is down too: the administrator's page shows the e-mail as not sent,
            # with its Resend button.
            logger.warning("Could not queue the set-password e-mail retry", exc_info=True)
    return error
