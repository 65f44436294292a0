"""CJK line breaking and a reportlab flowable that draws the broken lines.

reportlab's own ``Paragraph(wordWrap='CJK')`` backs off to the last space or CJK character
when a line ends inside a run of Latin letters or digits, and its ``TA_JUSTIFY`` only
stretches spaces, so CJK lines stay ragged.  A word processor set up for Chinese does
neither: it breaks between any two characters (Word's "允许西文在单词中间换行"), which
splits numbers such as ``10⏎7.05%``, and it justifies by spreading the slack over every
character.  ``TextFlow`` does the same: greedy breaking at any character, Word's default
kinsoku (行首/行尾禁则) for Simplified Chinese, spaces hanging at the line end, widow and
orphan control, and justification with PDF character spacing (``Tc``).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple, Optional

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

#: Characters a line may not start with (Word's default 行首禁则 for Simplified Chinese).
NO_LINE_START = ("!%),.:;>?]}¢¨°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞"
                 "！＂％＇），．：；？］｝～￠")
#: Characters a line may not end with (Word's default 行尾禁则).
NO_LINE_END = "$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥"
#: Slack allowed before a line counts as overfull, in points.
FUZZ = 1e-6
#: How far the breaker walks back from the overflow point to satisfy kinsoku, in characters.
KINSOKU_BACKTRACK = 3


@dataclass(frozen=True)
class TextStyle:
    """How a run of text is set.  ``first_indent`` is in points; ``align`` is one of
    justify, left, center, right; ``bold`` is a fake bold (fill + stroke) as Word does
    for fonts without a bold face; ``break_latin=False`` keeps Latin words and numbers
    whole where it can, as reportlab and Word (default for Western text) do.
    ``latin_font`` sets ASCII characters in another font (Word's 西文字体, e.g. Times New
    Roman beside 宋体); None keeps them in ``font``.  ``substitute`` maps characters to
    the code actually drawn (widths and text stay those of the original character)."""

    font: str
    size: float
    leading: float
    first_indent: float = 0.0
    align: str = "justify"
    bold: bool = False
    break_latin: bool = True
    space_before: float = 0.0
    space_after: float = 0.0
    latin_font: Optional[str] = None
    substitute: Optional[dict[str, str]] = None


class Line(NamedTuple):
    start: int      # offset of the first drawn character in the text
    end: int        # offset after the last drawn character (trailing spaces excluded)
    next: int       # offset where the next line starts (after hanging spaces)
    width: float    # natural width of text[start:end]
    avail: float    # width available to this line
    final: bool     # last line of the paragraph or of a forced ("\n") segment


def _is_latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".,%+-/=()_")


def _can_break(text: str, b: int, break_latin: bool) -> bool:
    """May a line end before ``text[b]``?"""
    before, after = text[b - 1], text[b]
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if not break_latin and _is_latin(before) and _is_latin(after):
        return False
    return True


def break_lines(text: str, widths: list[float], avail: float, first_avail: float,
                break_latin: bool = True) -> list[Line]:
    """Greedy line breaking of ``text`` (may contain "\\n") into lines of ``avail`` points,
    the first line ``first_avail``.  ``widths[i]`` is the advance of ``text[i]``."""
    lines: list[Line] = []
    n = len(text)
    start = 0
    while True:
        room = first_avail if not lines else avail
        i, w = start, 0.0
        while i < n and text[i] != "\n":
            if text[i] != " " and w + widths[i] > room + FUZZ and i > start:
                break
            w += widths[i]
            i += 1
        if i >= n or text[i] == "\n":          # the segment ends on this line
            end = i
            while end > start and text[end - 1] == " ":
                end -= 1
            lines.append(Line(start, end, i + 1, _width(widths, start, end), room, True))
            if i >= n:
                return lines
            start = i + 1
            continue
        b = i
        for _ in range(KINSOKU_BACKTRACK):
            if b - 1 <= start or _can_break(text, b, break_latin):
                break
            b -= 1
        else:
            if not _can_break(text, b, break_latin):
                b = i
        if not break_latin and not _can_break(text, b, False):
            j = b            # a long Latin run: back off to its start unless it fills the line
            while j > start + 1 and not _can_break(text, j, False):
                j -= 1
            if j > start + 1:
                b = j
        if b <= start:
            b = i
        end = b
        while end > start and text[end - 1] == " ":
            end -= 1
        nxt = b
        while nxt < n and text[nxt] == " ":
            nxt += 1
        lines.append(Line(start, end, nxt, _width(widths, start, end), room, False))
        start = nxt
        if start >= n:
            return lines


def _width(widths: list[float], a: int, b: int) -> float:
    return sum(widths[a:b])


class TextFlow(Flowable):
    """A paragraph of CJK text set with ``TextStyle``; splits across pages by whole lines.

    ``indent_first`` is False for the continuation of a paragraph split over a page;
    ``ends_paragraph`` is False for the part before such a split (its last line is justified).
    """

    def __init__(self, text: str, style: TextStyle, indent_first: bool = True,
                 ends_paragraph: bool = True) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.indent_first = indent_first
        self.ends_paragraph = ends_paragraph
        self._fonts = [style.latin_font if style.latin_font and c.isascii() else style.font
                       for c in text]
        self._widths = [stringWidth(c, f, style.size) if c != "\n" else 0.0
                        for c, f in zip(text, self._fonts)]
        self._lines: list[Line] = []
        self.width = self.height = 0.0

    def __repr__(self) -> str:
        return f"TextFlow({self.text[:20]!r}...)"

    def _layout(self, avail_width: float) -> list[Line]:
        first = avail_width - (self.style.first_indent if self.indent_first else 0.0)
        return break_lines(self.text, self._widths, avail_width, first, self.style.break_latin)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._lines = self._layout(availWidth)
        self.width = availWidth
        self.height = len(self._lines) * self.style.leading
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.style.space_before

    def getSpaceAfter(self) -> float:
        return self.style.space_after

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self._layout(availWidth)
        fit = int((availHeight + FUZZ) // self.style.leading)
        total = len(lines)
        if fit >= total:
            return [self]
        if total < 4 or fit < 2:               # widow/orphan control: no lone line
            return []
        fit = min(fit, total - 2)
        cut = lines[fit].start
        forced = self.text[cut - 1] == "\n"   # the head ends with a return: its last line is not justified
        head = TextFlow(self.text[:cut - 1] if forced else self.text[:cut], self.style,
                        self.indent_first, ends_paragraph=forced)
        tail = TextFlow(self.text[cut:], replace(self.style, space_before=0.0),
                        indent_first=False, ends_paragraph=self.ends_paragraph)
        head.style = replace(self.style, space_after=0.0)
        return [head, tail]

    def draw(self) -> None:
        st = self.style
        canv = self.canv
        canv.saveState()
        canv.setFillColorRGB(0, 0, 0)
        if st.bold:
            canv.setStrokeColorRGB(0, 0, 0)
            canv.setLineWidth(st.size * 0.035)
        ascent = st.size * 0.88
        y = self.height - (st.leading - st.size) / 2 - ascent
        for k, line in enumerate(self._lines):
            x = self.width - line.avail
            last = line.final and (self.ends_paragraph or k < len(self._lines) - 1
                                   or line.next < len(self.text))
            slack = line.avail - line.width
            chars = self.text[line.start:line.end]
            char_space = 0.0
            if st.align == "center":
                x += slack / 2
            elif st.align == "right":
                x += slack
            elif st.align == "justify" and not last and len(chars) > 1 and slack > 0:
                char_space = slack / (len(chars) - 1)
            t = canv.beginText(x, y)
            if st.bold:
                t.setTextRenderMode(2)
            if char_space:
                t.setCharSpace(char_space)
            run_start = line.start
            for i in range(line.start, line.end + 1):      # one run per font change
                if i == line.end or self._fonts[i] != self._fonts[run_start]:
                    if i > run_start:
                        t.setFont(self._fonts[run_start], st.size)
                        run = self.text[run_start:i]
                        if st.substitute:
                            run = run.translate(str.maketrans(st.substitute))
                        t.textOut(run)
                    run_start = i
            canv.drawText(t)
            y -= st.leading
        canv.restoreState()
