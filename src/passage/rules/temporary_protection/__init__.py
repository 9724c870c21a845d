# SPDX-License-Identifier: EUPL-1.2
"""Temporary protection for persons displaced from Ukraine (TP-*): one module per rule."""
