"""What the model checks keep of the diagrams between builds: packed models and ASCII facts."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from sphinxcontrib_protomodel.checks.rules import AsciiFacts, DiagramRecord, Location
from sphinxcontrib_protomodel.diagrams import PackedDiagram, RenderOptions
from sphinxcontrib_protomodel.kinds import KINDS
from sphinxcontrib_protomodel.rendering import render
from sphinxcontrib_protomodel.sphinx_ext import facts
from sphinxcontrib_protomodel.sphinx_ext.facts import AsciiFactsStore

LADDER = "participant A\nparticipant B\nA -> B: hello\nB -> A: a reply much too long " + "word " * 20
MACHINE = "initial CLOSED\nCLOSED -> LISTEN: passive open\nLISTEN -> CLOSED: close\nLISTEN -> GONE: reset\nfinal GONE"
PROBLEM = "party C: Client\nparty S: Server\ntrust C -> S: certificate\nC -- S: requests"


def record(kind: str, body: str, docname: str = "doc", index: int = 1, width: int = 72) -> DiagramRecord:
    return DiagramRecord.of(
        PackedDiagram(KINDS[kind].parse(body, "t"), RenderOptions(width=width)),
        model="M",
        part="overview",
        kind=kind,
        title="t",
        docname=docname,
        index=index,
        location=Location(f"{docname}.rst", index),
    )


def test_a_record_keeps_what_the_checks_read_of_its_diagram() -> None:
    assert record("problem", PROBLEM).trust
    assert not record("problem", "party C: Client\nparty S: Server\nC -- S: requests").trust
    assert record("statemachine", MACHINE).states == 3
    assert record("ladder", LADDER, width=60).text_width == 60


def test_a_packed_diagram_is_unpickled_when_first_used_and_pickles_the_same_bytes_again() -> None:
    original = record("ladder", LADDER)
    data = pickle.dumps(original)
    copy = pickle.loads(data)
    assert copy.packed._value is None  # still bytes
    assert copy == original  # equal models: the bytes are unpickled to compare
    assert copy.diagram == original.diagram and copy.options == original.options
    assert pickle.dumps(copy) == data  # kept bytes, not pickled anew
    assert hash(copy.packed) == hash(original.packed)
    assert PackedDiagram(copy.diagram, RenderOptions(width=40)) != copy.packed


def test_facts_say_what_the_art_is() -> None:
    art = render("ascii", record("ladder", LADDER).diagram, RenderOptions())
    lines = art.text.splitlines()
    assert AsciiFacts.of(art) == AsciiFacts(max(len(line) for line in lines), len(lines), art.degraded)


@pytest.fixture
def drawn(monkeypatch) -> list[str]:
    """Documents whose diagrams the store had to draw."""
    calls: list[str] = []
    real = facts.ascii_facts
    monkeypatch.setattr(facts, "ascii_facts", lambda d: calls.append(d.docname) or real(d))
    return calls


def test_stored_facts_hold_until_the_document_is_read_again(tmp_path: Path, drawn: list[str]) -> None:
    path = tmp_path / facts.FILENAME
    a, b = record("ladder", LADDER, "a"), record("statemachine", MACHINE, "b", index=4)
    read = {"a": 100, "b": 200}
    first = AsciiFactsStore(path, "renderers 1", read)
    expected = [first.get(a), first.get(b)]
    assert drawn == ["a", "b"]
    first.save(["a", "b"])

    again = AsciiFactsStore(path, "renderers 1", read)
    assert [again.get(a), again.get(b)] == expected and drawn == ["a", "b"]  # nothing drawn
    assert again.missing([a, b]) == []

    reread = AsciiFactsStore(path, "renderers 1", {"a": 101, "b": 200})
    assert reread.missing([a, b]) == [a]
    assert reread.get(a) == expected[0] and drawn == ["a", "b", "a"]

    other = AsciiFactsStore(path, "renderers 2", read)  # another version of the renderers: nothing holds
    assert other.missing([a, b]) == [a, b]


def test_saving_keeps_the_projects_documents_only_and_only_when_something_was_learned(tmp_path: Path) -> None:
    path = tmp_path / facts.FILENAME
    store = AsciiFactsStore(path, "r", {"a": 1, "gone": 1})
    store.get(record("ladder", LADDER, "a"))
    store.get(record("ladder", LADDER, "gone"))
    store.save(["a"])
    assert sorted(json.loads(path.read_text())["docs"]) == ["a"]
    path.unlink()
    AsciiFactsStore(path, "r", {"a": 1}).save(["a"])  # learned nothing: writes nothing
    assert not path.exists()


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        '{"identity": "r", "docs": []}',
        '{"identity": "r", "docs": {"a": {"read": 1, "facts": {"1": [1, 2]}}}}',
        '{"identity": "r", "docs": {"a": {"read": 1, "facts": {"1": ["72", 2, null]}}}}',
        '{"identity": "r", "docs": {"a": {"read": 1, "facts": {"1": [true, 2, null]}}}}',
        '{"identity": "r", "docs": {"a": {"read": 1, "facts": {"1": [1, 2, 3]}}}}',
        '{"identity": "r", "docs": {"a": {"read": 1, "facts": []}}}',
        '{"identity": "r", "docs": {"a": []}}',
    ],
)
def test_a_damaged_store_is_drawn_again(tmp_path: Path, drawn: list[str], content: str) -> None:
    path = tmp_path / facts.FILENAME
    path.write_text(content)
    store = AsciiFactsStore(path, "r", {"a": 1})
    d = record("ladder", LADDER, "a")
    assert store.get(d) == AsciiFacts.of(render("ascii", d.diagram, d.options)) and drawn == ["a"]


def test_without_a_directory_facts_are_drawn_and_kept_in_memory(drawn: list[str]) -> None:
    store = AsciiFactsStore(None, "r", {"a": 1})
    d = record("ladder", LADDER, "a")
    assert store.get(d) == store.get(d) and drawn == ["a"]
    store.save(["a"])  # nowhere to write: no error
