# SPDX-License-Identifier: EUPL-1.2
"""The region competent for the work authorisation, from the place of work's postcode (LAB-01).

Brussels 1000–1299; Wallonia 1300–1499 and 4000–7999 except the German-speaking Community's
nine municipalities; Flanders 1500–3999 and 8000–9999 (docs/casework.md, "Region"). The
German-speaking Community exercises the work-authorisation competence on its own territory,
so its postcodes are carved out of the Walloon range.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from passage.accounts.models import Region

#: The German-speaking Community's municipalities, as inclusive postcode ranges.
GERMAN_SPEAKING_POSTCODES: tuple[tuple[int, int, str], ...] = (
    (4700, 4701, "Eupen"),
    (4710, 4711, "Lontzen"),
    (4720, 4721, "Kelmis"),
    (4728, 4731, "Raeren"),
    (4750, 4750, "Bütgenbach"),
    (4760, 4761, "Büllingen"),
    (4770, 4771, "Amel"),
    (4780, 4784, "Sankt Vith"),
    (4790, 4791, "Burg-Reuland"),
)


def region_for_postcode(postcode: str | int) -> Region:
    """The region for a four-digit Belgian postcode; ValidationError naming
    ``workplace_postcode`` when it is not one."""
    text = str(postcode).strip()
    if len(text) != 4 or not text.isdigit() or text.startswith("0"):
        raise ValidationError(
            {"workplace_postcode": f"{postcode!r} is not a Belgian postcode (four digits)"}
        )
    code = int(text)
    if code < 1000:  # pragma: no cover - excluded by the leading-zero check above
        raise ValidationError({"workplace_postcode": f"{postcode!r} is not a Belgian postcode"})
    if code <= 1299:
        return Region.BRUSSELS
    if code <= 1499:
        return Region.WALLONIA
    if code <= 3999:
        return Region.FLANDERS
    if code <= 7999:
        if any(lo <= code <= hi for lo, hi, _name in GERMAN_SPEAKING_POSTCODES):
            return Region.GERMAN_SPEAKING_COMMUNITY
        return Region.WALLONIA
    return Region.FLANDERS
