# SPDX-License-Identifier: EUPL-1.2
"""Casework problems (RFC 9457), answered by ``passage.api.problems.problem_exception_handler``
like every other API error: each names the field (or header) to fix."""

from __future__ import annotations

from passage.api.problems import Problem

TRANSITION_NOT_ALLOWED = "urn:passage:problem:transition-not-allowed"
PRECONDITION_REQUIRED = "urn:passage:problem:precondition-required"
PRECONDITION_FAILED = "urn:passage:problem:precondition-failed"
IDEMPOTENCY_KEY_REUSED = "urn:passage:problem:idempotency-key-reused"
IDEMPOTENCY_KEY_IN_USE = "urn:passage:problem:idempotency-key-in-use"
IDEMPOTENCY_KEY_MISSING = "urn:passage:problem:idempotency-key-missing"
DOCUMENT_TYPE_NOT_ALLOWED = "urn:passage:problem:document-type-not-allowed"
SIGNATURE_INVALID = "urn:passage:problem:signature-invalid"


class TransitionNotAllowed(Problem):
    """The workflow does not allow this step from the application's current state."""

    status_code = 409
    problem_type = TRANSITION_NOT_ALLOWED
    title = "Transition not allowed"


class PreconditionRequired(Problem):
    """RFC 6585 §3: the request must be conditional (``If-Match``)."""

    status_code = 428
    problem_type = PRECONDITION_REQUIRED
    title = "Precondition required"


class PreconditionFailed(Problem):
    """RFC 9110 §15.5.13: ``If-Match`` names a version that is no longer current."""

    status_code = 412
    problem_type = PRECONDITION_FAILED
    title = "Precondition failed"


class IdempotencyKeyMissing(Problem):
    status_code = 400
    problem_type = IDEMPOTENCY_KEY_MISSING
    title = "Idempotency-Key required"


class IdempotencyKeyReused(Problem):
    """The key was used before for a different request (draft-ietf-httpapi-idempotency-key)."""

    status_code = 422
    problem_type = IDEMPOTENCY_KEY_REUSED
    title = "Idempotency-Key reused with a different request"


class DocumentTypeNotAllowed(Problem):
    """A document whose content type Passage does not accept (PDF, JPEG and PNG only)."""

    status_code = 415
    problem_type = DOCUMENT_TYPE_NOT_ALLOWED
    title = "Document type not allowed"
