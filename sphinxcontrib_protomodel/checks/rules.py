"""Model-level check rules: the draft's guidance applied to whole protocol models.

The input is plain data gathered from the documents (model declarations,
diagrams, feature blocks and suspicious literal blocks, each with its place in
document order); the output is a list of :class:`Finding`.  Nothing here knows
about Sphinx or docutils, so the same rules serve the ``modelcheck`` builder,
the HTML model index and the tests.

Which literal blocks are "in the overview" of a model: a literal block is in
the overview of model M when it sits, outside any ``feature`` block, in the
innermost section that holds one of M's overview diagrams (or in a subsection
of it).  A document without sections is one section.  This follows how the
draft lays a model out: one section per part, the overview's prose and figures
together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ..diagrams import PackedDiagram

#: The three parts of a protocol model, in the order the draft presents them.
PARTS: tuple[str, ...] = ("problem", "overview", "features")

#: What to add when a part is missing (the directives that count for it).
PART_HINTS = {
    "problem": "add a problem diagram (the parties and whom they trust)",
    "overview": "add a ladder or statemachine diagram (the messages that flow)",
    "features": "add a feature block (the important but unobvious features)",
}

#: The draft: "Each part should contain 1-3 diagrams".
MAX_DIAGRAMS_PER_PART = 3

#: Lines of body text on an Internet-Draft page (xml2rfc); idnits asks figures to fit one.
PAGE_LINES = 48

Severity = Literal["error", "warning"]


# ----------------------------------------------------------------- input data


@dataclass(frozen=True)
class Location:
    """Where something is written: a path as shown to the user, and a 1-based line."""

    source: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source


@dataclass(frozen=True)
class Declaration:
    """One ``.. model:: NAME`` directive."""

    model: str
    docname: str
    index: int  # position in the document (document order)
    location: Location
    anchor: str = ""
    summary: str = ""
    #: parts this model must have (``:requires:``); ``None``: the configured default
    requires: tuple[str, ...] | None = None


@dataclass(frozen=True)
class AsciiFacts:
    """What the model checks need of a diagram's ASCII art."""

    #: characters in its widest line
    columns: int
    #: its lines
    lines: int
    #: why it could not fit its width, if it could not (``AsciiArt.degraded``)
    degraded: str | None = None

    @classmethod
    def of(cls, art: Any) -> AsciiFacts:
        """The facts of an ``AsciiArt``."""
        lines = art.text.splitlines()
        return cls(max((len(line) for line in lines), default=0), len(lines), art.degraded)


@dataclass(frozen=True)
class DiagramRecord:
    """One diagram (ladder, problem, statemachine) and the model part it counts for.

    Make one with :meth:`of`, which also records what the checks need of the
    diagram itself (``trust``, ``states``).
    """

    model: str
    part: str
    kind: str
    title: str
    docname: str
    index: int
    location: Location
    anchor: str = ""
    #: ids of the enclosing sections, outermost first
    sections: tuple[str, ...] = ()
    #: the parsed diagram (a ``Diagram``) and its ``RenderOptions``; ``None`` when it did not parse
    packed: PackedDiagram | None = None
    #: the body did not parse (its errors were reported at their lines); not counted
    failed: bool = False
    #: a problem diagram with a trust relation
    trust: bool = False
    #: how many states a state machine names (:func:`state_count`)
    states: int = 0
    #: the columns its ASCII art must fit (``RenderOptions.width``)
    text_width: int = 72

    @classmethod
    def of(cls, packed: PackedDiagram, **fields: Any) -> DiagramRecord:
        """A record of the diagram and options ``packed``; ``fields`` by name, as the constructor's."""
        diagram, options = packed.value
        trust = any(r.trust for r in getattr(diagram, "relations", ()))
        states = state_count(diagram) if hasattr(diagram, "transitions") else 0
        width = getattr(options, "width", 72)
        return cls(packed=packed, trust=trust, states=states, text_width=width, **fields)

    @property
    def diagram(self) -> Any:
        return None if self.packed is None else self.packed.value[0]

    @property
    def options(self) -> Any:
        return None if self.packed is None else self.packed.value[1]


@dataclass(frozen=True)
class FeatureRecord:
    """One ``.. feature::`` block; it counts for the features part by itself."""

    model: str
    title: str
    kind: str
    docname: str
    index: int
    location: Location
    anchor: str = ""
    sections: tuple[str, ...] = ()


@dataclass(frozen=True)
class LiteralRecord:
    """A literal block whose text looks like something the overview should not show."""

    looks_like: str  # "a bit diagram", "an ASN.1 module", "an XML schema"
    docname: str
    index: int
    location: Location
    sections: tuple[str, ...] = ()
    in_feature: bool = False


# ---------------------------------------------------------------- models


@dataclass
class Part:
    """The diagrams and feature blocks of one part of one model, in document order."""

    diagrams: list[DiagramRecord] = field(default_factory=list)
    features: list[FeatureRecord] = field(default_factory=list)
    first_item: DiagramRecord | FeatureRecord | None = None
    #: diagrams meant for this part whose bodies did not parse (not counted)
    failed: list[DiagramRecord] = field(default_factory=list)

    def items(self) -> list[DiagramRecord | FeatureRecord]:
        return [*self.diagrams, *self.features]

    def first(self) -> DiagramRecord | FeatureRecord:
        """The item that comes first in document order."""
        assert self.first_item is not None
        return self.first_item

    def __bool__(self) -> bool:
        return bool(self.diagrams or self.features)


@dataclass
class ProtocolModel:
    """A protocol model gathered from every document that names it."""

    name: str
    declarations: list[Declaration] = field(default_factory=list)
    parts: dict[str, Part] = field(default_factory=lambda: {p: Part() for p in PARTS})
    #: global document-order position of the first item of each part
    first_seen: dict[str, int] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        return next((d.summary for d in self.declarations if d.summary), "")

    @property
    def requires(self) -> tuple[str, ...] | None:
        return next((d.requires for d in self.declarations if d.requires is not None), None)

    @property
    def location(self) -> Location | None:
        """Where the model is declared, else where its first item is."""
        if self.declarations:
            return self.declarations[0].location
        if not self.first_seen:
            return None
        part = min(self.first_seen, key=self.first_seen.__getitem__)
        return self.parts[part].first().location


@dataclass(frozen=True)
class Finding:
    severity: Severity
    rule: str
    model: str
    message: str
    location: Location | None = None

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.severity}: {self.message}"


def _sort_key(doc_rank: dict[str, int]) -> Callable[[Any], tuple[int, str, int]]:
    def key(item: Any) -> tuple[int, str, int]:
        return (doc_rank.get(item.docname, len(doc_rank)), item.docname, item.index)

    return key


def collect_models(
    declarations: Iterable[Declaration],
    diagrams: Iterable[DiagramRecord],
    features: Iterable[FeatureRecord],
    doc_order: Sequence[str] = (),
) -> list[ProtocolModel]:
    """Group records into models; models and their items in document order.

    ``doc_order`` ranks documents (the toctree's reading order); documents not
    in it come after, by name.
    """
    rank = {doc: i for i, doc in enumerate(doc_order)}
    key = _sort_key(rank)
    everything: list[Declaration | DiagramRecord | FeatureRecord] = sorted(
        [*declarations, *diagrams, *features], key=key
    )
    models: dict[str, ProtocolModel] = {}
    for position, item in enumerate(everything):
        model = models.setdefault(item.model, ProtocolModel(item.model))
        if isinstance(item, Declaration):
            model.declarations.append(item)
            continue
        part_name = item.part if isinstance(item, DiagramRecord) else "features"
        part = model.parts.setdefault(part_name, Part())
        if isinstance(item, DiagramRecord) and item.failed:
            part.failed.append(item)
            continue
        if isinstance(item, DiagramRecord):
            part.diagrams.append(item)
        else:
            part.features.append(item)
        if part.first_item is None:
            part.first_item = item
            model.first_seen[part_name] = position
    return list(models.values())


# ---------------------------------------------------------------- literal blocks

_BIT_ROW = re.compile(r"^\s*[|+]?(?:\+-){4,}\+?\s*$", re.M)
_BIT_RULER = re.compile(r"^\s*0(?: \d){7,}\s*$|^\s*0\s+1\s+2\s+3\s*$", re.M)
_ASN1_MODULE = re.compile(r"\bDEFINITIONS\b[A-Z \t\r\n]*::=\s*BEGIN\b")
_ASN1_TYPE = re.compile(
    r"^\s*[A-Z][\w-]*\s*::=\s*(?:SEQUENCE|SET|CHOICE|ENUMERATED|INTEGER|OCTET STRING|BIT STRING)\b", re.M
)
_XML_SCHEMA = re.compile(r"<\s*(?:xs|xsd):|XMLSchema[\"']|<grammar\b[^>]*relaxng\.org", re.I)


def classify_literal(text: str) -> str | None:
    """What a literal block looks like, if it is something the overview should not show.

    Bit diagrams are recognised by RFC-style rows (``+-+-+-+-+``) or bit rulers
    (``0 1 2 3 4 5 6 7 ...``, ``0   1   2   3``); ASN.1 by a module header
    (``DEFINITIONS ::= BEGIN``) or a constructed type assignment; XML schemas
    by ``xs:``/``xsd:`` elements or the XML Schema / RELAX NG namespaces.
    """
    if _BIT_ROW.search(text) or _BIT_RULER.search(text):
        return "a bit diagram"
    if _ASN1_MODULE.search(text) or _ASN1_TYPE.search(text):
        return "an ASN.1 module"
    if _XML_SCHEMA.search(text):
        return "an XML schema"
    return None


def overview_literals(model: ProtocolModel, literals: Iterable[LiteralRecord]) -> list[LiteralRecord]:
    """The suspicious literal blocks in ``model``'s overview (see the module docstring)."""
    scopes = {(d.docname, d.sections) for d in model.parts["overview"].diagrams}
    found = []
    for lit in literals:
        if lit.in_feature:
            continue
        if any(doc == lit.docname and lit.sections[: len(sec)] == sec for doc, sec in scopes):
            found.append(lit)
    return found


# ---------------------------------------------------------------- the rules


def _diagram_name(d: DiagramRecord) -> str:
    return f'{d.kind} "{d.title}"' if d.title else d.kind


def state_count(diagram: Any) -> int:
    """Every state a state machine names: declared, used by a transition, initial or final."""
    names = {s.name for s in diagram.states}
    for t in diagram.transitions:
        names.update(n for n in (t.src, t.dst) if n != "*")
    names.update(diagram.initial)
    names.update(diagram.final)
    return len(names)


def ascii_facts(d: DiagramRecord) -> AsciiFacts:
    """The facts of ``d``'s ASCII art, drawn through the shared cached entry point.

    Raises what drawing raises (``RenderError``).
    """
    from ..rendering import render

    return AsciiFacts.of(render("ascii", d.diagram, d.options))


def check_model(
    model: ProtocolModel,
    literals: Iterable[LiteralRecord] = (),
    *,
    required_parts: Sequence[str] = PARTS,
    max_states: int = 12,
    ascii_art: Callable[[DiagramRecord], AsciiFacts] = ascii_facts,
) -> list[Finding]:
    """Every finding about one model: errors first, then warnings, rule by rule.

    ``ascii_art`` gives the facts of a diagram's ASCII art (:func:`ascii_facts`).
    """
    name = model.name
    findings: list[Finding] = []
    required = model.requires if model.requires is not None else tuple(required_parts)

    # error: a required part is missing
    for part in PARTS:
        if part in required and not model.parts[part]:
            failed = model.parts[part].failed
            if failed:
                findings.append(
                    Finding(
                        "error",
                        "missing-part",
                        name,
                        f"model '{name}' has no {part} part: {_diagram_name(failed[0])} did not parse "
                        "(fix the errors reported at its lines)",
                        failed[0].location,
                    )
                )
                continue
            findings.append(
                Finding(
                    "error",
                    "missing-part",
                    name,
                    f"model '{name}' has no {part} part: {PART_HINTS[part]}",
                    model.location,
                )
            )

    warnings: list[Finding] = []

    def warn(rule: str, message: str, location: Location | None) -> None:
        warnings.append(Finding("warning", rule, name, f"model '{name}': {message}", location))

    # conflicting declarations across documents
    summaries = {d.summary for d in model.declarations if d.summary}
    if len(summaries) > 1:
        second = next(d for d in model.declarations if d.summary and d.summary != model.summary)
        warn("declaration", "declared with different summaries; the first one is used", second.location)
    requires = {d.requires for d in model.declarations if d.requires is not None}
    if len(requires) > 1:
        second = next(d for d in model.declarations if d.requires is not None and d.requires != model.requires)
        warn("declaration", "declared with different :requires: options; the first one is used", second.location)

    # a part with more than three diagrams
    for part in PARTS:
        diagrams = model.parts[part].diagrams
        if len(diagrams) > MAX_DIAGRAMS_PER_PART:
            warn(
                "diagram-count",
                f"the {part} part has {len(diagrams)} diagrams; the draft recommends 1-3 per part",
                diagrams[MAX_DIAGRAMS_PER_PART].location,
            )

    # problem diagrams without a trust relationship
    problems = [d for d in model.parts["problem"].diagrams if d.kind == "problem"]
    if problems and not any(d.trust for d in problems):
        warn(
            "trust",
            "no problem diagram shows a trust relationship; the draft calls trust the most important "
            "and least obvious part of the problem (add 'trust A -> B: why')",
            problems[0].location,
        )

    # parts in an order other than problem, overview, features
    present = [p for p in PARTS if model.parts[p]]
    actual = sorted(present, key=lambda p: model.first_seen.get(p, 0))
    if actual != present:
        misplaced = next(a for a, e in zip(actual, present, strict=True) if a != e)
        warn(
            "part-order",
            f"its parts appear in the order {', '.join(actual)}; the draft presents them as {', '.join(present)}",
            model.parts[misplaced].first().location,
        )

    # state machines larger than "as minimal as possible"
    for part in PARTS:
        for d in model.parts[part].diagrams:
            if d.kind == "statemachine" and d.packed is not None:
                count = d.states
                if count > max_states:
                    warn(
                        "state-count",
                        f'statemachine "{d.title}" has {count} states, more than protomodel_max_states '
                        f"({max_states}); the draft asks for state machines kept as minimal as possible",
                        d.location,
                    )

    # bit diagrams, ASN.1 modules and XML schemas in the overview
    for lit in overview_literals(model, literals):
        warn(
            "overview-literal",
            f"a literal block in the overview looks like {lit.looks_like}; the draft says bit diagrams, "
            "ASN.1 modules and XML schemas SHOULD NOT be shown in the overview",
            lit.location,
        )

    # ASCII art that cannot fit the text width
    for part in PARTS:
        for d in model.parts[part].diagrams:
            if d.packed is None:
                continue
            try:
                art = ascii_art(d)
            except Exception as exc:  # a renderer bug must not stop the check
                warn("ascii", f"the ASCII art of {_diagram_name(d)} could not be rendered: {exc}", d.location)
                continue
            width = d.text_width
            if art.degraded:
                warn(
                    "ascii",
                    f"the ASCII art of {_diagram_name(d)} cannot fit {width} columns: {art.degraded}",
                    d.location,
                )
            elif art.columns > width:
                warn(
                    "ascii",
                    f"the ASCII art of {_diagram_name(d)} is {art.columns} columns wide, more than {width}",
                    d.location,
                )
            height = art.lines
            if height > PAGE_LINES:
                warn(
                    "page-height",
                    f"the ASCII art of {_diagram_name(d)} is {height} lines tall, more than an Internet-Draft "
                    f"page holds ({PAGE_LINES} lines): split it into several figures"
                    + (", or let time pass with '...' where nothing happens" if d.kind == "ladder" else ""),
                    d.location,
                )

    return findings + warnings


def model_status(findings: list[Finding]) -> str:
    """``error``, ``warning`` or ``ok``: a model's status, its worst finding."""
    severities = {f.severity for f in findings}
    return "error" if "error" in severities else "warning" if severities else "ok"
