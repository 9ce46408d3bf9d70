"""Internet-Draft output: the xml2rfc v3 vocabulary (RFC 7991) and its tools.

- :mod:`.vocabulary`: which element may contain which, anchors, clean text.
- :mod:`.artset`: a diagram as ``<artset>`` (RFC-profile SVG + ASCII art).
- :mod:`.front`: front matter (title, authors, docName...) from settings.
- :mod:`.references`: the ``<reference>`` entries citations produce.
- :mod:`.xml2rfc_run`: xml2rfc's library run offline (text, HTML).
- :mod:`.postprocess`: the last steps on the XML alone (references section,
  empty containers, dangling references).
- :mod:`.translator`: the Sphinx translator, doctree -> v3 XML (a package:
  anchors and references, shared state, visit methods by family).

Everything but the translator is free of Sphinx and docutils, so the command
line can build an ``<artset>`` without loading Sphinx.
"""

#: Columns xml2rfc leaves for a figure in a section: 72 minus its 3-column indent.
ART_WIDTH = 69
