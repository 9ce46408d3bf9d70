"""The texts of a problem figure: relation labels, their details, and unambiguous party names.

Trust labels start with ``trust:`` so that a reader of the ASCII art, where
dotted and solid lines differ by one character, cannot mistake one for the
other.  Details follow their label in ``[brackets]``, one per line, as the
draft's STUN figures write ``[FROM:]``.
"""

from __future__ import annotations

from ...cells import wrap
from ...diagrams import Problem, Relation

TRUST_PREFIX = "trust: "


def relation_text(relation: Relation) -> str:
    """A relation's label as drawn: trust labels start with ``trust:``."""
    if relation.trust:
        return f"{TRUST_PREFIX}{relation.label}" if relation.label else TRUST_PREFIX.rstrip(" :")
    return relation.label


def label_lines(relation: Relation, width: int) -> list[str]:
    """A relation's label, then its details in brackets, each wrapped to ``width`` columns.

    Returns ``[]`` for a relation with neither label nor details.
    """
    lines: list[str] = []
    text = relation_text(relation)
    if text:
        lines.extend(wrap(text, width))
    for detail in relation.details:
        lines.extend(wrap(f"[{detail}]", width))
    return lines


def party_names(problem: Problem) -> dict[str, str]:
    """Each party's name as a listing shows it: its label, with its id when another party has the same label."""
    count: dict[str, int] = {}
    for p in problem.parties:
        count[p.label] = count.get(p.label, 0) + 1
    return {
        p.name: p.label if count[p.label] == 1 or p.label == p.name else f"{p.label} ({p.name})"
        for p in problem.parties
    }


__all__ = ["TRUST_PREFIX", "label_lines", "party_names", "relation_text"]
