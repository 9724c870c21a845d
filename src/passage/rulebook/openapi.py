# SPDX-License-Identifier: EUPL-1.2
"""The OpenAPI description of the rules API: the case and decision contract, with examples.

The enumerations come from the engine's own modules so the published schema cannot drift
from what the engine accepts; the components are added by ``add_components`` (a
drf-spectacular post-processing hook named in SPECTACULAR_SETTINGS).
"""

from __future__ import annotations

import json
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse

from passage.rules import single_permit as sp
from passage.rules.engine import PROCEDURES
from passage.rules.family_reunification.facts import FACT_SHEET as FR_FACTS
from passage.rules.family_reunification.facts import MEMBER_SHEET as FR_MEMBER_FACTS
from passage.rules.international_protection import ip_03_interview_absence_deadline as ip03
from passage.rules.parameters import MAX_LABEL_LENGTH, MAX_PROPOSAL_CHANGES, default_rulebook
from passage.rules.whatif import evaluate_what_if

_REF = "#/components/schemas/"


def ref(name: str) -> dict[str, str]:
    return {"$ref": _REF + name}


_DECIMAL = {
    "type": ["string", "number"],
    "description": 'An amount in euros. Send a string ("48911.99") or a JSON number; '
    "numbers are read exactly, never rounded through binary floating point.",
    "examples": ["48912", "3703.44"],
}
_DATE = {"type": "string", "format": "date", "examples": ["2025-03-01"]}
_TRI = {
    "type": ["boolean", "null"],
    "description": "true, false, or omitted/null when unknown (the trace then says what it "
    "would need).",
}


def _shared(name: str, also: str, **schema: Any) -> dict[str, Any]:
    """A single-permit fact as declared, documented also for the procedures ``also`` names."""
    out = sp.FACT_SHEET[name].openapi_schema("single_permit")
    out.update(schema)
    out["description"] = f"{out['description']} Also {also}"
    return out


CASE = {
    "title": "Case",
    "type": "object",
    "description": (
        "One case, as of its legally relevant `date`. The facts depend on the procedure; "
        "single permit and family reunification facts are listed here, and those of the "
        "procedures of issue 9 item 6 (temporary protection, immediate reception, "
        "naturalisation, voluntary return, interview absence deadline, processing suspension, "
        "subcontracting duty of care, integration programme deadline, reflection period end), "
        "each description naming its procedure; the other smaller procedures (Blue Card "
        "mobility, nationality fee, procedural deadline, reception saturation, CGRS backlog) "
        "take the facts of docs/rules/contract.md. A fact the procedure does not know is "
        "refused with 400 naming it (HR systems must not misspell silently)."
    ),
    "required": ["procedure", "date"],
    "properties": {
        "id": {
            "description": "Your reference for the case; copied to the decision unchanged.",
            "type": ["string", "integer"],
        },
        "procedure": {"type": "string", "enum": list(PROCEDURES)},
        "date": {
            **_DATE,
            "description": "The date the decision is taken as of; not before 2025-01-01.",
        },
        # Generated from the facts declaration (issue 9 item 3): one place for every fact.
        **{f.name: f.openapi_schema("single_permit") for f in sp.FACT_SHEET.facts},
        # Single-permit facts the issue 9 item 6 procedures also read: the declared schema,
        # widened where they accept more (REC-08 reads ages from 0).
        "age": _shared(
            "age",
            "immediate_reception: age in completed years (REC-08), 0–130; single_permit: 15–100.",
            minimum=0,
            maximum=130,
        ),
        "region": _shared(
            "region",
            "subcontracting_duty_of_care (EMP-01) and integration_programme_deadline (INT-WA-01).",
        ),
        "sector": _shared("sector", "subcontracting_duty_of_care (EMP-01)."),
        "application_date": {
            **_DATE,
            "description": "single_permit and naturalisation (optional), family_reunification "
            "(required).",
        },
        # Generated from the facts declaration, as the single permit's (issue 9 item 3).
        **{
            f.name: f.openapi_schema("family_reunification")
            for f in FR_FACTS.facts
            if f.name not in {"application_date", "family_members"}
        },
        "family_members": {
            "type": "array",
            "minItems": 1,
            "maxItems": 50,
            "items": ref("FamilyMember"),
            "description": "family_reunification: the members who would join the sponsor.",
        },
        # --- issue 9 item 6 (TP-02/03/04, REC-08, NAT-01, RET-01, IP-03, IP-06/07, EMP-01,
        # INT-WA-01, THB-03); docs/rules/case.schema.json says which are required when.
        "nationality": {
            "type": "string",
            "pattern": "^[A-Za-z]{2}$",
            "description": "temporary_protection: ISO 3166-1 alpha-2 (TP-03).",
        },
        "birth_date": {**_DATE, "description": "temporary_protection: date of birth (TP-03)."},
        "mother_holds_temporary_protection_in_belgium": _TRI,
        "resided_in_ukraine_before_invasion": _TRI,
        "present_in_ukraine_on_invasion_date": _TRI,
        "residence_evidence": _TRI,
        "temporary_protection_other_member_state": _TRI,
        "other_member_state_protection_terminated": _TRI,
        "single_male_applicant": _TRI,
        "exceptionally_vulnerable": _TRI,
        "protection_in_other_member_state": _TRI,
        "adult_or_emancipated": _TRI,
        "recognised_stateless": _TRI,
        "legal_residence_start": {
            **_DATE,
            "description": "naturalisation: first day of the current legal residence (NAT-01).",
        },
        "exceptional_merits": _TRI,
        "order_to_leave_issued": _TRI,
        "exceptional_case": _TRI,
        "interview_date": {
            **_DATE,
            "description": "interview_absence_deadline: the missed interview (IP-03).",
        },
        "examination_procedure": {"type": "string", "enum": list(ip03.EXAMINATION_PROCEDURES)},
        "country_of_origin": {
            "type": "string",
            "pattern": "^[A-Za-z]{2}$",
            "description": "procedural_deadline, processing_suspension: ISO 3166-1 alpha-2.",
        },
        "from_west_bank": _TRI,
        "registered_with_unrwa": _TRI,
        "statement_provided": _TRI,
        "additional_information_provided": _TRI,
        "false_documents": _TRI,
        "programme_start_date": {
            **_DATE,
            "description": "integration_programme_deadline: start of the time limit (INT-WA-01).",
        },
        "detention_days": {"type": "integer", "minimum": 0, "maximum": 36500},
        "reflection_start_date": {
            **_DATE,
            "description": "reflection_period_end: start of the reflection period (THB-03).",
        },
        "severe_trauma": _TRI,
    },
    "additionalProperties": True,
}

FAMILY_MEMBER = {
    "type": "object",
    "properties": {f.name: f.openapi_schema("family_members[i]") for f in FR_MEMBER_FACTS.facts},
    "additionalProperties": False,
}

_TEXT4 = {
    "type": "object",
    "properties": {lang: {"type": "string"} for lang in ("en", "nl", "fr", "de")},
    "required": ["en", "nl", "fr", "de"],
}
_SCALAR = {"type": ["string", "integer", "boolean", "null"]}

CHECK = {
    "type": "object",
    "description": "One rule applied to the case, with the dated parameter it used.",
    "required": ["rule", "passed", "severity", "citation", "explanation"],
    "properties": {
        "rule": {"type": "string", "examples": ["SAL-02"]},
        "passed": {
            "type": ["boolean", "null"],
            "description": "null: the rule could not be decided (doubtful value, list not "
            "loaded, missing fact).",
        },
        "severity": {
            "type": "string",
            "enum": ["blocking", "review", "info"],
            "description": "What a failure means: refusal, review by a caseworker, or nothing.",
        },
        "threshold": {**_SCALAR, "description": "Decimal amounts are strings."},
        "unit": {"type": ["string", "null"], "examples": ["EUR/year gross"]},
        "value": _SCALAR,
        "parameter": {"type": ["string", "null"]},
        "effective_date": {"type": ["string", "null"], "format": "date"},
        "inputs": {"type": "object"},
        "citation": ref("Citation"),
        "flags": {"type": "array", "items": {"type": "string"}},
        "choices": {"type": "object", "additionalProperties": {"type": "string"}},
        "explanation": _TEXT4,
    },
}

CITATION = {
    "type": "object",
    "required": ["catalogue", "seed"],
    "properties": {
        "catalogue": {"type": "string"},
        "seed": {"type": "string"},
        "legal_act": {"type": "string"},
        "href": {"type": "string", "format": "uri"},
    },
}

DECISION = {
    "type": "object",
    "required": [
        "procedure",
        "date",
        "outcome",
        "reasons",
        "failed_rules",
        "result",
        "checks",
        "rulebook_version",
    ],
    "properties": {
        "id": {"description": "The case's id, when it had one."},
        "procedure": {"type": "string", "enum": list(PROCEDURES)},
        "date": {"type": "string", "format": "date"},
        "outcome": {
            "type": "string",
            "enum": ["eligible", "not_eligible", "needs_review", "incomplete", "computed"],
            "description": "incomplete: facts are still needed (missing_facts names them).",
        },
        "reasons": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Why a caseworker must look (English; each starts with the rule).",
        },
        "failed_rules": {"type": "array", "items": {"type": "string"}},
        "missing_facts": {
            "type": "array",
            "items": {"type": "string"},
            "description": "The facts still needed for a final outcome, in the order a form "
            "asks them; empty when the outcome is final.",
        },
        "result": {"type": "object", "description": "What a computation procedure computed."},
        "checks": {"type": "array", "items": ref("Check")},
        "rulebook_version": {"type": "string"},
    },
}

PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "examples": ["urn:passage:problem:invalid-input"]},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "field": {
            "type": ["string", "null"],
            "description": "The field to fix: `gross_salary`, `family_members[1].age`, "
            "`[17].gross_salary` for the 18th case of a batch, `body` for the JSON itself.",
        },
    },
}

PARAMETER = {
    "type": "object",
    "properties": {
        "parameter": {"type": "string"},
        "rule": {"type": "string"},
        "value": {},
        "unit": {"type": "string"},
        "status": {"type": "string"},
        "effective_date": {"type": "string", "format": "date"},
        "effective_date_known": {"type": "boolean"},
        "citation": ref("Citation"),
        "description": {"type": "string"},
        "flags": {"type": "array", "items": {"type": "string"}},
        "needs_review": {"type": "string"},
        "note": {"type": "string"},
        "entered_by": {"type": "string"},
    },
}

_OUTCOME_ONLY = {
    "type": "object",
    "required": ["outcome", "failed_rules"],
    "properties": {
        "outcome": {
            "type": "string",
            "enum": ["eligible", "not_eligible", "needs_review", "computed"],
        },
        "failed_rules": {"type": "array", "items": {"type": "string"}},
        "result": {"type": "object", "description": "A computation's result."},
    },
}

PROPOSED_CHANGE = {
    "type": "object",
    "description": (
        "One proposed value of a rulebook parameter, applied from `start` (and superseding "
        "the parameter's values from that day on) in the proposal's rulebook only."
    ),
    "required": ["parameter", "start", "value"],
    "properties": {
        "parameter": {
            "type": "string",
            "description": "The parameter's dotted name, as in GET /api/v1/rules/parameters.",
            "examples": ["single_permit.salary.flanders.highly_skilled"],
        },
        "start": {
            **_DATE,
            "description": "First day of the proposed value; not before 2025-01-01.",
        },
        "value": {
            "description": (
                "In the parameter's unit: an amount as a decimal string (at most two decimals "
                "for euros), a whole number, a date, true/false, or an array of country codes. "
                "Named choices (unit `choice`) cannot be proposed."
            ),
            "examples": ["50000"],
        },
        "label": {"type": "string", "maxLength": MAX_LABEL_LENGTH},
    },
    "additionalProperties": False,
}

WHAT_IF_REQUEST = {
    "type": "object",
    "description": (
        "What-if: the case (or the batch) under the rules in force and under the proposal."
    ),
    "required": ["proposal"],
    "properties": {
        "proposal": {
            "type": "array",
            "minItems": 1,
            "maxItems": MAX_PROPOSAL_CHANGES,
            "items": ref("ProposedChange"),
        },
        "case": ref("Case"),
        "cases": {"type": "array", "items": ref("Case")},
    },
    "oneOf": [{"required": ["case"]}, {"required": ["cases"]}],
    "additionalProperties": False,
}

WHAT_IF = {
    "type": "object",
    "required": ["baseline", "proposal", "changed"],
    "properties": {
        "baseline": {
            "description": "The decision(s) under the rules in force, as without a proposal.",
            "oneOf": [ref("Decision"), {"type": "array", "items": ref("Decision")}],
        },
        "proposal": {
            "description": "The decision(s) under the proposal; `rulebook_version` ends in "
            "`+proposal:<hash>`, and checks on a proposed value cite `proposal: <label>` "
            "and carry the flag `PROPOSAL`.",
            "oneOf": [ref("Decision"), {"type": "array", "items": ref("Decision")}],
        },
        "changed": {
            "type": "array",
            "description": "The cases whose outcome (for a computation: result) differs.",
            "items": {
                "type": "object",
                "required": ["index", "baseline", "proposal"],
                "properties": {
                    "index": {"type": "integer", "minimum": 0},
                    "id": {"description": "The case's id, when it had one."},
                    "baseline": _OUTCOME_ONLY,
                    "proposal": _OUTCOME_ONLY,
                },
            },
        },
    },
}

COMPONENTS = {
    "Case": CASE,
    "FamilyMember": FAMILY_MEMBER,
    "Decision": DECISION,
    "Check": CHECK,
    "Citation": CITATION,
    "Problem": PROBLEM,
    "Parameter": PARAMETER,
    "ProposedChange": PROPOSED_CHANGE,
    "WhatIfRequest": WHAT_IF_REQUEST,
    "WhatIf": WHAT_IF,
    "ParametersInForce": {
        "type": "object",
        "properties": {
            "date": {"type": "string", "format": "date"},
            "rulebook_version": {"type": "string"},
            "parameters": {"type": "array", "items": ref("Parameter")},
        },
    },
}


def _to_components(node: Any) -> Any:
    if isinstance(node, dict):
        out = {k: _to_components(v) for k, v in node.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            out["$ref"] = "#/components/schemas/Case_" + ref.removeprefix("#/$defs/")
        return out
    if isinstance(node, list):
        return [_to_components(v) for v in node]
    return node


def _nullable_facts(schema: dict[str, Any]) -> dict[str, Any]:
    """The engine reads a fact sent as null as a fact not given (docs/rules/contract.md), so
    every fact but the two always required may be null."""
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return schema
    required = set(schema.get("required", ()))
    nullable = {
        name: prop if name in required else {"anyOf": [prop, {"type": "null"}]}
        for name, prop in properties.items()
    }
    return {**schema, "properties": nullable}


def case_from_contract() -> dict[str, Any]:
    """The ``Case`` schema as exact as the engine: one alternative per procedure with only its
    own facts (``docs/rules/case.schema.json``, whose kernel procedures are generated from the
    facts declaration), so a client generated from the schema, and schemathesis, never send a
    fact the engine refuses. Without the docs folder (an installed wheel) the looser union
    ``CASE`` stands in."""
    from passage.rules import schemas as contract_schemas

    path = contract_schemas.DOCS / "case.schema.json"
    if not path.is_file():
        return {"Case": CASE}
    contract = contract_schemas.case_schema(json.loads(path.read_text(encoding="utf-8")))
    defs = contract.pop("$defs")
    case = {
        "title": "Case",
        "description": CASE["description"],
        "type": "object",
        "required": contract["required"],
        "properties": contract["properties"],
        "oneOf": contract["oneOf"],
    }
    out = {f"Case_{name}": _to_components(_nullable_facts(schema)) for name, schema in defs.items()}
    out["Case"] = _to_components(case)
    return out


def add_components(result: dict[str, Any], **_: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook: register the schemas the endpoints refer to."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(COMPONENTS)
    schemas.update(case_from_contract())
    return result


# --- per-endpoint descriptions ---------------------------------------------------------------

_SINGLE = {
    "id": "acme-2025-0042",
    "procedure": "single_permit",
    "date": "2025-03-01",
    "region": "flanders",
    "category": "highly_skilled",
    "gross_salary": "48912",
    "salary_period": "year",
    "age": 35,
}
_FAMILY = {
    "procedure": "family_reunification",
    "date": "2025-09-01",
    "sponsor_status": "third_country_national",
    "sponsor_permit_date": "2023-05-01",
    "application_date": "2025-09-01",
    "net_monthly_income": "2400",
    "additional_dependants": 0,
    "family_members": [{"relationship": "spouse", "age": 30}],
    "adequate_housing": True,
    "health_insurance": True,
}
_DECISION_EXAMPLE = {
    "id": "acme-2025-0042",
    "procedure": "single_permit",
    "date": "2025-03-01",
    "outcome": "eligible",
    "reasons": [],
    "failed_rules": [],
    "missing_facts": [],
    "result": {},
    "checks": [
        {
            "rule": "SAL-02",
            "passed": True,
            "severity": "blocking",
            "threshold": "48912",
            "unit": "EUR/year gross",
            "value": "48912",
            "parameter": "single_permit.salary.flanders.highly_skilled",
            "effective_date": "2025-01-01",
            "inputs": {
                "region": "flanders",
                "category": "highly_skilled",
                "age": 35,
                "gross_salary": "48912",
                "salary_period": "year",
            },
            "citation": {"catalogue": "SAL-02", "seed": "002 §1.2.1 L213–L214"},
            "flags": ["AMB-SAL-7", "SAL-03", "START-DATE-NOT-STATED"],
            "choices": {},
            "explanation": {
                "en": "The gross wage €48,912 reaches the minimum €48,912 (gross per year).",
                "nl": "Het brutoloon € 48.912 bereikt het minimum € 48.912 (bruto per jaar).",
                "fr": "Le salaire brut 48\u202f912 € atteint le minimum 48\u202f912 € (brut par an).",
                "de": "Der Bruttolohn 48.912 € erreicht das Minimum 48.912 € (brutto pro Jahr).",
            },
        }
    ],
    "rulebook_version": "774ff5ea6723",
}
#: SAL-03 (002 L224): the Flemish 2026 thresholds are pending; an administration tries one.
_WHAT_IF_REQUEST: dict[str, list[dict[str, Any]]] = {
    "proposal": [
        {
            "parameter": "single_permit.salary.flanders.highly_skilled",
            "start": "2026-07-01",
            "value": "50000",
            "label": "Flemish 2026 thresholds (SAL-03)",
        }
    ],
    "cases": [
        {
            "id": "acme-2026-0007",
            "procedure": "single_permit",
            "date": "2026-07-01",
            "region": "flanders",
            "category": "highly_skilled",
            "gross_salary": "49000",
            "salary_period": "year",
            "age": 35,
            "application_type": "first",
            "application_date": "2026-07-01",
        }
    ],
}
#: The answer, computed by the engine from the packaged rulebook, so it cannot drift.
_WHAT_IF_EXAMPLE = evaluate_what_if(
    _WHAT_IF_REQUEST["cases"],
    default_rulebook(),
    default_rulebook().with_proposal(_WHAT_IF_REQUEST["proposal"]),
)
_PROBLEM_EXAMPLE = {
    "type": "urn:passage:problem:invalid-input",
    "title": "Invalid input",
    "status": 400,
    "detail": "must not be negative",
    "field": "[17].gross_salary",
}
_PROBLEM = OpenApiResponse(response=ref("Problem"), description="RFC 9457 problem details")

CHECK_SCHEMA: dict[str, Any] = {
    "operation_id": "rules_check",
    "summary": "Evaluate one case or a batch",
    "description": (
        "Send one case as a JSON object to get one decision, a JSON array of cases to get an "
        "array of decisions in the same order, or JSON Lines (`Content-Type: "
        "application/x-ndjson` or `application/jsonl`) to get JSON Lines back. Amounts are "
        "read exactly. A batch is all or nothing: one bad case rejects it with 400 naming "
        "`[index].field`, and no decision is returned. Batches larger than the configured "
        "limit (PASSAGE_MAX_BATCH, 100 000 by default) are refused with 413. For a batch, "
        "`?detail=summary` answers each case with only its `outcome` and `failed_rules` "
        "(and `id`), computed column-wise: the fast path for re-checking many cases.\n\n"
        'What-if (a proposed change of parameter values): send `{"proposal": [...], '
        '"case": {...}}` or `{"proposal": [...], "cases": [...]}`; the answer is '
        '`{"baseline", "proposal", "changed"}`: the decision(s) under the rules in '
        "force, under the proposal, and the cases whose outcome differs. A proposal holds at "
        "most 50 changes; a bad one is a 400 naming `proposal[i].parameter`, `.start` or "
        "`.value`, and a bad case `case.<fact>` or `cases[i].<fact>`."
    ),
    "tags": ["rules"],
    "parameters": [
        OpenApiParameter(
            "detail",
            str,
            OpenApiParameter.QUERY,
            required=False,
            enum=["full", "summary"],
            default="full",
            description="For a batch: full decisions with traces, or outcome and failed rules only.",
        )
    ],
    "request": {
        "application/json": {
            "oneOf": [
                ref("Case"),
                {"type": "array", "items": ref("Case")},
                ref("WhatIfRequest"),
            ]
        },
        "application/x-ndjson": {
            "type": "string",
            "description": "JSON Lines: one Case object per line.",
        },
        "application/jsonl": {
            "type": "string",
            "description": "JSON Lines: one Case object per line.",
        },
    },
    "responses": {
        (200, "application/json"): OpenApiResponse(
            response={
                "oneOf": [
                    ref("Decision"),
                    {"type": "array", "items": ref("Decision")},
                    ref("WhatIf"),
                ]
            },
            description="One decision for one case; an array (or JSON Lines) for a batch; "
            "both answers and the changed cases for a what-if request.",
        ),
        # A JSON Lines batch is answered in the media type it came in.
        **{
            (200, media): OpenApiResponse(
                response={"type": "string", "description": "JSON Lines: one Decision per line."},
                description="JSON Lines: one decision per line, in the order of the cases.",
            )
            for media in ("application/x-ndjson", "application/jsonl")
        },
        400: _PROBLEM,
        405: _PROBLEM,
        413: _PROBLEM,
        415: _PROBLEM,
    },
    "examples": [
        OpenApiExample(
            "SinglePermit", summary="Single permit, one case", value=_SINGLE, request_only=True
        ),
        OpenApiExample(
            "FamilyReunification",
            summary="Family reunification, one case",
            value=_FAMILY,
            request_only=True,
        ),
        OpenApiExample(
            "Batch",
            summary="A batch (JSON array)",
            value=[_SINGLE, _FAMILY],
            request_only=True,
        ),
        OpenApiExample(
            "BatchJsonLines",
            summary="A batch (JSON Lines)",
            value=json.dumps(_SINGLE) + "\n" + json.dumps(_FAMILY) + "\n",
            request_only=True,
            media_type="application/x-ndjson",
        ),
        OpenApiExample(
            "WhatIf",
            summary="What-if: a batch under today's rules and a proposed threshold",
            value=_WHAT_IF_REQUEST,
            request_only=True,
        ),
        OpenApiExample(
            "Decision",
            summary="The decision for the single permit case",
            value=_DECISION_EXAMPLE,
            response_only=True,
            status_codes=[200],
        ),
        OpenApiExample(
            "WhatIfChanged",
            summary="What-if: both decisions and the case whose outcome changes",
            value=_WHAT_IF_EXAMPLE,
            response_only=True,
            status_codes=[200],
        ),
        OpenApiExample(
            "BadCaseInBatch",
            summary="The 18th case of a batch has a negative salary",
            value=_PROBLEM_EXAMPLE,
            response_only=True,
            status_codes=[400],
        ),
    ],
}

PARAMETERS_SCHEMA: dict[str, Any] = {
    "operation_id": "rules_parameters",
    "summary": "Parameters in force on a date",
    "description": "Every rulebook parameter with the value in force on `date`, its status, "
    "effective date and citation, including administrators' verified values.",
    "tags": ["rules"],
    "parameters": [
        OpenApiParameter(
            "date",
            OpenApiTypes.DATE,
            OpenApiParameter.QUERY,
            description="YYYY-MM-DD; today (Europe/Brussels) when omitted.",
        )
    ],
    "responses": {
        200: OpenApiResponse(response=ref("ParametersInForce"), description="Parameters"),
        400: _PROBLEM,
    },
}
