"""The ``model``, ``feature`` and ``modelindex`` directives.

``.. model:: NAME`` sets the current model for the rest of a document (like
``.. currentmodule::``), ``.. feature:: TITLE`` is a titled block whose body
counts for the features part of the current model, and ``.. modelindex::``
shows the reviewers' index of every model (filled in when the document is
resolved, see :mod:`.model_index`).
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_id

from ..checks.rules import PARTS
from .directives import current_model
from .nodes import FEATURE_KEY, MODEL_KEY

logger = logging.getLogger(__name__)

#: ``env.ref_context`` keys: the current model, and the title of the enclosing feature.


class protomodel_model_decl(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Where ``.. model::`` stood; recorded by the domain, then replaced by a plain target.

    Attributes: ``model``, ``summary``, ``requires`` (tuple of parts or ``None``).
    """


class protomodel_feature(nodes.container):  # noqa: N801 (docutils naming)
    """A feature block.  A container, so every writer shows it (Sphinx writers
    dispatch on the class hierarchy); the first child is its heading rubric.

    Attributes: ``model``, ``title``, ``kind``.
    """


class protomodel_modelindex(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Placeholder for the model index, replaced in ``doctree-resolved``."""


def parts_option(argument: str | None) -> tuple[str, ...]:
    """``:requires: features`` or ``problem, overview``; ``none`` for no required part."""
    words = [w for w in (argument or "").replace(",", " ").split() if w]
    if words == ["none"]:
        return ()
    if not words:
        raise ValueError(f"name the required parts ({', '.join(PARTS)}) or 'none'")
    unknown = [w for w in words if w not in PARTS]
    if unknown:
        raise ValueError(f"unknown part {unknown[0]!r}: the parts are {', '.join(PARTS)} (or 'none')")
    return tuple(p for p in PARTS if p in words)


class ModelDirective(SphinxDirective):
    """``.. model:: NAME``: the diagrams and features that follow belong to NAME."""

    has_content = False
    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict] = {
        "summary": directives.unchanged,
        "requires": parts_option,
    }

    def run(self) -> list[nodes.Node]:
        name = " ".join(self.arguments[0].split())
        self.env.ref_context[MODEL_KEY] = name
        node = protomodel_model_decl(
            model_name=name,
            summary=" ".join(self.options.get("summary", "").split()),
            requires=self.options.get("requires"),
        )
        self.set_source_info(node)
        node["ids"].append(make_id(self.env, self.state.document, "model", name))
        self.state.document.note_explicit_target(node)
        return [node]


class FeatureDirective(SphinxDirective):
    """``.. feature:: TITLE``: an important, unobvious feature, with a ``:kind:``."""

    has_content = True
    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict] = {
        "kind": directives.unchanged,
        "model": directives.unchanged_required,
        "name": directives.unchanged,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        title = " ".join(self.arguments[0].split())
        kind = " ".join(self.options.get("kind", "").split())
        model = current_model(self)
        node = protomodel_feature(
            model_name=model,
            title=title,
            kind=kind,
            classes=["protomodel-feature", *self.options.get("class", [])],
        )
        self.set_source_info(node)

        heading = nodes.rubric(title, classes=["protomodel-feature-heading"])
        inline, messages = self.parse_inline(title, lineno=self.lineno)
        heading += nodes.inline(title, "", *inline, classes=["protomodel-feature-title"])
        if kind:
            heading += nodes.Text(" ")
            heading += nodes.inline(kind, f"({kind})", classes=["protomodel-feature-kind"])
        self.set_source_info(heading)
        if "name" in self.options:
            self.add_name(heading)
        else:
            heading["ids"].append(make_id(self.env, self.state.document, "feature", title))
            self.state.document.note_explicit_target(heading)
        node += heading

        if not self.content:
            logger.warning(
                'feature "%s": the body is empty; say why this feature matters',
                title,
                location=self.get_location(),
                type="protomodel",
                subtype="feature",
            )
        # Diagrams in the body count for the features part (and the feature's model).
        context = self.env.ref_context
        changed = {FEATURE_KEY: title, **({MODEL_KEY: model} if "model" in self.options else {})}
        saved = {key: context.get(key) for key in changed}
        context.update(changed)
        try:
            self.state.nested_parse(self.content, self.content_offset, node)
        finally:
            for key, value in saved.items():
                if value is None:
                    context.pop(key, None)
                else:
                    context[key] = value
        return [node, *messages]


class ModelIndexDirective(SphinxDirective):
    """``.. modelindex::``: every model with its parts, diagrams and check status."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        # What it shows comes from every document: read (hence written) again in every build,
        # by every builder, even one sharing the doctrees with a builder that already did.
        self.env.note_reread()
        node = protomodel_modelindex()
        self.set_source_info(node)
        return [node]


MODEL_DIRECTIVES = {"model": ModelDirective, "feature": FeatureDirective, "modelindex": ModelIndexDirective}
