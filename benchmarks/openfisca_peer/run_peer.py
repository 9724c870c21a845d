# SPDX-License-Identifier: EUPL-1.2
"""The OpenFisca peer of ``passage rules bulk``: Parquet in, Parquet out, two dates.

    .venv-peer/bin/python benchmarks/openfisca_peer/run_peer.py IN.parquet OUT.parquet D1 D2

Reads the benchmark's cases with PyArrow, sets them as input arrays of one OpenFisca
simulation of N applicants (``SimulationBuilder.build_default_simulation``, ``set_input``),
calculates SAL-01/SAL-02 and FR-01 for each date with OpenFisca's vectorised formulas, and
writes ``id`` and, per date k = 1, 2, ``salary_covered_k``, ``salary_ok_k``,
``fr01_covered_k``, ``fr01_ok_k``. One line on stdout says how long each step took.
"""

from __future__ import annotations

import sys
import time

T0 = time.perf_counter()

import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from openfisca_core.indexed_enums import Enum, EnumArray  # noqa: E402
from openfisca_core.simulations import SimulationBuilder  # noqa: E402
from passage_peer import PassagePeer  # noqa: E402
from passage_peer.variables import Category, Procedure, Region, SponsorStatus  # noqa: E402

COLUMNS = [
    "id",
    "procedure",
    "region",
    "category",
    "gross_salary",
    "salary_period",
    "age",
    "junior",
    "application_date",
    "sponsor_status",
    "sponsor_permit_date",
    "net_monthly_income",
    "additional_dependants",
]
OUTPUTS = ("salary_covered", "salary_ok", "fr01_covered", "fr01_ok")


def _enum(column: pa.ChunkedArray, enum: type[Enum]) -> EnumArray:
    """Dictionary-encoded strings → the enum's indices (nulls: the first member)."""
    column = column.combine_chunks()
    if not pa.types.is_dictionary(column.type):
        column = column.dictionary_encode()
    names = [m.name for m in enum]
    lookup = np.array([names.index(v) for v in column.dictionary.to_pylist()] + [0], np.int16)
    indices = column.indices.fill_null(len(lookup) - 1).to_numpy()
    return EnumArray(lookup[indices], enum)


def _int(column: pa.ChunkedArray, null: int = -1) -> np.ndarray:
    return column.fill_null(null).to_numpy().astype(np.int64)


def _cents(column: pa.ChunkedArray) -> np.ndarray:
    """decimal128(_, 2) → int64 cents (exact; nulls -1)."""
    scaled = pc.multiply(column, pa.scalar(100, pa.int64()))
    return pc.cast(scaled, pa.int64(), safe=False).fill_null(-1).to_numpy().astype(np.int64)


def _days(column: pa.ChunkedArray) -> np.ndarray:
    return _int(pc.cast(column, pa.int32()))


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    source, target, *dates = argv
    system = PassagePeer()
    t_import = time.perf_counter()
    table = pq.read_table(source, columns=COLUMNS)
    n = table.num_rows
    t_read = time.perf_counter()
    sim = SimulationBuilder().build_default_simulation(system, count=n)
    period = "eternity"
    sim.set_input("procedure", period, _enum(table["procedure"], Procedure))
    sim.set_input("region", period, _enum(table["region"], Region))
    sim.set_input("category", period, _enum(table["category"], Category))
    sim.set_input("sponsor_status", period, _enum(table["sponsor_status"], SponsorStatus))
    sim.set_input("gross_salary_cents", period, _cents(table["gross_salary"]))
    yearly = pc.equal(table["salary_period"].combine_chunks().cast(pa.string()), "year")
    sim.set_input("salary_yearly", period, yearly.fill_null(False).to_numpy(zero_copy_only=False))
    sim.set_input("age", period, _int(table["age"]))
    sim.set_input("junior", period, table["junior"].fill_null(False).to_numpy())
    sim.set_input("application_day", period, _days(table["application_date"]))
    sim.set_input("sponsor_permit_day", period, _days(table["sponsor_permit_date"]))
    sim.set_input("net_monthly_income_cents", period, _cents(table["net_monthly_income"]))
    sim.set_input("additional_dependants", period, _int(table["additional_dependants"], 0))
    t_input = time.perf_counter()
    out: dict[str, np.ndarray] = {"id": table["id"].to_numpy()}
    for k, day in enumerate(dates, 1):
        for name in OUTPUTS:
            out[f"{name}_{k}"] = np.asarray(sim.calculate(name, day), dtype=bool)
    t_calc = time.perf_counter()
    pq.write_table(pa.table(out), target)
    t_write = time.perf_counter()
    covered = [int(out[f"{r}_covered_2"].sum()) for r in ("salary", "fr01")]
    print(
        f"{n} cases on {dates[0]} and {dates[1]} (SAL covered {covered[0]}, FR-01 covered"
        f" {covered[1]}); import {t_import - T0:.3f}s read {t_read - t_import:.3f}s"
        f" input {t_input - t_read:.3f}s calculate {t_calc - t_input:.3f}s"
        f" write {t_write - t_calc:.3f}s total {t_write - T0:.3f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
