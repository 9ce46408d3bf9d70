"""The diagram directives: body text -> model -> figure node."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_id

from ..kinds import ENGINES, KINDS
from ..model import Diagnostic, Diagram, ModelError, RenderError, RenderOptions
from .nodes import protomodel_diagram

logger = logging.getLogger(__name__)

#: Part of a model each diagram kind counts for, outside a ``feature``.
PART_OF_KIND = {"problem": "problem", "ladder": "overview", "statemachine": "overview"}
#: Caption of a diagram with neither a title nor ``:caption:``.
DEFAULT_CAPTIONS = {"problem": "Parties and trust", "ladder": "Message flow", "statemachine": "State machine"}


def _positive_width(argument: str) -> int:
    value = directives.positive_int(argument)
    if value < 20:
        raise ValueError("the width must be at least 20 columns")
    return value


def current_model(directive: SphinxDirective) -> str:
    """The model a directive belongs to: ``:model:``, ``.. model::`` or the document."""
    explicit = directive.options.get("model")
    if explicit:
        return explicit
    return directive.env.ref_context.get("protomodel:model") or directive.env.docname


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
        "width": _positive_width,
        "class": directives.class_option,
        "align": lambda arg: directives.choice(arg, ("left", "center", "right")),
        "engine": lambda arg: directives.choice(arg, ENGINES),
    }

    def run(self) -> list[nodes.Node]:
        title = self.arguments[0] if self.arguments else ""
        if not self.content:
            return self._failed(title, [Diagnostic(0, "the diagram body is empty")])
        try:
            diagram = KINDS[self.kind].parse("\n".join(self.content), title)
        except ModelError as exc:
            return self._failed(title, exc.diagnostics)
        for finding in KINDS[self.kind].check(diagram):
            self._warn(title, finding)

        options = self.render_options()
        self.check_rendering(title, diagram, options)
        node = protomodel_diagram(
            kind=self.kind,
            diagram=diagram,
            options=options,
            model=current_model(self),
            part="features" if self.env.ref_context.get("protomodel:feature") else PART_OF_KIND[self.kind],
        )
        self.set_source_info(node)
        figure = nodes.figure(
            "", node, classes=["protomodel", f"protomodel-{self.kind}", *self.options.get("class", [])]
        )
        self.set_source_info(figure)
        if "align" in self.options:
            figure["align"] = self.options["align"]
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

    def check_rendering(self, title: str, diagram: Diagram, options: RenderOptions) -> None:
        """Warn at the directive's line about a rendering the options ask for but cannot have (default: none)."""

    def render_options(self) -> RenderOptions:
        width = self.options.get("width", self.config.protomodel_text_width)
        engine = self.options.get("engine", self.config.protomodel_engine)
        engine = engine if engine in ENGINES else "native"
        return RenderOptions(width=width, engine=engine)

    # ------------------------------------------------------------ errors

    def _location(self, line: int) -> str:
        """``file:line`` of body line ``line`` (0: the directive itself)."""
        source, lineno = self.get_source_info()
        if 0 < line <= len(self.content):
            if type(self.state).__module__.startswith("myst_parser"):
                # MyST numbers content lines from 0; content_offset counts from
                # the line before the first body line, relative to self.lineno.
                return f"{source}:{self.lineno + self.content_offset + line}"
            content_source, offset = self.content.info(line - 1)
            if content_source is not None and offset is not None:
                return f"{content_source}:{offset + 1}"
        return f"{source}:{lineno}"

    def _message(self, title: str, finding: Diagnostic) -> str:
        name = f'{self.kind} "{title}"' if title else self.kind
        return f"{name}: {finding.message}"

    def _warn(self, title: str, finding: Diagnostic) -> None:
        logger.warning(
            self._message(title, finding), location=self._location(finding.line), type="protomodel", subtype=self.kind
        )

    def _failed(self, title: str, findings: list[Diagnostic]) -> list[nodes.Node]:
        """Warn about each error and stand an error box in for the diagram."""
        box = nodes.error(classes=["protomodel-error"])
        for finding in findings:
            self._warn(title, finding)
            where = self._location(finding.line).rsplit(":", 1)[-1]
            box += nodes.paragraph("", f"line {where}: {self._message(title, finding)}")
        self.set_source_info(box)
        return [box]


class LadderDirective(DiagramDirective):
    kind = "ladder"
    option_spec: ClassVar[dict] = {
        **DiagramDirective.option_spec,
        "style": lambda arg: directives.choice(arg, ("columns", "lifelines")),
    }

    def render_options(self) -> RenderOptions:
        return replace(super().render_options(), style=self.options.get("style"))


class ProblemDirective(DiagramDirective):
    kind = "problem"
    option_spec: ClassVar[dict] = {
        **DiagramDirective.option_spec,
        "direction": lambda arg: directives.choice(arg, ("right", "down")),
    }

    def render_options(self) -> RenderOptions:
        return replace(super().render_options(), direction=self.options.get("direction", "right"))


class StateMachineDirective(DiagramDirective):
    kind = "statemachine"
    option_spec: ClassVar[dict] = {
        **DiagramDirective.option_spec,
        "ascii": lambda arg: directives.choice(arg, ("auto", "diagram", "table")),
        "labels": lambda arg: directives.choice(arg, ("auto", "slash", "rule")),
    }

    def render_options(self) -> RenderOptions:
        return replace(
            super().render_options(), ascii=self.options.get("ascii", "auto"), labels=self.options.get("labels", "auto")
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
