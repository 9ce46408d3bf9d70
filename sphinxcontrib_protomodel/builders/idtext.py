"""``sphinx-build -b idtext SRC OUT``: Internet-Drafts as plain text, rendered by xml2rfc.

Builds each draft's v3 XML exactly as the ``rfcxml`` builder does, then runs
xml2rfc's library on it (offline: the references are in the XML) to write
``OUT/<docName>.txt``, paginated as xml2rfc paginates drafts.  The XML stays
beside the text, so the author can submit either.  Everything xml2rfc says
becomes a Sphinx warning at the source line the XML came from.
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx
from sphinx.util import logging

from .rfcxml import RFCXMLBuilder, WrittenDraft

logger = logging.getLogger(__name__)

#: xml2rfc's complaints about width, which the rfcxml writer has already located.
_WIDTH_MESSAGE = re.compile(r"too wide, reducing indentation|Too long line found", re.IGNORECASE)


class IDTextBuilder(RFCXMLBuilder):
    """The ``rfcxml`` builder followed by xml2rfc's text writer."""

    name = "idtext"
    format = "rfcxml"  # diagrams reach the writer intact, captions unnumbered
    epilog = "The Internet-Drafts (text, and the XML they were made from) are in %(outdir)s."

    def draft_written(self, draft: WrittenDraft) -> None:
        from ..rfc.xml2rfc_run import run

        result = run(draft.path, ("text",))
        for message in result.messages:
            origin = draft.origin(message.line)
            if origin in draft.width_warned and _WIDTH_MESSAGE.search(message.text):
                continue
            if origin is not None:
                location = f"{origin[0]}:{origin[1]}"
            elif message.line:
                location = f"{draft.path}:{message.line}"
            else:
                location = draft.startdoc
            label = "error" if message.level == "error" else "warning"
            logger.warning(
                "xml2rfc %s: %s", label, message.text, location=location, type="protomodel", subtype="xml2rfc"
            )
        if "text" in result.outputs:
            logger.info("idtext: wrote %s", result.outputs["text"].name)


def register(app: Sphinx) -> None:
    """The ``idtext`` builder (its config is the ``rfcxml`` builder's)."""
    app.add_builder(IDTextBuilder)


__all__ = ["IDTextBuilder", "register"]
