"""The ``protomodel`` domain: the registry of models, kept per document.

Everything the model checks need is recorded from each document's doctree once
it is read (:meth:`ProtomodelDomain.process_doc`), in document order: model
declarations, diagrams with their model and part, feature blocks and literal
blocks that look like bit diagrams, ASN.1 or XML schemas.  The data is keyed by
document, so that editing or deleting a document replaces or drops exactly its
contribution (``clear_doc``), and parallel reads merge it back
(``merge_domaindata``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Set
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from ..checks.rules import (
    PARTS,
    Declaration,
    DiagramRecord,
    FeatureRecord,
    Finding,
    LiteralRecord,
    Location,
    ProtocolModel,
    check_model,
    classify_literal,
    collect_models,
)
from .locale import _

if TYPE_CHECKING:
    from sphinx.domains.std import StandardDomain
from .model_directives import protomodel_feature, protomodel_model_decl, protomodel_modelindex
from .nodes import protomodel_diagram

#: Page name of the HTML model index (``protomodel-index.html``); also a ``:ref:`` label.
INDEX_PAGE = "protomodel-index"
#: Its title, translated where shown (``_(INDEX_TITLE)``).
INDEX_TITLE = "Model index"


def _empty_doc() -> dict[str, Any]:
    return {"declarations": [], "diagrams": [], "features": [], "literals": []}


class ProtomodelDomain(Domain):
    """Protocol models: which diagrams and features make up which model."""

    name = "protomodel"
    label = "Protocol models"
    data_version = 3
    initial_data: ClassVar[dict[str, Any]] = {"docs": {}}

    # ------------------------------------------------------------ registry

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self.data.setdefault("epoch", time.time_ns())

    @property
    def docs(self) -> dict[str, dict[str, Any]]:
        return self.data["docs"]

    @property
    def epoch(self) -> int:
        """When this environment was made (ns): ``sphinx-build -E`` makes a new one, and what was
        kept across builds of the old one (the model index page) is made again."""
        return int(self.data["epoch"])

    def setup(self) -> None:
        """Make ``:ref:`protomodel-index``` point at the generated HTML page."""
        super().setup()
        std = cast("StandardDomain", self.env.get_domain("std"))
        std.note_hyperlink_target(INDEX_PAGE, INDEX_PAGE, "", _(INDEX_TITLE))

    def clear_doc(self, docname: str) -> None:
        self.docs.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["docs"]:
                self.docs[docname] = otherdata["docs"][docname]

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        """Record the models' pieces of a freshly read document, in document order."""
        wanted = (protomodel_model_decl, protomodel_feature, protomodel_diagram, nodes.literal_block, nodes.error)
        found = list(document.findall(lambda n: isinstance(n, wanted)))
        record = _empty_doc()
        for index, node in enumerate(found):
            location = _node_location(env, docname, node)
            sections = _sections(node)
            if isinstance(node, protomodel_model_decl):
                record["declarations"].append(
                    Declaration(
                        model=node["model_name"],
                        docname=docname,
                        index=index,
                        location=location,
                        anchor=node["ids"][0] if node["ids"] else "",
                        summary=node.get("summary", ""),
                        requires=node.get("requires"),
                    )
                )
                # The marker has served its purpose: leave an anchor every writer knows.
                node.replace_self(nodes.target("", "", ids=list(node["ids"])))
            elif isinstance(node, protomodel_feature):
                heading = node.next_node(nodes.rubric)
                shown = heading.next_node(nodes.inline) if heading is not None else None
                record["features"].append(
                    FeatureRecord(
                        model=node["model_name"],
                        # the title as readers see it, without inline markup
                        title=shown.astext() if shown is not None else node["title"],
                        kind=node.get("kind", ""),
                        docname=docname,
                        index=index,
                        location=location,
                        anchor=heading["ids"][0] if heading is not None and heading["ids"] else "",
                        sections=sections,
                    )
                )
            elif isinstance(node, protomodel_diagram):
                figure = node.parent
                anchor = figure["ids"][0] if isinstance(figure, nodes.figure) and figure["ids"] else ""
                title = getattr(node["diagram"], "title", "")
                if not title and isinstance(figure, nodes.figure):
                    caption = next(iter(figure.findall(nodes.caption)), None)
                    title = caption.astext() if caption is not None else ""
                record["diagrams"].append(
                    DiagramRecord.of(
                        node["packed"],
                        model=node["model_name"],
                        part=node["part"],
                        kind=node["kind"],
                        title=title,
                        docname=docname,
                        index=index,
                        location=location,
                        anchor=anchor,
                        sections=sections,
                    )
                )
            elif isinstance(node, nodes.error):
                if "protomodel_kind" in node:  # a diagram whose body did not parse
                    record["diagrams"].append(
                        DiagramRecord(
                            model=node["protomodel_model"],
                            part=node["protomodel_part"],
                            kind=node["protomodel_kind"],
                            title=node["protomodel_title"],
                            docname=docname,
                            index=index,
                            location=location,
                            sections=sections,
                            failed=True,
                        )
                    )
            else:
                looks_like = classify_literal(node.astext())
                if looks_like:
                    record["literals"].append(
                        LiteralRecord(
                            looks_like=looks_like,
                            docname=docname,
                            index=index,
                            location=location,
                            sections=sections,
                            in_feature=_inside(node, protomodel_feature),
                        )
                    )
        if any(record.values()):
            self.docs[docname] = record

    # ------------------------------------------------------------ queries

    def _all(self, key: str, order: Iterable[str]) -> list[Any]:
        return [item for docname in order if docname in self.docs for item in self.docs[docname][key]]

    def models(self) -> list[ProtocolModel]:
        """Every model, in document (toctree) order."""
        order = document_order(self.env)
        return collect_models(
            self._all("declarations", order), self._all("diagrams", order), self._all("features", order), order
        )

    def check(self, required_parts: Iterable[str], max_states: int) -> list[tuple[ProtocolModel, list[Finding]]]:
        """Each model with its findings: the rules of the ``modelcheck`` builder."""
        from .facts import ascii_facts_of

        facts = ascii_facts_of(self.env)
        literals = self._all("literals", document_order(self.env))
        required = tuple(required_parts)
        return [
            (model, check_model(model, literals, required_parts=required, max_states=max_states, ascii_art=facts.get))
            for model in self.models()
        ]


def document_order(env: BuildEnvironment) -> list[str]:
    """Documents in reading order: the toctree from the root document, then the rest by name."""
    order: list[str] = []
    seen: set[str] = set()
    stack = [env.config.root_doc]
    while stack:
        docname = stack.pop()
        if docname in seen or docname not in env.found_docs:
            continue
        seen.add(docname)
        order.append(docname)
        stack.extend(reversed(env.toctree_includes.get(docname, [])))
    order.extend(sorted(env.found_docs - seen))
    return order


def _node_location(env: BuildEnvironment, docname: str, node: nodes.Node) -> Location:
    source, line = get_source_line(node)
    if not source:
        source = str(env.doc2path(docname))
    return Location(_display_path(env, source), line or 0)


def _display_path(env: BuildEnvironment, source: str) -> str:
    """A source path relative to the source directory, ``/``-separated, as users wrote it."""
    path = source.split(":docstring of ")[0]
    try:
        rel = os.path.relpath(path, env.srcdir)
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith("..") else rel.replace(os.sep, "/")


def _sections(node: nodes.Node) -> tuple[str, ...]:
    ids = []
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section) and parent["ids"]:
            ids.append(parent["ids"][0])
        parent = parent.parent
    return tuple(reversed(ids))


def _inside(node: nodes.Node, cls: type[nodes.Node]) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, cls):
            return True
        parent = parent.parent
    return False


# ---------------------------------------------------------------- wiring


def _check_config(app: Any, config: Any) -> None:
    """Unknown names in ``protomodel_required_parts`` are typos: say so."""
    from sphinx.util import logging

    unknown = [p for p in config.protomodel_required_parts if p not in PARTS]
    if unknown:
        logging.getLogger(__name__).warning(
            "protomodel_required_parts: unknown part %r (the parts are %s)",
            unknown[0],
            ", ".join(PARTS),
            type="protomodel",
            subtype="config",
        )


def setup_models(app: Any) -> None:
    """Register models, features and the ``modelindex`` directive's node."""
    from .facts import save_ascii_facts
    from .model_directives import MODEL_DIRECTIVES

    app.add_config_value("protomodel_required_parts", list(PARTS), "env", types=[list, tuple])
    app.add_config_value("protomodel_max_states", 12, "env", types=[int])
    app.connect("config-inited", _check_config)
    app.add_domain(ProtomodelDomain)
    app.connect("build-finished", save_ascii_facts)
    for node in (protomodel_model_decl, protomodel_feature, protomodel_modelindex):
        app.add_node(node)
    for name, directive in MODEL_DIRECTIVES.items():
        app.add_directive(name, directive)
