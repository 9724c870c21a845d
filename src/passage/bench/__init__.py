# SPDX-License-Identifier: EUPL-1.2
"""Benchmarks (``passage bench …``), writing their figures to benchmarks/results/*.json.

They live outside ``passage.rules`` because the JSON path serves Passage's Django app.
"""
