# SPDX-License-Identifier: EUPL-1.2
"""Region from the place of work's postcode (docs/casework.md "Region", LAB-01)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from passage.casework.regions import region_for_postcode


class TestRegionForPostcode:
    @pytest.mark.parametrize(
        ("postcode", "region"),
        [
            ("1000", "brussels"),
            ("1299", "brussels"),
            ("1300", "wallonia"),
            ("1499", "wallonia"),
            ("1500", "flanders"),
            ("3999", "flanders"),
            ("4000", "wallonia"),  # Liège
            ("4699", "wallonia"),
            ("4700", "german_speaking_community"),  # Eupen
            ("4701", "german_speaking_community"),
            ("4702", "wallonia"),
            ("4720", "german_speaking_community"),  # Kelmis
            ("4728", "german_speaking_community"),  # Raeren
            ("4731", "german_speaking_community"),
            ("4732", "wallonia"),
            ("4750", "german_speaking_community"),  # Bütgenbach
            ("4751", "wallonia"),
            ("4784", "german_speaking_community"),  # Sankt Vith
            ("4791", "german_speaking_community"),  # Burg-Reuland
            ("4792", "wallonia"),
            ("7999", "wallonia"),
            ("8000", "flanders"),  # Bruges
            ("9999", "flanders"),
            (" 9000 ", "flanders"),
        ],
    )
    def test_boundaries(self, postcode: str, region: str) -> None:
        assert region_for_postcode(postcode) == region

    @pytest.mark.parametrize("postcode", ["", "999", "0999", "10000", "12a4", "abcd"])
    def test_not_a_postcode_names_the_field(self, postcode: str) -> None:
        with pytest.raises(ValidationError) as excinfo:
            region_for_postcode(postcode)
        assert "workplace_postcode" in excinfo.value.message_dict
