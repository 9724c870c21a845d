# SPDX-License-Identifier: EUPL-1.2
"""Reception of applicants for international protection (REC-*): one module per rule."""
