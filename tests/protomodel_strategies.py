"""Hypothesis strategies: valid diagram sources of each language, and mutants.

Used by the property tests of the parsers (mutants reach deep into them) and
of the renderers (valid sources give valid models with awkward labels).
"""

from __future__ import annotations

from hypothesis import strategies as st

#: Names: identifiers of every shape the language allows, and quoted ones.
IDENTS = ["A", "B", "C", "S", "Client", "Server", "x.y", "_1", "SYN-SENT", "n9", "IKEsa", "F1"]
QUOTED = ['"NAT Gateway"', '"a:b"', '"<script>"', '"x \\" y"', '"É é"', '"名前"']

HOSTILE = [
    "<script>alert(1)</script>",
    '"]; a [background = "http://example.com/x.png"]',
    'icon = "/etc/passwd"',
    "]]>",
    "<![CDATA[x]]>",
    "&amp; &lt; &gt; &quot;",
    "' \" `",
    "{ } [ ] ;",
    "\\n \\\\ ¥",
    "%s {0} $HOME",
    "-->",
    "|",
    "名前 データ",
    "x" * 90,
]

_label_chars = st.characters(
    blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn"),
    blacklist_characters="#",
)
label = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(_label_chars, min_size=1, max_size=12).filter(lambda s: s.strip() and not s.strip().startswith('"')),
    st.lists(
        st.sampled_from(["INVITE", "200", "OK", "Ack", "key", "share", "[x]", "a:b", "<b>"]), min_size=1, max_size=6
    ).map(" ".join),
)


def _name(draw, pool: list[str]) -> str:
    return draw(st.sampled_from(pool))


# ------------------------------------------------------------------ ladder


@st.composite
def ladder_source(draw) -> str:
    names = draw(st.lists(st.sampled_from(IDENTS + QUOTED), min_size=2, max_size=5, unique=True))
    lines: list[str] = []
    if draw(st.booleans()):
        for n in names:
            lines.append(f"participant {n} as {draw(label)}" if draw(st.booleans()) else f"participant {n}")
    depth = 0
    count = draw(st.integers(1, 10))
    for i in range(count):
        pad = "  " * depth
        choice = draw(st.sampled_from(["msg", "msg", "msg", "msg", "note", "sep", "delay", "group", "end"]))
        if choice == "msg" or i == 0:
            a, b = draw(st.sampled_from(names)), draw(st.sampled_from(names))
            arrows = ["->", "-->", "<-", "<--", "<->", "<-->"] + (["-x", "--x"] if a != b else [])
            arrow = draw(st.sampled_from(arrows))
            joined = "& " if i > 0 and draw(st.integers(0, 3)) == 0 else ""
            lines.append(f"{pad}{joined}{a} {arrow} {b}: {draw(label)}")
            if draw(st.integers(0, 3)) == 0:
                lines.append(f"{pad}    {draw(label)}")
                if draw(st.booleans()):
                    lines.append(f"{pad}      {draw(label)}")
        elif choice == "note":
            who = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
            joined = "& " if draw(st.integers(0, 2)) == 0 else ""
            lines.append(f"{pad}{joined}note {', '.join(who)}: {draw(label)}")
            for extra in range(draw(st.integers(0, 3))):
                lines.append(f"{pad}    {'  ' * (extra % 2)}{draw(label)}")
        elif choice == "sep":
            lines.append(f"{pad}== {draw(label)} ==")
        elif choice == "delay":
            lines.append(f"{pad}..." if draw(st.booleans()) else f"{pad}... {draw(label)} ...")
        elif choice == "group":
            lines.append(f"{pad}group {draw(label)}")
            depth += 1
        elif depth:
            depth -= 1
            lines.append(f"{'  ' * depth}end")
    while depth:
        depth -= 1
        lines.append(f"{'  ' * depth}end")
    # a ladder needs two participants in use
    lines.append(f"{names[0]} -> {names[1]}: {draw(label)}")
    return _rows_allowed("\n".join(lines))


def _rows_allowed(source: str) -> str:
    """``source`` with the '&' dropped from statements that may not share the row before."""
    from sphinxcontrib_protomodel.diagrams import DiagramSyntaxError
    from sphinxcontrib_protomodel.parsing.ladder import parse_ladder

    for _ in range(50):
        try:
            parse_ladder(source)
        except DiagramSyntaxError as exc:
            lines = source.split("\n")
            joined = [d.line for d in exc.diagnostics if 0 < d.line <= len(lines) and "'&'" in d.message]
            if not joined:
                return source
            for number in joined:
                lines[number - 1] = lines[number - 1].replace("& ", "", 1)
            source = "\n".join(lines)
        else:
            return source
    return source


# ----------------------------------------------------------------- problem


@st.composite
def problem_source(draw) -> str:
    names = draw(st.lists(st.sampled_from(IDENTS + QUOTED), min_size=1, max_size=6, unique=True))
    lines = []
    for n in names:
        if draw(st.booleans()):
            lines.append(f"party {n}: {draw(label)}" if draw(st.booleans()) else f"party {n}")
    for _ in range(draw(st.integers(0, 6)) if len(names) > 1 else 0):
        a, b = draw(st.lists(st.sampled_from(names), min_size=2, max_size=2, unique=True))
        trust = draw(st.booleans())
        arrow = draw(st.sampled_from(["->", "<-", "<->"] if trust else ["->", "<-", "<->", "--"]))
        lines.append(f"{'trust ' if trust else ''}{a} {arrow} {b}: {draw(label)}")
        if draw(st.integers(0, 3)) == 0:
            lines.append(f"    {draw(label)}")
    if draw(st.booleans()):
        members = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
        lines.append(f"group g{len(lines)}: {draw(label)}")
        lines.extend(f"  party {m}" for m in members)
        lines.append("end")
    if not lines:
        lines.append(f"party {names[0]}")
    return "\n".join(lines)


# ------------------------------------------------------------ statemachine


@st.composite
def statemachine_source(draw) -> str:
    names = draw(st.lists(st.sampled_from(IDENTS + QUOTED), min_size=1, max_size=8, unique=True))
    lines = []
    if draw(st.booleans()):
        lines.append(f"initial {names[0]}")
    if draw(st.booleans()):
        lines.append(f"final {', '.join(draw(st.lists(st.sampled_from(names), min_size=1, unique=True)))}")
    for n in names:
        if draw(st.booleans()):
            lines.append(f"state {n}: {draw(label)}" if draw(st.booleans()) else f"state {n}")
    events = set()
    for _ in range(draw(st.integers(1, 10))):
        a, b = draw(st.sampled_from(["*", *names])), draw(st.sampled_from(names))  # "*": from any state
        event = draw(label)
        if (a, event) in events:
            continue
        events.add((a, event))
        action = draw(st.one_of(st.just(""), label))
        lines.append(f"{a} -> {b}: {event}{' / ' + action if action else ''}")
    if len(lines) == 0 or not any("->" in line for line in lines):
        lines.append(f"{names[0]} -> {names[-1]}: go")
    return "\n".join(lines)


SOURCES = {"ladder": ladder_source, "problem": problem_source, "statemachine": statemachine_source}

# ------------------------------------------------------------ all of Unicode

#: Characters the source formats keep inside a line but ``str.splitlines``
#: breaks at, and characters XML or a terminal cannot take: drawn often.
AWKWARD = [
    "\x00", "\x03", "\x1b", "\x7f", "\x85", "\x9b", "\x0b", "\x0c", "\r", "\x1c", "\x1d", "\x1e", "\x1f",
    "\u2028", "\u2029", "\ufffe", "\uffff", "\ufdd0", "\U0010ffff", "\ud800", "\t", "\xa5", "\u200b",
    "\u202e", "\u0301", "\ufeff", "\U0001f600", "\uff21",
]  # fmt: skip
#: Any code point at all: every category, surrogates and unassigned included.
any_character = st.one_of(st.sampled_from(AWKWARD), st.characters(codec=None, categories=None))


@st.composite
def unicode_source(draw, kind: str, labels_only: bool = False, characters=any_character) -> str:
    """A valid source of ``kind`` with characters from all of Unicode spliced into some lines.

    ``labels_only``: only after a line's first ``:``, into its label, so that
    the source stays valid unless a character itself is refused.
    """
    lines = draw(SOURCES[kind]()).split("\n")
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        start = lines[i].find(":") + 1 if labels_only else 0
        if labels_only and (start == 0 or '"' in lines[i][start:]):
            continue
        k = draw(st.integers(start, len(lines[i])))
        piece = draw(st.text(characters, min_size=1, max_size=3))
        if labels_only:
            piece = piece.replace("#", "")
        lines[i] = lines[i][:k] + piece + lines[i][k:]
    return "\n".join(lines)


# ---------------------------------------------------------------- mutation

NOISE = ["->", "<->", ":", ",", '"', "#", "end", "group x", "party", "trust", "note", "==", "...", "\t", "    "]


@st.composite
def mutated(draw, source: st.SearchStrategy[str]) -> str:
    """A valid source with a few lines deleted, duplicated, swapped or damaged."""
    lines = draw(source).split("\n")
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            lines.append(draw(st.sampled_from(NOISE)))
            continue
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "cut", "indent", "noise"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, draw(st.sampled_from(NOISE)))
        elif op == "cut" and lines[i]:
            k = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:k] + lines[i][k + 1 :]
        elif op == "indent":
            lines[i] = draw(st.sampled_from(["", " ", "    ", "\t"])) + lines[i].lstrip()
        else:
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k] + draw(st.sampled_from(NOISE)) + lines[i][k:]
    return "\n".join(lines)


def render_options(data, kind: str, widths: tuple[int, int] = (20, 120), ascii_forms=("auto", "diagram", "table")):
    """Options a renderer of ``kind`` may be asked for, drawn from ``data`` (a Hypothesis ``st.data()``)."""
    from sphinxcontrib_protomodel.diagrams import RenderOptions

    width = data.draw(st.integers(*widths), label="width")
    if kind == "ladder":
        return RenderOptions(width=width, style=data.draw(st.sampled_from([None, "columns", "lifelines"])))
    if kind == "problem":
        return RenderOptions(width=width, direction=data.draw(st.sampled_from(["right", "down"])))
    return RenderOptions(width=width, ascii=data.draw(st.sampled_from(list(ascii_forms))))
