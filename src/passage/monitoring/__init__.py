# SPDX-License-Identifier: EUPL-1.2
"""Early Warning: figures with provenance, pressure indicators, forecasts, alerts, scoreboard.

PostgreSQL is the system of record (observations, case events, results); DuckDB computes the
indicators over Parquet snapshots of it. See docs/monitoring.md."""
