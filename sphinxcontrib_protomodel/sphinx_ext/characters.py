"""Characters no output can hold, replaced once, when a source file is read.

A control character (ESC, ``\\x03``), a noncharacter (U+FFFE), or a line
or paragraph separator (U+2028, U+2029, ``\\x85``, form feeds) in a document
would make the HTML's inline SVG and the RFC XML ill-formed, reach terminals
through the text output as escape sequences, and, since docutils splits lines
where :meth:`str.splitlines` does, move every later line number of a
reStructuredText file off the line an editor shows.

So each such character becomes U+FFFD, the visible replacement character,
with a warning at its line (counted at ``\\n``, as editors and MyST count),
before any parser sees the text.  Everything the extension produces from the
document is then free of them.  The diagram parsers themselves refuse these
characters with an error at the line (see :data:`..parsing.lines.FORBIDDEN_RE`),
which is what the command line and direct callers get.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..parsing.lines import FORBIDDEN_RE, describe_character

logger = logging.getLogger(__name__)

REPLACEMENT = "\ufffd"

#: :data:`FORBIDDEN_RE` but for the newline, to test a whole text at once.
_ANYWHERE = re.compile(FORBIDDEN_RE.pattern.replace(r"\x0a-\x1f", r"\x0b-\x1f"))


def replace_forbidden(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """``text`` with forbidden characters replaced, and ``(line, column, description)`` of each line's first.

    Sphinx reads sources with universal newlines, so a ``\\r`` here is a
    character inside a line like any other control character.
    """
    if _ANYWHERE.search(text) is None:
        return text, []
    found = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        m = FORBIDDEN_RE.search(line)
        if m is not None:
            found.append((number, m.start() + 1, describe_character(m.group(0))))
            lines[number - 1] = FORBIDDEN_RE.sub(REPLACEMENT, line)
    return "\n".join(lines), found


def _clean(where: Callable[[int], str | tuple[str, int]], content: list[str]) -> None:
    text, found = replace_forbidden(content[0])
    if not found:
        return
    content[0] = text
    for line, column, what in found:
        logger.warning(
            "%s at column %d cannot be shown in every output; replaced by U+FFFD",
            what,
            column,
            location=where(line),
            type="protomodel",
            subtype="character",
        )


def source_read(app: Sphinx, docname: str, content: list[str]) -> None:
    """``source-read``: clean a document before it is parsed."""
    _clean(lambda line: (docname, line), content)


def include_read(app: Sphinx, relative_path: object, parent_docname: str, content: list[str]) -> None:
    """``include-read``: clean an included file the same way, located in that file."""
    path = Path(app.srcdir, str(relative_path))
    _clean(lambda line: f"{path}:{line}", content)


def setup_characters(app: Sphinx) -> None:
    """Connect the cleaning to every text Sphinx reads."""
    app.connect("source-read", source_read)
    app.connect("include-read", include_read)
