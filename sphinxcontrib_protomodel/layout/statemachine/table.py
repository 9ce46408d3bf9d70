"""A state machine as a transition table: what fits any width.

One group of rows per state, in state order; within a group, the state's
transitions in the order they were written.  Transitions from any state
(``* -> X``) form a last group, ``any state``.  Cells wrap at word boundaries.
When any cell wraps, rows inside a group get their own rule so a reader can
tell where one transition ends.
"""

from __future__ import annotations

from ...cells import cell_width, wrap
from ...diagrams import StateMachine

HEADERS = ("State", "Event / Action", "Next state")
#: Columns taken by the borders and padding: "| " + " | " + " | " + " |".
_CHROME = 10


def state_cell(sm: StateMachine, name: str) -> str:
    """The state's name with its role, e.g. ``CLOSED (initial)``."""
    roles = [r for r, names in (("initial", sm.initial), ("final", sm.final)) if name in names]
    return f"{name} ({', '.join(roles)})" if roles else name


def _rows(sm: StateMachine) -> list[list[tuple[str, str, str]]]:
    groups = []
    for state in sm.states:
        rows = [(t.label, t.dst) for t in sm.outgoing(state.name)] or [("", "")]
        cell = state_cell(sm, state.name)
        groups.append([(cell if i == 0 else "", label, dst) for i, (label, dst) in enumerate(rows)])
    anywhere = sm.from_any()
    if anywhere:
        groups.append([("any state" if i == 0 else "", t.label, t.dst) for i, t in enumerate(anywhere)])
    return groups


def _widths(groups: list[list[tuple[str, str, str]]], available: int) -> list[int]:
    cells = [HEADERS, *(row for group in groups for row in group)]
    natural = [max(cell_width(row[i]) for row in cells) for i in range(3)]
    longest_word = [max((cell_width(w) for row in cells for w in row[i].split()), default=1) for i in range(3)]
    widths = list(natural)
    while sum(widths) > available:
        slack = [i for i in range(3) if widths[i] > longest_word[i]]
        if not slack:
            slack = [i for i in range(3) if widths[i] > 3] or [0, 1, 2]
        widest = max(slack, key=lambda i: (widths[i], i == 1))
        if widths[widest] <= 1:
            break
        widths[widest] -= 1
    return widths


def splits_words(sm: StateMachine, width: int) -> bool:
    """Whether the table must cut some word to fit ``width`` columns."""
    groups = _rows(sm)
    widths = _widths(groups, max(6, width - _CHROME))
    cells = [HEADERS, *(row for group in groups for row in group)]
    return any(cell_width(w) > widths[i] for row in cells for i in range(3) for w in row[i].split())


def transition_table(sm: StateMachine, width: int) -> str:
    """The table, at most ``width`` columns wide (``width`` >= 16)."""
    groups = _rows(sm)
    widths = _widths(groups, max(6, width - _CHROME))

    def rule(ch: str, spanned: bool = False) -> str:
        parts = [ch * (w + 2) for w in widths]
        if spanned:
            return "|" + " " * (widths[0] + 2) + "+" + "+".join(parts[1:]) + "+"
        return "+" + "+".join(parts) + "+"

    def lines_of(row: tuple[str, str, str]) -> list[str]:
        cols = [wrap(text, w) if text else [""] for text, w in zip(row, widths, strict=True)]
        height = max(len(c) for c in cols)
        out = []
        for k in range(height):
            cells = []
            for col, w in zip(cols, widths, strict=True):
                text = col[k] if k < len(col) else ""
                cells.append(text + " " * (w - cell_width(text)))
            out.append(("| " + " | ".join(cells) + " |").rstrip())
        return out

    body = [[lines_of(row) for row in group] for group in groups]
    wrapped = any(len(lines) > 1 for group in body for lines in group)
    out = [rule("-"), *lines_of(HEADERS), rule("=")]
    for group in body:
        for i, lines in enumerate(group):
            if i and wrapped:
                out.append(rule("-", spanned=True))
            out.extend(lines)
        out.append(rule("-"))
    return "\n".join(line.rstrip() for line in out)


__all__ = ["HEADERS", "splits_words", "state_cell", "transition_table"]
