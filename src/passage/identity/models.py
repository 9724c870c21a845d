# SPDX-License-Identifier: EUPL-1.2
"""Who a federal login is in Passage, and which logins were already used."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class FederalIdentity(models.Model):
    """A person known to the federal login, linked to their Passage user.

    The national register number is never stored: only its keyed pseudonym
    (``passage.casework.crypto.nrn_pseudonymise``), which is enough to recognise the person at
    the next login and useless to anyone without the key."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="federal_identities"
    )
    nrn_pseudonym = models.CharField(max_length=64, unique=True)
    #: The federal login's own identifier of the person (FAS ``fedid``); it may change.
    fedid = models.CharField(max_length=128, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "federal identity"
        verbose_name_plural = "federal identities"

    def __str__(self) -> str:
        return f"federal identity of {self.user}"


class LoginReplayGuard(models.Model):
    """One row per authorization code and per ID token (``jti``) the client has accepted:
    the unique constraint refuses a second use, across processes and sessions, even when the
    provider itself would accept it. Only digests are kept; rows older than a day go."""

    class Kind(models.TextChoices):
        CODE = "code", "authorization code"
        ID_TOKEN = "id_token", "ID token"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "digest"], name="login_replay_guard_once")
        ]
