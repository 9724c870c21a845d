# SPDX-License-Identifier: EUPL-1.2
"""The trust list setting: a folder or a PEM bundle; unset trusts nothing; a broken file is a
configuration error, not a refusal at upload time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from asn1crypto import pem
from django.core.exceptions import ImproperlyConfigured

from passage.signatures.testing import TestPki
from passage.signatures.trust import trust_list_configured, trust_list_load


def _pem(test_pki: TestPki) -> bytes:
    return pem.armor("CERTIFICATE", test_pki.trust_roots()[0].dump())


def test_folder_and_bundle_give_the_same_list(test_pki: TestPki, tmp_path: Path) -> None:
    folder = tmp_path / "anchors"
    folder.mkdir()
    (folder / "root.pem").write_bytes(_pem(test_pki))
    (folder / "README.txt").write_text("not a certificate, not read")
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(_pem(test_pki) + _pem(test_pki))
    from_folder = trust_list_load(folder)
    from_bundle = trust_list_load(bundle)
    assert len(from_folder.anchors) == 1
    assert len(from_bundle.anchors) == 2
    assert from_folder.names == ("Common Name: Belgium Root CA4 (Passage test), Country: BE",)
    assert from_folder.digest != trust_list_load(None).digest


def test_der_file_is_read(test_pki: TestPki, tmp_path: Path) -> None:
    (tmp_path / "root.cer").write_bytes(test_pki.trust_roots()[0].dump())
    assert len(trust_list_load(tmp_path).anchors) == 1


def test_unset_setting_trusts_nothing(settings: Any) -> None:
    settings.PASSAGE_SIGNATURE_TRUST_ANCHORS = ""
    assert trust_list_configured().anchors == ()


@pytest.mark.parametrize(
    "content", [b"garbage", b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"]
)
def test_broken_anchor_is_a_configuration_error(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "broken.pem").write_bytes(content)
    with pytest.raises(ImproperlyConfigured, match=r"PASSAGE_SIGNATURE_TRUST_ANCHORS"):
        trust_list_load(tmp_path)


def test_missing_location_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ImproperlyConfigured, match="neither a folder nor a file"):
        trust_list_load(tmp_path / "nowhere")
