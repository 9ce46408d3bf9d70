"""A plain-language description of a diagram model: its text alternative.

A figure drawn as SVG says nothing to a screen reader, and an ASCII
rendering read aloud is noise.  This module turns the *model* (not the
picture) into short sentences: who takes part and, in order, what happens.
The HTML writer puts the summary in the SVG's ``<desc>`` and the full list
in a visually hidden element next to it.

Pure data in, pure data out: no Sphinx, no docutils, no HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagrams import Delay, Diagram, Group, Ladder, LadderItem, Message, Note, Problem, Separator, StateMachine

#: What each kind of diagram is called in the SVG ``<title>``.
KIND_NAMES = {
    "ladder": "Message sequence diagram",
    "problem": "Problem diagram",
    "statemachine": "State machine diagram",
}


@dataclass(frozen=True)
class Entry:
    """One line of a description; ``children`` are nested (a group's messages)."""

    text: str
    children: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class Section:
    """A heading and its entries; ``ordered`` when their order is the point."""

    heading: str
    entries: tuple[Entry, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Description:
    """``summary``: one sentence.  ``sections`` in reading order."""

    summary: str
    sections: tuple[Section, ...] = field(default=())

    def as_text(self) -> str:
        """Everything as indented plain text (for tests and non-HTML uses)."""
        out = [self.summary]

        def emit(entries: tuple[Entry, ...], depth: int) -> None:
            for entry in entries:
                out.append("  " * depth + "- " + entry.text)
                emit(entry.children, depth + 1)

        for section in self.sections:
            out.append(section.heading + ":")
            emit(section.entries, 1)
        return "\n".join(out)


def describe(diagram: Diagram) -> Description:
    """The text alternative of ``diagram`` (any kind)."""
    if isinstance(diagram, Ladder):
        return _ladder(diagram)
    if isinstance(diagram, Problem):
        return _problem(diagram)
    if isinstance(diagram, StateMachine):
        return _statemachine(diagram)
    return Description(f"A {getattr(diagram, 'kind', 'diagram')} diagram.")


def _join(names: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``: as a sentence lists names."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _count(n: int, word: str, plural: str = "") -> str:
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"


def _with_details(text: str, details: tuple[str, ...]) -> str:
    return f"{text} ({'; '.join(details)})" if details else text


# ---------------------------------------------------------------- ladder


def _ladder(ladder: Ladder) -> Description:
    names = [p.label for p in ladder.participants]
    messages = ladder.messages()
    summary = f"{_count(len(messages), 'message')} between {_join(names)}."
    return Description(
        summary,
        (
            Section("Participants", tuple(Entry(name) for name in names)),
            Section("Sequence", _ladder_items(ladder, ladder.items), ordered=True),
        ),
    )


def _ladder_items(ladder: Ladder, items: tuple[LadderItem, ...]) -> tuple[Entry, ...]:
    return tuple(_ladder_item(ladder, item) for item in items)


def _ladder_item(ladder: Ladder, item: LadderItem) -> Entry:
    label = ladder.label_of
    if isinstance(item, Message):
        if item.src == item.dst:
            text = f"{label(item.src)}, local action: {item.label}"
        elif item.bidirectional:
            text = f"{label(item.src)} and {label(item.dst)}, both ways: {item.label}"
        else:
            text = f"{label(item.src)} to {label(item.dst)}: {item.label}"
        if item.dashed:
            text += " (optional)"
        if item.lost:
            text += " (lost on the way)"
        if item.same_row:
            text += " (at the same time as the item before)"
        return Entry(_with_details(text, tuple(d.strip() for d in item.details)))
    if isinstance(item, Note):
        lines = "; ".join(line.strip() for line in item.text.split("\n") if line.strip())
        when = " (beside the item before)" if item.same_row else ""
        return Entry(f"Note at {_join([label(p) for p in item.parties])}{when}: {lines}")
    if isinstance(item, Separator):
        return Entry(f"Phase: {item.label}" if item.label else "Phase boundary")
    if isinstance(item, Delay):
        return Entry(f"Time passes: {item.label}" if item.label else "Time passes")
    if isinstance(item, Group):
        return Entry(f"Group: {item.label}", _ladder_items(ladder, item.items))
    return Entry(str(item))


# ---------------------------------------------------------------- problem


def _problem(problem: Problem) -> Description:
    label = problem.label_of
    names = [p.label for p in problem.parties]
    trusts = [r for r in problem.relations if r.trust]
    flows = [r for r in problem.relations if not r.trust]
    summary = f"{_count(len(names), 'party', 'parties')}: {_join(names)}; {_count(len(flows), 'communication')}"
    summary += f" and {_count(len(trusts), 'trust relationship')}."
    sections = [Section("Parties", tuple(Entry(n) for n in names))]
    if problem.groups:
        groups = tuple(
            Entry(f"{g.label} contains {_join([label(m) for m in g.members]) or 'no party'}") for g in problem.groups
        )
        sections.append(Section("Groups", groups))
    if flows:
        entries = []
        for r in flows:
            if r.mode == "<->":
                text = f"{label(r.src)} and {label(r.dst)}, both ways"
            elif r.mode == "--":
                text = f"{label(r.src)} and {label(r.dst)}, associated"
            else:
                text = f"{label(r.src)} to {label(r.dst)}"
            entries.append(Entry(_with_details(f"{text}: {r.label}" if r.label else text, r.details)))
        sections.append(Section("Communication", tuple(entries)))
    if trusts:
        entries = []
        for r in trusts:
            if r.mode == "->":
                text = f"{label(r.src)} trusts {label(r.dst)}"
            else:
                text = f"{label(r.src)} and {label(r.dst)} trust each other"
            entries.append(Entry(_with_details(f"{text}: {r.label}" if r.label else text, r.details)))
        sections.append(Section("Trust", tuple(entries)))
    return Description(summary, tuple(sections))


# ---------------------------------------------------------------- statemachine


def _statemachine(machine: StateMachine) -> Description:
    # The parser fills ``initial`` (default: the first state a transition names).
    initial_names = list(machine.initial) or [s.name for s in machine.states[:1]]
    initial = set(initial_names)
    final = set(machine.final)
    states = []
    for s in machine.states:
        roles = [r for r, ok in (("initial", s.name in initial), ("final", s.name in final)) if ok]
        text = s.name + (f" ({', '.join(roles)})" if roles else "")
        states.append(Entry(f"{text}: {s.description}" if s.description else text))
    transitions = []
    for t in machine.transitions:
        text = f"{'any state' if t.src == '*' else t.src} to {t.dst}"
        if t.event:
            text += f" on {t.event}"
        if t.action:
            text += f", action: {t.action}"
        transitions.append(Entry(text))
    summary = f"{_count(len(machine.states), 'state')} and {_count(len(machine.transitions), 'transition')}"
    if initial_names:
        summary += f"; starts in {_join(initial_names)}"
    return Description(summary + ".", (Section("States", tuple(states)), Section("Transitions", tuple(transitions))))
