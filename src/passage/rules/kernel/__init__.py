# SPDX-License-Identifier: EUPL-1.2
"""The rule kernel: each rule written once, run per case or over columns.

A rule is one Python function ``fn(k, x, ...)`` over a kernel ``k`` and the case's facts
``x``. The same function runs on two backends:

- :class:`~passage.rules.kernel.scalar.ScalarKernel`: ``x``'s attributes are plain values
  (``None`` when a fact is not given), ``k`` builds the per-case trace (``Check`` objects
  explained in four languages). This is the per-case engine.
- :class:`~passage.rules.kernel.columns.ColumnKernel`: ``x``'s attributes are columns over
  many rows (NumPy), comparisons give three-valued columns, and ``k`` folds the checks into
  per-row outcomes without building a trace. This is bulk re-evaluation.

OpenFisca vectorises a formula by making every value an array and forbidding ``if`` on
data. Passage keeps ``if``: a rule *branches* through the kernel (``k.value(x.region)``,
``k.given(x.age)``, ``k.test(day >= start)``). On a scalar that is the value itself; on a
column whose rows disagree the column backend raises ``Split`` and re-runs the function on
each part, so every branch sees uniform values and ordinary Python control flow is exact on
both backends. Arithmetic and comparisons on money, dates and numbers are written with the
usual operators and need no branch: columns overload them (money stays exact integer cents
against a rational factor, never float). What only a person reads (the message key, the
figures written into a sentence) is passed lazily and built by the scalar backend alone.

Each rule is declared with :func:`~passage.rules.kernel.rule.rule` (id, label, facts and
parameters it reads, citation); ``RULES`` lists them for ``passage rules show`` and the
docs, and tests/rules run every YAML case through both backends.
"""

from passage.rules.kernel.rule import RULES, Rule, rule

__all__ = ["RULES", "Rule", "rule"]
