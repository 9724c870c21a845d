# SPDX-License-Identifier: EUPL-1.2
"""Notification tests: a real HTTP receiver on 127.0.0.1 and the casework factories.

``factories.py`` of casework is loaded under its unique module name ``casework_factories``
(see tests/casework/conftest.py for why)."""

from __future__ import annotations

import importlib.util
import json
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

_spec = importlib.util.spec_from_file_location(
    "casework_factories", Path(__file__).parent.parent / "casework" / "factories.py"
)
assert _spec is not None and _spec.loader is not None
if "casework_factories" not in sys.modules:
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["casework_factories"] = _module
    _spec.loader.exec_module(_module)


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """What an HR system would run: records each POST and answers with the next status of
    ``statuses`` (the last one repeats), after ``delay`` seconds."""

    url: str
    statuses: list[int] = field(default_factory=lambda: [204])
    delay: float = 0.0
    requests: list[Received] = field(default_factory=list)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            state.requests.append(Received(headers=dict(self.headers.items()), body=body))
            if state.delay:
                time.sleep(state.delay)
            index = min(len(state.requests), len(state.statuses)) - 1
            try:
                self.send_response(state.statuses[index])
                self.send_header("Content-Length", "0")
                self.end_headers()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client timed out and went away

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/passage"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def _short_webhook_timeout(settings: Any) -> None:
    settings.PASSAGE_WEBHOOK_TIMEOUT = 0.5
