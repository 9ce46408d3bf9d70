"""The doctree node that carries a parsed diagram from reading to writing."""

from __future__ import annotations

from typing import Any

from docutils import nodes


class protomodel_diagram(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """A diagram model inside a figure.

    Attributes: ``kind`` (ladder|problem|statemachine), ``packed`` (a
    :class:`~..diagrams.PackedDiagram`: the model dataclass and its
    :class:`~..diagrams.RenderOptions`, read as ``node["diagram"]`` and
    ``node["options"]``), ``model`` (the protocol model it belongs to) and
    ``part``.  Rendering happens at write time, in the visitor of each builder.
    """

    _UNPACKED = ("diagram", "options")

    def __getitem__(self, key: Any) -> Any:
        if key in self._UNPACKED:
            return self.attributes["packed"].value[self._UNPACKED.index(key)]
        return super().__getitem__(key)


class protomodel_text_figure(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """A diagram's figure in the text builder, made after references are resolved.

    Sphinx's text writer indents every figure; this one keeps the ASCII art
    at the width it was laid out for.  Other figures keep Sphinx's visitor.
    """


#: ``env.ref_context`` keys: the current model (``.. model::``) and the feature being read.
MODEL_KEY = "protomodel:model"
FEATURE_KEY = "protomodel:feature"
