"""The reviewers' model index: every model, its three parts, its diagrams and check status.

One table, built from the domain's registry with the same rules as the
``modelcheck`` builder, shown in two places:

- ``protomodel-index.html``: a page of its own in HTML builds (like
  ``genindex``), reachable as ``:ref:`protomodel-index``` and from the
  related-links bar;
- wherever a document says ``.. modelindex::``, in every output format.

Class names are semantic (``protomodel-index``, ``protomodel-status-error``,
``protomodel-part-missing``, ...) so a stylesheet can take it from there.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

import docutils
import sphinx
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri

from ..checks.rules import PARTS, DiagramRecord, FeatureRecord, Finding, ProtocolModel, model_status
from .domain import INDEX_PAGE, INDEX_TITLE, ProtomodelDomain
from .locale import Translation, _, ngettext, recording, still_translated
from .model_directives import protomodel_modelindex

#: Column headings (translated where shown: a module constant would be translated too early).
HEADINGS = ("Model", "Problem", "Overview", "Features", "Check")


def _domain(env: BuildEnvironment) -> ProtomodelDomain:
    return env.domains["protomodel"]  # type: ignore[return-value]


def status_text(findings: list[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    parts = [ngettext("%d error", "%d errors", errors) % errors] if errors else []
    parts += [ngettext("%d warning", "%d warnings", warnings) % warnings] if warnings else []
    return ", ".join(parts) or _("ok")


class ModelIndexRenderer:
    """Builds the index table for one document (links are relative to it)."""

    def __init__(self, app: Sphinx, fromdocname: str) -> None:
        self.app = app
        # An Internet-Draft gets ASCII punctuation from us (RFC 7997 keeps
        # non-ASCII for what the author writes: names, examples, <u>).
        self.dash = "--" if app.builder.format == "rfcxml" else "\u2014"
        self.env = app.env
        self.builder = app.builder
        self.fromdocname = fromdocname

    def link(self, docname: str, anchor: str, content: str | nodes.Node, classes: list[str]) -> nodes.Node:
        """A reference to ``docname#anchor``, or just the content where links make no sense."""
        child = nodes.Text(content) if isinstance(content, str) else content
        try:
            uri = self.builder.get_relative_uri(self.fromdocname, docname)
        except NoUri:
            return nodes.inline("", "", child, classes=classes)
        if anchor:
            # singlehtml answers "#document-NAME": everything is on one page, the anchor alone will do
            uri = f"#{anchor}" if "#" in uri else f"{uri}#{anchor}"
        return nodes.reference("", "", child, internal=True, refuri=uri, classes=classes)

    def figure_label(self, d: DiagramRecord) -> str:
        number = self.env.toc_fignumbers.get(d.docname, {}).get("figure", {}).get(d.anchor)
        title = d.title or d.kind
        if not number:
            return title
        prefix = self.app.config.numfig_format.get("figure") or "Figure %s"
        return f"{str(prefix) % '.'.join(map(str, number))}: {title}"

    def results(self) -> list[tuple[ProtocolModel, list[Finding]]]:
        """Every model with its findings, in document order."""
        config = self.app.config
        return _domain(self.env).check(config.protomodel_required_parts, config.protomodel_max_states)

    def build(self, results: list[tuple[ProtocolModel, list[Finding]]] | None = None) -> nodes.Element:
        """A table in HTML; elsewhere (text, LaTeX, man, ...) a list, which reads better in narrow columns."""
        if results is None:
            results = self.results()
        if not results:
            return nodes.paragraph(
                "",
                _("This project has no protocol models yet."),
                classes=["protomodel-index", "protomodel-index-empty"],
            )
        if self.builder.format == "html":
            return self.table(results)
        return self.listing(results)

    def table(self, results: list[tuple[ProtocolModel, list[Finding]]]) -> nodes.table:
        table = nodes.table(classes=["protomodel-index"])
        group = nodes.tgroup(cols=len(HEADINGS))
        table += group
        for width in (25, 20, 20, 20, 15):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        group += head
        head += self.row([nodes.paragraph(_(h), _(h)) for h in HEADINGS], ["protomodel-index-head"])
        body = nodes.tbody()
        group += body
        for model, findings in results:
            body += self.model_row(model, findings)
        return table

    def listing(self, results: list[tuple[ProtocolModel, list[Finding]]]) -> nodes.definition_list:
        listing = nodes.definition_list(classes=["protomodel-index"])
        for model, findings in results:
            status = model_status(findings)
            required = self.required(model)
            item = nodes.definition_list_item(classes=["protomodel-index-model", f"protomodel-status-{status}"])
            term = nodes.term()
            term += self.model_name(model)
            term += nodes.Text(f" {self.dash} ")
            text = status_text(findings)
            term += nodes.inline(text, text, classes=["protomodel-status", f"protomodel-status-{status}"])
            item += term
            definition = nodes.definition()
            if model.summary:
                definition += nodes.paragraph(model.summary, model.summary, classes=["protomodel-index-summary"])
            parts = nodes.bullet_list(classes=["protomodel-index-parts"])
            for part in PARTS:
                para = nodes.paragraph()
                label = f"{_(part.capitalize())}:"
                para += nodes.strong(label, label)
                para += nodes.Text(" ")
                links = self.part_links(model, part)
                if not links:
                    text, cls = self.absent(part, required)
                    para += nodes.inline(text, text, classes=[cls])
                for i, link in enumerate(links):
                    if i:
                        para += nodes.Text("; ")
                    para += link
                parts += nodes.list_item("", para, classes=[f"protomodel-part-{part}"])
            definition += parts
            if findings:
                definition += self.findings_list(findings)
            item += definition
            listing += item
        return listing

    @staticmethod
    def row(cells: list[nodes.Node], classes: list[str]) -> nodes.row:
        row = nodes.row(classes=classes)
        for cell in cells:
            entry = nodes.entry()
            entry += cell
            row += entry
        return row

    def required(self, model: ProtocolModel) -> tuple[str, ...]:
        return model.requires if model.requires is not None else tuple(self.app.config.protomodel_required_parts)

    def absent(self, part: str, required: tuple[str, ...]) -> tuple[str, str]:
        """What an empty part says: ``missing`` when the model must have it."""
        return (_("missing"), "protomodel-part-missing") if part in required else (self.dash, "protomodel-part-empty")

    def model_row(self, model: ProtocolModel, findings: list[Finding]) -> nodes.row:
        status = model_status(findings)
        required = self.required(model)
        cells: list[nodes.Node] = [self.model_cell(model, required)]
        for part in PARTS:
            cells.append(self.part_cell(model, part, required))
        cells.append(self.status_cell(findings, status))
        return self.row(cells, ["protomodel-index-model", f"protomodel-status-{status}"])

    def model_name(self, model: ProtocolModel) -> nodes.Node:
        first = model.declarations[0] if model.declarations else _first_item(model)
        strong = nodes.strong(model.name, model.name)
        return strong if first is None else self.link(first.docname, first.anchor, strong, ["protomodel-model-link"])

    def model_cell(self, model: ProtocolModel, required: tuple[str, ...]) -> nodes.Node:
        cell = nodes.container(classes=["protomodel-index-model-cell"])
        name = nodes.paragraph(classes=["protomodel-index-name"])
        name += self.model_name(model)
        cell += name
        if model.summary:
            cell += nodes.paragraph(model.summary, model.summary, classes=["protomodel-index-summary"])
        if tuple(required) != PARTS:
            text = _("requires: {parts}").format(parts=", ".join(required) or _("no part"))
            cell += nodes.paragraph(text, text, classes=["protomodel-index-requires"])
        return cell

    def part_links(self, model: ProtocolModel, part: str) -> list[nodes.Node]:
        """Links to the part's feature blocks, then to its diagrams."""
        content = model.parts[part]
        links = [self.feature_link(feature) for feature in content.features]
        for diagram in content.diagrams:
            label = self.figure_label(diagram)
            links.append(
                self.link(
                    diagram.docname, diagram.anchor, label, ["protomodel-diagram-link", f"protomodel-{diagram.kind}"]
                )
            )
        return links

    def part_cell(self, model: ProtocolModel, part: str, required: tuple[str, ...]) -> nodes.Node:
        links = self.part_links(model, part)
        if not links:
            text, cls = self.absent(part, required)
            return nodes.paragraph(text, text, classes=["protomodel-index-part", cls])
        items = nodes.bullet_list(classes=["protomodel-index-part", f"protomodel-part-{part}"])
        for link in links:
            items += self.item(link, "protomodel-index-item")
        return items

    def feature_link(self, feature: FeatureRecord) -> nodes.Node:
        text = f"{feature.title} ({feature.kind})" if feature.kind else feature.title
        return self.link(feature.docname, feature.anchor, text, ["protomodel-feature-link"])

    @staticmethod
    def item(content: nodes.Node, classes: str) -> nodes.list_item:
        para = nodes.paragraph()
        para += content
        return nodes.list_item("", para, classes=classes.split())

    @staticmethod
    def status_cell(findings: list[Finding], status: str) -> nodes.Node:
        cell = nodes.container(classes=["protomodel-index-check"])
        text = status_text(findings)
        cell += nodes.paragraph(text, text, classes=["protomodel-status", f"protomodel-status-{status}"])
        if findings:
            cell += ModelIndexRenderer.findings_list(findings)
        return cell

    @staticmethod
    def findings_list(findings: list[Finding]) -> nodes.bullet_list:
        listing = nodes.bullet_list(classes=["protomodel-findings"])
        for finding in findings:
            severity = _("error") if finding.severity == "error" else _("warning")
            line = f"{severity}: {finding.message}"
            if finding.location:
                line += f" ({finding.location})"
            listing += ModelIndexRenderer.item(
                nodes.Text(line), f"protomodel-finding protomodel-finding-{finding.severity}"
            )
        return listing


def _first_item(model: ProtocolModel) -> DiagramRecord | FeatureRecord | None:
    if not model.first_seen:
        return None
    return model.parts[min(model.first_seen, key=model.first_seen.__getitem__)].first()


# ---------------------------------------------------------------- event handlers


def resolve_modelindex(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill every ``.. modelindex::`` placeholder, in every output format."""
    for node in list(doctree.findall(protomodel_modelindex)):
        node.replace_self(ModelIndexRenderer(app, docname).build())


def collect_index_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``protomodel-index.html`` for HTML builders (``html-collect-pages``).

    Its body is kept beside the rendering cache with a hash of everything
    it shows (:func:`_page_digest`) and the translations it used: an
    incremental build that changed none of them reuses it instead of writing
    the table again.
    """
    if not hasattr(app.builder, "render_partial"):
        return
    renderer = ModelIndexRenderer(app, INDEX_PAGE)
    results = renderer.results()
    digest = _page_digest(app, results)
    store = _page_store(app)
    body = _stored_page(store, digest)
    if body is None:
        with recording() as translations:
            page = nodes.container(classes=["protomodel-index-page"])
            intro = _(
                "Every protocol model of this project with its three parts (problem, overview, features), "
                "a link to each diagram and feature, and what the model check found."
            )
            page += nodes.paragraph(intro, intro)
            page += renderer.build(results)
            fragment = app.builder.render_partial(page)["fragment"]
            body = (
                f'<section class="protomodel-index-section" id="{INDEX_PAGE}">'
                f"<h1>{escape(_(INDEX_TITLE))}</h1>{fragment}</section>"
            )
        _store_page(store, digest, body, translations)
    yield INDEX_PAGE, {"title": _(INDEX_TITLE), "body": body}, "page.html"


#: Configuration that can change how the index page's body is written (besides its models).
_PAGE_CONFIG = (
    "language",
    "numfig_format",
    "root_doc",
    "html_compact_lists",
    "html_permalinks",
    "html_permalinks_icon",
    "html_secnumber_suffix",
    "html_file_suffix",
    "html_link_suffix",
    "protomodel_required_parts",
    "protomodel_max_states",
)


#: What the checks read of a diagram: the page shows it only through the findings.
_CHECKED = frozenset({"packed", "trust", "states", "text_width"})


@functools.cache
def _shown_fields(cls: type) -> tuple[str, ...]:
    names = tuple(f.name for f in dataclasses.fields(cls))
    return tuple(name for name in names if name not in _CHECKED) if cls is DiagramRecord else names


def _plain(value: Any) -> Any:
    """JSON for what ``json`` cannot write itself: a dataclass as its name and shown fields, else its repr."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, *(getattr(value, name) for name in _shown_fields(type(value)))]
    return repr(value)


def _page_digest(app: Sphinx, results: list[tuple[ProtocolModel, list[Finding]]]) -> str:
    """SHA-256 of what the index page's body depends on besides translations: the models and
    their findings, figure numbers, links, the configuration in :data:`_PAGE_CONFIG`, how HTML is
    written (the extensions loaded, the translator and its node visitors), the environment
    (``sphinx-build -E`` makes a new one) and the versions of Sphinx, docutils and this package."""
    from ..rendering import ascii_identity

    config = app.config
    docs = sorted(app.env.found_docs)
    translator = app.builder.get_translator_class()
    visitors = app.registry.translation_handlers.get(app.builder.name, {})
    inputs = (
        results,
        app.env.toc_fignumbers,
        [app.builder.get_relative_uri(INDEX_PAGE, doc) for doc in docs],
        [(name, repr(config[name])) for name in _PAGE_CONFIG if name in config],
        app.builder.name,
        sorted(app.extensions),
        f"{translator.__module__}.{translator.__qualname__}",
        sorted((node, [_qualname(f) for f in pair]) for node, pair in visitors.items()),
        _domain(app.env).epoch,
        (sphinx.__display_version__, docutils.__version__, ascii_identity()),
    )
    # JSON, not pickle: it depends on the content only, not on which objects are shared
    text = json.dumps(inputs, default=_plain, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _qualname(function: Any) -> str:
    return f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', repr(function))}"


def _page_store(app: Sphinx) -> Path | None:
    from ..rendering import CACHE

    return None if CACHE.directory is None else CACHE.directory / f"model-index-{app.builder.name}.json"


def _stored_page(store: Path | None, digest: str) -> str | None:
    """The stored body if it was written for ``digest`` in the words of today's catalogs; anything
    unreadable is a miss."""
    from ..rendering.cache import read_json

    data = None if store is None else read_json(store)
    if not isinstance(data, dict) or data.get("digest") != digest:
        return None
    body, translations = data.get("body"), data.get("translations")
    if not isinstance(body, str) or not isinstance(translations, list):
        return None
    if not all(isinstance(t, list) and len(t) == 2 and isinstance(t[0], list) for t in translations):
        return None
    return body if still_translated([(args, text) for args, text in translations]) else None


def _store_page(store: Path | None, digest: str, body: str, translations: list[Translation]) -> None:
    """Keep ``body`` for the next build; a read-only or full disk only costs that build the time."""
    from ..rendering.cache import write_atomically

    if store is not None:
        data = {"digest": digest, "body": body, "translations": translations}
        with contextlib.suppress(OSError):
            # ASCII JSON: a lone surrogate in a title is kept as its escape
            write_atomically(store, json.dumps(data).encode("ascii"))


def add_rellink(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Link the model index from the related-links bar, next to the general index."""
    if not _domain(app.env).docs or "rellinks" not in context:
        return
    context["rellinks"] = [(INDEX_PAGE, _(INDEX_TITLE), "", _("models")), *context["rellinks"]]


def setup_model_index(app: Sphinx) -> None:
    """The ``modelindex`` directive's content, and the standalone index page in HTML builds."""
    app.connect("doctree-resolved", resolve_modelindex)
    app.connect("html-collect-pages", collect_index_page)
    app.connect("html-page-context", add_rellink)
