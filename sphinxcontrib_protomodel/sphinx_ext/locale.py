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

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sphinx.locale import get_translation, get_translator, is_translator_registered

MESSAGE_CATALOG = "sphinxcontrib-protomodel"
LOCALE_DIR = Path(__file__).parent.parent / "locales"

_gettext = get_translation(MESSAGE_CATALOG)

#: A translation asked for: ``[message]`` or ``[singular, plural, n]``, and its text.
Translation = tuple[list[str | int], str]

#: The translations asked for while :func:`recording`, by their arguments.
_RECORD: dict[tuple[str | int, ...], str] | None = None


def _(message: str) -> str:
    """``message`` in the build's language (as is outside a build): always a plain string."""
    text = str(_gettext(message))
    if _RECORD is not None:
        _RECORD[(message,)] = text
    return text


def ngettext(singular: str, plural: str, n: int) -> str:
    """``singular`` or ``plural`` for ``n``, translated; English rules outside a build."""
    if is_translator_registered(MESSAGE_CATALOG):
        text = get_translator(MESSAGE_CATALOG).ngettext(singular, plural, n)
    else:
        text = singular if n == 1 else plural
    if _RECORD is not None:
        _RECORD[(singular, plural, n)] = text
    return text


@contextlib.contextmanager
def recording() -> Iterator[list[Translation]]:
    """Collect the translations asked for in the ``with`` block (the list is filled when it ends).

    What is made of them (a page kept across builds) stays right while
    :func:`still_translated` holds: a catalog may change between builds.
    """
    global _RECORD
    outer, _RECORD = _RECORD, {}
    found: list[Translation] = []
    try:
        yield found
    finally:
        found += [(list(args), text) for args, text in _RECORD.items()]
        _RECORD = outer


def still_translated(translations: list[Translation]) -> bool:
    """Whether each of ``translations`` (as :func:`recording` gave them) gives the same text now."""
    for args, text in translations:
        if len(args) == 1 and isinstance(args[0], str):
            now = _(args[0])
        elif len(args) == 3 and isinstance(args[0], str) and isinstance(args[1], str) and isinstance(args[2], int):
            now = ngettext(args[0], args[1], args[2])
        else:
            return False
        if now != text:
            return False
    return True
