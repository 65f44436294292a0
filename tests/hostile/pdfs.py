"""Small PDFs written object by object, so that their structure can be broken on purpose."""

from __future__ import annotations

import zlib

TEXT = b"BT /F1 12 Tf 72 720 Td (Budget 100, spent 95, rate 95%) Tj ET"


def assemble(objects: dict[int, bytes], root: int | None = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF with the given numbered objects, a correct xref table and a trailer naming `root`."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num] if num in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d " % size + (b"/Root %d 0 R " % root if root else b"") + trailer_extra + b">>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    if compress:
        data, extra = zlib.compress(data), extra + b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def font(to_unicode: int | None = None) -> bytes:
    tu = b" /ToUnicode %d 0 R" % to_unicode if to_unicode else b""
    return b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica%s >>" % tu


def one_page(content: bytes = TEXT, compress: bool = False) -> dict[int, bytes]:
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        4: stream(content, compress=compress),
        5: font(),
    }


def to_unicode_cmap(target_start: int) -> bytes:
    """A ToUnicode map sending each byte 0x20..0x7e to consecutive code points from `target_start`."""
    lines = [
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Garbled def",
        b"1 begincodespacerange <00> <FF> endcodespacerange",
        b"1 beginbfrange",
        b"<20> <7E> <%04X>" % target_start,
        b"endbfrange endcmap CMapName currentdict /CMap defineresource pop end end",
    ]
    return stream(b"\n".join(lines))


def structural(full: bool = True) -> dict[str, tuple[bytes, list[str]]]:
    """name → (bytes, the error codes an honest reader may give); `full` adds the slow ones."""
    cases: dict[str, tuple[bytes, list[str]]] = {}
    objs = one_page()
    cases["zero-pages"] = (assemble({**objs, 2: b"<< /Type /Pages /Kids [] /Count 0 >>"}), ["no_pages"])
    cases["catalog-without-pages"] = (assemble({**objs, 1: b"<< /Type /Catalog >>"}), ["no_pages", "damaged"])
    cases["page-tree-loop"] = (
        assemble({**objs, 2: b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"}),
        ["no_pages", "damaged"],
    )
    cases["kids-loop-two"] = (
        assemble(
            {
                **objs,
                2: b"<< /Type /Pages /Kids [6 0 R] /Count 1 >>",
                6: b"<< /Type /Pages /Kids [2 0 R] /Parent 2 0 R /Count 1 >>",
            }
        ),
        ["no_pages", "damaged"],
    )
    cases["root-is-itself"] = (assemble({**objs, 1: b"<< /Type /Catalog /Pages 1 0 R >>"}), ["no_pages", "damaged"])
    cases["contents-is-the-page"] = (
        assemble({**objs, 3: objs[3].replace(b"/Contents 4 0 R", b"/Contents 3 0 R")}),
        ["no_text", "damaged"],
    )
    cases["contents-array-loop"] = (
        assemble({**objs, 3: objs[3].replace(b"/Contents 4 0 R", b"/Contents 6 0 R"), 6: b"[6 0 R 4 0 R]"}),
        ["no_text", "damaged", "ok"],
    )
    cases["length-is-itself"] = (
        assemble({**objs, 4: b"<< /Length 4 0 R >>\nstream\n" + TEXT + b"\nendstream"}),
        ["ok", "damaged", "no_text"],
    )
    cases["no-root"] = (assemble(objs, root=None), ["damaged", "ok"])
    cases["root-points-nowhere"] = (assemble(objs, root=9), ["damaged", "no_pages"])
    cases["resources-loop"] = (
        assemble({**objs, 3: objs[3].replace(b"/Resources << /Font << /F1 5 0 R >> >>", b"/Resources 3 0 R")}),
        ["ok", "no_text", "damaged"],
    )
    cases["parent-loop"] = (
        assemble({**objs, 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 2 0 R /Resources 2 0 R >>"}),
        ["ok", "no_text", "damaged"],
    )
    garbled = {
        **objs,
        5: font(6),
        6: to_unicode_cmap(0xE000),
        4: stream(b"BT /F1 12 Tf 72 720 Td (" + b"Budget spent rate and more words " * 4 + b") Tj ET"),
    }
    cases["garbled-private-use"] = (assemble(garbled), ["garbled", "no_text"])
    cases["garbled-arabic"] = (assemble({**garbled, 6: to_unicode_cmap(0x0621)}), ["garbled"])
    cases["garbled-hangul"] = (assemble({**garbled, 6: to_unicode_cmap(0xAC00)}), ["garbled"])
    cases["garbled-shifted-latin"] = (
        assemble({**garbled, 6: to_unicode_cmap(0x0001)}),
        ["ok", "garbled"],
    )  # looks like Latin
    cases["garbled-replacement"] = (
        assemble({**garbled, 6: stream(b"1 beginbfrange <20> <7E> <FFFD> endbfrange")}),
        ["garbled", "no_text", "ok"],
    )
    if full:
        many = b"BT /F1 1 Tf " + b"(ab) Tj " * 60_000 + b"ET"  # 120,000 glyphs on one page
        cases["page-of-120k-chars"] = (assemble({**objs, 4: stream(many, compress=True)}), ["limit-exceeded"])
    cases["header-only"] = (b"%PDF-1.7\n", ["damaged"])
    cases["eof-only"] = (b"%PDF-1.7\n%%EOF\n", ["damaged"])
    cases["xref-points-past-end"] = (assemble(objs).replace(b"startxref\n", b"startxref\n99999"), ["ok", "damaged"])
    return cases


def bomb(megabytes: int) -> bytes:
    """A page whose content stream inflates to `megabytes` of spaces from about a thousandth of that."""
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(comp.compress(chunk) for _ in range(megabytes)) + comp.flush()
    objs = one_page()
    objs[4] = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return assemble(objs)
