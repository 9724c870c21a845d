# SPDX-License-Identifier: EUPL-1.2
"""Employment: illegal employment and chain liability (EMP-*)."""
