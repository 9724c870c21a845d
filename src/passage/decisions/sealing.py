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
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from passage.signatures.trust import trust_list_load

FIELD_NAME = "AdministrationSeal"
#: Seconds a process reuses the revocation data it fetched for the seal's chain (a CRL is
#: valid for days; refetching it for each of 1 000 letters in a batch is pure latency).
CONTEXT_TTL = 300.0

_lock = threading.Lock()
_signers: dict[tuple[str, str, str, float], Any] = {}
_contexts: dict[tuple[str, ...], tuple[float, Any]] = {}


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


def _fast_signer(signer: Any) -> Any:
    """pyHanko's SimpleSigner parses the private key again (with OpenSSL's RSA checks, about
    0.25 s for RSA 3072) on every signature; this keeps the parsed key for RSA PKCS#1 v1.5
    and ECDSA, and leaves every other mechanism to pyHanko."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
    from pyhanko.sign import signers
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash

    key = serialization.load_der_private_key(signer.signing_key.dump(), password=None)

    class _Signer(signers.SimpleSigner):
        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
            hash_algo = get_pyca_cryptography_hash(digest_algorithm)
            if mechanism == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
                return key.sign(data, padding.PKCS1v15(), hash_algo)
            if mechanism == "ecdsa" and isinstance(key, ec.EllipticCurvePrivateKey):
                return key.sign(data, ec.ECDSA(hash_algo))
            return bytes(super().sign_raw(data, digest_algorithm))

    return _Signer(
        signing_cert=signer.signing_cert,
        signing_key=signer.signing_key,
        cert_registry=signer.cert_registry,
    )


def seal_signer(config: SealConfig) -> Any:
    """The seal's pyHanko signer from the key file (the PKCS#11 hook goes here), loaded once
    per process and key file version: parsing and checking an RSA key costs about 0.25 s."""
    from pyhanko.sign import signers

    version = Path(config.key_file).stat().st_mtime
    cache_key = (config.key_file, config.cert_file, config.chain_file, version)
    with _lock:
        cached = _signers.get(cache_key)
    if cached is not None:
        return cached
    chain = (config.chain_file,) if config.chain_file else ()
    signer = signers.SimpleSigner.load(  # type: ignore[no-untyped-call]
        config.key_file, config.cert_file, ca_chain_files=chain
    )
    if signer is None:
        raise ImproperlyConfigured("PASSAGE_SEAL_KEY_FILE / PASSAGE_SEAL_CERT_FILE cannot be read")
    signer = _fast_signer(signer)
    with _lock:
        _signers.clear()
        _signers[cache_key] = signer
    return signer


def _validation_context(config: SealConfig, signer: Any) -> Any:
    """A context reused for CONTEXT_TTL seconds, so the CRLs it fetched serve the next
    letters too."""
    from pyhanko_certvalidator import ValidationContext

    key = (config.cert_file, config.trust_anchors, str(settings.PASSAGE_SIGNATURE_TRUST_ANCHORS))
    now = time.monotonic()
    with _lock:
        cached = _contexts.get(key)
        if cached is not None and now - cached[0] < CONTEXT_TTL:
            return cached[1]
    context = ValidationContext(
        trust_roots=_validation_roots(config),
        other_certs=list(signer.cert_registry),
        allow_fetching=True,
        revocation_mode="hard-fail",
    )
    with _lock:
        _contexts[key] = (now, context)
    return context


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

    config = config or SealConfig.from_settings()
    signer = seal_signer(config)
    context = _validation_context(config, signer)
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
