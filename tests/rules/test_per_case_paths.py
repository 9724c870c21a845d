# SPDX-License-Identifier: EUPL-1.2
"""The per-case shortcuts (issue 9's latency work) change no decision.

- every decision's JSON is what main wrote before the work (golden digests);
- shared renderings equal renderings made afresh, and values printed differently never
  share one;
- a choice a rule settles (``ScalarKernel.settle``) gives the decision a full rerun under
  every reading gives;
- the rulebook's memoised look-up answers what the uncached one does.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import orjson
import pytest
from golden_decisions import DAYS, GOLDEN, _default, decisions, digests

from passage.bench.rules import _cases, generate_cases
from passage.rules import default_rulebook, evaluate, trace
from passage.rules.decision import LANGUAGES
from passage.rules.kernel.scalar import ScalarKernel
from passage.rules.trace import LocalDate, Money, Number, explain, value_key


def test_every_decision_is_byte_for_byte_the_golden_one() -> None:
    expected = GOLDEN.read_text().split()
    got = digests()
    assert got[0] == expected[0], "the number of decisions changed"
    differing = [i for i, (a, b) in enumerate(zip(got[1:], expected[1:], strict=True)) if a != b]
    # Block i holds decisions 100*i … 100*i+99 of golden_decisions.decisions().
    assert differing == []


def _cases_on(n: int, seed: int) -> list[dict[str, object]]:
    out = []
    for case in _cases(generate_cases(n, seed=seed), 0, n):
        for day in DAYS:
            filed = case.get("application_date")
            if filed is None or filed <= day:  # type: ignore[operator]
                out.append({**case, "date": day})
    return out


def _docs(cases: list[dict[str, object]]) -> list[bytes]:
    rb = default_rulebook()
    return [orjson.dumps(evaluate(c, rb).to_dict(), default=_default) for c in cases]


def test_settled_choices_decide_as_a_rerun_under_every_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cases = _cases_on(3000, seed=11)
    fast = _docs(cases)
    monkeypatch.setattr(ScalarKernel, "settle", lambda self, name, result: None)
    assert _docs(cases) == fast


def test_shared_renderings_are_the_fresh_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    cases = _cases_on(2000, seed=12)
    shared = _docs(cases)
    monkeypatch.setattr(trace, "RENDERED_LIMIT", 0)
    trace._RENDERED.clear()
    assert _docs(cases) == shared
    # Cleared before each insertion: every rendering but the last was made afresh.
    assert len(trace._RENDERED) <= 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (Decimal("1.5"), Decimal("1.50")),
        (1, True),
        (1, Decimal(1)),
        (Decimal("0"), Decimal("-0")),
        ("1", 1),
        (Money(Decimal("2111.8")), Money(Decimal("2111.80"))),
        (Number(Decimal("93.99")), Number(Decimal("93.990"))),
        (Number(5, 2), Number(5)),
        (LocalDate(dt.date(2026, 1, 1)), LocalDate(dt.datetime(2026, 1, 1, 0, 0))),
    ],
)
def test_values_written_differently_never_share_a_rendering(a: object, b: object) -> None:
    # Money(2111.8) and Money(2111.80) do print alike; keeping them apart only costs a render.
    assert value_key(a) is None or value_key(a) != value_key(b)


def test_a_shared_rendering_is_what_each_language_renders() -> None:
    fmt = {"wage": Money(Decimal("2111.89")), "limit": Money(3000), "period": "x"}
    first = explain("wage_low", dict(fmt))
    second = explain("wage_low", dict(fmt))
    assert first.as_dict() == second.as_dict()
    fresh = explain("wage_low", dict(fmt))._render(LANGUAGES)
    assert second.as_dict() == fresh
    assert [second[lang] for lang in LANGUAGES] == [fresh[lang] for lang in LANGUAGES]
    # A copy each time: changing one decision's document leaves the next one's alone.
    first.as_dict()["en"] = "changed"
    assert second.as_dict()["en"] == fresh["en"]


def test_memoised_parameter_look_ups_answer_as_the_first_one() -> None:
    rb = default_rulebook()
    days = [dt.date(2025, 1, 1) + dt.timedelta(days=d) for d in range(0, 1100, 37)]
    first = {(name, day): rb.get(name, day) for name in sorted(rb.values) for day in days}
    assert all(rb.get(name, day) is found for (name, day), found in first.items())
    rb._found.clear()
    assert all(rb.get(name, day) is found for (name, day), found in first.items())


def test_golden_decisions_cover_every_outcome() -> None:
    outcomes = {orjson.loads(doc)["outcome"] for doc in decisions(300)}
    assert {"eligible", "not_eligible", "needs_review", "incomplete"} <= outcomes
