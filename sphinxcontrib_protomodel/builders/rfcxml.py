"""``sphinx-build -b rfcxml SRC OUT``: Internet-Drafts as xml2rfc v3 XML.

One draft per entry of ``protomodel_rfc_documents`` (like ``latex_documents``:
``(start document, docName, {front matter overrides})``); by default one
draft from the root document.  Each draft is the start document with its
toctree inlined in order, written to ``OUT/<docName>.xml``: the file an
author submits to the IETF, or renders with xml2rfc (see the ``idtext``
builder, which does both).

Front matter comes from the ``protomodel_rfc_*`` config values; each draft's
dict overrides them (keys: title, abbrev, docName, category, ipr,
submissionType, consensus, area, workgroup, authors, date, keywords,
abstract, plus ``exclude`` (documents to leave out), ``normative`` and
``intro_title``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

import sphinx
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.errors import NoUri
from sphinx.util import logging
from sphinx.util.console import darkgreen
from sphinx.util.nodes import inline_all_toctrees

from ..rfc import ART_WIDTH

if TYPE_CHECKING:  # the writer's machinery is imported when a draft is written, not by every build
    from lxml import etree

    from ..rfc.front import DraftSettings
    from ..rfc.translator import DraftContext, RFCXMLTranslator

logger = logging.getLogger(__name__)

#: Per-draft keys that are not front matter.
_DRAFT_KEYS = ("exclude", "normative", "intro_title")

#: Config value -> DraftSettings field.
FRONT_CONFIG = {
    "protomodel_rfc_title": "title",
    "protomodel_rfc_abbrev": "abbrev",
    "protomodel_rfc_docname": "docname",
    "protomodel_rfc_category": "category",
    "protomodel_rfc_ipr": "ipr",
    "protomodel_rfc_submission_type": "submission_type",
    "protomodel_rfc_consensus": "consensus",
    "protomodel_rfc_area": "area",
    "protomodel_rfc_workgroup": "workgroup",
    "protomodel_rfc_authors": "authors",
    "protomodel_rfc_date": "date",
    "protomodel_rfc_keywords": "keywords",
    "protomodel_rfc_abstract": "abstract",
}


@dataclass
class Draft:
    """One draft to write: where it starts and what its front matter overrides."""

    startdoc: str
    docname: str
    overrides: dict[str, Any] = field(default_factory=dict)


@dataclass
class WrittenDraft:
    """A draft on disk, with what is needed to locate xml2rfc's messages."""

    path: Path
    startdoc: str
    #: (first line in the XML file, (source, line)), in file order
    lines: list[tuple[int, tuple[str, int] | None]]
    width_warned: set[tuple[str, int]]

    def origin(self, xml_line: int | None) -> tuple[str, int] | None:
        """The reST/Markdown source line the XML line ``xml_line`` came from."""
        if xml_line is None:
            return None
        found = None
        for line, origin in self.lines:
            if line > xml_line:
                break
            found = origin
        return found


class RFCXMLBuilder(Builder):
    """Writes each configured draft as xml2rfc v3 XML."""

    name = "rfcxml"
    format = "rfcxml"
    epilog = "The Internet-Draft XML files are in %(outdir)s."
    supported_image_types: ClassVar[list[str]] = ["image/svg+xml"]

    def init(self) -> None:
        from ..rfc.translator import RFCXMLTranslator

        # Not a class attribute: a build with another builder never imports the writer.
        self.default_translator_class = RFCXMLTranslator  # type: ignore[misc]
        self.docnames: set[str] = set()
        self.drafts: list[Draft] = []
        self.written: list[WrittenDraft] = []
        self.current_draft: DraftContext | None = None

    def get_outdated_docs(self) -> str:
        return "all documents"

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        if docname not in self.docnames:
            raise NoUri(docname, typ)
        return "%" + docname

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return self.get_target_uri(to, typ)

    def prepare_writing(self, docnames: Set[str]) -> None:
        self.drafts = self._configured_drafts()

    def _configured_drafts(self) -> list[Draft]:
        entries = self.config.protomodel_rfc_documents
        if not entries:
            return [Draft(self.config.root_doc, self.config.protomodel_rfc_docname or self._default_docname())]
        drafts = []
        for entry in entries:
            if not isinstance(entry, (list, tuple)) or not 2 <= len(entry) <= 3:
                logger.warning(
                    "rfcxml: each protomodel_rfc_documents entry is (start document, docName[, {overrides}]), not %r",
                    entry,
                    type="protomodel",
                    subtype="rfcxml",
                )
                continue
            start, docname = str(entry[0]), str(entry[1])
            overrides = dict(entry[2]) if len(entry) > 2 and entry[2] else {}
            if start not in self.env.all_docs:
                logger.warning(
                    "rfcxml: protomodel_rfc_documents names the unknown document %r",
                    start,
                    type="protomodel",
                    subtype="rfcxml",
                )
                continue
            drafts.append(Draft(start, docname, overrides))
        return drafts

    def _default_docname(self) -> str:
        from ..rfc.vocabulary import slug

        return f"draft-{slug(self.config.project) or 'untitled'}-00"

    def write_documents(self, docnames: Set[str]) -> None:
        for draft in self.drafts:
            written = self.write_draft(draft)
            if written is not None:
                self.written.append(written)
                self.draft_written(written)

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        """Nothing per document: each draft is written whole, by ``write_documents``."""

    if sphinx.version_info[:2] < (8, 1):

        def write(  # type: ignore[misc]  # final from Sphinx 8.1 on, where this branch is not taken
            self, build_docnames: Any, updated_docnames: Any, method: str = "update"
        ) -> None:
            """Sphinx 8.0 has no ``write_documents`` step; do what 8.1 and later do."""
            docnames = set(self.env.found_docs)
            self.prepare_writing(docnames)
            self.write_documents(docnames)

    def draft_written(self, draft: WrittenDraft) -> None:
        """Hook for builders that go on from the XML (``idtext``)."""

    # ------------------------------------------------------------ one draft

    def _settings(self, draft: Draft) -> DraftSettings:
        from ..rfc.front import settings_from

        config = self.config
        values: dict[str, Any] = {field: getattr(config, name) for name, field in FRONT_CONFIG.items()}
        values["docname"] = draft.docname
        if values.get("title") is None:
            title = self.env.titles.get(draft.startdoc)
            values["title"] = title.astext() if title is not None else config.project
        if values.get("authors") is None and config.author:
            values["authors"] = config.author
        front = {k: v for k, v in draft.overrides.items() if k not in _DRAFT_KEYS}
        settings, problems = settings_from(values, front)
        for problem in problems:
            logger.warning(
                "rfcxml: %s: %s", draft.docname, problem, location=draft.startdoc, type="protomodel", subtype="rfcxml"
            )
        return settings

    def assemble(self, draft: Draft) -> nodes.document:
        """The start document with every document of its toctree inlined, references resolved."""
        exclude = [str(d) for d in draft.overrides.get("exclude", ())]
        self.docnames = {draft.startdoc}
        tree = self.env.get_doctree(draft.startdoc)
        tree["docname"] = draft.startdoc
        largetree = inline_all_toctrees(
            self, self.docnames, draft.startdoc, tree, darkgreen, [draft.startdoc, *exclude]
        )
        largetree["docname"] = draft.startdoc
        self.env.resolve_references(largetree, draft.startdoc, self)
        for pending in list(largetree.findall(addnodes.pending_xref)):
            pending.replace_self(pending.children or [nodes.Text(pending.astext())])
        return largetree

    def write_draft(self, draft: Draft) -> WrittenDraft | None:
        from ..rfc.front import rfc_element
        from ..rfc.translator import DraftContext
        from ..rfc.vocabulary import indent, validate

        settings = self._settings(draft)
        config = self.config
        normative = draft.overrides.get("normative", config.protomodel_rfc_normative) or ()
        self.current_draft = DraftContext(
            root_doc=draft.startdoc,
            rfc_element=rfc_element(settings),
            intro_title=draft.overrides.get("intro_title", config.protomodel_rfc_intro_title),
            normative=frozenset(str(n) for n in normative),
            references=dict(config.protomodel_rfc_references or {}),
            art_width=config.protomodel_rfc_art_width,
            font=config.protomodel_font,
            srcdir=Path(self.srcdir),
        )
        doctree = self.assemble(draft)
        # The class registered for this builder: RFCXMLTranslator or a subclass (app.set_translator).
        translator = cast("RFCXMLTranslator", self.create_translator(doctree, self))
        doctree.walkabout(translator)
        root = translator.root
        indent(root)
        data = serialize(root, draft.startdoc)
        outdir = Path(self.outdir).resolve()
        path = (outdir / f"{draft.docname}.xml").resolve()
        if path.parent != outdir:  # config-inited refuses such names; never write outside outdir
            logger.warning(
                "rfcxml: not writing %r outside the output directory", str(path), type="protomodel", subtype="rfcxml"
            )
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        logger.info("rfcxml: wrote %s", path.name)
        from lxml import etree

        reparsed = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
        written = WrittenDraft(
            path, draft.startdoc, _line_origins(root, reparsed, translator.origins), translator.width_warned
        )
        # Raw rfcxml is the author's; anything else failing here is a bug of ours.
        for line, problem in validate(reparsed)[:10]:
            if not line:  # libxml2 gives dangling IDREFs no line: find the reference
                m = re.search(r'unknown ID "([^"]*)"', problem)
                hits = reparsed.xpath("//*[@target=$t]", t=m.group(1)) if m else []
                line = hits[0].sourceline if hits else 0
            origin = written.origin(line)
            logger.warning(
                "rfcxml: %s.xml breaks the xml2rfc v3 grammar at its line %d: %s",
                draft.docname,
                line,
                problem,
                location=f"{origin[0]}:{origin[1]}" if origin else draft.startdoc,
                type="protomodel",
                subtype="rfcxml",
            )
        return written


def serialize(root: etree._Element, startdoc: str) -> bytes:
    """The XML file: declaration, a note that it is generated, the draft."""
    header = (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        f"<!-- Generated by sphinxcontrib-protomodel from the Sphinx document {_comment_safe(startdoc)!s}.\n"
        "     Edit the sources and rebuild rather than this file. -->\n"
    )
    from lxml import etree

    return header.encode("utf-8") + etree.tostring(root, encoding="utf-8") + b"\n"


def _comment_safe(text: str) -> str:
    return text.replace("--", "- -")


def _line_origins(
    root: etree._Element, reparsed: etree._Element, origins: dict[etree._Element, tuple[str, int]]
) -> list[tuple[int, tuple[str, int] | None]]:
    """For each element of the written file: its line there and the source line it came from."""
    result: list[tuple[int, tuple[str, int] | None]] = []
    for original, parsed in zip(root.iter(), reparsed.iter(), strict=False):
        origin = None
        el: etree._Element | None = original
        while el is not None and origin is None:
            origin = origins.get(el)
            el = el.getparent()
        result.append((parsed.sourceline or 0, origin))
    return result


def _check_config(app: Sphinx, config: Any) -> None:
    date = config.protomodel_rfc_date
    if isinstance(date, datetime.datetime):
        config.protomodel_rfc_date = date.date()
    # Drafts keep straight quotes, as the text builder does: xml2rfc's text
    # output is read in terminals and diffed, and curly quotes add nothing.
    # A project that changed the value from Sphinx's default keeps its own.
    if config.smartquotes_excludes == config.values["smartquotes_excludes"].default:
        excludes = dict(config.smartquotes_excludes)
        builders = list(excludes.get("builders", []))
        excludes["builders"] = builders + [b for b in ("rfcxml", "idtext") if b not in builders]
        config.smartquotes_excludes = excludes


def register(app: Sphinx) -> None:
    """Config values and the ``rfcxml`` builder (called from the extension's setup)."""
    app.add_config_value("protomodel_rfc_documents", [], "", types=[list, tuple])
    for name, default in (
        ("protomodel_rfc_title", None),
        ("protomodel_rfc_abbrev", None),
        ("protomodel_rfc_docname", None),
        ("protomodel_rfc_category", "info"),
        ("protomodel_rfc_ipr", "trust200902"),
        ("protomodel_rfc_submission_type", "IETF"),
        ("protomodel_rfc_consensus", None),
        ("protomodel_rfc_area", None),
        ("protomodel_rfc_workgroup", None),
        ("protomodel_rfc_authors", None),
        ("protomodel_rfc_date", None),
        ("protomodel_rfc_keywords", []),
        ("protomodel_rfc_abstract", None),
        ("protomodel_rfc_normative", []),
        ("protomodel_rfc_references", {}),
        ("protomodel_rfc_intro_title", "Introduction"),
    ):
        app.add_config_value(name, default, "")
    app.add_config_value("protomodel_rfc_art_width", ART_WIDTH, "", types=[int])
    app.connect("config-inited", _check_config)
    app.add_builder(RFCXMLBuilder)


__all__ = ["Draft", "RFCXMLBuilder", "WrittenDraft", "register", "serialize"]
