"""Parser for the ``statemachine`` language.

Statements::

    initial A                       # the initial state (default: the first state a transition names)
    initial A, B                    # several initial states
    final A, B                      # states allowed to have no way out
    state NAME                      # names a state (order hint)
    state NAME: description         # ... and describes it
    FROM -> TO: event / action      # a transition; event and action optional
    A -> A: event                   # a self-loop
    * -> TO: event / action         # a transition from any state

The initial states come first; the other states are shown in the order they
are first named, by a ``state`` line or a transition: write ``state`` lines
first to choose the order.  A ``state`` line never makes a state initial:
without ``initial``, the first state a transition names is.

A transition's label is split at its first `` / `` (a slash with spaces
around it), so ``rcv Ack/DataAck`` stays one event; a label that is one
double-quoted string is kept whole (``"send H / recv H"`` is one event).
Indented lines continue the statement before them: more label text, or more
description.
"""

from __future__ import annotations

from ..diagrams import ANY_STATE, DiagramSyntaxError, State, StateMachine, Transition
from .lines import (
    Collector,
    Statement,
    Token,
    check_title,
    find_unquoted,
    group_statements,
    read_lines,
    split_label,
    statement_keyword,
    suggest,
    tokenize,
)

KEYWORDS = ("initial", "final", "state")

#: Arrows of the other languages, recognised only to explain them.
_FOREIGN_ARROWS: dict[str, str] = {
    "<-": "transitions point one way: write 'FROM -> TO'",
    "-->": "a state machine has no dashed transitions: write '->'",
    "<--": "transitions point one way: write 'FROM -> TO'",
    "<->": "write two transitions, 'A -> B' and 'B -> A', each with its own event",
    "<-->": "write two transitions, 'A -> B' and 'B -> A', each with its own event",
    "--": "a transition is 'FROM -> TO'",
    "=>": "write '->'",
    "==>": "write '->'",
    "->>": "write '->'",
    "~>": "write '->'",
}
_OPERATORS = ("->", *_FOREIGN_ARROWS)


def parse_statemachine(body: str, title: str = "") -> StateMachine:
    """Parse a statemachine body; raise :class:`DiagramSyntaxError` listing every error."""
    return _StateMachineParser(check_title(title)).parse(body)


def split_event_action(label: str) -> tuple[str, str]:
    """``"rcv Ack / snd Data"`` -> ``("rcv Ack", "snd Data")``, split at the first `` / ``.

    A label that starts with ``/`` has only an action; one that ends with
    ``/`` has only an event.
    """
    padded = f" {label.strip()} "
    cut = padded.find(" / ")
    if cut < 0:
        return label.strip(), ""
    return padded[:cut].strip(), padded[cut + 3 :].strip()


class _StateMachineParser:
    def __init__(self, title: str) -> None:
        self.title = title
        self.errors = Collector()
        self.declared: dict[str, State] = {}
        #: name -> line of first use in a transition, in order of first use
        self.used: dict[str, int] = {}
        #: every state name in the order an author first wrote it (state or transition)
        self.first_named: list[str] = []
        self.transitions: list[Transition] = []
        self.lists: dict[str, tuple[tuple[str, ...], int]] = {}

    def parse(self, body: str) -> StateMachine:
        statements = group_statements(read_lines(body), lambda text: True)
        for st in statements:
            keyword = statement_keyword(st.line.text, KEYWORDS, _OPERATORS)
            if keyword in ("initial", "final"):
                self._name_list(st, keyword)
            elif keyword == "state":
                self._state(st)
            else:
                self._transition(st)
        if not self.errors.diagnostics and not self.transitions:
            self.errors.error(0, "a state machine needs at least one transition: 'FROM -> TO: event / action'")
        self.errors.raise_if_any()

        initial, initial_line = self.lists.get("initial", ((), 0))
        if not initial:
            initial = (next(iter(self.used)),)
        order = [n for n in initial if n in self.first_named]
        order += [n for n in self.first_named if n not in order]
        states = [self.declared.get(name) or State(name, "", self.used[name]) for name in order]
        final, final_line = self.lists.get("final", ((), 0))
        return StateMachine(
            self.title, tuple(states), tuple(self.transitions), initial, final, initial_line, final_line
        )

    # ------------------------------------------------------------ statements

    def _tokens(self, head: str, number: int) -> list[Token] | None:
        try:
            return tokenize(head, number, _OPERATORS, _FOREIGN_ARROWS)
        except DiagramSyntaxError as exc:
            self.errors.diagnostics.extend(exc.diagnostics)
            return None

    def _empty(self, names: list[str], number: int) -> bool:
        """Report an empty quoted name (``""``); a state needs a visible name."""
        if any(not n.strip() for n in names):
            self.errors.error(number, 'a state name cannot be empty (write a name, e.g. "Waiting for ack")')
            return True
        return False

    def _name(self, name: str) -> None:
        if name not in self.first_named:
            self.first_named.append(name)

    def _name_list(self, st: Statement, keyword: str) -> None:
        number = st.line.number
        text = " ".join([st.line.text, *(c.text for c in st.continuation)])
        head, label = split_label(text)
        example = "initial CLOSED" if keyword == "initial" else "final CLOSED, TIMEWAIT"
        if label is not None:
            self.errors.error(number, f"'{keyword}' takes state names only, no ':' (write '{example}')")
            return
        if keyword in self.lists:
            first = self.lists[keyword][1]
            self.errors.error(
                number, f"'{keyword}' is given twice (first at line {first}); name all states in one: '{example}'"
            )
            return
        tokens = self._tokens(head[len(keyword) :], number)
        if tokens is None:
            return
        names = [t.value for t in tokens if t.kind == "name"]
        if not names:
            self.errors.error(number, f"'{keyword}' needs one or more state names: '{example}'")
            return
        if self._empty(names, number):
            return
        if [t.kind for t in tokens] != (["name", "comma"] * len(names))[:-1]:
            self.errors.error(number, f"separate the state names with commas: '{keyword} {', '.join(names)}'")
            return
        seen: set[str] = set()
        for name in names:
            if name in seen:
                self.errors.error(number, f"state '{name}' is listed twice in '{keyword}'")
                return
            seen.add(name)
        self.lists[keyword] = (tuple(names), number)

    def _state(self, st: Statement) -> None:
        number = st.line.number
        head, label = split_label(st.line.text)
        rest = head[len("state") :].strip()
        tokens = self._tokens(rest, number)
        if tokens is None:
            return
        if len(tokens) != 1 or tokens[0].kind != "name":
            if not tokens:
                self.errors.error(number, "'state' needs a name: 'state NAME' or 'state NAME: description'")
            elif any(t.kind == "op" for t in tokens):
                self.errors.error(number, "a transition does not start with 'state': write 'FROM -> TO: event'")
            else:
                self.errors.error(number, f'state name {rest!r} is not one name (quote it: "{rest}")')
            return
        name = tokens[0].value
        if self._empty([name], number):
            return
        if name in self.declared:
            self.errors.error(number, f"state '{name}' is declared twice (first at line {self.declared[name].line})")
            return
        description = " ".join(t for t in (label or "", *(c.text for c in st.continuation)) if t)
        self.declared[name] = State(name, description, number)
        self._name(name)

    def _transition(self, st: Statement) -> None:
        text, number = st.line.text, st.line.number
        head, label = split_label(text)
        any_state = head.startswith("*") and (len(head) == 1 or head[1].isspace())
        rest = head[1:] if any_state else head
        if find_unquoted(rest, "*") >= 0:
            self.errors.error(
                number, "'*' (any state) stands only before the arrow, apart from it: '* -> STATE: event / action'"
            )
            return
        tokens = self._tokens(rest, number)
        if tokens is None:
            return
        if any_state:
            tokens.insert(0, Token(ANY_STATE, "name"))
        shape = [t.kind for t in tokens]
        if shape != ["name", "op", "name"]:
            self.errors.error(number, self._explain(tokens, head))
            return
        arrow = tokens[1].value
        src, dst = tokens[0].value, tokens[2].value
        if self._empty([src, dst], number):
            return
        if arrow in ("<-", "<--"):
            self.errors.error(number, f"transitions point one way: write '{dst} -> {src}', not '{src} {arrow} {dst}'")
            return
        if arrow in _FOREIGN_ARROWS:
            self.errors.error(number, f"unknown arrow '{arrow}': {_FOREIGN_ARROWS[arrow]}")
            return
        for name in (src, dst) if src != ANY_STATE else (dst,):
            self.used.setdefault(name, number)
            self._name(name)
        full = " ".join(t for t in (label or "", *(c.text for c in st.continuation)) if t)
        raw = text[find_unquoted(text, ":") + 1 :].strip() if label is not None else ""
        if raw.startswith('"') and raw.endswith('"') and label != raw and not st.continuation:
            event, action = full, ""  # one quoted string: kept whole, its slash included
        else:
            event, action = split_event_action(full)
        self.transitions.append(Transition(src, dst, event, action, number))

    def _explain(self, tokens: list[Token], head: str) -> str:
        """Why a line is neither a keyword statement nor 'FROM -> TO: label'."""
        ops = [t.value for t in tokens if t.kind == "op"]
        names = [t.value for t in tokens if t.kind == "name"]
        if not tokens:
            return "a line cannot start with ':'; write 'FROM -> TO: event / action'"
        if not ops:
            word = names[0] if names else head
            if len(names) == 1:
                return f"cannot read '{head}': a transition is 'FROM -> TO: event / action'"
            hint = suggest(word, list(KEYWORDS))
            if not hint:
                hint = " (statements: initial, final, state, or a transition 'FROM -> TO: event / action')"
            return f"unknown statement '{word}'{hint}"
        if len(ops) > 1:
            return "one arrow per transition: write each one on its own line"
        if tokens[0].kind != "name":
            return f"a transition starts with a state: 'FROM -> TO: event'; found '{head}'"
        if tokens[-1].kind != "name":
            return f"a transition needs a target state after '{ops[0]}': 'FROM -> TO: event'"
        return f"a transition is 'FROM -> TO: event / action'; found '{head}'"


__all__ = ["KEYWORDS", "parse_statemachine", "split_event_action"]
