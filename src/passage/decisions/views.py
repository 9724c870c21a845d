# SPDX-License-Identifier: EUPL-1.2
"""``/verify/``: anyone can check a letter (upload) or a verification code.

A code lookup answers which decision the code belongs to (reference, part, outcome, date) and
who sealed it, never a person's name: whoever has the code may not hold the letter. Both are
rate-limited per client address (``passage.web.rate_limit``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from passage.decisions.forms import VerifyForm
from passage.decisions.selectors import letter_by_code
from passage.decisions.verification import letter_verify
from passage.web.rate_limit import client_key, over_limit


def _decision_facts(letter: Any) -> dict[str, Any]:
    decision = letter.decision
    return {
        "reference": decision.application.reference,
        "part": decision.get_part_display(),
        "outcome": decision.get_outcome_display(),
        "decided_on": decision.decided_at.date(),
        "code": letter.verification_code,
    }


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if over_limit(
            "decision-verify",
            client_key(request),
            limit=settings.PASSAGE_VERIFY_RATE_LIMIT,
            window=60,
        ):
            context["refused"] = _("Too many checks from your address. Try again in a minute.")
            status = 429
        elif form.is_valid():
            upload = form.cleaned_data.get("letter")
            if upload:
                result = letter_verify(upload.read())
                context["result"] = result
                if result.valid:
                    context["facts"] = _decision_facts(result.letter)
                    context["sealed_by"] = result.sealed_by
                    context["sealed_at"] = result.sealed_at
                else:
                    status = 422
            else:
                letter = letter_by_code(form.cleaned_data["code"])
                if letter is None:
                    form.add_error("code", _("No decision letter on record has this code."))
                    status = 404
                else:
                    context["facts"] = _decision_facts(letter)
                    context["code_only"] = True
        else:
            status = 400
    else:
        form = VerifyForm()
    context["form"] = form
    return render(request, "decisions/verify.html", context, status=status)
