"""Arithmetic written out in the text (`=(a%+b%+...)/12=96.40%`) and rules stated for it.

An expression becomes a tree of ('num', index) leaves and (op, left, right) nodes over the operand
Quantities; `evaluate` computes it on rounding intervals, optionally transforming each operand
(a cap such as 超过100%的按100%计算).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from jixiao.patterns import load
from jixiao.patterns.precompiled import compiled

from ..interval import Interval
from ..model import StatedRule
from ..numbers import Quantity, parse_quantity

EXPR_CHARS = r"0-9.,%+\-×xX*÷/()（）\[\]［］ 万亿元个家项人次分"
NUMBER_RE = compiled(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?(?:%|万元|亿元|元|万|亿|个|家|项|人次|人|分)?")
MAX_EXPR_CHARS = 400  # a longer run before "=" is not taken for an expression (and is not checked)
# "<expression> = <result>": the expression is a run of digits and operators just before "=". Linear: it
# starts only where a run starts or the last match ended (\G), and the run is taken possessively, bounded.
EQUATION_RE = compiled(
    rf"(?:(?<![{EXPR_CHARS}])|\G)(?=[{EXPR_CHARS}]*?[0-9%)）\]］])(?P<expr>[{EXPR_CHARS}]{{1,{MAX_EXPR_CHARS}}}+)\s*[=＝]\s*(?P<result>[0-9]+(?:,[0-9]{{3}})*(?:\.[0-9]+)?(?:%|万元|亿元|元|分|个|家|项|人次|人)?)"
)
OPS = {"+": "add", "-": "sub", "×": "mul", "x": "mul", "X": "mul", "*": "mul", "÷": "div", "/": "div"}
PRECEDENCE = {"add": 1, "sub": 1, "mul": 2, "div": 2}
OPEN, CLOSE = "(（[［", ")）]］"

Tree = tuple


@dataclass(frozen=True)
class Equation:
    start: int  # offset of the expression in the text given to find_equations
    end: int
    tree: Tree
    operands: tuple[Quantity, ...]
    result: Quantity
    text: str
    operand_starts: tuple[int, ...] = ()  # offset of each operand in the text


def _tokens(expr: str) -> list[tuple[str, int]] | None:
    """(token, offset) pairs."""
    out, i = [], 0
    while i < len(expr):
        ch = expr[i]
        if ch == " ":
            i += 1
        elif ch in OPEN or ch in CLOSE or ch in OPS:
            out.append((ch, i))
            i += 1
        else:
            m = NUMBER_RE.match(expr, i)
            if not m:
                return None
            out.append((m.group(0), i))
            i = m.end()
    return out


def parse_expression(expr: str) -> tuple[Tree, list[Quantity], list[int]] | None:
    """Shunting-yard over numbers, + - × ÷ / * and brackets; None if it is not arithmetic.
    Returns the tree, the operands and each operand's offset in `expr`."""
    tokens = _tokens(expr)
    if not tokens:
        return None
    operands: list[Quantity] = []
    offsets: list[int] = []
    output: list[Tree] = []
    stack: list[str] = []

    def reduce() -> bool:
        op = stack.pop()
        if len(output) < 2:
            return False
        b, a = output.pop(), output.pop()
        output.append((OPS[op], a, b))
        return True

    expect_operand = True
    for tok, at in tokens:
        if tok in OPEN:
            stack.append("(")
        elif tok in CLOSE:
            while stack and stack[-1] != "(":
                if not reduce():
                    return None
            if not stack:
                return None
            stack.pop()
        elif tok in OPS:
            if expect_operand:
                return None
            while stack and stack[-1] != "(" and PRECEDENCE[OPS[stack[-1]]] >= PRECEDENCE[OPS[tok]]:
                if not reduce():
                    return None
            stack.append(tok)
            expect_operand = True
            continue
        else:
            q = parse_quantity(tok.replace(",", ""))
            if q is None:
                return None
            operands.append(q)
            offsets.append(at)
            output.append(("num", len(operands) - 1))
        expect_operand = tok in OPEN
    while stack:
        if stack[-1] == "(" or not reduce():
            return None
    if len(output) != 1 or len(operands) < 2:
        return None
    return output[0], operands, offsets


def find_equations(text: str) -> list[Equation]:
    if "=" not in text and "＝" not in text:
        return []  # EQUATION_RE needs its = sign: most sentences have none, and the pattern is costly to try
    found = []
    for m in EQUATION_RE.finditer(text):
        expr = m["expr"].strip()
        # drop a leading unmatched bracket or separator the regex may have taken
        while expr and not (expr[0].isdigit() or expr[0] in OPEN):
            expr = expr[1:]  # a unit or bracket the scan took from the words before
        parsed = parse_expression(expr)
        result = parse_quantity(m["result"])
        if parsed is None or result is None:
            continue
        tree, operands, offsets = parsed
        start = m.start("expr") + (len(m["expr"]) - len(m["expr"].lstrip())) + (len(m["expr"].strip()) - len(expr))
        found.append(
            Equation(
                start, m.end(), tree, tuple(operands), result, text[start : m.end()], tuple(start + o for o in offsets)
            )
        )
    return found


RULE_KINDS = ("cap", "floor")  # the stated rules find_rules reads (rules.toml)


def find_rules(text: str) -> list[StatedRule]:
    rules = []
    for kind in RULE_KINDS:
        for m in load("rules")[kind].regex.finditer(text):
            rules.append(
                StatedRule(kind, Decimal(m["bound"]), Decimal(m["value"]), m["unit"] or "", m.group(0), m.start())
            )
    return sorted(rules, key=lambda r: r.start)


def in_base_units(operands: tuple[Quantity, ...], result: Quantity) -> bool:
    """Operands written in different units (万元 beside 元) are compared in the base unit; otherwise
    in the units as printed, so a bare 120.5+80.25 may equal 200.75万元."""
    units = {q.unit for q in operands if q.unit} | ({result.unit} if result.unit else set())
    return len(units) > 1 and all(q.unit for q in operands)


def operand_interval(q: Quantity, base: bool, point: bool = False) -> Interval:
    """The interval an operand stands for (or, with `point`, its printed value alone, for display)."""
    if point:
        return Interval.exact(q.base_value if base else q.value)
    if base or q.value == 0:
        return Interval(q.lo, q.hi)
    scale = q.base_value / q.value  # the multiplier of 万/亿
    return Interval(q.lo / scale, q.hi / scale)


def evaluate(
    tree: Tree,
    operands: tuple[Quantity, ...],
    transform: Callable | None = None,
    base: bool = False,
    point: bool = False,
) -> tuple[Interval, bool]:
    """The interval the expression stands for, and whether it is a percentage.

    `transform(interval, quantity)` may adjust each operand (a stated cap). A percentage multiplied by a
    plain number counts as a fraction (45×60% = 27); a division of plain numbers is a plain ratio."""
    kind = tree[0]
    if kind == "num":
        q = operands[tree[1]]
        iv = operand_interval(q, base, point)
        return (transform(iv, q) if transform else iv), q.base_unit == "%"
    a, a_pct = evaluate(tree[1], operands, transform, base, point)
    if kind in ("mul", "div") and is_count(tree[2], operands):
        b, b_pct = Interval.exact(operands[tree[2][1]].value), False  # ÷10 months, ×8 items: a count is exact
    else:
        b, b_pct = evaluate(tree[2], operands, transform, base, point)
    if kind in ("add", "sub"):
        return (a + b if kind == "add" else a - b), a_pct and b_pct
    hundredth = Decimal("0.01")
    if kind == "mul":
        if a_pct and b_pct:
            return (a * b).scale(hundredth), True
        return (a * b).scale(hundredth) if (a_pct or b_pct) else a * b, False
    if a_pct and not b_pct:
        return a / b, True  # a mean of percentages
    if b_pct and not a_pct:
        return (a / b).scale(Decimal(100)), False
    return a / b, False


def is_count(tree: Tree, operands: tuple[Quantity, ...]) -> bool:
    if tree[0] != "num":
        return False
    q = operands[tree[1]]
    return q.decimals == 0 and q.base_unit == "" and not q.qualifier


def operand_count(tree: Tree) -> int:
    return 1 if tree[0] == "num" else operand_count(tree[1]) + operand_count(tree[2])


def mean_shape(tree: Tree) -> tuple[int, int] | None:
    """If the tree is (t1 + ... + tk) ÷ n with k ≥ 2, return (k, index of n); else None."""
    if tree[0] != "div" or tree[2][0] != "num":
        return None
    terms = operand_count(tree[1])
    return (terms, tree[2][1]) if terms >= 2 and only_adds(tree[1]) else None


def only_adds(tree: Tree) -> bool:
    return tree[0] == "num" or (tree[0] == "add" and only_adds(tree[1]) and only_adds(tree[2]))


def render(tree: Tree, values: list[str]) -> str:
    if tree[0] == "num":
        return values[tree[1]]
    sym = {"add": "+", "sub": "-", "mul": "×", "div": "÷"}[tree[0]]
    left, right = render(tree[1], values), render(tree[2], values)
    if tree[0] in ("mul", "div") and tree[1][0] in ("add", "sub"):
        left = f"({left})"
    return f"{left}{sym}{right}"


# -- the semantics of a formula fact, shared by formula-mismatch and rule-not-applied ----------


def value_of(f, transform=None, point: bool = False) -> Interval:
    """The interval a formula fact's expression gives, in the unit its result is printed in
    (with `point`, the value of the printed figures alone: what a finding shows)."""
    base = in_base_units(f.operands, f.quantity)
    got, is_pct = evaluate(f.tree, f.operands, transform, base, point)
    if f.quantity.base_unit == "%" and not is_pct:
        got = got.scale(Decimal(100))  # a ratio printed as a percentage
    return got


def stated(f) -> Interval:
    """The printed result, in the same units as value_of."""
    return operand_interval(f.quantity, in_base_units(f.operands, f.quantity))


def rule_transform(f):
    """The operand adjustment the formula's stated rule asks for (None without a rule): a cap or floor
    applied only to operands in the rule's unit (a % cap leaves counts of people alone)."""
    if f.rule is None:
        return None
    kind, bound, value = f.rule.kind, f.rule.bound, f.rule.value
    pct = "%" in f.rule.text

    def applies(q) -> bool:
        return q.base_unit == "%" if pct else q.base_unit in ("", "分")

    def transform(v: Interval, q) -> Interval:
        """超过B的按V计: a term above B counts as V; 低于B的按V计: a term below B counts as V. A term printed
        as V itself (100% under 超过100%的按100%计) is V exactly: the value the rule gives."""
        if not applies(q):
            return v
        if q.value == value and q.is_exact:
            return Interval.exact(value)
        if kind == "cap":
            if v.lo > bound:
                return Interval.exact(value)
            return Interval(min(v.lo, value), max(bound, value)) if v.hi > bound else v
        if v.hi < bound:
            return Interval.exact(value)
        return Interval(min(bound, value), max(v.hi, value)) if v.lo < bound else v

    return transform


def fits_stated_rule(f) -> bool:
    """A result that follows once the report's own rule (a cap) is applied is not an arithmetic error."""
    transform = rule_transform(f)
    return transform is not None and value_of(f, transform).meets(stated(f))
