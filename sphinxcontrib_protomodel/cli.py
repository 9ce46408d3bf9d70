"""``protomodel``: render a diagram body without Sphinx.

For authors who write drafts in kramdown-rfc or plain xml2rfc XML: the same
languages, renderers and error messages as the Sphinx directives, from a
file (or ``-`` for standard input) to standard output::

    protomodel render flow.txt --kind ladder --to ascii
    protomodel render flow.txt --kind ladder --to artset --title "Handshake" > flow.xml
    protomodel render flows/handshake.ladder --to artset --no-cdata -o flows/handshake.ladder.xml

A file named ``*.ladder``, ``*.problem`` or ``*.statemachine`` needs no
``--kind``.  ``--no-cdata`` writes the ASCII art as escaped text: kramdown-rfc
(and so i-d-template) escapes a CDATA section that it includes into the text.

Exit status: 0 when the diagram was written, 1 when the body has errors (each
reported as ``FILE:LINE: KIND: message`` on standard error, as the
directives report them) or a renderer failed, 2 for a wrong command line.
This module must not import Sphinx or docutils: it has to start fast and run
where Sphinx is not installed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn, TextIO

from . import __version__
from .diagrams import MAX_WIDTH, MIN_WIDTH, Diagnostic, Diagram, DiagramSyntaxError, RenderError, RenderOptions
from .kinds import KINDS
from .parsing.lines import visible

FORMATS = ("ascii", "svg", "rfc-svg", "artset")
DEFAULT_WIDTH = 72


class _UsageError(Exception):
    """A command line that cannot be run; exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse would exit; we return a status
        raise _UsageError(message)


def _width(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not MIN_WIDTH <= value <= MAX_WIDTH:
        raise argparse.ArgumentTypeError(f"the width must be from {MIN_WIDTH} to {MAX_WIDTH} columns")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="protomodel",
        description="Protocol model diagrams (RFC 4101) as ASCII art, SVG or xml2rfc <artset>.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    render = commands.add_parser(
        "render",
        help="render one diagram body",
        description="Render one diagram body (what goes inside the directive) to standard output.",
    )
    render.add_argument("file", metavar="FILE", help="the diagram body; '-' reads standard input")
    render.add_argument(
        "--kind",
        choices=sorted(KINDS),
        help="the diagram language (default: the FILE's suffix, as in handshake.ladder)",
    )
    render.add_argument(
        "--to",
        default="ascii",
        choices=FORMATS,
        help="ascii (default), svg, rfc-svg (RFC 7996 profile) or artset (xml2rfc v3: RFC SVG plus ASCII art)",
    )
    render.add_argument(
        "--width",
        type=_width,
        help=f"maximum ASCII width (default {DEFAULT_WIDTH}; for --to artset, 69: xml2rfc indents figures by 3)",
    )
    render.add_argument("--style", choices=("columns", "lifelines"), help="ladder: ASCII layout")
    render.add_argument("--direction", choices=("right", "down"), help="problem: main flow")
    render.add_argument("--ascii", choices=("auto", "diagram", "table"), help="statemachine: ASCII form")
    render.add_argument(
        "--labels",
        choices=("auto", "slash", "rule"),
        help="statemachine: 'event / action' or RFC 793's event, rule, action",
    )
    render.add_argument("--title", default="", help="the diagram's title (as the directive's argument)")
    render.add_argument(
        "--engine",
        choices=("native", "diag"),
        default="native",
        help="graphics: native (drawn from the ASCII art's layout, the default) or diag (seqdiag/blockdiag)",
    )
    render.add_argument("--font", help="TrueType font file for PNG text and the diag engine's measurements")
    render.add_argument(
        "--no-cdata",
        action="store_true",
        help="artset: ASCII art as escaped text, not CDATA (for kramdown-rfc's {::include})",
    )
    render.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write to OUT (only when the rendering succeeded) instead of standard output",
    )
    return parser


_KIND_OPTIONS = {"style": "ladder", "direction": "problem", "ascii": "statemachine", "labels": "statemachine"}


def _kind(args: argparse.Namespace) -> str:
    """``--kind``, or the kind the file's suffix names (``handshake.ladder``)."""
    if args.kind:
        return args.kind
    suffix = args.file.rsplit(".", 1)[-1] if "." in args.file else ""
    if suffix in KINDS:
        return suffix
    raise _UsageError(f"name the diagram language with --kind {'|'.join(sorted(KINDS))} (or use a file named *.ladder)")


def _options(args: argparse.Namespace) -> RenderOptions:
    for option, kind in _KIND_OPTIONS.items():
        if getattr(args, option) is not None and args.kind != kind:
            raise _UsageError(f"--{option} applies to --kind {kind} only")
    if args.width is not None:
        width = args.width
    else:
        from .rfc.artset import ART_WIDTH

        width = ART_WIDTH if args.to == "artset" else DEFAULT_WIDTH
    return RenderOptions(
        width=width,
        style=args.style,
        direction=args.direction or "right",
        ascii=args.ascii or "auto",
        engine=args.engine,
        labels=args.labels or "auto",
    )


def _read(path: str, stdin: TextIO) -> str:
    if path == "-":
        return stdin.read()
    with open(path, encoding="utf-8-sig") as handle:
        return handle.read()


def _report(name: str, kind: str, title: str, finding: Diagnostic, stderr: TextIO) -> None:
    """``FILE:LINE: KIND: message``, as the directives word it; line 0 is the whole body."""
    where = f"{name}:{finding.line}" if finding.line > 0 else name
    what = f'{kind} "{visible(title)}"' if title else kind
    prefix = "warning: " if finding.severity == "warning" else ""
    stderr.write(f"{where}: {prefix}{what}: {finding.message}\n")


def render_command(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    args.kind = _kind(args)
    if args.no_cdata and args.to != "artset":
        raise _UsageError("--no-cdata applies to --to artset only")
    options = _options(args)
    if args.font is not None and not os.path.isfile(args.font):
        raise _UsageError(f"--font: no font file {args.font!r} (give the path of a TrueType .ttf file)")
    name = "<stdin>" if args.file == "-" else args.file
    try:
        body = _read(args.file, stdin)
    except (OSError, UnicodeDecodeError) as exc:
        stderr.write(f"{name}: cannot read: {getattr(exc, 'strerror', None) or exc}\n")
        return 1
    kind = KINDS[args.kind]
    if not body.strip():
        _report(name, args.kind, args.title, Diagnostic(0, "the diagram body is empty"), stderr)
        return 1
    try:
        diagram = kind.parse(body, args.title)
    except DiagramSyntaxError as exc:
        for finding in exc.diagnostics:
            _report(name, args.kind, args.title, finding, stderr)
        return 1
    for finding in kind.check(diagram):
        _report(name, args.kind, args.title, finding, stderr)

    from .rendering import render

    try:
        if args.to == "ascii":
            art = render("ascii", diagram, options)
            if art.degraded and options.ascii == "diagram":
                stderr.write(f"{name}: warning: {args.kind}: {art.degraded}\n")
            output = art.text
        elif args.to in ("svg", "rfc-svg"):
            output = render(args.to, diagram, options, args.font)
        else:
            output = _artset(diagram, options, args.font, name, args.kind, stderr, cdata=not args.no_cdata)
    except (RenderError, ValueError) as exc:
        stderr.write(f"{name}: {args.kind}: {exc}\n")
        return 1
    text = output.rstrip("\n") + "\n"
    if args.output is None:
        stdout.write(text)
        return 0
    try:
        # Written whole or not at all: make must not take a half file for up to date.
        with open(args.output + ".tmp", "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(args.output + ".tmp", args.output)
    except OSError as exc:
        stderr.write(f"{args.output}: cannot write: {exc.strerror or exc}\n")
        return 1
    return 0


def _artset(
    diagram: Diagram,
    options: RenderOptions,
    font: str | None,
    name: str,
    kind: str,
    stderr: TextIO,
    *,
    cdata: bool = True,
) -> str:
    from lxml import etree

    from .rfc.artset import build_artset
    from .rfc.vocabulary import indent

    result = build_artset(diagram, options, font)
    for problem in result.problems:
        stderr.write(f"{name}: warning: {kind}: {problem}\n")
    if not cdata:
        for artwork in result.element.iter("artwork"):
            if artwork.get("type") == "ascii-art" and artwork.text is not None:
                artwork.text = str(artwork.text)  # a plain string: lxml escapes it
    indent(result.element)
    return etree.tostring(result.element, encoding="unicode")


def _utf8(stream: TextIO, errors: str = "strict") -> TextIO:
    """Labels may be any text: write UTF-8 whatever the locale says."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):
            reconfigure(encoding="utf-8", errors=errors)
    return stream


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit status (0 ok, 1 errors, 2 usage)."""
    if stdout is None:
        stdout = _utf8(sys.stdout)
    if stderr is None:
        stderr = _utf8(sys.stderr, errors="backslashreplace")
    stdin = stdin or sys.stdin
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        if args.command is None:
            raise _UsageError("name a command: render (see 'protomodel --help')")
        return render_command(args, stdin, stdout, stderr)
    except _UsageError as exc:
        stderr.write(f"protomodel: error: {exc}\n")
        return 2
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)


if __name__ == "__main__":
    sys.exit(main())
