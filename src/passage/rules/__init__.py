# SPDX-License-Identifier: EUPL-1.2
"""Passage's rules-as-code engine: the Belgian rulebook as dated, cited parameters.

Pure Python and NumPy: no Django, no clock, no settings, no I/O beyond reading its own
parameter files. Public API:

- ``evaluate(case, rulebook=None) -> Decision``: one case (a mapping in the JSON contract).
- ``evaluate_batch(cases, rulebook=None) -> list[Decision]``: many; a bad case raises
  ``InputError`` whose field is prefixed with its index (``[17].gross_salary``).
- ``load_rulebook(overlays=(), occupation_lists=None) -> Rulebook`` and ``default_rulebook()``.
- ``loads_case(text)`` / ``loads_cases(text)``: JSON (object, array or JSON Lines) with exact
  decimals (no float rounding at the cent).
- ``explain_text(decision, lang)``: a readable account in en, nl, fr or de.
- ``passage.rules.bulk``: column-wise evaluation (Parquet files, Arrow tables, and
  ``summarise_cases`` for many JSON cases: outcome and failed rules only).
"""

from passage.rules.decision import Check, Citation, Decision
from passage.rules.engine import evaluate, evaluate_batch
from passage.rules.errors import InputError, RulebookError
from passage.rules.explain import explain_text
from passage.rules.jsonio import loads_case, loads_cases
from passage.rules.parameters import ParameterOverlay, Rulebook, default_rulebook, load_rulebook

__all__ = [
    "Check",
    "Citation",
    "Decision",
    "InputError",
    "ParameterOverlay",
    "Rulebook",
    "RulebookError",
    "default_rulebook",
    "evaluate",
    "evaluate_batch",
    "explain_text",
    "load_rulebook",
    "loads_case",
    "loads_cases",
]
