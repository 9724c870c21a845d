# SPDX-License-Identifier: EUPL-1.2
"""The test PKI shaped like the Belgian eID (``belgian-eid.yml``), served by certomancer.

- ``keys_ensure(directory)`` generates the keys the configuration names, once (RSA 3072 for the
  CAs and responders, EC P-384 for the citizens, as on the cards issued since 2020);
- ``pki_load(directory, port=…)`` reads the configuration with those keys, every URL in the
  certificates (OCSP, CRL distribution points) pointing at ``http://127.0.0.1:<port>``;
- ``PkiServer`` runs certomancer's aiohttp Animator in its own process on loopback (the tests
  start one on a free port; ``make pki`` serves the development one on 8310);
- ``python -m passage.signatures.pki serve --port 8310 --keys var/pki`` is that process; it
  also writes the root certificate to ``<keys>/trust/`` for ``PASSAGE_SIGNATURE_TRUST_ANCHORS``.

Certificates are rebuilt from the keys on every load; RSA PKCS#1 v1.5 signatures are
deterministic, so the server and the tests that load the same keys see the same bytes.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from certomancer.registry import CertomancerConfig, PKIArchitecture

CONFIG_PATH = Path(__file__).with_name("belgian-eid.yml")
#: The architecture of the trusted eID-like PKI and of the CA no trust list names.
EID = "eid"
ROGUE = "rogue"
#: The development port (``make pki``); tests take a free one.
DEFAULT_PORT = 8310
#: Key label -> algorithm. Citizens' keys are EC P-384; the rest RSA.
_EC_KEYS = frozenset({"jan", "jan-auth", "els", "marc", "mallory"})
_RSA_BITS = 3072


def _key_labels() -> dict[str, str]:
    import yaml

    config = yaml.safe_load(CONFIG_PATH.read_text(encoding="utf-8"))
    return {
        label: spec["path"]
        for keyset in config["keysets"].values()
        for label, spec in keyset["keys"].items()
    }


def keys_ensure(directory: Path) -> Path:
    """Generate every missing key of the configuration in ``directory`` (PEM, unencrypted:
    these are test keys and never leave the machine)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    directory.mkdir(parents=True, exist_ok=True)
    for label, filename in _key_labels().items():
        path = directory / filename
        if path.exists():
            continue
        key: Any
        if label in _EC_KEYS:
            key = ec.generate_private_key(ec.SECP384R1())
        else:
            key = rsa.generate_private_key(public_exponent=65537, key_size=_RSA_BITS)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pem)
        tmp.chmod(0o600)
        tmp.replace(path)
    return directory


def url_prefix(port: int) -> str:
    return f"http://127.0.0.1:{port}"


def pki_load(directory: Path, *, port: int) -> CertomancerConfig:
    from certomancer.registry import CertomancerConfig

    keys_ensure(directory)
    return CertomancerConfig.from_file(
        str(CONFIG_PATH),
        key_search_dir=str(directory),
        allow_external_config=False,
        external_url_prefix=url_prefix(port),
    )


def architecture(config: CertomancerConfig, label: str = EID) -> PKIArchitecture:
    from certomancer.registry import ArchLabel

    return config.get_pki_arch(ArchLabel(label))


def root_pem(config: CertomancerConfig) -> bytes:
    """The trusted root certificate (PEM): what a development trust list holds."""
    from asn1crypto import pem
    from certomancer.registry import CertLabel

    cert = architecture(config).get_cert(CertLabel("root"))
    return bytes(pem.armor("CERTIFICATE", cert.dump()))


def trust_write(config: CertomancerConfig, directory: Path) -> Path:
    """Write the root to ``directory/trust/belgian-eid-test-root.pem``; return the folder."""
    folder = directory / "trust"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "belgian-eid-test-root.pem").write_bytes(root_pem(config))
    return folder


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PkiServer:
    """certomancer's Animator for ``belgian-eid.yml`` in a child process on loopback."""

    def __init__(self, directory: Path, *, port: int | None = None) -> None:
        self.directory = keys_ensure(directory)
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return url_prefix(self.port)

    def tsa_url(self) -> str:
        return f"{self.url}/{EID}/tsa/tsa"

    def start(self, timeout: float = 30.0, *, detach: bool = False) -> PkiServer:
        command = [
            sys.executable,
            "-m",
            "passage.signatures.pki",
            "serve",
            "--port",
            str(self.port),
            "--keys",
            str(self.directory),
        ]
        self.process = subprocess.Popen(  # noqa: S603 (our own module, fixed arguments)
            command,
            stdout=subprocess.DEVNULL,
            # A detached server outlives this process: nobody would read its pipe.
            stderr=subprocess.DEVNULL if detach else subprocess.PIPE,
            start_new_session=detach,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"the test PKI exited with {self.process.returncode}: {err}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5),
            ):
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the test PKI did not listen on port {self.port} in {timeout} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None and self.process.stderr is not None:
            self.process.stderr.close()
        self.process = None

    def __enter__(self) -> PkiServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()


@contextlib.contextmanager
def pki_running(directory: Path, *, port: int | None = None) -> Iterator[PkiServer]:
    with PkiServer(directory, port=port) as server:
        yield server


def serve(directory: Path, port: int) -> None:
    """Serve the PKI on ``127.0.0.1:port`` until interrupted (loopback only)."""
    from aiohttp import web
    from certomancer.integrations.aiohttp_animator import build_animator_app

    config = pki_load(directory, port=port)
    trust = trust_write(config, directory)
    app = build_animator_app(config.pki_archs, with_web_ui=False, allow_time_override=False)
    print(
        f"test PKI (Belgian eID shape) on {url_prefix(port)}; trust anchors in {trust}",
        flush=True,
    )
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m passage.signatures.pki")
    sub = parser.add_subparsers(dest="command", required=True)
    serve_cmd = sub.add_parser("serve", help="serve OCSP, CRLs and the TSA on loopback")
    serve_cmd.add_argument(
        "--port", type=int, default=int(os.environ.get("PKI_PORT", DEFAULT_PORT))
    )
    serve_cmd.add_argument("--keys", type=Path, default=Path("var/pki"))
    up_cmd = sub.add_parser("up", help="start the server in the background (pid in <keys>)")
    up_cmd.add_argument("--port", type=int, default=int(os.environ.get("PKI_PORT", DEFAULT_PORT)))
    up_cmd.add_argument("--keys", type=Path, default=Path("var/pki"))
    sign_cmd = sub.add_parser("sign", help="sign a PDF as a test citizen (the server must run)")
    sign_cmd.add_argument("source", type=Path)
    sign_cmd.add_argument("target", type=Path)
    sign_cmd.add_argument(
        "--case",
        default="valid",
        choices=("valid", "expired", "revoked", "authentication_key", "untrusted"),
    )
    sign_cmd.add_argument("--level", default="B-T", choices=("B-B", "B-T", "B-LT"))
    sign_cmd.add_argument("--port", type=int, default=int(os.environ.get("PKI_PORT", DEFAULT_PORT)))
    sign_cmd.add_argument("--keys", type=Path, default=Path("var/pki"))
    down_cmd = sub.add_parser("down", help="stop the background server started by 'up'")
    down_cmd.add_argument("--keys", type=Path, default=Path("var/pki"))
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve(args.keys, args.port)
    elif args.command == "up":
        return up(args.keys, args.port)
    elif args.command == "down":
        return down(args.keys)
    elif args.command == "sign":
        from passage.signatures.testing import TestPki

        server = PkiServer(args.keys, port=args.port)
        signed = TestPki(server=server, config=pki_load(args.keys, port=args.port)).sign(
            args.source.read_bytes(), args.case, level=args.level
        )
        args.target.write_bytes(signed)
        print(f"{args.target}: signed ({args.case}, PAdES {args.level})")
    return 0


def _pid_file(directory: Path) -> Path:
    return directory / "server.pid"


def up(directory: Path, port: int) -> int:
    """Start the server detached unless one already answers on ``port``."""
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        print(f"test PKI already listening on {url_prefix(port)}")
        return 0
    server = PkiServer(directory, port=port).start(detach=True)
    assert server.process is not None
    _pid_file(directory).write_text(f"{server.process.pid}\n", encoding="utf-8")
    print(
        f"test PKI on {url_prefix(port)} (pid {server.process.pid}); "
        f"PASSAGE_SIGNATURE_TRUST_ANCHORS={directory / 'trust'}"
    )
    return 0


def down(directory: Path) -> int:
    """Stop the server whose pid ``up`` wrote (only that process)."""
    import signal

    pid_file = _pid_file(directory)
    if not pid_file.exists():
        print("no test PKI started by 'up'")
        return 0
    pid = int(pid_file.read_text(encoding="utf-8").strip())
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    pid_file.unlink()
    print(f"test PKI (pid {pid}) stopped")
    return 0
