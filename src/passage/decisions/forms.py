# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from passage.decisions.letters import code_normalise


class VerifyForm(forms.Form):
    letter = forms.FileField(
        label=_("The letter (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    code = forms.CharField(
        label=_("Or its verification code"),
        required=False,
        max_length=40,
        help_text=_("16 letters and digits, as printed at the end of the letter"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_letter(self) -> Any:
        upload = self.cleaned_data.get("letter")
        if upload is not None and upload.size > settings.PASSAGE_MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("The file is too large."), code="too_large")
        return upload

    def clean_code(self) -> str:
        text = (self.cleaned_data.get("code") or "").strip()
        if not text:
            return ""
        code = code_normalise(text)
        if code is None:
            raise forms.ValidationError(
                _("A verification code has 16 letters and digits, e.g. 7K2M-Q9XD-4RTB-8HWP."),
                code="invalid",
            )
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("letter") and not data.get("code"):
            self.add_error("letter", _("Upload the letter or type its verification code."))
        return data
