"""The diagrams of a protocol model as plain data: ladders, problems, state machines.

Parsers produce these objects; layouts, the check rules, the RFC writer and
the command line consume them.  Nothing here knows about Sphinx or docutils,
so a diagram can be pickled into a doctree, hashed for caching and tested on
its own.  Line numbers are 1-based and relative to the diagram body.  (The
protocol model itself, the diagrams and features that share a model name, is
``checks.rules.ProtocolModel``.)
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

# --------------------------------------------------------------------- errors


@dataclass(frozen=True)
class Diagnostic:
    """A problem found in a diagram body, located at ``line`` of that body."""

    line: int
    message: str
    severity: Literal["error", "warning"] = "error"


class DiagramSyntaxError(Exception):
    """A diagram body with syntax errors: it cannot be turned into a diagram model.

    Carries every error found, so that an author sees them all at once.
    """

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("; ".join(f"line {d.line}: {d.message}" for d in diagnostics))


class RenderError(Exception):
    """A valid model that a renderer cannot draw (an external tool failed)."""


# --------------------------------------------------------------------- ladder


@dataclass(frozen=True)
class Actor:
    """Someone named in a diagram and shown under a display label: a ladder's participant, a problem's party."""

    name: str
    label: str
    line: int = 0


def label_of(actors: tuple[Actor, ...], name: str) -> str:
    """The display label of the actor called ``name`` (the name itself if none is)."""
    return next((a.label for a in actors if a.name == name), name)


@dataclass(frozen=True)
class Participant(Actor):
    """A lifeline of a ladder."""


@dataclass(frozen=True)
class Message:
    """One arrow.  ``src == dst`` is a local action of one party.

    ``details``: the lines under the label as the author wrote them
    (indentation relative to the first).  ``lost``: it never arrives
    (``A -x B``).  ``same_row``: written ``& A -> B``, drawn on the row of
    the item before it.
    """

    src: str
    dst: str
    label: str
    details: tuple[str, ...] = ()
    dashed: bool = False
    bidirectional: bool = False
    line: int = 0
    lost: bool = False
    same_row: bool = False


@dataclass(frozen=True)
class Note:
    """A note over ``parties``; ``text`` is its lines joined by newlines (indentation kept)."""

    parties: tuple[str, ...]
    text: str
    line: int = 0
    same_row: bool = False


@dataclass(frozen=True)
class Separator:
    """``== label ==``: a phase boundary drawn across the whole diagram."""

    label: str
    line: int = 0


@dataclass(frozen=True)
class Delay:
    """``...`` or ``... label ...``: time passes."""

    label: str = ""
    line: int = 0


@dataclass(frozen=True)
class Group:
    """A labelled bracket over consecutive items; groups may nest."""

    label: str
    items: tuple[LadderItem, ...] = ()
    line: int = 0


LadderItem = Message | Note | Separator | Delay | Group


@dataclass(frozen=True)
class Ladder:
    title: str
    participants: tuple[Participant, ...]
    items: tuple[LadderItem, ...]

    kind = "ladder"

    def label_of(self, name: str) -> str:
        return label_of(self.participants, name)

    def messages(self) -> list[Message]:
        """Every message, groups flattened, in order."""
        return [i for i in walk_items(self.items) if isinstance(i, Message)]


def walk_items(items: tuple[LadderItem, ...]) -> Iterator[LadderItem]:
    """Yield ladder items depth-first, groups before their contents."""
    stack = [iter(items)]
    while stack:
        for item in stack[-1]:
            yield item
            if isinstance(item, Group):
                stack.append(iter(item.items))
                break
        else:
            stack.pop()


# -------------------------------------------------------------------- problem


@dataclass(frozen=True)
class Party(Actor):
    """A box of a problem figure."""


@dataclass(frozen=True)
class Relation:
    """An edge between parties: communication, association or trust.

    ``mode`` is ``"->"`` (one way, src to dst), ``"<->"`` (both ways) or
    ``"--"`` (association without direction).
    """

    src: str
    dst: str
    mode: Literal["->", "<->", "--"]
    label: str = ""
    details: tuple[str, ...] = ()
    trust: bool = False
    line: int = 0


@dataclass(frozen=True)
class PartyGroup:
    """A box around parties: a host, a domain, a network."""

    name: str
    label: str
    members: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Problem:
    title: str
    parties: tuple[Party, ...]
    relations: tuple[Relation, ...]
    groups: tuple[PartyGroup, ...] = ()

    kind = "problem"

    def label_of(self, name: str) -> str:
        return label_of(self.parties, name)


# --------------------------------------------------------------- statemachine


@dataclass(frozen=True)
class State:
    """A state; ``line`` is its ``state`` statement, else its first use."""

    name: str
    description: str = ""
    line: int = 0


#: The source of a transition from any state (``* -> CLOSED: ABORT``).
ANY_STATE = "*"


@dataclass(frozen=True)
class Transition:
    """``src -> dst: event / action``; ``src == dst`` is a self-loop.

    ``src == ANY_STATE`` is a transition from every state (drawn once).
    """

    src: str
    dst: str
    event: str = ""
    action: str = ""
    line: int = 0

    @property
    def from_any(self) -> bool:
        """Whether this is a transition from any state (``* -> X``)."""
        return self.src == ANY_STATE

    @property
    def label(self) -> str:
        """``event / action`` as an author wrote it."""
        if self.action:
            return f"{self.event} / {self.action}" if self.event else f"/ {self.action}"
        return self.event


@dataclass(frozen=True)
class StateMachine:
    """States (initial ones first, then in the order first named), transitions in source order.

    ``initial`` is never empty for a parsed machine: without an ``initial``
    statement it holds the first state a transition names and ``initial_line`` is 0.
    A transition from any state has ``src == ANY_STATE``; ``*`` is not a state.
    ``initial``/``final`` may name states that are not in ``states`` (the
    checks warn about them; renderers ignore them).
    """

    title: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    initial: tuple[str, ...] = ()
    final: tuple[str, ...] = ()
    initial_line: int = 0
    final_line: int = 0

    kind = "statemachine"

    def state_names(self) -> list[str]:
        return [s.name for s in self.states]

    def outgoing(self, name: str) -> list[Transition]:
        """Transitions written from ``name`` (self-loops included), in source order."""
        return [t for t in self.transitions if t.src == name]

    def from_any(self) -> list[Transition]:
        """Transitions from any state (``* -> X``), in source order."""
        return [t for t in self.transitions if t.from_any]

    def leaving(self, name: str) -> list[Transition]:
        """Every transition that can leave ``name``: its own, then those from any state."""
        return [t for t in self.transitions if t.src == name] + self.from_any()


Diagram = Ladder | Problem | StateMachine


# ---------------------------------------------------------------- rendering


#: Widths an author may ask ASCII art for (``:width:``, ``protomodel_text_width``,
#: ``--width``): narrower cannot hold a box and its label; wider is no page.
MIN_WIDTH = 20
MAX_WIDTH = 1000


@dataclass(frozen=True)
class RenderOptions:
    """Directive options that change a rendering (part of the cache key)."""

    width: int = 72
    style: str | None = None  # ladder: "columns" | "lifelines"
    direction: str = "right"  # problem: "right" | "down"
    ascii: str = "auto"  # statemachine: "auto" | "diagram" | "table"
    labels: str = "auto"  # statemachine: "auto" | "slash" (event / action) | "rule" (RFC 793: event, rule, action)
    engine: str = "native"  # "native" (our layout, both painters) | "diag" (seqdiag/blockdiag graphics)


@dataclass(frozen=True)
class AsciiArt:
    """An ASCII rendering.  ``degraded`` says why a fallback layout was used."""

    text: str
    degraded: str | None = None
    notes: tuple[str, ...] = field(default=())


class PackedDiagram:
    """A parsed diagram and its ``RenderOptions``, kept as pickled bytes once pickled.

    Sphinx unpickles every doctree on every build (to number figures) and
    the whole environment, where the model registry keeps what the checks
    need beside each diagram: unpickling the models themselves waits until
    something draws them.  Pickled once however often it is pickled (the
    doctree's node and the registry's record share one).  Equal when the
    models are.
    """

    __slots__ = ("_data", "_value")

    def __init__(self, diagram: Any, options: Any) -> None:
        self._value: tuple[Any, Any] | None = (diagram, options)
        self._data: bytes | None = None

    @property
    def value(self) -> tuple[Any, Any]:
        """``(diagram, options)``, unpickled on first use."""
        if self._value is None:
            assert self._data is not None
            self._value = pickle.loads(self._data)
        return self._value

    def __getstate__(self) -> bytes:
        if self._data is None:
            self._data = pickle.dumps(self._value, protocol=pickle.HIGHEST_PROTOCOL)
        return self._data

    def __setstate__(self, data: bytes) -> None:
        self._data, self._value = data, None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PackedDiagram) and self.value == other.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return f"PackedDiagram({type(self.value[0]).__name__})"
