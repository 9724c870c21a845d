# SPDX-License-Identifier: EUPL-1.2
"""Writes of the employer portal: drafts, their documents, filing.

Filing goes through the casework services (worker, application, documents, submission) in
one transaction: either the whole application is filed, with its audit rows and events, or
nothing is (a half-filed application would be an officer's file with no documents)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from passage.audit.services import audit_record
from passage.casework import services as casework
from passage.casework.crypto import nrn_decrypt, nrn_encrypt
from passage.casework.models import Application
from passage.portal.forms import JobStepForm, WorkerStepForm, age_on
from passage.portal.models import Draft, DraftDocument
from passage.portal.selectors import may_file_for

WORKER_FIELDS = tuple(n for n in WorkerStepForm.base_fields if n != "national_register_number")
JOB_FIELDS = tuple(JobStepForm().fields)
#: Longest value kept per field: a draft holds what a person types, not files.
MAX_VALUE_LENGTH = 1000


class BulkRowRefused(Exception):
    """A row of a bulk file that the casework services refused; nothing of the file is filed."""

    def __init__(self, row: int, error: ValidationError) -> None:
        super().__init__(f"row {row}: {error.messages}")
        self.row = row
        self.error = error


class DraftVersionConflict(Exception):
    """The draft changed since the page was loaded (another tab, a colleague)."""


def _check_actor(actor: Any, organisation_id: int) -> None:
    # Drafts are filing: a filer role for the organisation, own or through an active mandate.
    if not may_file_for(actor, organisation_id):
        raise PermissionDenied("you do not file for this organisation")


@transaction.atomic
def draft_create(*, actor: Any, organisation: Any) -> Draft:
    _check_actor(actor, organisation.pk)
    draft = Draft.objects.create(organisation=organisation, created_by=actor, updated_by=actor)
    audit_record(actor=actor, action="draft.create", object_type="draft", object_id=draft.pk)
    return draft


@transaction.atomic
def draft_save(
    *,
    actor: Any,
    draft: Draft | int,
    values: Mapping[str, Any],
    expected_version: int | None = None,
) -> Draft:
    """Keep what was typed, valid or not (the forms say what is wrong). Only the steps' own
    field names are kept; the national register number is stored encrypted, never in ``data``.
    """
    pk = draft if isinstance(draft, int) else draft.pk
    locked = Draft.objects.select_for_update().get(pk=pk)
    _check_actor(actor, locked.organisation_id)
    if locked.application_id is not None:
        raise ValidationError({"draft": "this draft has been filed and can no longer change"})
    if expected_version is not None and expected_version != locked.version:
        raise DraftVersionConflict()
    data = dict(locked.data)
    for name in (*WORKER_FIELDS, *JOB_FIELDS):
        if name in values:
            value = values[name]
            value = "" if value is None else str(value)[:MAX_VALUE_LENGTH]
            data[name] = value
    if "national_register_number" in values:
        raw = str(values["national_register_number"] or "").strip()
        locked.national_register_number_encrypted = nrn_encrypt(raw) if raw else None
    if data != locked.data or "national_register_number" in values:
        locked.data = data
        locked.version += 1
        locked.updated_by = actor
        locked.save()
    return locked


def draft_national_register_number(draft: Draft) -> str:
    blob = draft.national_register_number_encrypted
    return nrn_decrypt(blob) if blob else ""


def draft_document_add(
    *, actor: Any, draft: Draft, kind: str, filename: str, content_type: str, content: bytes
) -> DraftDocument:
    """Keep a document with the draft; a second one of the same kind replaces the first. The
    casework checks (kind, size, whole content) run now, so the employer learns at once, and
    for a signed kind the PAdES signature is validated (pyHanko, the configured trust list,
    revocation fetched: outside any transaction); all run again when the application is filed.
    A refused signature raises ``SignatureInvalid`` with its reason in the user's language."""
    _check_actor(actor, draft.organisation_id)
    if kind not in casework.DOCUMENT_KINDS:
        raise ValidationError(
            {"kind": f"{kind!r} is not one of: {', '.join(casework.DOCUMENT_KINDS)}"}
        )
    content = bytes(content)
    declared, _ = casework.document_file_check(
        content=content, content_type=content_type, filename=filename
    )
    signer, signed_at = "", None
    if kind in casework.SIGNED_DOCUMENT_KINDS:
        from passage.signatures.services import SignatureInvalid
        from passage.signatures.trust import trust_list_configured
        from passage.signatures.validation import signature_validate

        if declared != "application/pdf":
            raise ValidationError({"file": "an application form must be a signed PDF"})
        result = signature_validate(content, on=timezone.now(), trust=trust_list_configured())
        if not result.valid:
            raise SignatureInvalid(result)
        signer, signed_at = result.signer_name[:200], result.signing_time
    return _draft_document_store(
        actor=actor,
        draft=draft,
        kind=kind,
        filename=filename,
        declared=declared,
        content=content,
        signer=signer,
        signed_at=signed_at,
    )


@transaction.atomic
def _draft_document_store(
    *,
    actor: Any,
    draft: Draft,
    kind: str,
    filename: str,
    declared: str,
    content: bytes,
    signer: str,
    signed_at: dt.datetime | None,
) -> DraftDocument:
    DraftDocument.objects.filter(draft=draft, kind=kind).delete()
    document = DraftDocument.objects.create(
        draft=draft,
        kind=kind,
        filename=casework.document_filename_clean(filename),
        content_type=declared,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        uploaded_by=actor,
        uploaded_at=timezone.now(),
        signer_name=signer,
        signing_time=signed_at,
    )
    audit_record(
        actor=actor,
        action="draft.document_add",
        object_type="draft",
        object_id=draft.pk,
        details={"kind": kind, "size": document.size, "sha256": document.sha256},
    )
    return document


@transaction.atomic
def draft_discard(*, actor: Any, draft: Draft) -> None:
    _check_actor(actor, draft.organisation_id)
    if draft.application_id is not None:
        raise ValidationError({"draft": "a filed draft cannot be discarded"})
    audit_record(actor=actor, action="draft.discard", object_type="draft", object_id=draft.pk)
    draft.delete()


def draft_errors(draft: Draft, *, today: dt.date) -> dict[str, list[str]]:
    """Every field error of the draft as a whole, by field name (empty: it can be filed)."""
    worker = WorkerStepForm(
        data={**draft.data, "national_register_number": draft_national_register_number(draft)},
        today=today,
    )
    job = JobStepForm(data=draft.data)
    errors: dict[str, list[str]] = {}
    for form in (worker, job):
        if not form.is_valid():
            errors.update({k: [str(m) for m in v] for k, v in form.errors.items()})
    return errors


@transaction.atomic
def draft_file(*, actor: Any, draft: Draft | int, today: dt.date) -> Application:
    """File the draft: worker, application, its documents, submission — all or nothing."""
    pk = draft if isinstance(draft, int) else draft.pk
    locked = Draft.objects.select_for_update().select_related("organisation").get(pk=pk)
    _check_actor(actor, locked.organisation_id)
    if locked.application_id is not None:
        raise ValidationError({"draft": "this draft has already been filed"})
    errors = draft_errors(locked, today=today)
    if errors:
        raise ValidationError(errors)
    worker_form = WorkerStepForm(
        data={**locked.data, "national_register_number": draft_national_register_number(locked)},
        today=today,
    )
    job_form = JobStepForm(data=locked.data)
    assert worker_form.is_valid() and job_form.is_valid()  # draft_errors was empty
    w, j = worker_form.cleaned_data, job_form.cleaned_data
    worker = casework.worker_create(
        actor=actor,
        organisation=locked.organisation,
        given_name=w["given_name"],
        family_name=w["family_name"],
        birth_date=w["birth_date"],
        nationality=w["nationality"],
        national_register_number=w["national_register_number"] or None,
    )
    facts: dict[str, Any] = {"age": age_on(w["birth_date"], today)}
    for name in casework.EXTRA_FACTS:
        value = j.get(name)
        if value not in (None, "") and name != "age":
            facts[name] = {"yes": True, "no": False}.get(value, value)
    fte = j.get("fte")
    application = casework.application_create(
        actor=actor,
        organisation=locked.organisation,
        worker=worker,
        permit_type=j["permit_type"],
        application_type=j["application_type"],
        workplace_postcode=j["workplace_postcode"],
        category=j["category"],
        occupation=j.get("occupation") or "",
        occupation_on_shortage_list=bool(j.get("occupation_on_shortage_list")),
        gross_salary=j["gross_salary"],
        salary_period=j["salary_period"],
        fte=fte if isinstance(fte, Decimal) else Decimal(1),
        start_date=j["start_date"],
        same_employer=_tristate(j.get("same_employer")),
        same_occupation=_tristate(j.get("same_occupation")),
        facts={k: (str(v) if isinstance(v, Decimal) else v) for k, v in facts.items()},
        today=today,
    )
    for document in locked.documents.all():
        if document.kind in casework.SIGNED_DOCUMENT_KINDS:
            from passage.signatures.services import signed_document_upload

            # Validated again on filing (a certificate may have been revoked since): the
            # casework store takes a signed kind only through passage.signatures.
            signed_document_upload(
                actor=actor,
                application=application,
                kind=document.kind,
                filename=document.filename,
                content_type=document.content_type,
                content=bytes(document.content),
            )
            continue
        casework.document_upload(
            actor=actor,
            application=application,
            kind=document.kind,
            filename=document.filename,
            content_type=document.content_type,
            content=bytes(document.content),
            today=today,
        )
    application = casework.application_submit(actor=actor, application=application.pk, today=today)
    locked.application = application
    locked.save(update_fields=["application", "updated_at"])
    locked.documents.all().delete()
    audit_record(
        actor=actor,
        action="draft.file",
        object_type="application",
        object_id=application.pk,
        details={"draft": locked.pk, "reference": application.reference},
    )
    return application


def _tristate(value: Any) -> bool | None:
    return {"yes": True, "no": False}.get(value) if isinstance(value, str) else value


@transaction.atomic
def bulk_file(
    *, actor: Any, organisation: Any, rows: list[dict[str, str]], today: dt.date
) -> list[Application]:
    """File every row (already checked by ``passage.portal.bulk.parse``) as one draft each,
    in one transaction: a row the casework services refuse after all rolls back the file."""
    _check_actor(actor, organisation.pk)
    filed = []
    for number, row in enumerate(rows, start=2):
        draft = Draft.objects.create(organisation=organisation, created_by=actor, updated_by=actor)
        draft = draft_save(actor=actor, draft=draft, values=row)
        try:
            filed.append(draft_file(actor=actor, draft=draft, today=today))
        except ValidationError as exc:
            raise BulkRowRefused(number, exc) from exc
    audit_record(
        actor=actor,
        action="portal.bulk_file",
        object_type="organisation",
        object_id=organisation.pk,
        details={"applications": len(filed)},
    )
    return filed


@transaction.atomic
def inbox_mark_read(*, actor: Any, until: dt.datetime) -> None:
    from passage.portal.models import InboxWatermark

    InboxWatermark.objects.update_or_create(user=actor, defaults={"seen_until": until})


def webhook_create(*, actor: Any, organisation: Any, url: str) -> tuple[Any, str]:
    """Register an HR system's endpoint; returns it and its secret (shown once)."""
    from passage.notifications.services import webhook_endpoint_create

    _check_actor(actor, organisation.pk)
    return webhook_endpoint_create(organisation=organisation, url=url, actor=actor)


@transaction.atomic
def webhook_deactivate(*, actor: Any, organisation: Any, endpoint_id: int) -> None:
    from passage.notifications.models import WebhookEndpoint

    _check_actor(actor, organisation.pk)
    endpoint = WebhookEndpoint.objects.select_for_update().get(
        pk=endpoint_id, organisation=organisation
    )
    if endpoint.active:
        endpoint.active = False
        endpoint.save(update_fields=["active"])
        audit_record(
            actor=actor,
            action="webhook_endpoint.deactivate",
            object_type="webhook_endpoint",
            object_id=endpoint.pk,
            details={"organisation": organisation.pk},
        )
