# SPDX-License-Identifier: EUPL-1.2
"""Drafts: what an employer has typed for an application not yet filed.

A draft keeps the values as typed (strings), valid or not, so that a validation error, a
closed tab or an expired session loses nothing (issue 10, "Drafts are saved as they are
typed"). Only at submission are they converted, validated as a whole and filed through the
casework services; until then no Worker or Application exists and no officer sees anything.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from passage.accounts.models import Organisation


class Draft(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    #: The typed values by form field name. Never the national register number (below).
    data = models.JSONField(default=dict, blank=True)
    #: AES-GCM as for Worker (passage.casework.crypto): the number is never kept in clear.
    national_register_number_encrypted = models.BinaryField(null=True, blank=True, editable=False)
    #: Set when the draft is filed; a filed draft is read-only and leaves the dashboard.
    application = models.OneToOneField(
        "casework.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "application"], name="draft_org_idx")]

    def __str__(self) -> str:
        return f"Draft {self.pk}"  # never the worker's name: str() ends up in logs


class DraftDocument(models.Model):
    """A document uploaded while drafting; filed with the application on submission."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=32)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    #: For a kind that must be signed (the application form): the verdict at upload, shown to
    #: the employer; checked again when the application is filed.
    signer_name = models.CharField(max_length=200, blank=True)
    signing_time = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["draft", "kind"], name="one_draft_document_per_kind")
        ]


class InboxWatermark(models.Model):
    """Until when a person has read their portal inbox: newer messages count as unread."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    seen_until = models.DateTimeField()
