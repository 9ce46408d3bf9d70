"""The diagram directives: body text -> model -> figure node."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_id

from ..diagrams import (
    MAX_WIDTH,
    MIN_WIDTH,
    Diagnostic,
    Diagram,
    DiagramSyntaxError,
    PackedDiagram,
    RenderError,
    RenderOptions,
)
from ..kinds import ENGINES, KINDS
from ..parsing.lines import visible
from .nodes import FEATURE_KEY, MODEL_KEY, protomodel_diagram

logger = logging.getLogger(__name__)

#: Part of a model each diagram kind counts for, outside a ``feature``.
PART_OF_KIND = {"problem": "problem", "ladder": "overview", "statemachine": "overview"}
#: Caption of a diagram with neither a title nor ``:caption:``.
DEFAULT_CAPTIONS = {"problem": "Parties and trust", "ladder": "Message flow", "statemachine": "State machine"}


def _positive_width(argument: str) -> int:
    value = directives.positive_int(argument)
    if not MIN_WIDTH <= value <= MAX_WIDTH:
        raise ValueError(f"the width must be from {MIN_WIDTH} to {MAX_WIDTH} columns")
    return value


_LENGTH = re.compile(r"[\d.]+\s*(%|px|em|ex|rem|pt|pc|cm|mm|in|vw)", re.I)


def _width_problem(value: str) -> str | None:
    """What is wrong with a ``:width:`` value (columns of ASCII art), or ``None``."""
    try:
        _positive_width(value)
    except ValueError as exc:
        if value.isdigit():
            return f":width: {value}: {exc}"
        wrong = f":width: is the ASCII art's width in columns (a whole number), not {value!r}"
        if _LENGTH.fullmatch(value):
            return f"{wrong}; for the picture's size use :figwidth: {value}"
        return wrong
    return None


def _text(argument: str | None) -> str:
    """An option's text, checked later in ``run()``: a bad value must not drop the diagram."""
    return (argument or "").strip()


#: Largest file ``:file:`` reads (a diagram body is a few kilobytes).
MAX_FILE_BYTES = 1_000_000

#: Options with a fixed set of values, per directive (``run()`` checks them).
CHOICES: dict[str, tuple[str, ...]] = {
    "align": ("left", "center", "right"),
    "style": ("columns", "lifelines"),
    "direction": ("right", "down"),
    "ascii": ("auto", "diagram", "table"),
    "labels": ("auto", "slash", "rule"),
    "engine": ENGINES,
}


def current_model(directive: SphinxDirective) -> str:
    """The model a directive belongs to: ``:model:``, ``.. model::`` or the document."""
    explicit = directive.options.get("model")
    if explicit:
        return explicit
    return directive.env.ref_context.get(MODEL_KEY) or directive.env.docname


class DiagramDirective(SphinxDirective):
    """Common behaviour of ``ladder``, ``problem`` and ``statemachine``."""

    kind: ClassVar[str]
    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict] = {
        "name": directives.unchanged,
        "caption": directives.unchanged,
        "model": directives.unchanged_required,
        "width": _text,
        "class": directives.class_option,
        "align": _text,
        "alt": directives.unchanged,
        "engine": _text,
        "figwidth": _text,
        "file": _text,
    }

    #: Where the body came from when ``:file:`` names it (absolute path), else ``None``.
    body_file: str | None = None

    def run(self) -> list[nodes.Node]:
        title = self.arguments[0] if self.arguments else ""
        self.check_options(title)
        if self.options.get("file"):
            content = self._read_file(title, self.options["file"])
            if content is None:
                return self._failed_at(title, self._option_location("file"), "the diagram has no body")
            self.content = content
        if not self.content:
            return self._failed(title, [Diagnostic(0, "the diagram body is empty")])
        try:
            diagram = KINDS[self.kind].parse("\n".join(self.content), title)
        except DiagramSyntaxError as exc:
            return self._failed(title, exc.diagnostics)
        for finding in KINDS[self.kind].check(diagram):
            self._warn(title, finding)

        options = self.render_options()
        self.check_rendering(title, diagram, options)
        node = protomodel_diagram(
            kind=self.kind,
            packed=PackedDiagram(diagram, options),
            model_name=current_model(self),
            part=self._part(),
        )
        if self.options.get("alt", "").strip():
            node["alt"] = " ".join(self.options["alt"].split())
        self.set_source_info(node)
        figure = nodes.figure(
            "", node, classes=["protomodel", f"protomodel-{self.kind}", *self.options.get("class", [])]
        )
        self.set_source_info(figure)
        if self.options.get("align"):
            figure["align"] = self.options["align"]
        if self.options.get("figwidth"):
            # checked in check_options; a unitless number is pixels, as for figure
            figure["width"] = directives.length_or_percentage_or_unitless(self.options["figwidth"], "px")
        # Sphinx numbers only captioned figures; every diagram is a numbered figure.
        caption_text = self.options.get("caption") or title or DEFAULT_CAPTIONS[self.kind]
        inline, messages = self.parse_inline(caption_text, lineno=self.lineno)
        caption = nodes.caption(caption_text, "", *inline)
        self.set_source_info(caption)
        figure += caption
        if "name" in self.options:
            self.add_name(figure)
        else:
            figure["ids"].append(make_id(self.env, self.state.document, self.kind, title or self.kind))
            self.state.document.note_explicit_target(figure)
        return [figure, *messages]

    def _part(self) -> str:
        """The model part this diagram counts for."""
        return "features" if self.env.ref_context.get(FEATURE_KEY) else PART_OF_KIND[self.kind]

    def check_rendering(self, title: str, diagram: Diagram, options: RenderOptions) -> None:
        """Warn at the directive's line about a rendering the options ask for but cannot have (default: none)."""

    def render_options(self) -> RenderOptions:
        width = int(self.options["width"]) if self.options.get("width") else self.config.protomodel_text_width
        engine = self.options.get("engine") or self.config.protomodel_engine  # the config value is checked
        return RenderOptions(width=width, engine=engine)

    # ------------------------------------------------------------ options

    def check_options(self, title: str) -> None:
        """Check the option values ``option_spec`` passed on as text.

        A bad value is a warning at its own line naming the right option; the
        option is then dropped, so the diagram renders with its default.
        """
        for name, value in list(self.options.items()):
            problem = self._option_problem(name, value)
            if problem is not None:
                self._warn_at(title, self._option_location(name), f"{problem}; the default applies")
                del self.options[name]

    def _option_problem(self, name: str, value: str) -> str | None:
        """What is wrong with ``:name: value``, or ``None``."""
        if name == "width":
            return _width_problem(value)
        if name == "figwidth":
            try:
                directives.length_or_percentage_or_unitless(value, "px")
            except ValueError:
                return f":figwidth: is the picture's width as a length such as 400px, 12em or 50%, not {value!r}"
            return None
        if name == "file" and not value:
            return ":file: needs a file name (relative to the document, as flows/handshake.ladder)"
        if name in CHOICES and name in self.option_spec and value not in CHOICES[name]:
            choices = CHOICES[name]
            return f":{name}: is {', '.join(choices[:-1])} or {choices[-1]}, not {value!r}"
        return None

    def _option_location(self, name: str) -> str:
        """``file:line`` of option ``:name:`` (in a MyST fence also ``name:`` in its YAML block)."""
        source, lineno = self.get_source_info()
        lines = self.block_text.splitlines()
        pattern = re.compile(rf"\s*(:{re.escape(name)}:|{re.escape(name)}\s*:)")
        # The block text starts at the directive's line (reStructuredText and MyST alike).
        for index, line in enumerate(lines[1:], start=1):
            if pattern.match(line):
                return f"{source}:{self.lineno + index}"
        return f"{source}:{lineno}"

    def _read_file(self, title: str, name: str) -> StringList | None:
        """The body from ``:file:``: relative to the document, inside the source directory.

        The file becomes a dependency of the document, so editing it rebuilds
        the page; ``None`` (with a warning at the option's line) if it cannot be read.
        """
        where = self._option_location("file")
        relative, absolute = self.env.relfn2path(name, self.env.docname)
        srcdir = Path(self.env.srcdir).resolve()
        path = Path(absolute).resolve()
        if not path.is_relative_to(srcdir):
            self._warn_at(title, where, f":file: {name!r} is outside the source directory")
            return None
        self.env.note_dependency(relative)
        if self.content:
            self._warn_at(title, where, ":file: and a body both give the diagram; the file is used")
        try:
            if path.exists() and not path.is_file():
                self._warn_at(title, where, f":file: {name!r} is not a regular file")
                return None
            if path.exists() and path.stat().st_size > MAX_FILE_BYTES:
                size = path.stat().st_size
                self._warn_at(
                    title, where, f":file: {name!r} has {size} bytes; a diagram body has at most {MAX_FILE_BYTES}"
                )
                return None
            text = path.read_text(encoding=self.config.source_encoding)
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self._warn_at(title, where, f"cannot read :file: {name!r}: {reason}")
            return None
        if text.startswith("\ufeff"):
            text = text[1:]
        self.body_file = str(path)
        return StringList(text.splitlines(), source=str(path))

    # ------------------------------------------------------------ errors

    def _body_location(self, line: int) -> str:
        """``file:line`` of body line ``line`` (0: the directive itself)."""
        source, lineno = self.get_source_info()
        if 0 < line <= len(self.content):
            if self.body_file is None and type(self.state).__module__.startswith("myst_parser"):
                # MyST numbers content lines from 0; content_offset counts from
                # the line before the first body line, relative to self.lineno.
                return f"{source}:{self.lineno + self.content_offset + line}"
            content_source, offset = self.content.info(line - 1)
            if content_source is not None and offset is not None:
                return f"{content_source}:{offset + 1}"
        return f"{source}:{lineno}"

    def _message(self, title: str, finding: Diagnostic) -> str:
        name = f'{self.kind} "{visible(title)}"' if title else self.kind
        return f"{name}: {finding.message}"

    def _warn(self, title: str, finding: Diagnostic) -> None:
        logger.warning(
            self._message(title, finding),
            location=self._body_location(finding.line),
            type="protomodel",
            subtype=self.kind,
        )

    def _warn_at(self, title: str, location: str, message: str) -> None:
        logger.warning(
            self._message(title, Diagnostic(0, message)), location=location, type="protomodel", subtype=self.kind
        )

    def _failed_at(self, title: str, location: str, message: str) -> list[nodes.Node]:
        """An error box for a diagram that could not be made (already warned about at ``location``)."""
        box = nodes.error(classes=["protomodel-error"])
        where = location.rsplit(":", 1)[-1]
        box += nodes.paragraph("", f"line {where}: {self._message(title, Diagnostic(0, message))}")
        self.set_source_info(box)
        return [box]

    def _failed(self, title: str, findings: list[Diagnostic]) -> list[nodes.Node]:
        """Warn about each error and stand an error box in for the diagram."""
        box = nodes.error(classes=["protomodel-error"])
        # what the model check needs to name the diagram that did not parse
        box["protomodel_kind"] = self.kind
        box["protomodel_model"] = current_model(self)
        box["protomodel_part"] = self._part()
        box["protomodel_title"] = title
        for finding in findings:
            self._warn(title, finding)
            where = self._body_location(finding.line).rsplit(":", 1)[-1]
            if self.body_file is not None and finding.line > 0:
                where = f"{where} of {self.options['file']}"
            box += nodes.paragraph("", f"line {where}: {self._message(title, finding)}")
        self.set_source_info(box)
        return [box]


class LadderDirective(DiagramDirective):
    kind = "ladder"
    option_spec: ClassVar[dict] = {
        **DiagramDirective.option_spec,
        "style": _text,
    }

    def render_options(self) -> RenderOptions:
        return replace(super().render_options(), style=self.options.get("style") or None)


class ProblemDirective(DiagramDirective):
    kind = "problem"
    option_spec: ClassVar[dict] = {
        **DiagramDirective.option_spec,
        "direction": _text,
    }

    def render_options(self) -> RenderOptions:
        return replace(super().render_options(), direction=self.options.get("direction") or "right")


class StateMachineDirective(DiagramDirective):
    kind = "statemachine"
    option_spec: ClassVar[dict] = {
        **DiagramDirective.option_spec,
        "ascii": _text,
        "labels": _text,
    }

    def render_options(self) -> RenderOptions:
        return replace(
            super().render_options(),
            ascii=self.options.get("ascii") or "auto",
            labels=self.options.get("labels") or "auto",
        )

    def check_rendering(self, title: str, diagram: Diagram, options: RenderOptions) -> None:
        """``:ascii: diagram`` wider than ``:width:``: a warning that says the width needed."""
        if options.ascii != "diagram":
            return
        from ..rendering import render  # the cached entry point: the builders reuse this rendering

        try:
            art = render("ascii", diagram, options)
        except RenderError:
            return  # reported where the figure is written
        if art.degraded:
            self._warn(title, Diagnostic(0, art.degraded, "warning"))


DIRECTIVES = {"ladder": LadderDirective, "problem": ProblemDirective, "statemachine": StateMachineDirective}
