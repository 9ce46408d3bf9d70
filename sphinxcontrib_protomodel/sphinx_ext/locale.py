"""The extension's words in the reader's language, through Sphinx's gettext.

The message catalog is ``sphinxcontrib-protomodel``, looked up in
``sphinxcontrib_protomodel/locales/<language>/LC_MESSAGES/`` (registered in
``setup``) like Sphinx's own; a project can add one from its ``conf.py``
``setup(app)`` with ``app.add_message_catalog("sphinxcontrib-protomodel",
DIR)``.  Without a translation the English text is used.  Figure numbers
("Figure 1", "Abb. 1") follow ``numfig_format``, which Sphinx translates
itself.

Translate where a word is shown, not in module constants: ``_()`` called
once the catalog is registered returns a plain string, so a constant would
miss catalogs added later.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation, get_translator, is_translator_registered

MESSAGE_CATALOG = "sphinxcontrib-protomodel"
LOCALE_DIR = Path(__file__).parent.parent / "locales"

_gettext = get_translation(MESSAGE_CATALOG)


def _(message: str) -> str:
    """``message`` in the build's language (as is outside a build): always a plain string."""
    return str(_gettext(message))


def ngettext(singular: str, plural: str, n: int) -> str:
    """``singular`` or ``plural`` for ``n``, translated; English rules outside a build."""
    if is_translator_registered(MESSAGE_CATALOG):
        return get_translator(MESSAGE_CATALOG).ngettext(singular, plural, n)
    return singular if n == 1 else plural
