# SPDX-License-Identifier: EUPL-1.2
"""Access logs would print the callback's query, which carries the authorization code and
state. The code is spent at once, but a log is no place for credentials: this filter blanks
``code``, ``state``, ``id_token_hint`` and ``session_state`` values in the request lines of
Django's development server and gunicorn's access log."""

from __future__ import annotations

import logging
import re

_SECRET_PARAMS = re.compile(r"\b(code|state|id_token_hint|session_state)=[^&\s\"]+")
LOGGERS = ("django.server", "gunicorn.access")


class RedactLoginParameters(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "=" in message:
            redacted = _SECRET_PARAMS.sub(r"\1=[redacted]", message)
            if redacted != message:
                record.msg, record.args = redacted, ()
        return True


def install() -> None:
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactLoginParameters) for f in logger.filters):
            logger.addFilter(RedactLoginParameters())
