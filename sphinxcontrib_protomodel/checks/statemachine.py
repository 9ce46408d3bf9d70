"""Warnings about a valid state machine: what an author most likely got wrong.

Four rules, each reported at the body line concerned:

- a state that no path of transitions reaches from the initial states;
- a reachable state, not listed in ``final``, with no transition out of it;
- two transitions from one state on the same event (the machine could not
  tell which one to take);
- ``initial`` or ``final`` naming a state that has no transition.

Transitions without an event are not compared with each other: a sketch
without labels is not nondeterministic, just terse.  A transition from any
state (``* -> X``) counts as a transition of every state.
"""

from __future__ import annotations

import difflib

from ..diagrams import Diagnostic, StateMachine


def statemachine_findings(sm: StateMachine) -> list[Diagnostic]:
    """Every warning about ``sm``, ordered by line."""
    findings: list[Diagnostic] = []
    touched = {t.src for t in sm.transitions if not t.from_any} | {t.dst for t in sm.transitions}
    names = sm.state_names()

    # ``initial``/``final`` naming a state without transitions
    for keyword, listed, line in (("initial", sm.initial, sm.initial_line), ("final", sm.final, sm.final_line)):
        for name in listed:
            if name in touched:
                continue
            if name in names and keyword == "initial" and not line:
                line = next(s.line for s in sm.states if s.name == name)
                message = (
                    f"state '{name}' has no transition, yet it is the initial state by default (the first state"
                    " named); write 'initial NAME' to choose another"
                )
            elif name in names:
                message = f"{keyword} state '{name}' has no transition"
            else:
                message = f"unknown state '{name}' in '{keyword}': no transition names it"
                message += _hint(name, [n for n in names if n in touched])
            findings.append(_warning(line, message))

    # reachability from the initial states that exist
    starts = [n for n in sm.initial if n in touched]
    reached = _reachable(sm, starts)
    if starts:
        source = "state " + _quoted(starts) if len(starts) == 1 else "states " + _quoted(starts)
        endpoints = set(sm.initial) | set(sm.final)
        for state in sm.states:
            if state.name not in touched and state.name in endpoints:
                continue  # reported above, as an initial/final state without transitions
            if state.name not in reached and state.name not in sm.initial:
                findings.append(
                    _warning(
                        state.line,
                        f"state '{state.name}' cannot be reached from the initial {source}"
                        " (add a transition into it, or list it in 'initial')",
                    )
                )

    # no way out
    for state in sm.states:
        if state.name in sm.final or (starts and state.name not in reached) or state.name not in touched:
            continue
        exits = [t for t in sm.leaving(state.name) if t.dst != state.name]
        if not exits:
            why = "only self-loops leave it" if sm.leaving(state.name) else "no transition leaves it"
            findings.append(
                _warning(
                    state.line,
                    f"state '{state.name}' has no way out: {why} (if the machine may end there, list it in 'final')",
                )
            )

    # nondeterminism: the same event twice from one state
    for state in sm.states:
        first_on: dict[str, int] = {}
        for t in sorted(sm.leaving(state.name), key=lambda t: t.line):
            event = " ".join(t.event.split())
            if not event:
                continue
            if event in first_on:
                findings.append(
                    _warning(
                        t.line,
                        f"state '{state.name}' has two transitions on event '{event}' (lines {first_on[event]}"
                        f" and {t.line}): the machine cannot tell which to take (make the events differ,"
                        " e.g. add a condition)",
                    )
                )
            else:
                first_on[event] = t.line

    return sorted(findings, key=lambda d: d.line)


def _reachable(sm: StateMachine, starts: list[str]) -> set[str]:
    successors: dict[str, list[str]] = {}
    anywhere = [t.dst for t in sm.from_any()]
    for t in sm.transitions:
        if not t.from_any:
            successors.setdefault(t.src, []).append(t.dst)
    for name in sm.state_names():
        successors.setdefault(name, []).extend(anywhere)
    seen = set(starts)
    todo = list(starts)
    while todo:
        for nxt in successors.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _hint(name: str, known: list[str]) -> str:
    """`` (did you mean 'X'?)`` for a near spelling only; state names are short and alike."""
    lowered = {k.lower(): k for k in known}
    match = lowered.get(name.lower()) or next(iter(difflib.get_close_matches(name, known, n=1, cutoff=0.75)), None)
    return f" (did you mean '{match}'?)" if match else " (check the spelling)"


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


def _warning(line: int, message: str) -> Diagnostic:
    return Diagnostic(line, message, "warning")


__all__ = ["statemachine_findings"]
