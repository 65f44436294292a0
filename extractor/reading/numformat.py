"""An Excel number as its cell prints it: the decimals, percent, thousands separators and literal text of
the cell's number format (0.00 → 12.50, 0.0% → 91.5%, #,##0.00"万元" → 1,234.50万元), rounded half away
from zero as Excel rounds. General (and formats we do not draw: dates, fractions, scientific) print the
value itself with at most 15 significant digits, so binary noise (0.30000000000000004) never shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

SIGNIFICANT = 15  # Excel keeps 15 significant digits
PLACEHOLDERS = "0#?"


@dataclass
class Section:
    prefix: str = ""
    suffix: str = ""
    decimals: int = 0
    percent: int = 0  # each % multiplies by 100
    grouped: bool = False  # a , between digit placeholders: thousands separators
    scaled: int = 0  # each , after the last placeholder divides by 1000
    drawn: bool = True  # False: a format we leave to General (scientific, fraction, text, empty)
    literal: bool = False  # the section prints its text instead of the number


def format_number(value: int | float | Decimal, number_format: str | None) -> str:
    """The text Excel shows for a number in a cell with this number format."""
    sections = _split_sections(number_format or "General")
    number = Decimal(value) if isinstance(value, int) else _decimal(value)
    if number is None:
        return str(value)
    chosen = (
        sections[1] if number < 0 and len(sections) > 1 else sections[2] if number == 0 and len(sections) > 2 else "0"
    )
    if not chosen:  # an empty negative or zero section hides the number
        return ""
    if number < 0 and len(sections) > 1:  # a negative section carries its own sign, if any
        section, number, sign = _parse(sections[1]), -number, ""
    elif number == 0 and len(sections) > 2:
        section, sign = _parse(sections[2]), ""
    else:
        section, sign = _parse(sections[0]), "-" if number < 0 else ""
        number = abs(number)
    if not section.drawn:
        return sign + general(number)
    if section.literal:
        return section.prefix
    scaled = number * (Decimal(100) ** section.percent) / (Decimal(1000) ** section.scaled)
    rounded = scaled.quantize(Decimal(1).scaleb(-section.decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        sign = "" if len(sections) < 2 else sign
    digits = f"{rounded:,.{section.decimals}f}" if section.grouped else f"{rounded:.{section.decimals}f}"
    return f"{sign}{section.prefix}{digits}{section.suffix}"


def general(number: Decimal) -> str:
    """A number as the General format prints it: no exponent, no trailing zeros, 15 significant digits."""
    if number == 0:
        return "0"
    exponent = number.adjusted() - SIGNIFICANT + 1
    rounded = number.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP) if exponent < 0 else number
    return f"{rounded.normalize():f}"


def _decimal(value: float | Decimal) -> Decimal | None:
    try:
        number = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    except (InvalidOperation, ValueError, OverflowError):
        return None
    return number if number.is_finite() else None


def _split_sections(fmt: str) -> list[str]:
    """A format's sections (positive;negative;zero;text), split on ; outside quotes."""
    sections, current, quoted, escaped = [], [], False, False
    for ch in fmt:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch == '"':
            quoted = not quoted
            current.append(ch)
        elif ch == ";" and not quoted:
            sections.append("".join(current))
            current = []
        else:
            current.append(ch)
    sections.append("".join(current))
    return sections


def _tokens(section: str) -> list[tuple[str, str]] | None:
    """A section as ("lit", text), ("num", one of 0#?.,) and ("pct", %) tokens;
    None for what we leave to General (text @, scientific, fractions, dates and times)."""
    out: list[tuple[str, str]] = []
    k = 0
    while k < len(section):
        ch = section[k]
        if ch == '"':
            end = section.find('"', k + 1)
            end = len(section) if end < 0 else end
            out.append(("lit", section[k + 1 : end]))
            k = end + 1
        elif ch == "\\":
            out.append(("lit", section[k + 1 : k + 2]))
            k += 2
        elif ch in "_*":  # _x: a space as wide as x; *x: x repeated to fill the cell
            k += 2
        elif ch == "[":  # a colour, a condition or a locale: not printed
            end = section.find("]", k)
            k = len(section) if end < 0 else end + 1
        elif ch == "@" or ch in "Ee" and section[k + 1 : k + 2] in ("+", "-") or ch == "/" or ch.lower() in "ymdhs":
            return None
        else:
            out.append(("num", ch) if ch in PLACEHOLDERS + ".," else ("pct", ch) if ch == "%" else ("lit", ch))
            k += 1
    return out


def _parse(section: str) -> Section:
    """What one section prints: its literal text around the number, decimals, percent, separators."""
    tokens = None if section.strip().lower() in ("general", "") else _tokens(section)
    digits = [k for k, (what, ch) in enumerate(tokens or []) if what == "num" and ch in PLACEHOLDERS]
    if not tokens:
        return Section(drawn=False)
    if not digits:  # a section of text only ("—" for zero)
        text = "".join(ch for what, ch in tokens if what != "num")
        return Section(prefix=text, literal=True) if text.strip() else Section(drawn=False)
    first, last = digits[0], digits[-1]
    while last + 1 < len(tokens) and tokens[last + 1] == ("num", ","):  # 0,, prints thousands of thousands
        last += 1
    number = [ch for what, ch in tokens[first : last + 1] if what == "num"]
    point = number.index(".") if "." in number else len(number)
    whole, fraction = number[:point], number[point:]
    trailing = len(whole) - len("".join(whole).rstrip(","))
    return Section(
        prefix="".join(ch for what, ch in tokens[:first] if what in ("lit", "pct")),
        suffix="".join(ch for what, ch in tokens[last + 1 :] if what in ("lit", "pct")),
        decimals=sum(1 for ch in fraction if ch in PLACEHOLDERS),
        percent=sum(1 for what, _ in tokens if what == "pct"),
        grouped="," in "".join(whole).rstrip(","),
        scaled=trailing + ("".join(fraction).count(",") if fraction else 0),
    )
