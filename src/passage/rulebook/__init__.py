# SPDX-License-Identifier: EUPL-1.2
"""The Django side of the rules engine: the rules API, the public check page, and the
administrators' verified parameter values and occupation lists that feed the rulebook."""
