# SPDX-License-Identifier: EUPL-1.2
"""PAdES signature validation against a trust list."""
