"""Parser for the ``ladder`` language (message flows)."""

from __future__ import annotations

import re

from ..diagrams import (
    Delay,
    Diagnostic,
    DiagramSyntaxError,
    Group,
    Ladder,
    LadderItem,
    Message,
    Note,
    Participant,
    Separator,
)
from ..ladder_rows import arrange
from .lines import (
    Collector,
    Statement,
    check_title,
    group_statements,
    read_lines,
    split_label,
    suggest,
    tokenize,
    unquote_label,
)

#: arrow -> (reversed, dashed, bidirectional)
ARROWS: dict[str, tuple[bool, bool, bool]] = {
    "->": (False, False, False),
    "-->": (False, True, False),
    "<-": (True, False, False),
    "<--": (True, True, False),
    "<->": (False, False, True),
    "<-->": (False, True, True),
    "-x": (False, False, False),
    "--x": (False, True, False),
}
#: arrows of a message lost on the way
LOST_ARROWS = ("-x", "--x")
#: the mark of a statement drawn on the row of the one before it
SAME_ROW = "&"
#: Deeper nesting is refused: no figure needs it, and a model nested
#: thousands deep cannot be pickled into the doctree (RecursionError).
MAX_GROUP_DEPTH = 16
_DELAY_RE = re.compile(r"^\.\.\.(?:\s*(.*?)\s*\.\.\.)?$")
_SEPARATOR_RE = re.compile(r"^==+\s*(.*?)\s*=*$")
_PARTICIPANT_RE = re.compile(r"^participant\s+(.+?)(?:\s+as\s+(.+))?$")


def _continues(text: str) -> bool:
    """Messages take detail lines and notes take more lines; nothing else does."""
    first = text.split(None, 1)[0]
    return first not in ("group", "end", "participant") and not text.startswith(("==", "...", SAME_ROW + " =="))


def _kept_lines(st: Statement) -> tuple[str, ...]:
    """A statement's continuation lines, indented as written relative to the first of them."""
    if not st.continuation:
        return ()
    base = st.continuation[0].indent
    return tuple(" " * max(0, c.indent - base) + c.text for c in st.continuation)


def parse_ladder(body: str, title: str = "") -> Ladder:
    """Parse a ladder body; raise :class:`DiagramSyntaxError` listing every error."""
    return _LadderParser(check_title(title)).parse(body)


class _LadderParser:
    def __init__(self, title: str) -> None:
        self.title = title
        self.errors = Collector()
        self.declared: dict[str, Participant] = {}
        self.used: dict[str, Participant] = {}

    def parse(self, body: str) -> Ladder:
        statements = group_statements(read_lines(body), _continues)
        # Declarations first, wherever they stand, so that use may precede them.
        for st in statements:
            if st.line.text.split(None, 1)[0] == "participant":
                self._declare(st)
        stack: list[tuple[str, int, list[LadderItem]]] = [("", 0, [])]
        for st in statements:
            text = st.line.text
            keyword = text.split(None, 1)[0]
            if keyword == "participant":
                continue
            if keyword == "group":
                label = unquote_label(text[len("group") :].strip())
                stack.append((label, st.line.number, []))
                if len(stack) == MAX_GROUP_DEPTH + 2:
                    too_deep = f"groups nest more than {MAX_GROUP_DEPTH} deep (close one with 'end')"
                    self.errors.error(st.line.number, too_deep)
            elif keyword == "end":
                if text != "end":
                    self.errors.error(st.line.number, f"'end' stands alone on its line; found '{text}'")
                if len(stack) == 1:
                    self.errors.error(st.line.number, "'end' without an open 'group'")
                else:
                    label, line, items = stack.pop()
                    stack[-1][2].append(Group(label, tuple(items), line))
            else:
                item = self._item(st)
                if item is not None:
                    if isinstance(item, (Message, Note)) and item.same_row:
                        self._check_same_row(stack[-1][2], item)
                    stack[-1][2].append(item)
        while len(stack) > 1:
            label, line, items = stack.pop()
            self.errors.error(line, f"group '{label}' is never closed (add 'end')")
            stack[-1][2].append(Group(label, tuple(items), line))
        participants = tuple(self.declared.values()) if self.declared else tuple(self.used.values())
        if not self.errors.diagnostics and len(participants) < 2:
            self.errors.error(0, "a ladder needs two or more participants")
        self.errors.raise_if_any()
        return Ladder(self.title, participants, tuple(stack[0][2]))

    # ------------------------------------------------------------ statements

    def _declare(self, st: Statement) -> None:
        m = _PARTICIPANT_RE.match(st.line.text)
        if m is None:
            self.errors.error(st.line.number, "expected 'participant NAME' or 'participant NAME as LABEL'")
            return
        try:
            tokens = tokenize(m.group(1), st.line.number, ())
        except DiagramSyntaxError as exc:
            self.errors.diagnostics.extend(exc.diagnostics)
            return
        if len(tokens) != 1 or tokens[0].kind != "name":
            self.errors.error(st.line.number, f"participant name {m.group(1)!r} is not one name (quote it)")
            return
        name = tokens[0].value
        if name in self.declared:
            self.errors.error(st.line.number, f"participant '{name}' is declared twice")
            return
        label = unquote_label(m.group(2).strip()) if m.group(2) else name
        self.declared[name] = Participant(name, label, st.line.number)

    def _party(self, name: str, line: int) -> str | None:
        """Resolve a participant use; ``None`` (with an error) if undeclared."""
        if self.declared:
            if name not in self.declared:
                hint = suggest(name, list(self.declared)) or f" (declare it: 'participant {name}')"
                message = f"unknown participant '{name}'{hint}"
                if Diagnostic(line, message) not in self.errors.diagnostics[-2:]:
                    self.errors.error(line, message)
                return None
        elif name not in self.used:
            self.used[name] = Participant(name, name, line)
        return name

    def _check_same_row(self, items: list[LadderItem], item: Message | Note) -> None:
        """Report an ``&`` item that cannot share the row of the items before it."""
        row: list[Message | Note] = [item]
        for before in reversed(items):
            if not isinstance(before, Message | Note):
                break
            row.insert(0, before)
            if not before.same_row:
                break
        if len(row) == 1:
            self.errors.error(
                item.line, "'&' puts a message or note on the row of the one before it, but there is none here"
            )
            return
        _, why = arrange(row, {p: i for i, p in enumerate(self._order())})
        if why is not None:
            self.errors.error(item.line, why)

    def _order(self) -> list[str]:
        """Participant names in drawing order, as far as known."""
        return list(self.declared) if self.declared else list(self.used)

    def _item(self, st: Statement) -> LadderItem | None:
        text, number = st.line.text, st.line.number
        extra = _kept_lines(st)
        same_row = text.startswith(SAME_ROW)
        if same_row:
            text = text[len(SAME_ROW) :].strip()
            if not text or text.startswith(("==", "..")) or text.split(None, 1)[0] in ("group", "end", "participant"):
                self.errors.error(number, "'&' joins a message or a note to the row before; write it before one")
                return None
        if text.startswith("=="):
            m = _SEPARATOR_RE.match(text)
            return Separator(m.group(1) if m else text.strip("= "), number)
        if text.startswith(".."):
            m = _DELAY_RE.match(text)
            if m is None:
                self.errors.error(number, "write a delay as '...' or '... label ...'")
                return None
            return Delay(m.group(1) or "", number)
        head, label = split_label(text)
        if not head:
            self.errors.error(number, "nothing before ':' (expected a message 'A -> B: label' or 'note A: text')")
            return None
        if head.split(None, 1)[:1] == ["note"]:
            return self._note(head[4:], label, extra, number, same_row)
        try:
            tokens = tokenize(head, number, tuple(ARROWS))
        except DiagramSyntaxError as exc:
            self.errors.diagnostics.extend(_unknown_arrow(head, number) or exc.diagnostics)
            return None
        shape = [t.kind for t in tokens]
        if shape != ["name", "op", "name"]:
            self.errors.error(number, _explain(tokens, head, label is not None))
            return None
        src, dst = self._party(tokens[0].value, number), self._party(tokens[2].value, number)
        if src is None or dst is None:
            return None
        reverse, dashed, both = ARROWS[tokens[1].value]
        if reverse:
            src, dst = dst, src
        lost = tokens[1].value in LOST_ARROWS
        if lost and src == dst:
            self.errors.error(number, f"a local action cannot be lost ('{src} -x {dst}'); write '{src} -> {dst}'")
            return None
        return Message(src, dst, label or "", extra, dashed, both, number, lost, same_row)

    def _note(
        self, rest: str, label: str | None, extra: tuple[str, ...], number: int, same_row: bool = False
    ) -> Note | None:
        if label is None:
            self.errors.error(number, "a note needs a text: 'note C: text' or 'note C, S: text'")
            return None
        try:
            tokens = tokenize(rest, number, ())
        except DiagramSyntaxError as exc:
            self.errors.diagnostics.extend(exc.diagnostics)
            return None
        names = [t.value for t in tokens if t.kind == "name"]
        if not names or [t.kind for t in tokens] != (["name", "comma"] * len(names))[:-1]:
            self.errors.error(number, "a note names its participants separated by commas: 'note C, S: text'")
            return None
        found = [self._party(n, number) for n in names]
        resolved = [name for name in found if name is not None]
        if len(resolved) < len(found):
            return None
        lines = [label.strip()] if label.strip() else []
        return Note(tuple(resolved), "\n".join([*lines, *extra]), number, same_row)


#: a run of arrow characters, as an author might mistype an arrow
_ARROWISH_RE = re.compile(r"[-<>=~]*[<>=~][-<>=~]*|--+|-(?=\s|$)")
_ARROW_HINT = "use ->, -->, <-, <--, <->, <--> or -x (lost)"


def _unknown_arrow(head: str, line: int) -> list[Diagnostic]:
    """A located 'unknown arrow' error if ``head`` holds something arrow-like that is no arrow."""
    for word in _outside_quotes(head).split():
        if word in ARROWS:
            continue
        if word[0] in "-<>=~":  # an arrow, maybe glued to a name or mistyped
            glued = re.match(r"[-<>=~]+", word)
            prefix = glued.group(0) if glued else ""
            if prefix in ARROWS and word != prefix:
                return []  # a known arrow glued to a name: tokenize says "put spaces around"
            arrow = word
        else:  # a name with something arrow-like glued to it
            m = _ARROWISH_RE.search(word)
            if m is None or m.group(0) in ARROWS:
                continue
            arrow = m.group(0)
        return [Diagnostic(line, f"unknown arrow '{arrow}' ({_ARROW_HINT})")]
    return []


def _outside_quotes(text: str) -> str:
    """``text`` with double-quoted names blanked, so their contents look like no arrow."""
    return re.sub(r'"(?:[^"\\]|\\.)*"', lambda m: "q" * len(m.group(0)), text)


def _explain(tokens, head: str, has_label: bool) -> str:
    ops = [t.value for t in tokens if t.kind == "op"]
    names = [t.value for t in tokens if t.kind == "name"]
    if not ops and len(names) == 2 and has_label:
        a, b = names[0], names[1]
        return f"no arrow between '{a}' and '{b}' (write '{a} -> {b}: label'; {_ARROW_HINT})"
    if not ops:
        word = names[0] if names else head
        return (
            f"cannot read '{head}': expected a message 'A -> B: label' "
            f"or a statement (participant, note, group, end, ==, ...); "
            f"'{word}' is not a keyword"
        )
    if len(ops) > 1:
        return "one arrow per message: write each hop as its own line"
    return f"a message is 'A {ops[0]} B: label'; found '{head}'"


__all__ = ["ARROWS", "Diagnostic", "parse_ladder"]
