# SPDX-License-Identifier: EUPL-1.2
"""Seal files from the test PKI (``passage.signatures.pki``: ``seal`` under the Passage Seal
CA, and ``rogue-seal`` under a CA nobody trusts), for tests and development only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from passage.signatures import pki


def seal_files_write(test_pki: Any, directory: Path, *, rogue: bool = False) -> dict[str, str]:
    """Write key, certificate, chain and seal trust anchor PEM files; return the settings
    (PASSAGE_SEAL_*) that point at them."""
    from asn1crypto import pem
    from certomancer.registry import CertLabel

    arch_label, label, ca = (
        (pki.ROGUE, "rogue-seal", "rogue-root")
        if rogue
        else (
            pki.EID,
            "seal",
            "seal-ca",
        )
    )
    arch = pki.architecture(test_pki.config, arch_label)
    directory.mkdir(parents=True, exist_ok=True)
    key = directory / f"{label}.key.pem"
    key.write_bytes((test_pki.server.directory / f"{label}.key.pem").read_bytes())
    key.chmod(0o600)
    cert = directory / f"{label}.cert.pem"
    cert.write_bytes(pem.armor("CERTIFICATE", arch.get_cert(CertLabel(label)).dump()))
    chain = directory / f"{label}.chain.pem"
    chain.write_bytes(pem.armor("CERTIFICATE", arch.get_cert(CertLabel(ca)).dump()))
    # The anchor the sealing side validates its own chain against: for the rogue seal its own
    # root, which no verifier trusts (verification uses the genuine settings).
    trust = directory / f"{label}-trust"
    trust.mkdir(exist_ok=True)
    anchor = arch.get_cert(CertLabel("rogue-root" if rogue else "seal-ca"))
    (trust / f"{label}-anchor.pem").write_bytes(pem.armor("CERTIFICATE", anchor.dump()))
    return {
        "PASSAGE_SEAL_KEY_FILE": str(key),
        "PASSAGE_SEAL_CERT_FILE": str(cert),
        "PASSAGE_SEAL_CHAIN_FILE": str(chain),
        "PASSAGE_SEAL_TSA_URL": test_pki.tsa_url,
        "PASSAGE_SEAL_TRUST_ANCHORS": str(trust),
        "PASSAGE_SIGNATURE_TRUST_ANCHORS": str(test_pki.server.directory / "trust"),
    }
