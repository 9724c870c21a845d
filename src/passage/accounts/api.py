# SPDX-License-Identifier: EUPL-1.2
"""``/api/v1/`` access management: members' portal roles, mandates, and the principal a user
acts for (docs/access.md, "API"). One class per operation, nested Input/Output serializers,
reads through ``passage.accounts.selectors``, writes through ``passage.accounts.services``.

Status codes, as for casework: 404 for a role grant or mandate outside the user's scope (as
for one that does not exist), 403 for an action the user may not take on one they can see (or
for a role with no access management at all: officers, analysts, workers), 400 naming the
field for bad input. Each request is one transaction; any error rolls it back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from passage.accounts import selectors, services
from passage.accounts.models import (
    Mandate,
    MandateService,
    MemberRole,
    Organisation,
    PortalRole,
    Role,
    enterprise_number_is_valid,
    normalise_enterprise_number,
)
from passage.accounts.predicates import user_role
from passage.api.negotiation import AlwaysJSON
from passage.api.parsers import CaseworkJSONParser
from passage.api.problems import Problem
from passage.audit.services import audit_deferred
from passage.casework.api.serializers import OrganisationOutputSerializer, StrictInputSerializer
from passage.rulebook.openapi import ref

_PROBLEM = OpenApiResponse(response=ref("Problem"), description="RFC 9457 problem details")
_ERRORS: dict[int | str, Any] = {400: _PROBLEM, 403: _PROBLEM, 404: _PROBLEM}
_TAGS = ["access"]
#: Roles with access management: employer-side members (their own organisation) and
#: administrators (every organisation).
_MANAGING_ROLES = frozenset({Role.EMPLOYER_MEMBER, Role.ADMINISTRATOR})


class NotAllowed(Problem):
    status_code = 403
    title = "Forbidden"
    problem_type = "urn:passage:problem:forbidden"


class AccessApi(APIView):
    """Authenticated, JSON, one transaction per request; employer members and
    administrators only."""

    permission_classes = (IsAuthenticated,)
    parser_classes = (CaseworkJSONParser,)
    renderer_classes = (JSONRenderer,)
    content_negotiation_class = AlwaysJSON

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with transaction.atomic(), audit_deferred():
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code >= 400:
                transaction.set_rollback(True)
            return response

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if user_role(request.user) not in _MANAGING_ROLES:
            raise exceptions.PermissionDenied("Your role has no access management.")

    @staticmethod
    def today() -> dt.date:
        return timezone.localdate()


class MemberRoleOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    organisation = OrganisationOutputSerializer()
    user = serializers.CharField(source="user.username")
    role = serializers.ChoiceField(choices=PortalRole.choices)
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)
    granted_by = serializers.CharField(source="granted_by.username", allow_null=True, default=None)
    granted_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    revoked_by = serializers.CharField(source="revoked_by.username", allow_null=True, default=None)
    active = serializers.SerializerMethodField()

    def get_active(self, grant: MemberRole) -> bool:
        return grant.is_active_on(self.context["today"])


class MandateOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    principal = OrganisationOutputSerializer()
    agent = OrganisationOutputSerializer()
    service = serializers.ChoiceField(choices=MandateService.choices)
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)
    granted_by = serializers.CharField(source="granted_by.username", allow_null=True, default=None)
    granted_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    revoked_by = serializers.CharField(source="revoked_by.username", allow_null=True, default=None)
    revocation_reason = serializers.CharField()
    active = serializers.SerializerMethodField()

    def get_active(self, mandate: Mandate) -> bool:
        return mandate.is_active_on(self.context["today"])


@extend_schema_serializer(component_name="RevokeInput")
class _RevokeInputSerializer(StrictInputSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


def _organisation_for_grant(request: Request, organisation_id: int | None) -> Organisation:
    """The organisation a grant is for: the one named, else the user's own."""
    if organisation_id is None:
        profile = getattr(request.user, "profile", None)
        organisation = getattr(profile, "organisation", None) if profile is not None else None
        if not isinstance(organisation, Organisation):
            raise Problem("organisation", "name the organisation (an administrator has none)")
        return organisation
    found = Organisation.objects.filter(pk=organisation_id).first()
    if found is None:
        raise Problem("organisation", f"no organisation {organisation_id}")
    return found


# --- members' portal roles ---------------------------------------------------------------------


class MemberRolesApi(AccessApi):
    """``/api/v1/member-roles``: GET lists the grants you may read (an access manager: their
    organisation's; a member: their own; an administrator: all); POST grants a role."""

    class InputSerializer(StrictInputSerializer):
        organisation = serializers.IntegerField(required=False, min_value=1)
        user = serializers.CharField(max_length=150, help_text="The member's username")
        role = serializers.ChoiceField(choices=PortalRole.choices)
        valid_from = serializers.DateField()
        valid_until = serializers.DateField(required=False, allow_null=True)

    OutputSerializer = MemberRoleOutputSerializer

    @extend_schema(
        operation_id="member_roles_list",
        summary="Portal role grants you may read",
        tags=_TAGS,
        parameters=[
            OpenApiParameter("active", OpenApiTypes.BOOL, description="Only those in force today")
        ],
        responses={200: MemberRoleOutputSerializer(many=True), **_ERRORS},
    )
    def get(self, request: Request) -> Response:
        today = self.today()
        rows = list(selectors.member_role_list_for(request.user, on=today))
        if request.query_params.get("active") in ("true", "1"):
            rows = [row for row in rows if row.is_active_on(today)]
        body = MemberRoleOutputSerializer(rows, many=True, context={"today": today}).data
        return Response(body)

    @extend_schema(
        operation_id="member_roles_grant",
        summary="Grant a member a portal role (access managers, administrators)",
        tags=_TAGS,
        request=InputSerializer,
        responses={201: MemberRoleOutputSerializer, **_ERRORS},
    )
    def post(self, request: Request) -> Response:
        data = MemberRolesApi.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        today = self.today()
        organisation = _organisation_for_grant(request, fields.get("organisation"))
        member = (
            get_user_model()
            ._default_manager.select_related("profile")
            .filter(username=fields["user"])
            .first()
        )
        if member is None:
            # The same answer as for someone of another organisation: no user enumeration.
            raise Problem("user", "is not a member of this organisation")
        grant = services.member_role_grant(
            actor=request.user,
            organisation=organisation,
            user=member,
            role=fields["role"],
            valid_from=fields["valid_from"],
            valid_until=fields.get("valid_until"),
            today=today,
        )
        body = MemberRoleOutputSerializer(grant, context={"today": today}).data
        return Response(body, status=status.HTTP_201_CREATED)


class MemberRoleRevokeApi(AccessApi):
    """``POST /api/v1/member-roles/{id}/revoke``: end a grant now."""

    InputSerializer = _RevokeInputSerializer

    @extend_schema(
        operation_id="member_roles_revoke",
        summary="Revoke a portal role now (access managers, administrators)",
        tags=_TAGS,
        request=_RevokeInputSerializer,
        responses={200: MemberRoleOutputSerializer, **_ERRORS},
    )
    def post(self, request: Request, grant_id: int) -> Response:
        today = self.today()
        grant = selectors.member_role_list_for(request.user, on=today).filter(pk=grant_id).first()
        if grant is None:
            raise exceptions.NotFound(f"No role grant {grant_id} for you.")
        data = _RevokeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        revoked = services.member_role_revoke(
            actor=request.user, member_role=grant, reason=data.validated_data["reason"], today=today
        )
        revoked.organisation = grant.organisation
        revoked.user = grant.user
        return Response(MemberRoleOutputSerializer(revoked, context={"today": today}).data)


# --- mandates ----------------------------------------------------------------------------------


class MandatesApi(AccessApi):
    """``/api/v1/mandates``: GET lists the mandates your organisation gave or holds (``as``
    narrows to one side); POST grants one (the principal's access manager, an administrator)."""

    class InputSerializer(StrictInputSerializer):
        principal = serializers.IntegerField(
            required=False, min_value=1, help_text="Organisation id; default: your own"
        )
        agent = serializers.CharField(max_length=20, help_text="The agent's enterprise number")
        service = serializers.ChoiceField(
            choices=MandateService.choices, default=MandateService.SINGLE_PERMIT
        )
        valid_from = serializers.DateField()
        valid_until = serializers.DateField(required=False, allow_null=True)

        def validate_agent(self, value: str) -> str:
            number = normalise_enterprise_number(value)
            if not enterprise_number_is_valid(number):
                raise serializers.ValidationError(
                    f"{value!r} is not a valid Belgian enterprise number (ten digits starting "
                    "0 or 1; the last two are 97 minus the first eight modulo 97)"
                )
            return number

    OutputSerializer = MandateOutputSerializer

    @extend_schema(
        operation_id="mandates_list",
        summary="Mandates your organisation gave or holds",
        tags=_TAGS,
        parameters=[
            OpenApiParameter("as", OpenApiTypes.STR, enum=["principal", "agent"]),
            OpenApiParameter("active", OpenApiTypes.BOOL, description="Only those in force today"),
        ],
        responses={200: MandateOutputSerializer(many=True), **_ERRORS},
    )
    def get(self, request: Request) -> Response:
        today = self.today()
        rows = selectors.mandate_list_for(request.user)
        side = request.query_params.get("as")
        if side not in (None, "", "principal", "agent"):
            raise Problem("as", "must be principal or agent")
        home = getattr(getattr(request.user, "profile", None), "organisation_id", None)
        if side == "principal":
            rows = rows.filter(principal_id=home) if home is not None else rows
        elif side == "agent":
            rows = rows.filter(agent_id=home) if home is not None else rows
        listed = list(rows)
        if request.query_params.get("active") in ("true", "1"):
            listed = [row for row in listed if row.is_active_on(today)]
        return Response(MandateOutputSerializer(listed, many=True, context={"today": today}).data)

    @extend_schema(
        operation_id="mandates_grant",
        summary="Grant a mandate to an agent (the principal's access manager)",
        tags=_TAGS,
        request=InputSerializer,
        responses={201: MandateOutputSerializer, **_ERRORS},
    )
    def post(self, request: Request) -> Response:
        data = MandatesApi.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        today = self.today()
        principal = _organisation_for_grant(request, fields.get("principal"))
        agent = Organisation.objects.filter(enterprise_number=fields["agent"]).first()
        if agent is None:
            raise Problem("agent", f"no organisation with enterprise number {fields['agent']}")
        mandate = services.mandate_grant(
            actor=request.user,
            principal=principal,
            agent=agent,
            service=fields["service"],
            valid_from=fields["valid_from"],
            valid_until=fields.get("valid_until"),
            today=today,
        )
        body = MandateOutputSerializer(mandate, context={"today": today}).data
        return Response(body, status=status.HTTP_201_CREATED)


class MandateDetailApi(AccessApi):
    """``GET /api/v1/mandates/{id}``: one mandate your organisation gave or holds."""

    @extend_schema(
        operation_id="mandates_retrieve",
        summary="One mandate",
        tags=_TAGS,
        responses={200: MandateOutputSerializer, **_ERRORS},
    )
    def get(self, request: Request, mandate_id: int) -> Response:
        mandate = selectors.mandate_list_for(request.user).filter(pk=mandate_id).first()
        if mandate is None:
            raise exceptions.NotFound(f"No mandate {mandate_id} for you.")
        return Response(MandateOutputSerializer(mandate, context={"today": self.today()}).data)


class MandateRevokeApi(AccessApi):
    """``POST /api/v1/mandates/{id}/revoke``: end a mandate now (the principal's access
    manager, an administrator); the agent's next request no longer reaches the files."""

    InputSerializer = _RevokeInputSerializer

    @extend_schema(
        operation_id="mandates_revoke",
        summary="Revoke a mandate now",
        tags=_TAGS,
        request=_RevokeInputSerializer,
        responses={200: MandateOutputSerializer, **_ERRORS},
    )
    def post(self, request: Request, mandate_id: int) -> Response:
        today = self.today()
        mandate = selectors.mandate_list_for(request.user).filter(pk=mandate_id).first()
        if mandate is None:
            raise exceptions.NotFound(f"No mandate {mandate_id} for you.")
        data = _RevokeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        revoked = services.mandate_revoke(
            actor=request.user, mandate=mandate, reason=data.validated_data["reason"], today=today
        )
        revoked.principal, revoked.agent = mandate.principal, mandate.agent
        return Response(MandateOutputSerializer(revoked, context={"today": today}).data)


# --- for whom one acts -------------------------------------------------------------------------


class PrincipalsApi(AccessApi):
    """``GET /api/v1/principals``: the organisations you may act for today (your own first,
    then your organisation's mandated principals) and the one this session acts for."""

    class OutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
        acting = OrganisationOutputSerializer(allow_null=True)
        principals = OrganisationOutputSerializer(many=True)

    @extend_schema(
        operation_id="principals_list",
        summary="Organisations you may act for",
        tags=_TAGS,
        responses={200: OutputSerializer, **_ERRORS},
    )
    def get(self, request: Request) -> Response:
        today = self.today()
        principals = selectors.principals_for(request.user, on=today)
        acting = selectors.acting_organisation(request.user, request.session, on=today)
        body = PrincipalsApi.OutputSerializer({"acting": acting, "principals": principals}).data
        return Response(body)


class PrincipalSwitchApi(AccessApi):
    """``POST /api/v1/principals/switch``: act for another organisation from now on in this
    session — your own, or a principal under a mandate active today (403 otherwise)."""

    class InputSerializer(StrictInputSerializer):
        organisation_id = serializers.IntegerField(min_value=1)

    @extend_schema(
        operation_id="principals_switch",
        summary="Switch the organisation you act for",
        tags=_TAGS,
        request=InputSerializer,
        responses={200: OrganisationOutputSerializer, **_ERRORS},
    )
    def post(self, request: Request) -> Response:
        data = PrincipalSwitchApi.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            organisation = services.principal_switch(
                session=request.session,
                user=request.user,
                organisation_id=data.validated_data["organisation_id"],
                today=self.today(),
            )
        except services.MandateRequired as exc:
            raise NotAllowed(exc.field, str(exc)) from None
        return Response(OrganisationOutputSerializer(organisation).data)


def _name_nested_serializers() -> None:
    for api in list(globals().values()):
        if not (isinstance(api, type) and issubclass(api, AccessApi)):
            continue
        for attr in ("InputSerializer", "OutputSerializer"):
            nested = api.__dict__.get(attr)
            if (
                isinstance(nested, type)
                and nested.__module__ == __name__
                and "." in (nested.__qualname__)
            ):
                name = api.__name__.removesuffix("Api")
                extend_schema_serializer(component_name=f"{name}{attr.removesuffix('Serializer')}")(
                    nested
                )


_name_nested_serializers()
