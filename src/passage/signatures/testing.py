# SPDX-License-Identifier: EUPL-1.2
"""Signed PDFs from the test PKI (``passage.signatures.pki``), as the Belgian eID middleware
would produce them, and their broken variants: tampered, modified after signing, expired,
revoked, untrusted, signed with the authentication key. For tests and the demo only: the
keys are the test PKI's, generated on this machine."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from passage.signatures import pki

if TYPE_CHECKING:
    from certomancer.registry import CertomancerConfig

#: Who signs each case (certificate labels in ``belgian-eid.yml``).
SIGNERS: dict[str, tuple[str, str]] = {
    "valid": (pki.EID, "jan"),
    "expired": (pki.EID, "els"),
    "revoked": (pki.EID, "marc"),
    "authentication_key": (pki.EID, "jan-auth"),
    "untrusted": (pki.ROGUE, "mallory"),
}


@dataclass
class TestPki:
    """A running test PKI and the configuration loaded from the same keys."""

    __test__ = False  # not a pytest class

    server: pki.PkiServer
    config: CertomancerConfig

    @property
    def tsa_url(self) -> str:
        return self.server.tsa_url()

    def trust_roots(self) -> list[Any]:
        from certomancer.registry import CertLabel

        return [pki.architecture(self.config).get_cert(CertLabel("root"))]

    def sign(
        self,
        pdf: bytes,
        case: str = "valid",
        *,
        level: str = "B-T",
        reason: str = "Application form for a single permit",
        field_name: str = "Signature1",
    ) -> bytes:
        arch_label, cert_label = SIGNERS[case]
        return sign_pdf(
            self.config,
            pdf,
            arch_label=arch_label,
            cert_label=cert_label,
            tsa_url=self.tsa_url,
            level=level,
            reason=reason,
            field_name=field_name,
        )


def sign_pdf(
    config: CertomancerConfig,
    pdf: bytes,
    *,
    arch_label: str,
    cert_label: str,
    tsa_url: str | None,
    level: str = "B-T",
    reason: str = "",
    field_name: str = "Signature1",
) -> bytes:
    """PAdES signature (``B-B``, ``B-T`` with a time-stamp from ``tsa_url``, or ``B-LT`` with
    the revocation data embedded) by ``cert_label``'s key, SHA-384 as the eID middleware
    uses."""
    from certomancer.registry import CertLabel, KeyLabel
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    arch = pki.architecture(config, arch_label)
    cert = arch.get_cert(CertLabel(cert_label))
    chain = [arch.get_cert(label) for label in arch.get_chain(CertLabel(cert_label))]
    key = arch.key_set.get_private_key(KeyLabel(cert_label))
    signer = signers.SimpleSigner(
        signing_cert=cert,
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs(chain),  # type: ignore[no-untyped-call]
    )
    lt = level == "B-LT"
    validation_context = None
    if lt:
        root = next(c for c in chain if c.subject == c.issuer)
        validation_context = ValidationContext(
            trust_roots=[root], allow_fetching=True, revocation_mode="hard-fail"
        )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha384",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        embed_validation_info=lt,
        validation_context=validation_context,
    )
    timestamper = timestamps.HTTPTimeStamper(tsa_url) if tsa_url and level != "B-B" else None
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=True)
    out = signers.PdfSigner(meta, signer=signer, timestamper=timestamper).sign_pdf(writer)
    return bytes(out.getvalue())


def tamper(signed: bytes) -> bytes:
    """Change bytes inside the signed range after signing (the page text)."""
    marker = signed.find(b"Application form")
    if marker < 0:
        raise ValueError("no page text to tamper with")
    return signed[:marker] + b"Applicatiom form" + signed[marker + len(b"Application form") :]


def modify_after_signing(signed: bytes) -> bytes:
    """An incremental update after the signature that replaces the page's content: the
    signed bytes stay intact but the document shown is no longer the one signed."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page_ref, _ = writer.find_page_for_modification(0)  # type: ignore[no-untyped-call]
    page = page_ref.get_object()
    stream = generic.StreamObject(stream_data=b"BT /F1 18 Tf 72 720 Td (Salary: EUR 1) Tj ET")
    page["/Contents"] = writer.add_object(stream)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()


# --- pytest fixtures (imported by the conftest files that need them) -------------------------

#: The PDFs every signature test needs, built once per test process.
CASES = ("valid", "expired", "revoked", "authentication_key", "untrusted")
_RUNNING: dict[str, Any] = {}


def signing_pki_start(directory: Any) -> TestPki:
    """The test process's PKI: started once, reused by every fixture that asks."""
    if "pki" not in _RUNNING:
        from pathlib import Path

        server = pki.PkiServer(Path(directory)).start()
        config = pki.pki_load(server.directory, port=server.port)
        pki.trust_write(config, server.directory)
        _RUNNING["pki"] = TestPki(server=server, config=config)
    return _RUNNING["pki"]  # type: ignore[no-any-return]


def signed_samples(test_pki: TestPki) -> dict[str, bytes]:
    """Every case of ``CASES`` signed as PAdES B-T, plus ``valid_lt`` (B-LT), ``valid_bb`` (no
    time-stamp), ``tampered``, ``modified`` (changed in a later revision), ``countersigned``
    (two valid signatures) and ``unsigned``."""
    if "samples" not in _RUNNING:
        from passage.casework.testing import sample_pdf

        pdf = sample_pdf()
        samples = {case: test_pki.sign(pdf, case) for case in CASES}
        samples["valid_lt"] = test_pki.sign(pdf, "valid", level="B-LT")
        samples["valid_bb"] = test_pki.sign(pdf, "valid", level="B-B")
        samples["tampered"] = tamper(samples["valid"])
        samples["modified"] = modify_after_signing(samples["valid"])
        samples["countersigned"] = test_pki.sign(samples["valid"], "valid", field_name="Second")
        samples["unsigned"] = pdf
        _RUNNING["samples"] = samples
    return dict(_RUNNING["samples"])


def signing_pki_stop() -> None:
    running = _RUNNING.pop("pki", None)
    _RUNNING.pop("samples", None)
    if running is not None:
        running.server.stop()
