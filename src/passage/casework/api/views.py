# SPDX-License-Identifier: EUPL-1.2
"""The casework APIs: one class per operation (``<Entity><Action>Api``), nested Input/Output
serializers, no business logic — reads through ``passage.casework.selectors``, writes through
``passage.casework.services``.

Every request runs in one transaction as the ``passage_app`` database role with the user's
row-level-security settings (``CaseworkApi.dispatch``); any error rolls the whole request
back, so nothing is ever half-written. Status codes:

- 404 for an application outside the user's scope (as for one that does not exist);
- 403 for an action the user may not take on an application they can see, and for analysts
  (aggregates only) on every endpoint here;
- 409 for a step the workflow does not allow from the current state;
- 428 when ``If-Match`` is missing where it is required, 412 when it names an older version;
- 400 for a missing ``Idempotency-Key`` on a submission, 422 for a key reused with another body.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar, cast

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from passage.accounts.models import (
    Organisation,
    enterprise_number_is_valid,
    normalise_enterprise_number,
)
from passage.accounts.selectors import (
    PRINCIPAL_SESSION_KEY,
    acting_organisation,
    employer_scope,
)
from passage.api.negotiation import AlwaysJSON
from passage.api.pagination import MAX_PAGE_SIZE, KeysetPagination
from passage.api.parsers import CaseworkJSONParser
from passage.api.problems import Problem
from passage.audit.services import audit_deferred, audit_personal_data_read
from passage.casework import selectors, services
from passage.casework.api.etag import etag_for, if_match_version
from passage.casework.api.filters import ApplicationFilter
from passage.casework.api.idempotency import HEADER as IDEMPOTENCY_HEADER
from passage.casework.api.idempotency import idempotent
from passage.casework.api.problems import PreconditionFailed, TransitionNotAllowed
from passage.casework.api.serializers import (
    PERSONAL_DATA_FIELDS,
    ApplicationSummaryOutputSerializer,
    StrictInputSerializer,
    WorkerPersonalDataOutputSerializer,
)
from passage.casework.models import (
    Application,
    ApplicationType,
    PermitType,
    State,
)
from passage.casework.rls import rls_scope
from passage.rulebook.openapi import ref
from rules import permissions

SALARY_PERIODS = Application._meta.get_field("salary_period").choices or ()

#: The regional officers' working queue: with the region, in SLA order.
QUEUE_STATES = (
    State.SUBMITTED,
    State.RESUBMITTED,
    State.COMPLETENESS_CHECK,
    State.REGIONAL_ASSESSMENT,
)

#: The rules themselves, not ``User.has_perm``: Django answers True to every permission for
#: an active superuser before asking any backend, which would skip the role and scope rules.
has_perm = cast(Callable[..., bool], permissions.has_perm)

_PROBLEM = OpenApiResponse(response=ref("Problem"), description="RFC 9457 problem details")
_ERRORS: dict[int | str, Any] = {
    400: _PROBLEM,
    403: _PROBLEM,
    404: _PROBLEM,
    413: _PROBLEM,
    415: _PROBLEM,
}
_ACTION_ERRORS: dict[int | str, Any] = {**_ERRORS, 409: _PROBLEM, 412: _PROBLEM, 428: _PROBLEM}
_IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='The ETag read with the application (W/"<version>"); 412 if it changed since.',
)
_IF_MATCH_REQUIRED = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag read with the application (W/"<version>"): 428 without, 412 if stale.',
)
_IDEMPOTENCY_KEY = OpenApiParameter(
    IDEMPOTENCY_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="A unique key per request; a retry with it gets the first response again.",
)
_IDEMPOTENCY_KEY_REQUIRED = OpenApiParameter(
    IDEMPOTENCY_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description=(
        "A unique key per submission (a UUID). A retry with the same key and body gets the "
        "first response again (header Idempotent-Replayed: true); another body is a 422."
    ),
)
_PAGE_PARAMETERS = [
    OpenApiParameter("page_size", OpenApiTypes.INT, description=f"1 to {MAX_PAGE_SIZE}; 25"),
    OpenApiParameter("cursor", OpenApiTypes.STR, description="From the previous page's `next`"),
]
_TAGS = ["casework"]


@functools.cache
def _page_of(serializer: type[serializers.Serializer]) -> Any:  # type: ignore[type-arg]
    """The OpenAPI schema of a keyset page of ``serializer``."""
    return inline_serializer(
        name=f"{serializer.__name__.removesuffix('Serializer')}Page",
        fields={
            "next": serializers.URLField(allow_null=True),
            "results": serializer(many=True),
        },
    )


def _summary(application: Application) -> dict[str, Any]:
    return dict(ApplicationSummaryOutputSerializer(application).data)


def _with_etag(response: Response, version: int) -> Response:
    response["ETag"] = etag_for(version)
    return response


def _etag_headers(body: dict[str, Any]) -> dict[str, str]:
    version = body.get("version")
    return {"ETag": etag_for(version)} if isinstance(version, int) else {}


# --- the base ----------------------------------------------------------------------------------


class CaseworkApi(APIView):
    """Authenticated, JSON, one transaction per request under row-level security."""

    permission_classes = (IsAuthenticated,)
    parser_classes = (CaseworkJSONParser,)
    renderer_classes = (JSONRenderer,)
    content_negotiation_class = AlwaysJSON
    #: Checked (without an object) before any handler runs.
    endpoint_perm: str = "casework.list_applications"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # Django's user, from the session (SessionAuthentication uses the same one). Its
        # profile is read before the switch to passage_app and cached for the request.
        # Audit entries are appended to the chain at the end of the request's work, so the
        # chain's lock (held by every writer until commit) is held as briefly as possible.
        with rls_scope(getattr(request, "user", None)), audit_deferred():
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code >= 400:
                # Every error undoes the whole request (DRF's own set_rollback only acts
                # under ATOMIC_REQUESTS): nothing is ever half-written.
                transaction.set_rollback(True)
            return response

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not has_perm(self.endpoint_perm, request.user):
            raise exceptions.PermissionDenied("Your role has no access to casework files.")

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, services.TransitionError):
            field = "residence_state" if exc.part == "federal" else "state"
            exc = TransitionNotAllowed(field, str(exc))
        elif isinstance(exc, services.VersionConflict):
            exc = PreconditionFailed(
                "If-Match",
                f"names version {exc.expected}, but the application is now at "
                f"{etag_for(exc.current)}: read it again and redo your change",
            )
        elif isinstance(exc, ObjectDoesNotExist):
            exc = exceptions.NotFound()
        return super().handle_exception(exc)

    # -- helpers for the handlers (lookups, not logic) --

    @staticmethod
    def application_or_404(request: Request, reference: str) -> Application:
        """The application if the user's scope holds it; 404 otherwise (existence hidden)."""
        try:
            return selectors.application_list_for(request.user).get(reference=reference)
        except Application.DoesNotExist:
            raise exceptions.NotFound(f"No application {reference} for you.") from None

    @staticmethod
    def permit(request: Request, perm: str, application: Application) -> None:
        if not has_perm(perm, request.user, application):
            raise exceptions.PermissionDenied("You may not do this on this application.")

    @staticmethod
    def scoped(request: Request) -> QuerySet[Application]:
        # Lists show the organisation, never the worker: do not fetch the worker's row.
        return (
            selectors.application_list_for(request.user)
            .select_related(None)
            .select_related("organisation")
        )

    @staticmethod
    def filtered(request: Request, queryset: QuerySet[Application]) -> QuerySet[Application]:
        filterset = ApplicationFilter(data=request.query_params, queryset=queryset)
        if not filterset.is_valid():
            raise serializers.ValidationError(filterset.errors)
        return cast(QuerySet[Application], filterset.qs)


# --- collections -------------------------------------------------------------------------------


_FILTER_PARAMETERS = [
    OpenApiParameter("state", OpenApiTypes.STR, many=True, enum=State.values),
    OpenApiParameter("region", OpenApiTypes.STR),
    OpenApiParameter("category", OpenApiTypes.STR),
    OpenApiParameter("permit_type", OpenApiTypes.STR, enum=PermitType.values),
    OpenApiParameter("residence_state", OpenApiTypes.STR),
    OpenApiParameter("submitted_from", OpenApiTypes.DATE),
    OpenApiParameter("submitted_to", OpenApiTypes.DATE),
    OpenApiParameter("overdue", OpenApiTypes.BOOL),
    OpenApiParameter("enterprise_number", OpenApiTypes.STR, description="Employer (mod-97)"),
]


class ApplicationListApi(CaseworkApi):
    """``GET /api/v1/applications``: the applications in the user's scope, newest first."""

    pagination = KeysetPagination(None, descending=True)
    OutputSerializer = ApplicationSummaryOutputSerializer

    @extend_schema(
        operation_id="applications_list",
        summary="Applications in your scope",
        tags=_TAGS,
        parameters=[*_FILTER_PARAMETERS, *_PAGE_PARAMETERS],
        responses={200: _page_of(OutputSerializer), **_ERRORS},
    )
    def get(self, request: Request) -> Response:
        queryset = self.filtered(request, self.scoped(request))
        rows, next_url = self.pagination.paginate(request, queryset)
        results = ApplicationListApi.OutputSerializer(rows, many=True).data
        return KeysetPagination.response(list(results), next_url)


class ApplicationCreateApi(CaseworkApi):
    """``POST /api/v1/applications``: an employer member files a draft for a new worker, or a
    renewal for a worker of an earlier application (``renewal_of``)."""

    class WorkerInputSerializer(StrictInputSerializer):
        given_name = serializers.CharField(max_length=100)
        family_name = serializers.CharField(max_length=100)
        birth_date = serializers.DateField()
        nationality = serializers.RegexField(
            r"^[A-Za-z]{2}$", error_messages={"invalid": "must be an ISO 3166-1 alpha-2 code"}
        )
        national_register_number = serializers.CharField(
            required=False, write_only=True, max_length=20
        )

    class InputSerializer(StrictInputSerializer):
        worker = serializers.JSONField(required=False)  # validated by WorkerInputSerializer
        renewal_of = serializers.CharField(required=False, max_length=20)
        enterprise_number = serializers.CharField(required=False, max_length=20)
        #: The organisation filed for, by id: one's own, or a principal under an active
        #: mandate (a foreign employer without enterprise number is named this way).
        principal = serializers.IntegerField(required=False, min_value=1)
        application_type = serializers.ChoiceField(
            choices=ApplicationType.choices, default=ApplicationType.FIRST
        )
        permit_type = serializers.ChoiceField(choices=PermitType.choices)
        workplace_postcode = serializers.RegexField(
            r"^\d{4}$", error_messages={"invalid": "must be a Belgian postcode (four digits)"}
        )
        category = serializers.CharField(max_length=32)
        occupation = serializers.CharField(max_length=8, required=False, allow_blank=True)
        occupation_on_shortage_list = serializers.BooleanField(required=False, default=False)
        gross_salary = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
        salary_period = serializers.ChoiceField(choices=SALARY_PERIODS)
        fte = serializers.DecimalField(
            max_digits=3, decimal_places=2, min_value=0, max_value=1, required=False
        )
        start_date = serializers.DateField()
        same_employer = serializers.BooleanField(required=False, allow_null=True)
        same_occupation = serializers.BooleanField(required=False, allow_null=True)
        facts = serializers.DictField(required=False)

        def validate_enterprise_number(self, value: str) -> str:
            number = normalise_enterprise_number(value)
            if not enterprise_number_is_valid(number):
                raise serializers.ValidationError(
                    f"{value!r} is not a valid Belgian enterprise number (ten digits starting "
                    "0 or 1; the last two are 97 minus the first eight modulo 97)"
                )
            return number

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if ("worker" in attrs) == ("renewal_of" in attrs):
                raise serializers.ValidationError(
                    {"worker": ["send either a new worker or renewal_of, not both or neither"]}
                )
            if "worker" in attrs:
                nested = ApplicationCreateApi.WorkerInputSerializer(data=attrs["worker"])
                if not nested.is_valid():
                    field, errors = next(iter(nested.errors.items()))
                    raise serializers.ValidationError({f"worker.{field}": errors})
                attrs["worker"] = nested.validated_data
            return attrs

    endpoint_perm = "casework.add_application"

    @extend_schema(
        operation_id="applications_create",
        summary="File a draft application",
        tags=_TAGS,
        parameters=[_IDEMPOTENCY_KEY],
        request=InputSerializer,
        responses={201: ApplicationSummaryOutputSerializer, **_ERRORS, 422: _PROBLEM},
    )
    def post(self, request: Request) -> Response:
        return idempotent(
            request, lambda: self._create(request), required=False, headers_for=_etag_headers
        )

    def _create(self, request: Request) -> Response:
        data = ApplicationCreateApi.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        user = request.user
        organisation = self._filed_for(
            request, fields.pop("principal", None), fields.pop("enterprise_number", None)
        )
        renewal_of = fields.pop("renewal_of", None)
        worker_fields = fields.pop("worker", None)
        if renewal_of is not None:
            worker = self.application_or_404(request, renewal_of).worker
            fields["application_type"] = ApplicationType.RENEWAL
        else:
            worker = services.worker_create(actor=user, organisation=organisation, **worker_fields)
        application = services.application_create(
            actor=user, organisation=organisation, worker=worker, **fields
        )
        body = _summary(application)
        return _with_etag(Response(body, status=status.HTTP_201_CREATED), application.version)

    @staticmethod
    def _filed_for(request: Request, principal: int | None, number: str | None) -> Organisation:
        """The organisation the application is filed for (docs/access.md): the one named by
        ``principal`` or ``enterprise_number``, else the one the session acts for
        (``passage_principal_id``), else the user's own. It must be one the user may file for
        today — their own with a filer role, or a principal under an active mandate; a
        principal chosen earlier whose mandate has ended is refused, never replaced."""
        scope = employer_scope(request.user)
        fileable = scope.fileable
        if not fileable:  # add_application holds only for employer-side filers
            raise exceptions.PermissionDenied("Only employer members file applications.")
        if principal is not None:
            if principal not in fileable:
                raise Problem(
                    "principal", "is neither your organisation nor one you hold a mandate for"
                )
            return Organisation.objects.get(pk=principal)
        if number is not None:
            found = Organisation.objects.filter(pk__in=fileable, enterprise_number=number).first()
            if found is None:
                raise Problem(
                    "enterprise_number",
                    "is not your organisation's enterprise number nor that of an organisation "
                    "you hold a mandate for",
                )
            return found
        session = getattr(request, "session", None)
        if session is not None and session.get(PRINCIPAL_SESSION_KEY) is not None:
            acting = acting_organisation(request.user, session, on=scope.day)
            if acting is None or acting.pk not in fileable:
                raise Problem(
                    "principal",
                    "you no longer hold a mandate for the organisation you act for: switch "
                    "to another one explicitly",
                )
            return acting
        profile = getattr(request.user, "profile", None)
        if scope.home_id not in fileable or profile is None or profile.organisation is None:
            raise exceptions.PermissionDenied("You may not file for your organisation.")
        return cast(Organisation, profile.organisation)


class ApplicationsApi(ApplicationListApi, ApplicationCreateApi):
    """``/api/v1/applications``: GET lists, POST creates (one URL, two operations)."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Each operation's own endpoint permission.
        self.endpoint_perm = (
            ApplicationCreateApi.endpoint_perm
            if request.method == "POST"
            else ApplicationListApi.endpoint_perm
        )
        super().initial(request, *args, **kwargs)


class _SlaListApi(CaseworkApi):
    pagination = KeysetPagination("sla_due_on")
    OutputSerializer = ApplicationSummaryOutputSerializer

    def rows(self, request: Request) -> QuerySet[Application]:
        raise NotImplementedError

    def get(self, request: Request) -> Response:
        queryset = self.filtered(request, self.rows(request))
        rows, next_url = self.pagination.paginate(request, queryset)
        results = _SlaListApi.OutputSerializer(rows, many=True).data
        return KeysetPagination.response(list(results), next_url)


class RegionalQueueListApi(_SlaListApi):
    """``GET /api/v1/queues/regional``: the officer's own region, submitted, resubmitted, in
    the completeness check or in assessment, earliest SLA due date first."""

    endpoint_perm = "casework.view_regional_queue"

    def rows(self, request: Request) -> QuerySet[Application]:
        return self.scoped(request).filter(state__in=QUEUE_STATES)

    @extend_schema(
        operation_id="queues_regional",
        summary="The regional officer's queue",
        tags=_TAGS,
        parameters=[*_FILTER_PARAMETERS, *_PAGE_PARAMETERS],
        responses={200: _page_of(_SlaListApi.OutputSerializer), **_ERRORS},
    )
    def get(self, request: Request) -> Response:
        return super().get(request)


class ApplicationOverdueListApi(_SlaListApi):
    """``GET /api/v1/applications/overdue``: running SLA clocks past their due date."""

    def rows(self, request: Request) -> QuerySet[Application]:
        overdue = selectors.applications_overdue(timezone.localdate())
        return self.scoped(request) & overdue

    @extend_schema(
        operation_id="applications_overdue",
        summary="Overdue applications in your scope",
        tags=_TAGS,
        parameters=[*_FILTER_PARAMETERS, *_PAGE_PARAMETERS],
        responses={200: _page_of(_SlaListApi.OutputSerializer), **_ERRORS},
    )
    def get(self, request: Request) -> Response:
        return super().get(request)


class ApplicationAtRiskListApi(_SlaListApi):
    """``GET /api/v1/applications/at-risk``: running clocks due within their policy's margin."""

    def rows(self, request: Request) -> QuerySet[Application]:
        at_risk = selectors.applications_at_risk(timezone.localdate())
        return self.scoped(request) & at_risk

    @extend_schema(
        operation_id="applications_at_risk",
        summary="Applications at risk of missing their SLA",
        tags=_TAGS,
        parameters=[*_FILTER_PARAMETERS, *_PAGE_PARAMETERS],
        responses={200: _page_of(_SlaListApi.OutputSerializer), **_ERRORS},
    )
    def get(self, request: Request) -> Response:
        return super().get(request)


# --- one application ---------------------------------------------------------------------------


class ApplicationDetailApi(CaseworkApi):
    """``GET /api/v1/applications/{reference}``: the whole file with the worker's personal data
    (each read audited in the same transaction) and the rules' decision and trace."""

    class OutputSerializer(ApplicationSummaryOutputSerializer):
        worker = serializers.SerializerMethodField()

        class Meta(ApplicationSummaryOutputSerializer.Meta):
            fields = (
                *ApplicationSummaryOutputSerializer.Meta.fields,
                "workplace_postcode",
                "occupation_on_shortage_list",
                "gross_salary",
                "salary_period",
                "fte",
                "start_date",
                "same_employer",
                "same_occupation",
                "facts",
                "eligibility_decision",
                "eligibility_evaluated_on",
                "eligibility_rulebook_version",
                "declared_wage",
                "sla_paused_days",
                "worker",
            )
            read_only_fields = fields

        @extend_schema_field(WorkerPersonalDataOutputSerializer(allow_null=True))
        def get_worker(self, application: Application) -> dict[str, Any] | None:
            if not self.context.get("personal_data"):
                return None
            return dict(WorkerPersonalDataOutputSerializer(application.worker).data)

    @extend_schema(
        operation_id="applications_retrieve",
        summary="One application, with the worker's personal data",
        tags=_TAGS,
        responses={200: OutputSerializer, **_ERRORS},
    )
    def get(self, request: Request, reference: str) -> Response:
        application = self.application_or_404(request, reference)
        self.permit(request, "casework.view_application", application)
        personal = has_perm("casework.view_personal_data", request.user, application)
        if personal:
            audit_personal_data_read(
                actor=request.user,
                object_type="worker",
                object_id=application.worker_id,
                fields=PERSONAL_DATA_FIELDS,
            )
        body = ApplicationDetailApi.OutputSerializer(
            application, context={"personal_data": personal}
        ).data
        return _with_etag(Response(body), application.version)


class ApplicationUpdateApi(CaseworkApi):
    """``PATCH /api/v1/applications/{reference}``: change facts of a draft (the employer) or of
    a file with the region (its officers). ``If-Match`` required; the rules run again."""

    class InputSerializer(StrictInputSerializer):
        permit_type = serializers.ChoiceField(choices=PermitType.choices)
        workplace_postcode = serializers.RegexField(
            r"^\d{4}$", error_messages={"invalid": "must be a Belgian postcode (four digits)"}
        )
        category = serializers.CharField(max_length=32)
        occupation = serializers.CharField(max_length=8, allow_blank=True)
        occupation_on_shortage_list = serializers.BooleanField()
        gross_salary = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
        salary_period = serializers.ChoiceField(choices=SALARY_PERIODS)
        fte = serializers.DecimalField(max_digits=3, decimal_places=2, min_value=0, max_value=1)
        start_date = serializers.DateField()
        same_employer = serializers.BooleanField(allow_null=True)
        same_occupation = serializers.BooleanField(allow_null=True)
        facts = serializers.DictField()

    @extend_schema(
        operation_id="applications_partial_update",
        summary="Change facts",
        tags=_TAGS,
        parameters=[_IF_MATCH_REQUIRED],
        request=InputSerializer,
        responses={200: ApplicationSummaryOutputSerializer, **_ACTION_ERRORS},
    )
    def patch(self, request: Request, reference: str) -> Response:
        application = self.application_or_404(request, reference)
        self.permit(request, "casework.change_application", application)
        expected = if_match_version(request, application.version, required=True)
        data = ApplicationUpdateApi.InputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        updated = services.application_update(
            actor=request.user,
            application=application,
            changes=dict(data.validated_data),
            expected_version=expected,
        )
        return _with_etag(Response(_summary(updated)), updated.version)


class ApplicationApi(ApplicationDetailApi, ApplicationUpdateApi):
    """``/api/v1/applications/{reference}``: GET reads, PATCH changes facts."""


class ApplicationEventListApi(CaseworkApi):
    """``GET /api/v1/applications/{reference}/events``: the timeline, oldest first."""

    class OutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
        at = serializers.DateTimeField()
        part = serializers.CharField()
        kind = serializers.CharField()
        from_state = serializers.CharField()
        to_state = serializers.CharField()
        reason = serializers.CharField()
        actor = serializers.CharField(source="actor.username", default=None)

    @extend_schema(
        operation_id="applications_events",
        summary="The application's timeline",
        tags=_TAGS,
        responses={200: OutputSerializer(many=True), **_ERRORS},
    )
    def get(self, request: Request, reference: str) -> Response:
        application = self.application_or_404(request, reference)
        self.permit(request, "casework.view_application", application)
        events = application.events.select_related("actor").order_by("at", "id")
        body = ApplicationEventListApi.OutputSerializer(events, many=True).data
        return _with_etag(Response(body), application.version)


# --- workflow actions --------------------------------------------------------------------------


class _ActionApi(CaseworkApi):
    """``POST /api/v1/applications/{reference}/<action>``: a workflow step.

    Subclasses name the permission, whether ``If-Match`` is required (officers' actions) and
    the service call; they answer the application summary with its new ETag."""

    action_perm: ClassVar[str]
    if_match_required: ClassVar[bool] = True

    class InputSerializer(StrictInputSerializer):
        pass

    OutputSerializer = ApplicationSummaryOutputSerializer

    def perform(
        self, request: Request, application: Application, data: dict[str, Any], expected: int | None
    ) -> Application:
        raise NotImplementedError

    def post(self, request: Request, reference: str) -> Response:
        application = self.application_or_404(request, reference)
        self.permit(request, self.action_perm, application)
        expected = if_match_version(request, application.version, required=self.if_match_required)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changed = self.perform(request, application, dict(data.validated_data), expected)
        if changed.organisation_id == application.organisation_id:
            changed.organisation = application.organisation  # already read: no second query
        return _with_etag(Response(_summary(changed)), changed.version)


_F = TypeVar("_F", bound=Callable[..., Any])


def _action_schema(
    operation: str, summary: str, input_serializer: Any, *, officer: bool
) -> Callable[[_F], _F]:
    return extend_schema(
        operation_id=f"applications_{operation}",
        summary=summary,
        tags=_TAGS,
        parameters=[_IF_MATCH_REQUIRED if officer else _IF_MATCH],
        request=input_serializer,
        responses={200: ApplicationSummaryOutputSerializer, **_ACTION_ERRORS},
    )


class ApplicationSubmitApi(_ActionApi):
    """Draft → submitted. ``Idempotency-Key`` required: a retry replays the first answer."""

    action_perm = "casework.submit_application"
    if_match_required = False

    @extend_schema(
        operation_id="applications_submit",
        summary="Submit a draft",
        tags=_TAGS,
        parameters=[_IDEMPOTENCY_KEY_REQUIRED, _IF_MATCH],
        request=None,
        responses={200: ApplicationSummaryOutputSerializer, **_ACTION_ERRORS, 422: _PROBLEM},
    )
    def post(self, request: Request, reference: str) -> Response:
        return idempotent(
            request,
            lambda: super(ApplicationSubmitApi, self).post(request, reference),
            required=True,
            headers_for=_etag_headers,
        )

    def perform(
        self, request: Request, application: Application, data: dict[str, Any], expected: int | None
    ) -> Application:
        return services.application_submit(
            actor=request.user, application=application, expected_version=expected
        )


class ApplicationWithdrawApi(_ActionApi):
    action_perm = "casework.submit_application"
    if_match_required = False

    class InputSerializer(StrictInputSerializer):
        reason = serializers.CharField(required=False, allow_blank=True, max_length=4000)

    @_action_schema("withdraw", "Withdraw (the employer)", InputSerializer, officer=False)
    def post(self, request: Request, reference: str) -> Response:
        return super().post(request, reference)

    def perform(
        self, request: Request, application: Application, data: dict[str, Any], expected: int | None
    ) -> Application:
        return services.application_withdraw(
            actor=request.user, application=application, expected_version=expected, **data
        )


class ApplicationResubmitApi(_ActionApi):
    action_perm = "casework.submit_application"
    if_match_required = False

    class InputSerializer(StrictInputSerializer):
        answer = serializers.CharField(required=False, allow_blank=True, max_length=20000)

    @_action_schema("resubmit", "Answer an information request", InputSerializer, officer=False)
    def post(self, request: Request, reference: str) -> Response:
        return super().post(request, reference)

    def perform(
        self, request: Request, application: Application, data: dict[str, Any], expected: int | None
    ) -> Application:
        return services.application_resubmit(
            actor=request.user, application=application, expected_version=expected, **data
        )


class ApplicationCompletenessCheckApi(_ActionApi):
    action_perm = "casework.assess_application"

    @_action_schema("completeness_check", "Start the completeness check", None, officer=True)
    def post(self, request: Request, reference: str) -> Response:
        return super().post(request, reference)

    def perform(
        self, request: Request, application: Application, data: dict[str, Any], expected: int | None
    ) -> Application:
        return services.application_start_completeness_check(
            actor=request.user, application=application, expected_version=expected
        )


class ApplicationMarkIncompleteApi(_ActionApi):
    action_perm = "casework.assess_application"

    class InputSerializer(StrictInputSerializer):
        reason = serializers.CharField(max_length=20000)

    @_action_schema("mark_incomplete", "Mark incomplete", InputSerializer, officer=True)
    def post(self, request: Request, reference: str) -> Response:
        return super().post(request, reference)

    def perform(
        self, request: Request, application: Application, data: dict[str, Any], expected: int | None
    ) -> Application:
        return services.application_mark_incomplete(
            actor=request.user, application=application, expected_version=expected, **data
        )


class ApplicationRequestInformationApi(_ActionApi):
    action_perm = "casework.assess_application"

    class InputSerializer(StrictInputSerializer):
        message = serializers.CharField(max_length=20000)
        due_on = serializers.DateField(required=False, allow_null=True)

    @_action_schema(
        "request_information", "Ask the employer for information", InputSerializer, officer=True
    )
    def post(self, request: Request, reference: str) -> Response:
        return super().post(request, reference)

    def perform(
        self, request: Request, application: Application, data: dict[str, Any], expected: int | None
    ) -> Application:
        return services.application_request_information(
            actor=request.user, application=application, expected_version=expected, **data
        )


class ApplicationStartRegionalAssessmentApi(_ActionApi):
    action_perm = "casework.assess_application"

    @_action_schema(
        "start_regional_assessment", "Start the regional assessment", None, officer=True
    )
    def post(self, request: Request, reference: str) -> Response:
        return super().post(request, reference)

    def perform(
        self, request: Request, application: Application, data: dict[str, Any], expected: int | None
    ) -> Application:
        return services.application_start_regional_assessment(
            actor=request.user, application=application, expected_version=expected
        )


class _DecisionInputSerializer(StrictInputSerializer):
    outcome = serializers.ChoiceField(choices=[("granted", "granted"), ("refused", "refused")])
    motivation = serializers.CharField(required=False, allow_blank=True, max_length=20000)


class ApplicationDecideRegionalApi(_ActionApi):
    action_perm = "casework.decide_regional_application"

    class InputSerializer(_DecisionInputSerializer):
        pass

    @_action_schema(
        "decide_regional", "Decide on the work authorisation", InputSerializer, officer=True
    )
    def post(self, request: Request, reference: str) -> Response:
        return super().post(request, reference)

    def perform(
        self, request: Request, application: Application, data: dict[str, Any], expected: int | None
    ) -> Application:
        return services.application_decide_regional(
            actor=request.user, application=application, expected_version=expected, **data
        )


class ApplicationDecideFederalApi(_ActionApi):
    action_perm = "casework.decide_federal_application"

    class InputSerializer(_DecisionInputSerializer):
        pass

    @_action_schema("decide_federal", "Decide on the residence", InputSerializer, officer=True)
    def post(self, request: Request, reference: str) -> Response:
        return super().post(request, reference)

    def perform(
        self, request: Request, application: Application, data: dict[str, Any], expected: int | None
    ) -> Application:
        return services.application_decide_federal(
            actor=request.user, application=application, expected_version=expected, **data
        )


# --- the worker's own applications ---------------------------------------------------------------


@extend_schema_serializer(component_name="WorkerApplicationDecisionOutput")
class WorkerDecisionOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    part = serializers.CharField()
    outcome = serializers.CharField()
    motivation = serializers.CharField()
    decided_at = serializers.DateTimeField()


class WorkerApplicationListApi(CaseworkApi):
    """``GET /api/v1/me/applications``: a worker login's own applications once submitted —
    the status of both parts and the decisions, nothing else of the employer's file (no
    salary, facts, documents or information requests; docs/access.md, "Workers"). Each read
    is audited as a read of the worker's data."""

    endpoint_perm = "casework.view_own_applications"

    class OutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
        reference = serializers.CharField()
        employer = serializers.CharField(source="organisation.name")
        application_type = serializers.CharField()
        permit_type = serializers.CharField()
        region = serializers.CharField()
        state = serializers.CharField()
        residence_state = serializers.CharField()
        submitted_at = serializers.DateTimeField(allow_null=True)
        decisions = serializers.SerializerMethodField()

        @extend_schema_field(WorkerDecisionOutputSerializer(many=True))
        def get_decisions(self, application: Application) -> list[dict[str, Any]]:
            rows = sorted(application.decisions.all(), key=lambda d: (d.decided_at, d.pk))
            return list(WorkerDecisionOutputSerializer(rows, many=True).data)

    @extend_schema(
        operation_id="me_applications_list",
        summary="Your own applications (worker logins)",
        tags=_TAGS,
        responses={200: OutputSerializer(many=True), **_ERRORS},
    )
    def get(self, request: Request) -> Response:
        rows = list(selectors.worker_application_list_for(request.user))
        worker = getattr(getattr(request.user, "profile", None), "worker_id", None)
        if worker is not None:
            audit_personal_data_read(
                actor=request.user,
                object_type="worker",
                object_id=worker,
                fields=("applications.status", "applications.decisions"),
            )
        return Response(WorkerApplicationListApi.OutputSerializer(rows, many=True).data)


def _name_nested_serializers() -> None:
    """OpenAPI component names for the nested serializers: ``<Api minus "Api"><Input|Output>``
    (every nested class is called InputSerializer or OutputSerializer)."""
    for api in list(globals().values()):
        if not (isinstance(api, type) and issubclass(api, CaseworkApi)):
            continue
        for attr in (
            "InputSerializer",
            "OutputSerializer",
            "WorkerInputSerializer",
        ):
            nested = api.__dict__.get(attr)
            if isinstance(nested, type) and nested is not ApplicationSummaryOutputSerializer:
                name = api.__name__.removeprefix("_").removesuffix("Api")
                extend_schema_serializer(component_name=f"{name}{attr.removesuffix('Serializer')}")(
                    nested
                )


_name_nested_serializers()
