# SPDX-License-Identifier: EUPL-1.2
"""One entity: the applicant (each row of the input is one case)."""

from openfisca_core.entities import build_entity

Applicant = build_entity(
    key="applicant",
    plural="applicants",
    label="An applicant (one case)",
    is_person=True,
)

entities = [Applicant]
