# SPDX-License-Identifier: EUPL-1.2
"""The trust list: the certificates a signature's chain must end in.

``PASSAGE_SIGNATURE_TRUST_ANCHORS`` names a folder of certificates (``*.pem``, ``*.crt``,
``*.cer``, ``*.der``; PEM files may hold several) or one PEM bundle. Unset, the list is empty
and every signature is refused as untrusted: there is no built-in anchor, so a development
root can never be trusted in production by accident. For the real Belgian eID, put the
Belgium Root CA certificates published by the federal government in that folder
(docs/signatures.md).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from asn1crypto import x509

logger = logging.getLogger(__name__)

SETTING = "PASSAGE_SIGNATURE_TRUST_ANCHORS"
_SUFFIXES = frozenset({".pem", ".crt", ".cer", ".der"})


@dataclass(frozen=True)
class TrustList:
    """Trust anchors and where they came from (kept with each validation result)."""

    anchors: tuple[x509.Certificate, ...]
    source: str

    @property
    def digest(self) -> str:
        """SHA-256 over the sorted anchor fingerprints: which list judged a signature."""
        prints = sorted(hashlib.sha256(cert.dump()).hexdigest() for cert in self.anchors)
        return hashlib.sha256("\n".join(prints).encode()).hexdigest()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(cert.subject.human_friendly for cert in self.anchors)


def _certificates(data: bytes, origin: Path) -> list[x509.Certificate]:
    from asn1crypto import pem, x509

    try:
        if pem.detect(data):
            return [
                x509.Certificate.load(der)
                for kind, _, der in pem.unarmor(data, multiple=True)
                if kind == "CERTIFICATE"
            ]
        return [x509.Certificate.load(data)]
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"{SETTING}: {origin} holds no readable certificate") from exc


def trust_list_load(location: str | Path | None) -> TrustList:
    """The anchors in ``location`` (a folder or a bundle); empty when ``location`` is empty."""
    if not location:
        return TrustList(anchors=(), source="")
    path = Path(location)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in _SUFFIXES and p.is_file())
    elif path.is_file():
        files = [path]
    else:
        raise ImproperlyConfigured(f"{SETTING}: {path} is neither a folder nor a file")
    anchors: list[x509.Certificate] = []
    for file in files:
        anchors.extend(_certificates(file.read_bytes(), file))
    # Force the lazy parse now: a malformed certificate is a configuration error, not a 500
    # on the first upload.
    for cert in anchors:
        _ = cert.subject.human_friendly
    return TrustList(anchors=tuple(anchors), source=str(path))


def trust_list_configured() -> TrustList:
    """The trust list of ``PASSAGE_SIGNATURE_TRUST_ANCHORS`` (read on each call: cheap, and a
    changed folder takes effect without a restart)."""
    trust = trust_list_load(getattr(settings, SETTING, "") or "")
    if not trust.anchors:
        logger.warning("%s is empty: every signature is refused as untrusted", SETTING)
    return trust
