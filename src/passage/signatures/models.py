# SPDX-License-Identifier: EUPL-1.2
"""The result of validating a document's PAdES signatures, kept with the document."""

from __future__ import annotations

from django.db import models


class SignatureValidation(models.Model):
    """One validation of an uploaded document's signatures (``validation.SignatureResult``).

    Written with the document in one transaction by ``services.signed_document_upload``; a
    refused upload leaves neither. The signer's name is kept (the portal shows it); the
    certificate's serialNumber (a national register number on the eID) is not."""

    document = models.OneToOneField(
        "casework.Document", on_delete=models.PROTECT, related_name="signature_validation"
    )
    valid = models.BooleanField()
    reason = models.CharField(max_length=32)
    signer_name = models.CharField(max_length=200, blank=True)
    signing_time = models.DateTimeField(null=True, blank=True)
    signing_time_source = models.CharField(max_length=16, blank=True)
    level = models.CharField(max_length=16, blank=True)
    signatures = models.PositiveSmallIntegerField(default=0)
    certificate_sha256 = models.CharField(max_length=64, blank=True)
    trust_list_sha256 = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict, blank=True)
    validated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid=False) | models.Q(reason="valid"),
                name="signatures_valid_means_reason_valid",
            ),
        ]
