# SPDX-License-Identifier: EUPL-1.2
"""The casework REST API under ``/api/v1/`` (see ``urls.py`` for the endpoints)."""
