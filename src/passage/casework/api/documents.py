# SPDX-License-Identifier: EUPL-1.2
"""Documents of an application (docs/casework.md, "Documents").

- ``GET /api/v1/applications/{reference}/documents``: the metadata, oldest first, no content;
- ``POST`` the same URL: ``multipart/form-data`` with ``kind`` and ``file``, ``If-Match``
  required (428/412 as for every write); 413 over ``PASSAGE_MAX_DOCUMENT_BYTES``, 415 for a
  type other than PDF/JPEG/PNG, 400 naming ``file`` for content that is not a whole, readable
  file of its type or a name whose extension does not match; an ``application_form`` must be
  a PDF with a valid PAdES signature (``passage.signatures``), else 422 naming ``file`` with
  the ``reason`` code and a message in the request's language;
- ``GET /api/v1/applications/{reference}/documents/{id}``: the file itself, as an attachment
  with its stored content type. Every download is a read of the worker's personal data and is
  audited (``audit_personal_data_read``) in the request's transaction.

Scope exactly as the application detail: outside it, 404; analysts 403.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

import orjson
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import set_rollback

from passage.api.problems import PROBLEM_JSON, BodyTooLarge
from passage.audit.services import audit_personal_data_read
from passage.casework import services
from passage.casework.api.etag import if_match_version
from passage.casework.api.problems import SIGNATURE_INVALID, DocumentTypeNotAllowed
from passage.casework.api.serializers import StrictInputSerializer
from passage.casework.api.views import (
    _ACTION_ERRORS,
    _ERRORS,
    _IF_MATCH_REQUIRED,
    _TAGS,
    CaseworkApi,
    _with_etag,
)
from passage.casework.models import Document
from passage.signatures import selectors as signature_selectors
from passage.signatures import services as signature_services

#: Room for the multipart envelope and the ``kind`` field around the file itself.
MULTIPART_OVERHEAD_BYTES = 64 * 1024
#: Downloads are audited as reads of these (names only, never values).
DOCUMENT_PERSONAL_DATA_FIELDS = ("content", "filename")


class DocumentMultiPartParser(MultiPartParser):
    """``multipart/form-data``; a body larger than the document limit plus the envelope is a
    413 naming ``file``, refused before it is read."""

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        limit = services.max_document_bytes()
        request = (parser_context or {}).get("request")
        length = 0
        if request is not None:
            with contextlib.suppress(TypeError, ValueError):
                length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > limit + MULTIPART_OVERHEAD_BYTES:
            raise BodyTooLarge("file", f"the request is {length} bytes; a file may be {limit}")
        return super().parse(stream, media_type, parser_context)


@extend_schema_serializer(component_name="DocumentSignature")
class DocumentSignatureSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The stored validation of a signed document (``application_form``): "signature valid,
    signed by X on Y"; ``message`` is in the request's language."""

    valid = serializers.BooleanField()
    reason = serializers.CharField()
    signer_name = serializers.CharField()
    signing_time = serializers.DateTimeField(allow_null=True)
    signing_time_source = serializers.ChoiceField(choices=("timestamp", "claimed", ""))
    level = serializers.CharField()
    validated_at = serializers.DateTimeField()
    message = serializers.SerializerMethodField()

    def get_message(self, obj: Any) -> str:
        return signature_selectors.summary_of(obj).message


@extend_schema_serializer(component_name="DocumentOutput")
class DocumentOutputSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A document's metadata (never its content); ``signature`` for signed kinds, else null."""

    uploaded_by = serializers.CharField(source="uploaded_by.username", default=None)
    signature = DocumentSignatureSerializer(
        source="signature_validation", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Document
        fields = (
            "id",
            "kind",
            "filename",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "signature",
        )
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.BINARY)
class _BinaryFileField(serializers.FileField):
    """A file part of a multipart body (binary in the OpenAPI document)."""


@extend_schema_serializer(component_name="DocumentUploadInput")
class DocumentUploadInputSerializer(StrictInputSerializer):
    """A document: its kind and the file (PDF, JPEG or PNG; unknown fields are refused)."""

    kind = serializers.ChoiceField(choices=services.DOCUMENT_KINDS)
    file = _BinaryFileField(allow_empty_file=False, use_url=False)


_SIGNATURE_REFUSED = OpenApiResponse(
    response=_ACTION_ERRORS[400].response,
    description=(
        "An application form whose PAdES signature is refused: the problem carries `reason` "
        "(tampered, modified, partial_coverage, untrusted, expired, not_yet_valid, revoked, "
        "revocation_unavailable, key_usage, timestamp_invalid, no_signature, not_pdf, "
        "malformed, invalid), `signer_name`, and `detail` in the request's language"
    ),
)


class _DocumentApi(CaseworkApi):
    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, signature_services.SignatureInvalid):
            result = exc.result
            set_rollback()
            doc = {
                "type": SIGNATURE_INVALID,
                "title": "Signature not valid",
                "status": 422,
                "detail": result.message,
                "field": "file",
                "reason": result.reason,
                "signer_name": result.signer_name or None,
            }
            # A plain HttpResponse, as the project's DRF exception handler returns.
            return HttpResponse(  # type: ignore[return-value]
                orjson.dumps(doc), status=422, content_type=PROBLEM_JSON
            )
        if isinstance(exc, services.DocumentTooLarge):
            exc = BodyTooLarge("file", f"is {exc.size} bytes; the limit is {exc.limit} bytes")
        elif isinstance(exc, services.DocumentTypeNotAllowed):
            allowed = ", ".join(services.DOCUMENT_SIGNATURES)
            exc = DocumentTypeNotAllowed(
                "file", f"has type {exc.content_type!r}; send one of: {allowed}"
            )
        return super().handle_exception(exc)


class DocumentsApi(_DocumentApi):
    """``/api/v1/applications/{reference}/documents``: GET lists, POST uploads."""

    parser_classes = (DocumentMultiPartParser,)  # type: ignore[assignment]  # not JSON

    @extend_schema(
        operation_id="applications_documents_list",
        summary="The application's documents (metadata only)",
        tags=_TAGS,
        responses={200: DocumentOutputSerializer(many=True), **_ERRORS},
    )
    def get(self, request: Request, reference: str) -> Response:
        application = self.application_or_404(request, reference)
        self.permit(request, "casework.view_application", application)
        documents = (
            application.documents.defer("content")
            .select_related("uploaded_by", "signature_validation")
            .order_by("uploaded_at", "id")
        )
        body = DocumentOutputSerializer(documents, many=True).data
        return _with_etag(Response(body), application.version)

    @extend_schema(
        operation_id="applications_documents_create",
        summary="Upload a document (PDF, JPEG or PNG)",
        tags=_TAGS,
        parameters=[_IF_MATCH_REQUIRED],
        request={"multipart/form-data": DocumentUploadInputSerializer},
        responses={201: DocumentOutputSerializer, **_ACTION_ERRORS, 422: _SIGNATURE_REFUSED},
    )
    def post(self, request: Request, reference: str) -> Response:
        application = self.application_or_404(request, reference)
        self.permit(request, "casework.add_document", application)
        expected = if_match_version(request, application.version, required=True)
        data = DocumentUploadInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        kind = data.validated_data["kind"]
        arguments = {
            "actor": request.user,
            "application": application,
            "kind": kind,
            "filename": upload.name or "",
            "content_type": upload.content_type or "",
            "content": upload.read(),
            "expected_version": expected,
        }
        if kind in signature_services.SIGNED_KINDS:
            # The signature is validated (OCSP/CRL fetched) before the row lock.
            document, _ = signature_services.signed_document_upload(**arguments)
        else:
            document = services.document_upload(**arguments)
        body = DocumentOutputSerializer(document).data
        return _with_etag(
            Response(body, status=status.HTTP_201_CREATED), document.application.version
        )


class DocumentDownloadApi(_DocumentApi):
    """``GET /api/v1/applications/{reference}/documents/{id}``: the file, audited."""

    @extend_schema(
        operation_id="applications_documents_retrieve",
        summary="Download a document (an audited read of personal data)",
        tags=_TAGS,
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                response=OpenApiTypes.BINARY,
                description="The file, with its stored content type, as an attachment",
            ),
            **_ERRORS,
        },
    )
    def get(self, request: Request, reference: str, document_id: int) -> HttpResponse:
        application = self.application_or_404(request, reference)
        self.permit(request, "casework.view_application", application)
        self.permit(request, "casework.view_personal_data", application)
        document = application.documents.get(pk=document_id)
        audit_personal_data_read(
            actor=request.user,
            object_type="document",
            object_id=document.pk,
            fields=DOCUMENT_PERSONAL_DATA_FIELDS,
        )
        response = HttpResponse(bytes(document.content), content_type=document.content_type)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=document.filename
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
