"""Whether a PDF's deflated streams inflate whole: pdfium reads a damaged stream as far as it goes and says
nothing, and aborts when inflating past the address-space cap; such a file goes to pdfplumber (pdfminer),
which notes the repair and fails within the cap."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from ..limits import Limits

STREAM = re.compile(rb"stream\r?\n")
CHUNK = 1 << 20


def streams_whole(path: Path, limits: Limits | None) -> bool:
    """Whether every deflated stream of the file inflates without error and within a share of the memory
    limit. pdfium reads a damaged stream as far as it goes and says nothing, and aborts when inflating
    past the address-space cap; pdfplumber (pdfminer) notes the repair, and fails within the cap."""
    data = path.read_bytes()
    budget = ((limits.memory_mb if limits else Limits().memory_mb) or 1 << 16) * (1 << 20) // 4
    for m in STREAM.finditer(data):
        start = m.end()
        if data[start : start + 1] != b"\x78":  # not zlib (an image, an encrypted or a raw stream)
            continue
        inflate, size, at = zlib.decompressobj(), 0, start
        try:
            while not inflate.eof and size <= budget:
                chunk = inflate.unconsumed_tail or data[at : at + CHUNK]
                if not inflate.unconsumed_tail:
                    at += CHUNK
                if not chunk:
                    break
                size += len(inflate.decompress(chunk, CHUNK))
        except zlib.error:
            return False
        if size > budget:
            return False
    return True
