# SPDX-License-Identifier: EUPL-1.2
"""Shared API plumbing: problem+json, negotiation, parsing, pagination (issue 10)."""
