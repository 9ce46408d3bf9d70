from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

extensions = ["sphinxcontrib_protomodel"]
project = "Modelle"
language = "de"


def setup(app):
    """A German catalog for the extension's words, as a project or a translator would add one."""
    here = Path(__file__).parent
    target = here / "_locales" / "de" / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    with open(here / "protomodel-de.po", "rb") as po, open(target / "sphinxcontrib-protomodel.mo", "wb") as mo:
        write_mo(mo, read_po(po))
    app.add_message_catalog("sphinxcontrib-protomodel", str(here / "_locales"))
