# SPDX-License-Identifier: EUPL-1.2
"""Whole-content checks of an uploaded document (issue 12 item 6, issue 10 "upload").

The first bytes only say what a file claims to be: ``page.html`` starting with ``%PDF-`` was
accepted and offered back under that name. Here a PDF must parse (pyHanko's strict reader,
page tree and content streams decoded within pyHanko's decode limits), an image must decode
completely (Pillow, with a pixel limit checked before any pixel is decoded), and the file
name's extension must name the type found in the content. Every refusal is a
``ValidationError`` naming ``file``, raised before anything is written.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

#: Allowed content types and the magic bytes their files start with.
DOCUMENT_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
}
#: The file name extensions each type may carry (compared case-insensitively).
DOCUMENT_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "application/pdf": ("pdf",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/png": ("png",),
}
#: How messages name each type.
TYPE_NAMES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}
#: Pillow's format name for each image type.
_PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
#: 40 megapixels unless ``PASSAGE_MAX_IMAGE_PIXELS`` says otherwise: an A4 page scanned at
#: 600 dpi is 4 960 x 7 016 = 34.8 MP; a decompression bomb is hundreds of megapixels.
DEFAULT_MAX_IMAGE_PIXELS = 40_000_000
#: The most one PDF stream may inflate to (flate bombs; see ``_pdf_limits``).
MAX_STREAM_BYTES = 32 * 1024 * 1024
#: A PDF whose page tree says more than this is refused (no application form has that many).
MAX_PDF_PAGES = 2_000


@dataclass(frozen=True)
class CheckedContent:
    """What the content turned out to be."""

    content_type: str
    pages: int | None = None
    width: int | None = None
    height: int | None = None


def max_image_pixels() -> int:
    return int(getattr(settings, "PASSAGE_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS))


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def detect_type(content: bytes) -> str | None:
    """The allowed type whose magic bytes the content starts with, if any."""
    for content_type, magics in DOCUMENT_SIGNATURES.items():
        if content.startswith(magics):
            return content_type
    return None


def document_content_check(*, content: bytes, declared: str, filename: str) -> CheckedContent:
    """Check ``content`` against the declared type and the file name, then decode it whole.

    ``declared`` is already known to be one of ``DOCUMENT_SIGNATURES``."""
    detected = detect_type(content)
    if detected != declared:
        found = f"a {TYPE_NAMES[detected]} file" if detected else "no PDF, JPEG or PNG file"
        raise _refuse(f"is declared as {declared} but its content is {found}")
    extension = filename.rpartition(".")[2].lower() if "." in filename else ""
    allowed = DOCUMENT_EXTENSIONS[declared]
    if extension not in allowed:
        shown = f".{extension}" if extension else "no extension"
        expected = " or ".join(f".{e}" for e in allowed)
        raise _refuse(
            f"is named with {shown}; a {TYPE_NAMES[declared]} file must end in {expected}"
        )
    if declared == "application/pdf":
        return _check_pdf(content)
    return _check_image(content, declared)


def _pdf_limits() -> Any:
    """pyHanko's limits for untrusted input, tighter on content streams: no page of an
    application file inflates to more than 32 MiB, nor a whole file to more than 64 MiB
    (or 100 times its size)."""
    from pyhanko.pdf_utils.decode_limits import (
        DecodeLimits,
        DocumentDecodeBudget,
        StreamDecodeLimits,
    )

    return DecodeLimits(
        per_stream=StreamDecodeLimits(max_ratio=1100, max_output_size=MAX_STREAM_BYTES),
        document_budget=DocumentDecodeBudget(base_allowance=2 * MAX_STREAM_BYTES, max_ratio=100),
    )


def _check_pdf(content: bytes) -> CheckedContent:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.misc import PdfDecodeLimitError, PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(content), strict=True, decode_limits=_pdf_limits())
        if reader.security_handler is not None:
            # An officer could not read it, and a signature on it could not be checked.
            raise _refuse("is an encrypted PDF; upload it without a password")
        pages = reader.root["/Pages"]
        count = int(pages["/Count"])
        if not 0 < count <= MAX_PDF_PAGES:
            raise _refuse(f"is a PDF with {count} pages; 1 to {MAX_PDF_PAGES} are accepted")
        seen = 0
        for page in _pages(pages):
            contents = page.get("/Contents")
            streams = contents if isinstance(contents, generic.ArrayObject) else [contents]
            for stream in streams:
                target = stream.get_object() if stream is not None else None
                if isinstance(target, generic.StreamObject):
                    # Decoding reads every content stream within pyHanko's decode limits
                    # (a flate bomb raises PdfDecodeLimitError, a PdfError).
                    _ = target.data
            seen += 1
        if seen != count:
            raise _refuse(f"is a PDF whose page tree holds {seen} pages, not {count}")
    except ValidationError:
        raise
    except PdfDecodeLimitError:
        limit = MAX_STREAM_BYTES // (1024 * 1024)
        raise _refuse(f"is a PDF whose content inflates beyond {limit} MiB") from None
    except (PdfError, KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise _refuse(f"is not a readable PDF ({_short(exc)})") from None
    except RecursionError:
        raise _refuse("is not a readable PDF (its structure nests too deeply)") from None
    return CheckedContent(content_type="application/pdf", pages=count)


def _pages(root: Any) -> Iterator[Any]:
    """The page dictionaries of a page tree, depth first; a loop or a page tree deeper or
    wider than ``MAX_PDF_PAGES`` allows is a malformed PDF."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.misc import PdfReadError

    stack = [root.get_object()]
    visited = 0
    while stack:
        node = stack.pop()
        visited += 1
        if visited > 4 * MAX_PDF_PAGES:
            raise PdfReadError("the page tree is too large or loops")
        kind = node.get("/Type")
        if kind == "/Page":
            yield node
        elif kind == "/Pages":
            kids = node["/Kids"]
            if not isinstance(kids, generic.ArrayObject):
                raise PdfReadError("a page tree node has no /Kids array")
            stack.extend(kid.get_object() for kid in reversed(kids))
        else:
            raise PdfReadError(f"a page tree node has /Type {kind}")


def _check_image(content: bytes, declared: str) -> CheckedContent:
    from PIL import Image, UnidentifiedImageError

    limit = max_image_pixels()
    try:
        with warnings.catch_warnings():
            # Pillow warns (and beyond twice its own limit raises) on huge images; our limit is
            # checked below from the header, before any pixel is decoded.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as probe:
                if probe.format != _PILLOW_FORMATS[declared]:
                    raise _refuse(f"is not a {declared} image (Pillow reads {probe.format})")
                width, height = probe.size
                if width * height > limit:
                    raise _refuse(
                        f"is an image of {width} x {height} pixels; at most {limit} pixels "
                        "are accepted"
                    )
                probe.verify()
            with Image.open(io.BytesIO(content)) as image:
                image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(f"is an image of more than {limit} pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _refuse(f"is not a readable image ({_short(exc)})") from None
    return CheckedContent(content_type=declared, width=width, height=height)


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
