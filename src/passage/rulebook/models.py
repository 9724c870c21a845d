# SPDX-License-Identifier: EUPL-1.2
"""What administrators add to the packaged rulebook: verified values and occupation codes.

Both tables are read whole by ``selectors.rulebook_current`` and turned into the engine's
``ParameterOverlay`` objects and ``occupation_lists`` mapping. Rows are written only through
``services``; they are append-only records (a correction is a deletion and a new entry), so
``entered_by`` and ``created_at`` always say who vouched for the value and when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: A non-negative decimal written plainly ("68815", "3703.44"): what the engine's overlay takes.
DECIMAL_TEXT_REGEX = r"^[0-9]+(\.[0-9]+)?$"


class OverrideStatus(models.TextChoices):
    # A subset of the engine's STATUSES (passage.rules.parameters): the ones an administrator
    # can vouch for. Only in_force and transitional values are applied by the engine.
    IN_FORCE = "in_force", _("in force")
    TRANSITIONAL = "transitional", _("transitional")
    ADOPTED_NOT_IN_FORCE = "adopted_not_in_force", _("adopted, not yet in force")
    SUSPENDED = "suspended", _("suspended")
    EXPIRED = "expired", _("no longer applies")


class ParameterOverride(models.Model):
    """An administrator's verified value for a rulebook parameter from a start date on
    (e.g. AMB-SAL-2: the German-speaking Community's EU Blue Card minimum salary)."""

    parameter = models.CharField(_("parameter"), max_length=200)
    start = models.DateField(_("in force from"))
    value = models.CharField(
        _("value"),
        max_length=40,
        help_text=_("A non-negative decimal with a point, e.g. 68815 or 3703.44."),
    )
    status = models.CharField(
        _("status"), max_length=32, choices=OverrideStatus.choices, default=OverrideStatus.IN_FORCE
    )
    reference = models.TextField(
        _("reference"),
        help_text=_("The legal act or publication that verifies the value, and why it is right."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="parameter_overrides",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("parameter override")
        verbose_name_plural = _("parameter overrides")
        ordering = ("parameter", "start")
        constraints = [
            models.UniqueConstraint(
                fields=("parameter", "start"), name="rulebook_override_unique_parameter_start"
            ),
            models.CheckConstraint(
                condition=models.Q(value__regex=DECIMAL_TEXT_REGEX),
                name="rulebook_override_value_non_negative_decimal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parameter} = {self.value} from {self.start.isoformat()}"


class OccupationListEntry(models.Model):
    """One occupation an administrator loaded into a regional bottleneck list (BNP-*)."""

    list_id = models.CharField(_("list"), max_length=32)
    code = models.CharField(_("occupation code"), max_length=64)
    label = models.CharField(_("label"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="occupation_list_entries",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("occupation list entry")
        verbose_name_plural = _("occupation list entries")
        ordering = ("list_id", "code")
        constraints = [
            models.UniqueConstraint(fields=("list_id", "code"), name="rulebook_list_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.list_id}: {self.code}"
