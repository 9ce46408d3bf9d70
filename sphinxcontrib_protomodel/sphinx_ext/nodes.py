"""The doctree node that carries a parsed diagram from reading to writing."""

from __future__ import annotations

import pickle
from typing import Any

from docutils import nodes


class protomodel_diagram(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """A diagram model inside a figure.

    Attributes: ``kind`` (ladder|problem|statemachine), ``diagram`` (the
    model dataclass), ``options`` (:class:`~..model.RenderOptions`),
    ``model`` (the protocol model it belongs to) and ``part``.
    Rendering happens at write time, in the visitor of each builder.

    Pickled (a doctree on disk), the diagram and its options are kept as
    pickled bytes and unpickled when first asked for: Sphinx unpickles every
    doctree of the project on every build to number the figures, and the
    models would be most of that work.
    """

    _PACKED = ("diagram", "options")

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        attributes = state["attributes"] = dict(state["attributes"])
        for key in self._PACKED:
            if key in attributes and not isinstance(attributes[key], bytes):
                attributes[key] = pickle.dumps(attributes[key], protocol=pickle.HIGHEST_PROTOCOL)
        return state

    def __getitem__(self, key: Any) -> Any:
        value = super().__getitem__(key)
        if key in self._PACKED and isinstance(value, bytes):
            value = self.attributes[key] = pickle.loads(value)
        return value


class protomodel_text_figure(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """A diagram's figure in the text builder, made after references are resolved.

    Sphinx's text writer indents every figure; this one keeps the ASCII art
    at the width it was laid out for.  Other figures keep Sphinx's visitor.
    """


#: ``env.ref_context`` keys: the current model (``.. model::``) and the feature being read.
MODEL_KEY = "protomodel:model"
FEATURE_KEY = "protomodel:feature"
