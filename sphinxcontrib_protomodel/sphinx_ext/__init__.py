"""Sphinx glue: configuration, directives, nodes and visitors, wired in ``setup``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Aliased: importing the submodule ``.nodes`` rebinds ``nodes`` in this package.
from docutils import nodes as docutils_nodes
from sphinx.addnodes import number_reference, start_of_file
from sphinx.application import Sphinx
from sphinx.config import Config

from .. import __version__
from .directives import DIRECTIVES
from .domain import setup_models
from .locale import LOCALE_DIR, MESSAGE_CATALOG
from .nodes import protomodel_diagram, protomodel_text_figure
from .visitors import as_literal_block, html_visit, latex_visit, text_depart_figure, text_visit, text_visit_figure

STATIC = Path(__file__).parent.parent / "static"

#: Builder formats whose writers draw diagrams themselves; every other
#: builder (man, texinfo, xml, ...) gets the ASCII art as a literal block.
DRAWING_FORMATS = frozenset({"html", "latex", "text", "rfcxml"})
#: Builder formats that print figure numbers themselves.
NUMBERING_FORMATS = frozenset({"html", "latex", "rfcxml"})


def _config_inited(app: Sphinx, config: Config) -> None:
    """Number figures: every diagram is a numbered figure.

    ``numfig`` is turned on (Sphinx numbers only when it is).  An English
    project's figures read ``Figure N`` as in RFCs, unless ``numfig_format``
    names its own ``figure`` format; other languages get Sphinx's translated
    prefix (``Abb. %s`` in German), which Sphinx fills in after this handler.
    """
    config.numfig = True
    if "figure" not in config.numfig_format and (config.language or "en").split("_")[0].lower() == "en":
        config.numfig_format = {**config.numfig_format, "figure": "Figure %s"}
    # Here, not at builder-inited: the value pickled with the environment
    # then equals the next build's, so rebuilds don't report a changed config.
    if str(STATIC) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC)]


def _doctree_resolved(app: Sphinx, doctree: docutils_nodes.document, docname: str) -> None:
    fmt = app.builder.format
    if fmt not in NUMBERING_FORMATS:
        _number_captions(app, doctree, docname)
        # Sphinx's text, man and texinfo writers print a :numref:'s format
        # string ("Figure %s") instead of its resolved text.
        for ref in doctree.findall(number_reference):
            ref["title"] = ref.astext()
    if fmt == "man":
        # The man writer ends a caption with no newline, so the figure's
        # closing ".UNINDENT" would print as text after it: make it a paragraph.
        for figure, _origin in _diagram_figures(doctree, docname):
            for caption in list(figure.findall(docutils_nodes.caption)):
                caption.replace_self(docutils_nodes.paragraph("", "", *caption.children, classes=["caption"]))
    if fmt == "text":
        # Our figures only: the art keeps its own width (Sphinx indents figures by 3).
        for figure in list(doctree.findall(docutils_nodes.figure)):
            if "protomodel" in figure["classes"]:
                text_figure = protomodel_text_figure("", *figure.children, **figure.attributes)
                figure.replace_self(text_figure)
    if fmt not in DRAWING_FORMATS:
        for node in list(doctree.findall(protomodel_diagram)):
            node.replace_self(as_literal_block(node))


def _number_captions(app: Sphinx, doctree: docutils_nodes.document, docname: str) -> None:
    """Prefix ``Figure N:`` to diagram captions for writers that print no numbers.

    man and texinfo join a project's documents into one tree; each figure is
    numbered in the document it came from (its ``start_of_file``).
    """
    prefix = app.config.numfig_format.get("figure") or "Figure %s"
    for figure, origin in _diagram_figures(doctree, docname):
        number = app.env.toc_fignumbers.get(origin, {}).get("figure", {}).get(figure["ids"][0])
        caption = next(iter(figure.findall(docutils_nodes.caption)), None)
        if number and caption is not None:
            caption.insert(0, docutils_nodes.Text(str(prefix) % ".".join(map(str, number)) + ": "))


def _diagram_figures(node: docutils_nodes.Element, docname: str) -> Iterator[tuple[docutils_nodes.figure, str]]:
    """Our figures under ``node`` with the document each comes from.

    Walked from the top: ``inline_all_toctrees`` moves a document's nodes
    under its ``start_of_file`` without updating their ``parent``.
    """
    for child in node.children:
        if isinstance(child, start_of_file):
            yield from _diagram_figures(child, child["docname"])
        elif isinstance(child, docutils_nodes.figure) and "protomodel" in child["classes"] and child["ids"]:
            yield child, docname
        elif isinstance(child, docutils_nodes.Element):
            yield from _diagram_figures(child, docname)


def _builder_inited(app: Sphinx) -> None:
    """Keep renderings beside the doctrees, so that rebuilds skip the engines."""
    from ..rendering import configure_cache

    configure_cache(Path(app.doctreedir) / "protomodel-cache")


def _add_assets(app: Sphinx) -> None:
    """Stylesheet and copy-button script, copied with the theme's static files.

    Copying through ``html_static_path`` (not at build-finished) puts them in
    EPUB packages too.  EPUB pages get no script: a scripted page needs a
    manifest property that Sphinx does not write.
    """
    if app.builder.format == "html" and app.builder.name != "epub":
        app.add_js_file("protomodel.js", loading_method="defer")


def setup_prefetch(app: Sphinx) -> None:
    """Render a build's diagrams on every core before writing (``protomodel_render_workers``)."""
    from .prefetch import setup_prefetch as _setup_prefetch

    _setup_prefetch(app)


def setup_builders(app: Sphinx) -> None:
    """The builders: ``modelcheck``, and for Internet-Drafts ``rfcxml`` and ``idtext`` with their config."""
    from ..builders import idtext, modelcheck, rfcxml

    modelcheck.register(app)
    rfcxml.register(app)
    idtext.register(app)


def setup(app: Sphinx) -> dict[str, Any]:
    from .characters import setup_characters
    from .config import setup_config

    setup_config(app)
    setup_characters(app)
    app.add_config_value("protomodel_text_width", 72, "env", types=[int])
    app.add_config_value("protomodel_font", None, "html", types=[str, type(None)])
    # "native": graphics drawn from the same layout as the ASCII art; "diag": seqdiag/blockdiag.
    app.add_config_value("protomodel_engine", "native", "env", types=[str])
    app.connect("config-inited", _config_inited, priority=700)
    app.connect("builder-inited", _builder_inited)
    app.connect("builder-inited", _add_assets)
    app.add_node(
        protomodel_diagram,
        html=(html_visit, None),
        latex=(latex_visit, None),
        text=(text_visit, None),
    )
    app.add_node(protomodel_text_figure, text=(text_visit_figure, text_depart_figure))
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    setup_models(app)
    from .model_index import setup_model_index

    setup_model_index(app)
    setup_builders(app)
    setup_prefetch(app)
    app.connect("doctree-resolved", _doctree_resolved)
    app.add_css_file("protomodel.css")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
