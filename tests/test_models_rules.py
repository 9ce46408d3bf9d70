"""Model-level rules on plain data: no Sphinx involved."""

from __future__ import annotations

import re

import pytest

from sphinxcontrib_protomodel.checks.rules import (
    PARTS,
    AsciiFacts,
    Declaration,
    DiagramRecord,
    FeatureRecord,
    LiteralRecord,
    Location,
    check_model,
    classify_literal,
    collect_models,
    state_count,
)
from sphinxcontrib_protomodel.diagrams import PackedDiagram, RenderOptions
from sphinxcontrib_protomodel.kinds import KINDS

PROBLEM = "party c: Client\nparty s: Server\nc -> s: request\ntrust c -> s: server certificate"
PROBLEM_NO_TRUST = "party c: Client\nparty s: Server\nc -> s: request"
LADDER = "C -> S: hello\nS -> C: world"
MACHINE = "CLOSED -> OPEN: open\nOPEN -> CLOSED: close"


class Doc:
    """Builds records for one document, numbering them in document order."""

    def __init__(self, docname: str = "doc") -> None:
        self.docname = docname
        self.index = 0

    def _next(self, line: int | None) -> tuple[int, Location]:
        self.index += 1
        return self.index, Location(f"{self.docname}.rst", line or self.index * 10)

    def declare(self, model: str, summary: str = "", requires: tuple[str, ...] | None = None) -> Declaration:
        index, loc = self._next(None)
        return Declaration(model, self.docname, index, loc, f"model-{model}", summary, requires)

    def diagram(
        self, model: str, part: str, kind: str, body: str, sections: tuple[str, ...] = (), title: str = "d"
    ) -> DiagramRecord:
        index, loc = self._next(None)
        diagram = KINDS[kind].parse(body, title)
        return DiagramRecord.of(
            PackedDiagram(diagram, RenderOptions()),
            model=model,
            part=part,
            kind=kind,
            title=title,
            docname=self.docname,
            index=index,
            location=loc,
            anchor=f"fig-{index}",
            sections=sections,
        )

    def feature(self, model: str, title: str = "f", sections: tuple[str, ...] = ()) -> FeatureRecord:
        index, loc = self._next(None)
        return FeatureRecord(model, title, "security", self.docname, index, loc, f"feat-{index}", sections)

    def literal(self, text: str, sections: tuple[str, ...] = (), in_feature: bool = False) -> LiteralRecord:
        index, loc = self._next(None)
        looks_like = classify_literal(text)
        assert looks_like, text
        return LiteralRecord(looks_like, self.docname, index, loc, sections, in_feature)


def complete(doc: Doc, model: str = "M") -> list:
    return [
        doc.declare(model, "does things"),
        doc.diagram(model, "problem", "problem", PROBLEM, ("problem",)),
        doc.diagram(model, "overview", "ladder", LADDER, ("overview",)),
        doc.feature(model, sections=("features",)),
    ]


def split(records: list) -> tuple[list, list, list]:
    return (
        [r for r in records if isinstance(r, Declaration)],
        [r for r in records if isinstance(r, DiagramRecord)],
        [r for r in records if isinstance(r, FeatureRecord)],
    )


def findings_of(records: list, literals=(), rule: str | None = None, **kwargs):
    (model,) = collect_models(*split(records))
    found = check_model(model, literals, **kwargs)
    return [f for f in found if rule is None or f.rule == rule]


def no_ascii_problem(record):
    """The rule under test is not about ASCII art: report every rendering as fitting."""
    from sphinxcontrib_protomodel.diagrams import AsciiArt

    return AsciiFacts.of(AsciiArt("x"))


# ------------------------------------------------------------ grouping


def test_collect_models_orders_by_document_then_position() -> None:
    a, b = Doc("a"), Doc("b")
    later = b.feature("M")
    first = a.diagram("M", "problem", "problem", PROBLEM)
    other = a.diagram("N", "overview", "ladder", LADDER)
    models = collect_models([], [other, first], [later], doc_order=["a", "b"])
    assert [m.name for m in models] == ["M", "N"]
    m = models[0]
    assert m.parts["problem"].diagrams == [first]
    assert m.parts["features"].features == [later]
    assert m.first_seen["problem"] < m.first_seen["features"]
    # the document order decides, not the order records arrive in
    assert [m.name for m in collect_models([], [other, first], [later], doc_order=["b", "a"])] == ["M", "N"]
    assert collect_models([], [other, first], [later], doc_order=["b", "a"])[0].first_seen["features"] == 0


def test_complete_model_has_no_findings() -> None:
    assert findings_of(complete(Doc()), ascii_art=no_ascii_problem) == []


@pytest.mark.parametrize("part", PARTS)
def test_missing_part_is_an_error_naming_model_and_part(part: str) -> None:
    records = [r for r in complete(Doc()) if getattr(r, "part", "features") != part or isinstance(r, Declaration)]
    (error,) = findings_of(records, rule="missing-part", ascii_art=no_ascii_problem)
    assert error.severity == "error"
    assert f"model 'M' has no {part} part" in error.message
    assert str(error.location) == "doc.rst:10"  # the model directive


def test_requires_overrides_the_configured_parts() -> None:
    doc = Doc()
    records = [doc.declare("W", requires=("features",)), doc.feature("W")]
    assert findings_of(records, ascii_art=no_ascii_problem) == []
    records = [doc.declare("W", requires=("problem",)), doc.feature("W")]
    assert [f.message for f in findings_of(records, rule="missing-part")] == [
        "model 'W' has no problem part: add a problem diagram (the parties and whom they trust)"
    ]
    # configured parts apply when the model says nothing
    assert findings_of([doc.feature("X")], required_parts=("features",), ascii_art=no_ascii_problem) == []


# ------------------------------------------------------------ warnings


def test_more_than_three_diagrams_in_a_part() -> None:
    doc = Doc()
    records = complete(doc) + [doc.diagram("M", "overview", "ladder", LADDER) for _ in range(2)]
    assert findings_of(records, rule="diagram-count") == []  # three is fine
    fourth = doc.diagram("M", "overview", "ladder", LADDER)
    (warning,) = findings_of([*records, fourth], rule="diagram-count")
    assert "the overview part has 4 diagrams" in warning.message
    assert warning.location == fourth.location


def test_problem_without_trust() -> None:
    doc = Doc()
    records = complete(doc)
    records[1] = doc.diagram("M", "problem", "problem", PROBLEM_NO_TRUST)
    (warning,) = findings_of(records, rule="trust")
    assert "no problem diagram shows a trust relationship" in warning.message
    assert warning.location == records[1].location
    # trust in any of the problem diagrams is enough
    assert findings_of([*records, doc.diagram("M", "problem", "problem", PROBLEM)], rule="trust") == []


def test_parts_out_of_order() -> None:
    doc = Doc()
    overview = doc.diagram("M", "overview", "ladder", LADDER)
    problem = doc.diagram("M", "problem", "problem", PROBLEM)
    feature = doc.feature("M")
    (warning,) = findings_of([overview, problem, feature], rule="part-order")
    assert "order overview, problem, features" in warning.message
    assert warning.location == overview.location
    # a later diagram of an earlier part does not change where the part starts
    doc = Doc()
    records = complete(doc)
    later_problem = doc.diagram("M", "problem", "problem", PROBLEM)
    assert findings_of([*records, later_problem], rule="part-order") == []


def test_too_many_states() -> None:
    doc = Doc()
    chain = "\n".join(f"S{i} -> S{i + 1}: e{i}" for i in range(12)) + "\nS12 -> S0: back"
    big = doc.diagram("M", "overview", "statemachine", chain)
    assert state_count(big.diagram) == 13
    (warning,) = findings_of([*complete(doc), big], rule="state-count")
    assert "has 13 states, more than protomodel_max_states (12)" in warning.message
    assert findings_of([*complete(doc), big], rule="state-count", max_states=13) == []
    small = doc.diagram("M", "overview", "statemachine", MACHINE)
    assert findings_of([*complete(doc), small], rule="state-count") == []


BIT_DIAGRAM = """\
    0                   1                   2                   3
    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |          Source Port          |       Destination Port        |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
"""
ASN1 = """\
PKIX1Explicit88 { iso(1) identified-organization(3) }
DEFINITIONS EXPLICIT TAGS ::=
BEGIN
END
"""
ASN1_TYPE = "Certificate ::= SEQUENCE {\n  tbsCertificate TBSCertificate }"
XSD = '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n  <xs:element name="a"/>\n</xs:schema>'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BIT_DIAGRAM, "a bit diagram"),
        ("   +-+-+-+-+-+-+-+-+\n   |Type |  Len  |\n   +-+-+-+-+-+-+-+-+", "a bit diagram"),
        (ASN1, "an ASN.1 module"),
        (ASN1_TYPE, "an ASN.1 module"),
        (XSD, "an XML schema"),
        ('<xsd:complexType name="t"/>', "an XML schema"),
        # things an overview may well show
        ("Client                Server\n------                ------\nHello  ->", None),
        ("+--------+      +--------+\n| Client | ---> | Server |\n+--------+      +--------+", None),
        ("<message>\n  <to>bob</to>\n</message>", None),
        ("rule = 1*DIGIT ; ABNF", None),
        ("steps: 0 1 2 3 then stop", None),
    ],
)
def test_classify_literal(text: str, expected: str | None) -> None:
    assert classify_literal(text) == expected


def test_literal_blocks_in_the_overview_section_only() -> None:
    doc = Doc()
    records = complete(doc)  # overview diagram in section ("overview",)
    in_overview = doc.literal(BIT_DIAGRAM, ("overview",))
    in_subsection = doc.literal(XSD, ("overview", "details"))
    in_features = doc.literal(ASN1, ("features",))
    in_feature_block = doc.literal(ASN1, ("overview",), in_feature=True)
    other_doc = Doc("other").literal(BIT_DIAGRAM, ("overview",))
    literals = [in_overview, in_subsection, in_features, in_feature_block, other_doc]
    found = findings_of(records, literals, rule="overview-literal")
    assert [f.location for f in found] == [in_overview.location, in_subsection.location]
    assert "looks like a bit diagram" in found[0].message
    assert "looks like an XML schema" in found[1].message


def test_document_without_sections_is_one_scope() -> None:
    doc = Doc()
    records = [
        doc.declare("M"),
        doc.diagram("M", "problem", "problem", PROBLEM),
        doc.diagram("M", "overview", "ladder", LADDER),
        doc.feature("M"),
    ]
    lit = doc.literal(ASN1)
    assert [f.location for f in findings_of(records, [lit], rule="overview-literal")] == [lit.location]


def test_ascii_rule_reports_degraded_and_too_wide_art() -> None:
    from sphinxcontrib_protomodel.diagrams import AsciiArt

    doc = Doc()
    records = complete(doc)

    def degraded(record):
        return AsciiFacts.of(AsciiArt("x", degraded="a label is wider than the text width"))

    def too_wide(record):
        return AsciiFacts.of(AsciiArt("x" * (record.options.width + 1)))

    def broken(record):
        raise RuntimeError("boom")

    found = findings_of(records, rule="ascii", ascii_art=degraded)
    assert len(found) == 2  # both diagrams
    assert "cannot fit 72 columns: a label is wider than the text width" in found[0].message
    assert "73 columns wide, more than 72" in findings_of(records, rule="ascii", ascii_art=too_wide)[0].message
    assert "could not be rendered: boom" in findings_of(records, rule="ascii", ascii_art=broken)[0].message


def test_a_figure_taller_than_a_page_is_reported_at_its_line_with_a_hint() -> None:
    """Every kind, with the real renderer: 60 messages or 12 states take more than 48 lines of art."""
    doc = Doc()
    records = complete(doc)
    tall = "\n".join(f"A -> B: message {i}" for i in range(60))
    records.append(doc.diagram("M", "overview", "ladder", tall, ("overview",), title="long"))
    states = "\n".join(f"S{i} -> S{i + 1}: event {i}" for i in range(12))
    records.append(doc.diagram("M", "features", "statemachine", states, ("features",), title="chain"))
    found = findings_of(records, rule="page-height", max_states=20)
    assert [f.location for f in found] == [records[-2].location, records[-1].location]
    assert re.search(r'ladder "long" is \d+ lines tall, more than an Internet-Draft page holds \(48', found[0].message)
    assert "'...'" in found[0].message and "split it" in found[1].message
    assert findings_of(complete(Doc()), rule="page-height") == []


def test_conflicting_declarations() -> None:
    a, b = Doc("a"), Doc("b")
    records = [*complete(a), b.declare("M", "something else")]
    (warning,) = findings_of(records, rule="declaration", ascii_art=no_ascii_problem)
    assert "different summaries" in warning.message
    assert warning.location == records[-1].location
