# SPDX-License-Identifier: EUPL-1.2
"""Integration programmes (INT-*): one module per rule."""
