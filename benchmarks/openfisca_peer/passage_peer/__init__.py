# SPDX-License-Identifier: EUPL-1.2
"""An OpenFisca country package with two of Passage's rules, as the bulk benchmark's peer.

SAL-01/SAL-02 (a single permit's wage against the GMMI or its region's and category's
minimum) and FR-01/FR-06 (a family-reunification sponsor's net monthly income against the
previous or the new regime's amount, with 10 % per additional dependant). The parameters are
generated from Passage's own YAML by ``benchmarks/openfisca_peer/generate_parameters.py``.
"""

from __future__ import annotations

from pathlib import Path

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from passage_peer import variables
from passage_peer.entities import entities

PARAMETERS = Path(__file__).parent / "parameters"


class PassagePeer(TaxBenefitSystem):
    def __init__(self) -> None:
        super().__init__(entities)
        self.add_variables_from_file(variables.__file__)
        self.load_parameters(str(PARAMETERS))


CountryTaxBenefitSystem = PassagePeer
