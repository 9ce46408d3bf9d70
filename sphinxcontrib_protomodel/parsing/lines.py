"""The lexical rules every diagram language shares.

One statement per line, ``#`` comments outside double quotes, names that are
identifiers or double-quoted strings, labels after the first ``:`` and
indented continuation lines.  Each language parser builds on these helpers so
that the common rules behave identically everywhere.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..diagrams import Diagnostic, DiagramSyntaxError

NAME_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")

#: Bodies longer than this are refused before any work is done, so that a
#: pasted log or a generated monster fails fast with a clear message.
MAX_LINES = 20_000


def _noncharacters() -> str:
    planes = "".join(rf"\U{plane:04x}fffe\U{plane:04x}ffff" for plane in range(17))
    return r"\ufdd0-\ufdef" + planes


#: Characters no diagram may hold: XML 1.0 cannot carry them (C0 controls but
#: tab, lone surrogates, U+FFFE/U+FFFF), or they would reach a terminal as
#: control codes or line breaks (DEL, C1 controls, U+2028/U+2029), or Unicode
#: reserves them as noncharacters.  The parsers refuse them with an error at
#: the line; Sphinx replaces them by U+FFFD, with a warning at the line, when
#: it reads a file (``sphinx_ext/characters.py``), before any parser runs.
FORBIDDEN_RE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + _noncharacters() + "]")


def describe_character(ch: str) -> str:
    """``U+001B (a control character)``: how a message names a forbidden character."""
    category = unicodedata.category(ch)
    if category == "Cc":
        what = "a control character"
    elif category == "Zl":
        what = "a line separator"
    elif category == "Zp":
        what = "a paragraph separator"
    elif category == "Cs":
        what = "a lone surrogate"
    else:
        what = "a noncharacter"
    return f"U+{ord(ch):04X} ({what})"


def forbidden_character(text: str) -> tuple[int, str] | None:
    """``(column, description)`` of the first character no diagram may hold, or ``None``."""
    m = FORBIDDEN_RE.search(text)
    if m is None:
        return None
    return m.start() + 1, describe_character(m.group(0))


def visible(text: str) -> str:
    """``text`` with every forbidden character shown as U+FFFD, for messages."""
    return FORBIDDEN_RE.sub("\ufffd", text)


def check_title(title: str) -> str:
    """The diagram title, tabs as spaces; a forbidden character is an error at line 0."""
    found = forbidden_character(title)
    if found is not None:
        column, what = found
        raise DiagramSyntaxError([Diagnostic(0, f"the title holds {what} at column {column}; remove it")])
    return title.replace("\t", " ")


def split_body(body: str) -> list[str]:
    """The lines of a body as Sphinx and MyST count them: split at ``\\n`` only.

    Never :meth:`str.splitlines`, which also breaks at U+2028, form feeds and
    other characters the source formats keep inside a line; a ``\\r`` ending
    a line (a CRLF file read without newline translation) is dropped.
    """
    lines = body.split("\n")
    return [line[:-1] if line.endswith("\r") else line for line in lines]


@dataclass
class Line:
    """A non-blank body line with its comment removed."""

    number: int  # 1-based within the body
    indent: int
    text: str


@dataclass
class Statement:
    """A line plus the deeper-indented lines that continue it."""

    line: Line
    continuation: list[Line] = field(default_factory=list)


def find_unquoted(text: str, target: str) -> int:
    """Index of the first ``target`` character outside double quotes, or -1."""
    in_quote = False
    escaped = False
    for i, ch in enumerate(text):
        if escaped:
            escaped = False
        elif ch == "\\" and in_quote:
            escaped = True
        elif ch == '"':
            in_quote = not in_quote
        elif ch == target and not in_quote:
            return i
    return -1


def strip_comment(raw: str) -> str:
    """Cut ``raw`` at the first ``#`` that is not inside double quotes."""
    i = find_unquoted(raw, "#")
    return raw if i < 0 else raw[:i]


def _indent_width(raw: str) -> int:
    width = 0
    for ch in raw:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 8 - width % 8
        else:
            break
    return width


def read_lines(body: str) -> list[Line]:
    """The meaningful lines of ``body``; raises on an oversized body.

    A line holding a character no diagram may hold (see :data:`FORBIDDEN_RE`)
    is an error at that line; tabs inside a line become spaces.
    """
    raw_lines = split_body(body)
    if len(raw_lines) > MAX_LINES:
        raise DiagramSyntaxError(
            [
                Diagnostic(
                    MAX_LINES + 1, f"body has {len(raw_lines)} lines; the limit is {MAX_LINES} (split the diagram)"
                )
            ]
        )
    lines = []
    errors = Collector()
    for number, raw in enumerate(raw_lines, start=1):
        found = forbidden_character(raw)
        if found is not None:
            column, what = found
            errors.error(number, f"{what} at column {column} cannot be shown in a diagram; remove it")
            continue
        text = strip_comment(raw).strip()
        if text:
            lines.append(Line(number, _indent_width(raw), text.replace("\t", " ")))
    errors.raise_if_any()
    return lines


def group_statements(lines: list[Line], continues: Callable[[str], bool]) -> list[Statement]:
    """Attach each line indented deeper than a continuable statement to it.

    ``continues(statement_text)`` says whether a statement takes indented
    continuation lines (a message takes detail lines; a ``group`` header
    does not: its indented lines are statements of their own).
    """
    statements: list[Statement] = []
    for line in lines:
        if statements:
            last = statements[-1]
            if line.indent > last.line.indent and continues(last.line.text):
                last.continuation.append(line)
                continue
        statements.append(Statement(line))
    return statements


def split_label(text: str) -> tuple[str, str | None]:
    """Split at the first ``:`` outside double quotes: (head, label or None).

    A label that is one double-quoted string loses its quotes, which is how
    an author writes a label that contains ``#``.
    """
    i = find_unquoted(text, ":")
    if i < 0:
        return text.strip(), None
    return text[:i].strip(), unquote_label(text[i + 1 :].strip())


def statement_keyword(text: str, keywords: tuple[str, ...], operators: tuple[str, ...]) -> str | None:
    """The statement's keyword, unless the word is a name in an edge (``party -> x``)."""
    words = split_label(text)[0].split(None, 2)
    if not words or words[0] not in keywords:
        return None
    if len(words) > 1 and words[1] in operators:
        return None
    return words[0]


def unquote_label(label: str) -> str:
    if len(label) >= 2 and label[0] == '"' and label[-1] == '"':
        inner = label[1:-1]
        if '"' not in inner.replace('\\"', ""):
            return inner.replace('\\"', '"').replace("\\\\", "\\")
    return label


@dataclass(frozen=True)
class Token:
    value: str
    kind: str  # "name" | "op" | "comma"
    quoted: bool = False


def tokenize(head: str, line: int, operators: tuple[str, ...], foreign: Mapping[str, str] | None = None) -> list[Token]:
    """Split a statement head into names, operators and commas.

    Operators must stand apart from names (``A -> B``, never ``A->B``), so a
    glued arrow gets a precise message instead of a confusing one.  A glued
    arrow of another language (``foreign``: arrow -> hint) is explained as an
    unknown arrow instead; a lone ``-`` is too common inside text to be one.
    """
    foreign = foreign or {}

    def glued(op: str) -> DiagramSyntaxError:
        if op in foreign and op != "-":
            return DiagramSyntaxError([Diagnostic(line, f"unknown arrow '{op}': {foreign[op]}")])
        return DiagramSyntaxError([Diagnostic(line, f"put spaces around '{op}' (write 'A {op} B', not 'A{op}B')")])

    tokens: list[Token] = []
    i = 0
    n = len(head)
    ops = sorted(operators, key=len, reverse=True)
    while i < n:
        ch = head[i]
        if ch.isspace():
            i += 1
            continue
        if ch == ",":
            tokens.append(Token(",", "comma"))
            i += 1
            continue
        if ch == '"':
            j = i + 1
            buf = []
            while j < n and head[j] != '"':
                if head[j] == "\\" and j + 1 < n:
                    j += 1
                buf.append(head[j])
                j += 1
            if j >= n:
                raise DiagramSyntaxError([Diagnostic(line, "unterminated double-quoted name")])
            tokens.append(Token("".join(buf), "name", quoted=True))
            i = j + 1
            continue
        op = next((o for o in ops if head.startswith(o, i)), None)
        if op is not None:
            after = i + len(op)
            if (i > 0 and not head[i - 1].isspace()) or (after < n and not head[after].isspace()):
                raise glued(op)
            tokens.append(Token(op, "op"))
            i = after
            continue
        m = NAME_RE.match(head, i)
        if m is None:
            raise DiagramSyntaxError([Diagnostic(line, f"unexpected character {head[i]!r}")])
        end = m.end()
        if end < n and not head[end].isspace() and head[end] != ",":
            stuck = next((o for o in ops for k in range(i, end + 1) if head.startswith(o, k)), None)
            if stuck is not None:
                raise glued(stuck)
            raise DiagramSyntaxError([Diagnostic(line, f"unexpected character {head[end]!r} after '{m.group(0)}'")])
        tokens.append(Token(m.group(0), "name"))
        i = end
    return tokens


def suggest(name: str, known: list[str]) -> str:
    """`` (did you mean 'X'?)`` for the closest known name, or ``""``."""
    lowered = {k.lower(): k for k in known}
    if name.lower() in lowered:
        return f" (did you mean '{lowered[name.lower()]}'?)"
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    if not close:
        close = [k for k in known if k.lower().startswith(name.lower()[:3])][:1]
    return f" (did you mean '{close[0]}'?)" if close else ""


class Collector:
    """Gathers diagnostics so a parser can report every error in one pass."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def error(self, line: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(line, message))

    def raise_if_any(self) -> None:
        if self.diagnostics:
            raise DiagramSyntaxError(sorted(self.diagnostics, key=lambda d: d.line))
