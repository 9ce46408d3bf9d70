"""doctree -> xml2rfc v3 XML (RFC 7991), as a Sphinx translator.

The builder hands over one doctree per draft, every document of the draft
inlined in toctree order.  The translator keeps a stack of the XML elements
it is filling, asks :mod:`..vocabulary` before nesting anything, and falls
back to the nearest readable form (with a warning at the source line) where
the vocabulary has no equivalent, so that what it writes is always valid.

Mapping, in short: sections -> ``<section>`` (xml2rfc numbers them);
paragraphs -> ``<t>``; lists -> ``<ul>/<ol>/<dl>``; tables -> ``<table>``;
literal blocks -> ``<sourcecode>``; admonitions and topics -> ``<aside>``;
emphasis/strong/literal -> ``<em>/<strong>/<tt>``; internal references ->
``<xref>``; links -> ``<eref>``; ``:rfc:`` and citations -> ``<xref>`` to a
generated ``<references>`` section; diagrams -> ``<figure>`` with an
``<artset>`` (RFC-profile SVG and the ASCII art of the text output).

The root document's title is the draft's title (front matter); its own
text becomes the first section ("Introduction").

- :mod:`.anchors`: the pre-pass (which ids are referenced, which anchors
  citations take) and the resolution of ``<xref>`` targets at the end;
- :mod:`.base`: the translator's state and shared helpers (the element
  stack, where a block may go, anchoring, warnings);
- :mod:`.blocks`, :mod:`.inline`, :mod:`.figures`: the visit methods, by family;
- :mod:`.visitor`: :class:`RFCXMLTranslator`, all of them together.

The steps that need only the XML are in :mod:`..postprocess`.
"""

from __future__ import annotations

from .anchors import Anchors
from .base import DraftContext
from .visitor import RFCXMLTranslator

__all__ = ["Anchors", "DraftContext", "RFCXMLTranslator"]
