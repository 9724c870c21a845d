# SPDX-License-Identifier: EUPL-1.2
"""A test's own queue on the passage.events exchange."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from kombu import Connection


@dataclass
class EventQueue:
    """A queue bound to passage.events for this test's topics only (``prefix.#``)."""

    prefix: str
    conn: Connection
    queue: Any

    def topic(self, name: str) -> str:
        return f"{self.prefix}.{name}"

    def drain(self, expect: int = 0, wait: float = 3.0) -> list[Any]:
        """Every message now in the queue; waits up to ``wait`` s for ``expect`` of them."""
        messages: list[Any] = []
        deadline = time.monotonic() + wait
        while True:
            message = self.queue.get(no_ack=True)
            if message is not None:
                messages.append(message)
                continue
            if len(messages) >= expect or time.monotonic() > deadline:
                return messages
            time.sleep(0.05)
