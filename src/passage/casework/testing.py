# SPDX-License-Identifier: EUPL-1.2
"""Real sample files for tests and demos: a PDF that parses, images that decode, and the
classic hostile uploads (an HTML page behind a ``%PDF-`` header, a truncated PDF, a PNG
decompression bomb). Built in code so that no binary fixture has to be trusted."""

from __future__ import annotations

import io
import struct
import zlib


def sample_pdf(text: str = "Application form", *, pages: int = 1, flate_padding: int = 0) -> bytes:
    """A small, well-formed PDF 1.7 (classic cross-reference table, exact offsets).

    ``flate_padding``: that many spaces after each page's text, the content stream
    compressed with ``/FlateDecode`` (a PDF bomb when large: 40 MiB of spaces compress to
    about 40 KB)."""
    objects: list[bytes] = []
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    font_ref = 3 + 2 * pages
    for i in range(pages):
        stream = f"BT /F1 18 Tf 72 720 Td ({text} {i + 1}) Tj ET".encode()
        objects.append(
            (
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                f"/Resources << /Font << /F1 {font_ref} 0 R >> >> /Contents {4 + 2 * i} 0 R >>"
            ).encode()
        )
        if flate_padding:
            compressor = zlib.compressobj(9)
            chunk = b" " * (1024 * 1024)
            parts = [compressor.compress(stream)]
            parts += [compressor.compress(chunk) for _ in range(flate_padding // len(chunk))]
            parts.append(compressor.flush())
            packed = b"".join(parts)
            objects.append(
                b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
                + packed
                + b"\nendstream"
            )
        else:
            objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def pdf_bomb(mebibytes: int = 40) -> bytes:
    """A valid PDF whose one content stream inflates to ``mebibytes`` MiB."""
    return sample_pdf(flate_padding=mebibytes * 1024 * 1024)


def html_with_pdf_header() -> bytes:
    """``page.html``: an HTML page whose first bytes claim to be a PDF."""
    return b"%PDF-1.7\n<!doctype html><html><body><script>alert(1)</script></body></html>\n"


def truncated_pdf() -> bytes:
    """A real PDF cut short before its cross-reference table."""
    whole = sample_pdf()
    return whole[: whole.index(b"xref")]


def sample_png(width: int = 64, height: int = 48) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (20, 90, 160)).save(out, format="PNG")
    return out.getvalue()


def sample_jpeg(width: int = 64, height: int = 48) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(out, format="JPEG", quality=80)
    return out.getvalue()


def png_bomb(side: int = 12_000) -> bytes:
    """A valid PNG for a ``side`` x ``side`` greyscale image (144 MP by default) whose zero
    rows compress to about 140 KB: decoding it would take ``side`` squared bytes of memory."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    compressor = zlib.compressobj(9)
    rows = b"\x00" * (side + 1) * 100  # 100 rows of filter byte + pixels
    body = b"".join(compressor.compress(rows) for _ in range(side // 100)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )
