# SPDX-License-Identifier: EUPL-1.2
"""Decision letters: PDF/A from WeasyPrint, sealed PAdES B-LTA with pyHanko, verified."""
