# SPDX-License-Identifier: EUPL-1.2
"""Trafficking in human beings (THB-*): one module per rule."""
