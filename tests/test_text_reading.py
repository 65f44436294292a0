"""Plain text through jixiao.reading.read: encodings, pages, the offset map, and bad input."""

from __future__ import annotations

import pytest

from jixiao.reading import ReadError, read
from jixiao.reading.text import read_string

PARAGRAPH = (
    "　　本年度部门整体支出预算执行率为10\n7.05%，较上年提高了两个百分点，总体\n情况良好，资金使用效益较为明显。\n"
)
JOINED = "本年度部门整体支出预算执行率为107.05%，较上年提高了两个百分点，总体情况良好，资金使用效益较为明显。"


@pytest.mark.parametrize(
    "suffix, data",
    [
        (".txt", PARAGRAPH.encode("utf-8")),
        (".txt", PARAGRAPH.encode("utf-8-sig")),
        (".txt", PARAGRAPH.encode("gb18030")),
        (".text", PARAGRAPH.encode("utf-8")),
        (".md", PARAGRAPH.replace("\n", "\r\n").encode("utf-8")),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "text-suffix", "md-crlf"],
)
def test_text_files_read_the_same(tmp_path, suffix, data):
    path = tmp_path / f"报告{suffix}"
    path.write_bytes(data)
    doc = read(path)
    assert doc.kind == "text" and doc.path == str(path)
    assert doc.text == JOINED


def test_offsets_map_back_to_source_lines():
    doc = read_string(PARAGRAPH)
    start = doc.text.index("107.05%")
    assert doc.line_of(start) == 1  # "10" ends line 1
    assert doc.line_of(start + 2) == 2  # "7.05%" starts line 2
    assert doc.line_of(doc.text.index("情况良好")) == 3
    page, box = doc.locate(start + 2, start + 7)
    assert page == 1 and box is not None
    assert box[1] == box[3] == 2.0  # text boxes are (column, line, column, line)


def test_form_feed_starts_a_new_page():
    doc = read_string("第一页的内容。\n\f第二页的内容。\n")
    assert [p.number for p in doc.pages] == [1, 2]
    assert doc.char_page[doc.text.index("第一页")] == 1
    assert doc.char_page[doc.text.index("第二页")] == 2
    assert doc.locate(doc.text.index("第二页"), doc.text.index("第二页") + 3)[0] == 2


def test_read_string_defaults():
    doc = read_string("")
    assert doc.text == "" and doc.path == "<text>" and [p.number for p in doc.pages] == [1]
    assert doc.paragraphs() == []


@pytest.mark.parametrize(
    "name, data, code",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\n\t\n", "empty"),
        ("binary.txt", b"\xff\xfe\xff\x80abc", "encoding"),
        ("report.pptx", "预算执行率".encode(), "unsupported"),
        ("report.docx", "预算执行率".encode(), "office_damaged"),
        ("report.pdf", "这不是PDF，只是一段文字。".encode(), "not_pdf"),
    ],
)
def test_bad_text_input(tmp_path, name, data, code):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as err:
        read(path)
    assert err.value.code == code
    assert name in str(err.value) and name in err.value.message("zh")


def test_missing_file(tmp_path):
    path = tmp_path / "不存在.pdf"
    with pytest.raises(ReadError) as err:
        read(path)
    assert err.value.code == "missing" and "不存在.pdf" in err.value.message()


def test_directory(tmp_path):
    with pytest.raises(ReadError) as err:
        read(tmp_path)
    assert err.value.code == "is_dir" and str(tmp_path) in err.value.message("en")


def test_a_box_is_the_least_and_most_of_its_characters_boxes_a_missing_one_passed_over():
    from array import array

    from jixiao.document import Document, Page

    nan = float("nan")
    boxes = [(10.0, 5.0, 20.0, 15.0), (20.0, 4.0, 30.0, 16.0), (30.0, 6.0, 40.25, 14.0)]
    doc = Document("t.pdf", "pdf", "甲乙丙", [Page(1)], [], array("H", [1, 1, 1]), array("f", sum(boxes, ())))
    assert doc.locate(0, 3) == (1, (10.0, 4.0, 40.2, 16.0))
    # a character without a box (NaN) counts for nothing, wherever it stands in the span
    for missing in range(3):
        rows = [(nan,) * 4 if i == missing else b for i, b in enumerate(boxes)]
        doc.char_box = array("f", sum(rows, ()))
        kept = [b for i, b in enumerate(boxes) if i != missing]
        expected = (min(b[0] for b in kept), min(b[1] for b in kept), max(b[2] for b in kept), max(b[3] for b in kept))
        assert doc.locate(0, 3) == (1, tuple(round(v, 1) for v in expected))


def _findings(path) -> list[tuple[str, str, str, str]]:
    from jixiao.pipeline import analyse

    return sorted((f["rule"], f["severity"], f["stated"], f["expected"]) for f in analyse(str(path)).findings)


def _in_traditional(text: str) -> str:
    from jixiao.reflow import TRADITIONAL

    back = {}
    for trad, simple in TRADITIONAL.items():
        back.setdefault(simple, trad)
    return "".join(back.get(ch, ch) for ch in text)


@pytest.mark.parametrize("faulty", [True, False], ids=["faulty", "clean"])
def test_a_report_in_traditional_characters_gives_the_findings_of_the_simplified_one(tmp_path, faulty):
    from office_files import write_text

    simple = write_text(tmp_path / "simplified.txt", faulty)
    trad = tmp_path / "traditional.txt"
    trad.write_text(_in_traditional(simple.read_text(encoding="utf-8")), encoding="utf-8")
    assert trad.read_text(encoding="utf-8") != simple.read_text(encoding="utf-8")  # 预算 → 預算, 万元 → 萬元 …
    assert _findings(trad) == _findings(simple) and bool(_findings(simple)) == faulty


@pytest.mark.parametrize(
    "written, read_as",
    [
        ("預算執行率為82%，較上年減少0.5萬元", "预算执行率为82%，较上年减少0.5万元"),
        ("乾坤、著名、哪吒、李昇", "乾坤、著名、哪吒、李昇"),  # characters simplified text writes too stay as written
        ("投訴率不高於5%", "投诉率不高于5%"),  # 於 only as a surname in simplified text: read as 于
        ("厉行节(jié)约，预(yù)算执行率（lǜ）", "厉行节约，预算执行率"),  # glosses for reading aloud dropped
        ("资金(万元)、指标(a)、项目(2023年)", "资金(万元)、指标(a)、项目(2023年)"),  # no tone mark: no gloss
    ],
    ids=["traditional", "shared-characters", "yu", "pinyin-glosses", "not-glosses"],
)
def test_text_is_read_in_the_characters_the_patterns_use(written, read_as):
    assert read_string(written + "\n").text == read_as


def test_a_report_with_pinyin_glosses_gives_the_findings_of_the_plain_one(tmp_path):
    from office_files import write_text

    plain = write_text(tmp_path / "plain.txt", True)
    glossed = tmp_path / "glossed.txt"
    text = plain.read_text(encoding="utf-8")
    glossed.write_text(text.replace("预", "预(yù)").replace("率", "率(lǜ)").replace("得", "得(dé)"), encoding="utf-8")
    assert _findings(glossed) == _findings(plain)
