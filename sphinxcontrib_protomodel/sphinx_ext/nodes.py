"""The doctree node that carries a parsed diagram from reading to writing."""

from __future__ import annotations

from docutils import nodes


class protomodel_diagram(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """A diagram model inside a figure.

    Attributes: ``kind`` (ladder|problem|statemachine), ``diagram`` (the
    model dataclass), ``options`` (:class:`~..model.RenderOptions`),
    ``model`` (the protocol model it belongs to) and ``part``.
    Rendering happens at write time, in the visitor of each builder.
    """
