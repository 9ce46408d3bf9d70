"""The translator's XML-only steps and its anchor bookkeeping, on small lxml trees (no Sphinx build)."""

from __future__ import annotations

from docutils import nodes
from lxml import etree

from sphinxcontrib_protomodel.rfc.postprocess import (
    IMPLICIT,
    complete_table,
    drop_marks,
    fill_empty,
    merge_label,
    unwrap,
    write_references,
)
from sphinxcontrib_protomodel.rfc.references import RefData
from sphinxcontrib_protomodel.rfc.translator.anchors import Anchors, PendingXref, resolve_xrefs


def xml(text: str) -> etree._Element:
    return etree.fromstring(text)


def text_of(el: etree._Element) -> str:
    return etree.tostring(el, encoding="unicode")


def test_fill_empty_gives_empty_containers_a_paragraph() -> None:
    root = xml("<rfc><ul><li/><li>text</li></ul><aside/><blockquote> </blockquote></rfc>")
    fill_empty(root)
    assert (
        text_of(root)
        == "<rfc><ul><li><t/></li><li>text</li></ul><aside><t/></aside><blockquote> <t/></blockquote></rfc>"
    )


def test_fill_empty_completes_terms_and_names_sections() -> None:
    root = xml("<rfc><dl><dt>a</dt><dt>b</dt><dd><t>b is</t></dd><dt>c</dt></dl><section><t/></section></rfc>")
    fill_empty(root)
    assert [c.tag for c in root.find("dl")] == ["dt", "dd", "dt", "dd", "dt", "dd"]
    assert root.find("dl")[1].find("t") is not None
    name = root.find("section")[0]
    assert (name.tag, name.text) == ("name", "Untitled")


def test_complete_table() -> None:
    head_only = xml("<table><thead><tr><th>x</th></tr></thead></table>")
    complete_table(head_only)
    assert text_of(head_only) == "<table><tbody><tr><th>x</th></tr></tbody></table>"
    empty = xml("<table/>")
    complete_table(empty)
    assert text_of(empty) == "<table><tbody><tr><td/></tr></tbody></table>"
    whole = xml("<table><thead/><tbody><tr><td>1</td></tr></tbody></table>")
    complete_table(whole)
    assert text_of(whole) == "<table><thead/><tbody><tr><td>1</td></tr></tbody></table>"


def test_merge_label_joins_the_label_and_the_first_paragraph() -> None:
    aside = xml("<aside><t><strong>Note:</strong></t><t>keep <em>this</em>.</t><t>next</t></aside>")
    merge_label(aside)
    assert text_of(aside) == "<aside><t><strong>Note:</strong> keep <em>this</em>.</t><t>next</t></aside>"


def test_merge_label_leaves_anything_else_alone() -> None:
    for source in (
        "<aside><t><strong>Note:</strong></t></aside>",  # nothing to merge with
        "<aside><t><strong>Note:</strong></t><t anchor='x'>target</t></aside>",  # an anchor must stay
        "<aside><t>Note: <strong>x</strong></t><t>text</t></aside>",  # not a bare label
        "<aside><t><strong>Note:</strong></t><ul><li>x</li></ul></aside>",  # not a paragraph
    ):
        aside = xml(source)
        merge_label(aside)
        assert text_of(aside) == text_of(xml(source))


def test_unwrap_keeps_the_text_in_place() -> None:
    t = xml("<t>see <xref target='_pending'>the <em>other</em> part</xref>, then</t>")
    unwrap(t[0])
    assert text_of(t) == "<t>see the other part, then</t>"
    t = xml("<t><em>a</em> and <xref target='_pending'>b</xref> c</t>")
    unwrap(t[1])
    assert text_of(t) == "<t><em>a</em> and b c</t>"
    loose = etree.Element("xref")
    unwrap(loose)  # no parent: nothing to do


def test_drop_marks() -> None:
    root = xml(f"<rfc><t {IMPLICIT}='1' anchor='a'>x</t><!-- c --></rfc>")
    drop_marks(root)
    assert text_of(root) == '<rfc><t anchor="a">x</t><!-- c --></rfc>'


def test_write_references_one_group() -> None:
    root = xml("<rfc><middle/></rfc>")
    write_references(root, {}, frozenset())
    assert root.find("back") is None
    write_references(root, {"RFC4101": RefData("Writing Protocol Models"), "B": RefData("b")}, frozenset())
    refs = root.find("back/references")
    assert refs.findtext("name") == "Informative References"
    assert [r.get("anchor") for r in refs.findall("reference")] == ["B", "RFC4101"]


def test_write_references_normative_and_informative() -> None:
    root = xml("<rfc><middle/><back/></rfc>")
    cited = {"RFC2119": RefData("Key words"), "RFC4101": RefData("Models"), "X": RefData("x")}
    write_references(root, cited, {"RFC2119"})
    assert len(root.findall("back")) == 1
    outer = root.find("back/references")
    assert outer.findtext("name") == "References"
    groups = outer.findall("references")
    assert [g.findtext("name") for g in groups] == ["Normative References", "Informative References"]
    assert [[r.get("anchor") for r in g.findall("reference")] for g in groups] == [["RFC2119"], ["RFC4101", "X"]]


def test_anchors_are_unique_and_shared_by_keys() -> None:
    anchors = Anchors()
    anchors.reserve("intro")
    assert anchors.fresh("doc", "intro") == "doc-intro"
    assert anchors.fresh("doc", "intro") == "doc-intro-2"
    section = etree.Element("section")
    anchor = anchors.attach(section, [("doc", "part"), ("doc", "part-alias")])
    assert section.get("anchor") == anchor == "part"
    assert anchors.attach(section, [("other", "x")]) == "part"
    assert anchors.by_key == {("doc", "part"): "part", ("doc", "part-alias"): "part", ("other", "x"): "part"}


def test_resolve_xrefs_returns_the_missing() -> None:
    anchors = Anchors()
    anchors.by_key[("doc", "here")] = "here"
    t = xml("<t><xref target='_pending'/><xref target='_pending'>gone</xref></t>")
    node = nodes.reference()
    found, lost = PendingXref(t[0], ("doc", "here"), node), PendingXref(t[1], ("doc", "gone"), node)
    assert resolve_xrefs([found, lost], anchors) == [lost]
    assert t[0].get("target") == "here"
    assert t[1].get("target") == "_pending"
