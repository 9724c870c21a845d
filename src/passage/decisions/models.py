# SPDX-License-Identifier: EUPL-1.2
"""The record of each decision letter issued: its verification code and what it certifies.

One row per decision (regional or federal part): a letter printed again carries the same
code, so a code always names one decision. ``content_sha256`` is the hash of the decision's
canonical content when the letter was first issued; verification recomputes it from the
record, so a decision changed afterwards no longer matches its letters.
"""

from __future__ import annotations

from django.db import models

from passage.casework.models import ApplicationDecision


class DecisionLetter(models.Model):
    decision = models.OneToOneField(
        ApplicationDecision, on_delete=models.PROTECT, related_name="letter"
    )
    verification_code = models.CharField(max_length=19, unique=True)
    content_sha256 = models.CharField(max_length=64)
    language = models.CharField(max_length=2)
    #: needs_review flags of the texts the letter used (e.g. the appeal information).
    flags = models.JSONField(default=list, blank=True)
    issued_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"DecisionLetter {self.pk}"
