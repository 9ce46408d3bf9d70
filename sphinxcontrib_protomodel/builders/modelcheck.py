"""``sphinx-build -b modelcheck SRC OUT``: check every protocol model against the draft.

The builder writes no documents.  Reading fills the ``protomodel`` domain's
registry; :meth:`ModelCheckBuilder.finish` runs the rules of
:mod:`..checks.rules` on it and writes ``OUT/modelcheck.txt`` and
``OUT/modelcheck.json`` plus a summary on the console.  The exit status is 1
when a model lacks a required part; a ``build-finished`` handler sets it
(:func:`set_exit_status`), since the builder only decides.

Findings are reported here only, not as Sphinx warnings: normal builds stay
quiet about model completeness, and ``-W`` keeps meaning "the documents have
problems", not "the models are unfinished".
"""

from __future__ import annotations

import json
from collections.abc import Sequence, Set
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import sphinx
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util import logging
from sphinx.util.console import bold

from ..checks.rules import PARTS, DiagramRecord, FeatureRecord, Finding, ProtocolModel, model_status
from ..sphinx_ext.locale import _, ngettext

if TYPE_CHECKING:
    from ..sphinx_ext.domain import ProtomodelDomain

logger = logging.getLogger(__name__)

Results = Sequence[tuple[ProtocolModel, list[Finding]]]

#: Version of the JSON report's layout.
JSON_FORMAT = 1


def _required(model: ProtocolModel, default: Sequence[str]) -> tuple[str, ...]:
    return model.requires if model.requires is not None else tuple(default)


def _status_word(status: str) -> str:
    """A model's status as the report words it (the JSON report keeps the keys)."""
    return {"ok": _("ok"), "warning": _("warning"), "error": _("error")}[status]


#: The report's counted words: singular and plural, translated by ``ngettext``.
_WORDS = {
    "model": ("%d model", "%d models"),
    "error": ("%d error", "%d errors"),
    "warning": ("%d warning", "%d warnings"),
    "diagram": ("%d diagram", "%d diagrams"),
    "feature": ("%d feature", "%d features"),
}


def _count(n: int, word: str) -> str:
    singular, plural = _WORDS[word]
    return ngettext(singular, plural, n) % n


def totals(results: Results) -> dict[str, int]:
    findings = [f for _, fs in results for f in fs]
    errors = sum(f.severity == "error" for f in findings)
    return {"models": len(results), "errors": errors, "warnings": len(findings) - errors}


def _part_counts(model: ProtocolModel) -> str:
    """``problem 1, overview 2, features 2 (+1 diagram)``: what each part holds."""
    counts = []
    for part in PARTS:
        content = model.parts[part]
        if part == "features":
            extra = f" (+{_count(len(content.diagrams), 'diagram')})" if content.diagrams else ""
            counts.append(f"{part} {len(content.features)}{extra}")
        else:
            counts.append(f"{part} {len(content.diagrams)}")
    return ", ".join(counts)


def _diagram_line(d: DiagramRecord) -> str:
    title = f' "{d.title}"' if d.title else ""
    return f"{d.kind}{title}  ({d.location})"


def _feature_line(f: FeatureRecord) -> str:
    kind = f" [{f.kind}]" if f.kind else ""
    return f'feature "{f.title}"{kind}  ({f.location})'


# ---------------------------------------------------------------- text report


def report_text(results: Results, required_parts: Sequence[str], max_states: int) -> str:
    """The whole report as plain text (``modelcheck.txt``)."""
    t = totals(results)
    heading = str(_("Protocol model check"))
    lines = [
        heading,
        "=" * len(heading),
        "",
        f"{_count(t['models'], 'model')}, {_count(t['errors'], 'error')}, {_count(t['warnings'], 'warning')}",
        _("required parts: {parts} (protomodel_required_parts); max states: {max} (protomodel_max_states)").format(
            parts=", ".join(required_parts) or _("none"), max=max_states
        ),
    ]
    for model, findings in results:
        required = _required(model, required_parts)
        lines += [
            "",
            _("Model {name}  [{status}]").format(name=model.name, status=_status_word(model_status(findings))),
        ]
        if model.summary:
            lines.append(_("  summary:  {summary}").format(summary=model.summary))
        if model.declarations:
            lines.append(_("  declared: {where}").format(where=", ".join(str(d.location) for d in model.declarations)))
        if tuple(required) != tuple(required_parts):
            lines.append(_("  requires: {parts} (:requires:)").format(parts=", ".join(required) or _("no part")))
        for part in PARTS:
            content = model.parts[part]
            if not content:
                lines.append(f"  {part + ':':<10}{_('MISSING') if part in required else '-'}")
                lines += [f"    - {_diagram_line(d)}  " + _("did not parse") for d in content.failed]
                continue
            counted = [_count(len(content.diagrams), "diagram")]
            if part == "features":
                counted.insert(0, _count(len(content.features), "feature"))
            lines.append(f"  {part + ':':<10}{', '.join(counted)}")
            lines += [f"    - {_feature_line(f)}" for f in content.features]
            lines += [f"    - {_diagram_line(d)}" for d in content.diagrams]
            lines += [f"    - {_diagram_line(d)}  " + _("did not parse") for d in content.failed]
        lines.append(_("  findings: none") if not findings else _("  findings:"))
        lines += [f"    {finding}" for finding in findings]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- JSON report


def _where(item: Any) -> dict[str, Any]:
    return {"docname": item.docname, "anchor": item.anchor, "source": item.location.source, "line": item.location.line}


def report_json(results: Results, required_parts: Sequence[str], max_states: int) -> dict[str, Any]:
    """The whole report as JSON-ready data (``modelcheck.json``)."""
    models = []
    for model, findings in results:
        parts = {}
        for part in PARTS:
            content = model.parts[part]
            parts[part] = {
                "diagrams": [{"kind": d.kind, "title": d.title, **_where(d)} for d in content.diagrams],
                "failed": [{"kind": d.kind, "title": d.title, **_where(d)} for d in content.failed],
                "features": [{"title": f.title, "kind": f.kind, **_where(f)} for f in content.features],
            }
        models.append(
            {
                "name": model.name,
                "summary": model.summary,
                "status": model_status(findings),
                "required_parts": list(_required(model, required_parts)),
                "declarations": [_where(d) for d in model.declarations],
                "parts": parts,
                "findings": [
                    {
                        "severity": f.severity,
                        "rule": f.rule,
                        "message": f.message,
                        "source": f.location.source if f.location else None,
                        "line": f.location.line if f.location else None,
                    }
                    for f in findings
                ],
            }
        )
    t = totals(results)
    return {
        "format": JSON_FORMAT,
        "required_parts": list(required_parts),
        "max_states": max_states,
        "summary": {**t, "failed": t["errors"] > 0},
        "models": models,
    }


# ---------------------------------------------------------------- the builder


class ModelCheckBuilder(Builder):
    """Checks every protocol model; writes ``modelcheck.txt`` and ``modelcheck.json``."""

    name = "modelcheck"
    format = "modelcheck"
    epilog = "The model check report is in %(outdir)s/modelcheck.txt and modelcheck.json."
    allow_parallel = True

    #: set by :meth:`finish`: some model lacks a required part
    failed: bool = False

    def init(self) -> None:
        self.failed = False

    def get_outdated_docs(self) -> str:
        # The report covers every model, whatever changed.
        return "all models"

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames: Set[str]) -> None:
        pass

    def write_documents(self, docnames: Set[str]) -> None:
        # Nothing to write per document: the domain already holds what the checks need.
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass

    if sphinx.version_info[:2] < (8, 1):

        def write(  # type: ignore[misc]  # final from Sphinx 8.1 on, where this branch is not taken
            self, build_docnames: Any, updated_docnames: Any, method: str = "update"
        ) -> None:
            """Sphinx 8.0 has no ``write_documents`` step: skip its per-document loop (nothing to write)."""
            self.prepare_writing(set(self.env.found_docs))

    def finish(self) -> None:
        required = tuple(self.config.protomodel_required_parts)
        max_states = self.config.protomodel_max_states
        domain = cast("ProtomodelDomain", self.env.domains["protomodel"])  # registered by this extension
        results = domain.check(required, max_states)

        out = Path(self.outdir)
        out.mkdir(parents=True, exist_ok=True)
        (out / "modelcheck.txt").write_text(report_text(results, required, max_states), encoding="utf-8")
        data = report_json(results, required, max_states)
        (out / "modelcheck.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

        self.failed = data["summary"]["failed"]
        self.log_summary(results)

    @staticmethod
    def log_summary(results: Results) -> None:
        t = totals(results)
        logger.info("")
        logger.info(
            bold(_("model check: %s, %s, %s")),
            _count(t["models"], "model"),
            _count(t["errors"], "error"),
            _count(t["warnings"], "warning"),
        )
        width = max((len(m.name) for m, _ in results), default=0)
        for model, findings in results:
            logger.info(
                "  %s  %-7s  %s", model.name.ljust(width), _status_word(model_status(findings)), _part_counts(model)
            )
        for _model, findings in results:
            for finding in findings:
                logger.info("%s", finding)
        failing = [m.name for m, fs in results if any(f.severity == "error" for f in fs)]
        if failing:
            logger.info(bold(_("models lacking a required part: %s")), ", ".join(failing))


def set_exit_status(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: exit status 1 when the check found a missing required part."""
    if exception is None and isinstance(app.builder, ModelCheckBuilder) and app.builder.failed:
        app.statuscode = 1


def register(app: Sphinx) -> None:
    """The ``modelcheck`` builder, and the exit status it sets when a model lacks a part."""
    app.add_builder(ModelCheckBuilder)
    app.connect("build-finished", set_exit_status)
