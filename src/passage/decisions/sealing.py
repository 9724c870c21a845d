# SPDX-License-Identifier: EUPL-1.2
"""The administration's seal on a letter: PAdES B-LTA with pyHanko.

B-LTA = the seal (CMS, SHA-256) time-stamped by the RFC 3161 authority (B-T), the chain's
revocation data embedded in a DSS (B-LT), then a document time-stamp over all of it (LTA), so
the letter verifies years later without the CA's OCSP/CRL services.

The key comes from a PEM file (PASSAGE_SEAL_KEY_FILE + PASSAGE_SEAL_CERT_FILE). An HSM is a
different ``Signer``: ``seal_signer()`` is the one place to return pyHanko's
``pkcs11.PKCS11Signer`` instead (not built yet; docs/decision-letters.md).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from passage.signatures.trust import trust_list_load

FIELD_NAME = "AdministrationSeal"


@dataclass(frozen=True)
class SealConfig:
    key_file: str
    cert_file: str
    chain_file: str
    tsa_url: str
    trust_anchors: str

    @classmethod
    def from_settings(cls) -> SealConfig:
        config = cls(
            key_file=settings.PASSAGE_SEAL_KEY_FILE,
            cert_file=settings.PASSAGE_SEAL_CERT_FILE,
            chain_file=settings.PASSAGE_SEAL_CHAIN_FILE,
            tsa_url=settings.PASSAGE_SEAL_TSA_URL,
            trust_anchors=settings.PASSAGE_SEAL_TRUST_ANCHORS,
        )
        for name, value in (
            ("PASSAGE_SEAL_KEY_FILE", config.key_file),
            ("PASSAGE_SEAL_CERT_FILE", config.cert_file),
            ("PASSAGE_SEAL_TSA_URL", config.tsa_url),
        ):
            if not value:
                raise ImproperlyConfigured(f"{name} is not set: letters cannot be sealed")
        for name, value in (
            ("PASSAGE_SEAL_KEY_FILE", config.key_file),
            ("PASSAGE_SEAL_CERT_FILE", config.cert_file),
        ):
            if not Path(value).is_file():
                raise ImproperlyConfigured(f"{name}: {value} is not a file")
        return config


def seal_signer(config: SealConfig) -> Any:
    """The seal's pyHanko signer from the key file (the PKCS#11 hook goes here)."""
    from pyhanko.sign import signers

    chain = (config.chain_file,) if config.chain_file else ()
    signer = signers.SimpleSigner.load(  # type: ignore[no-untyped-call]
        config.key_file, config.cert_file, ca_chain_files=chain
    )
    if signer is None:
        raise ImproperlyConfigured("PASSAGE_SEAL_KEY_FILE / PASSAGE_SEAL_CERT_FILE cannot be read")
    return signer


def _validation_roots(config: SealConfig) -> list[Any]:
    """The anchors for the revocation data embedded at sealing: the seal's CAs and those of
    the time-stamping authority (the signature trust list)."""
    anchors = list(trust_list_load(config.trust_anchors).anchors)
    anchors += list(trust_list_load(settings.PASSAGE_SIGNATURE_TRUST_ANCHORS).anchors)
    return anchors


def seal(pdf: bytes, *, config: SealConfig | None = None, reason: str = "") -> bytes:
    """``pdf`` sealed as PAdES B-LTA (network: the TSA and the CA's revocation services)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps
    from pyhanko_certvalidator import ValidationContext

    config = config or SealConfig.from_settings()
    signer = seal_signer(config)
    context = ValidationContext(
        trust_roots=_validation_roots(config),
        other_certs=list(signer.cert_registry),
        allow_fetching=True,
        revocation_mode="hard-fail",
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        embed_validation_info=True,
        use_pades_lta=True,
        validation_context=context,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=True)
    out = signers.PdfSigner(
        meta, signer=signer, timestamper=timestamps.HTTPTimeStamper(config.tsa_url)
    ).sign_pdf(writer)
    return bytes(out.getvalue())
