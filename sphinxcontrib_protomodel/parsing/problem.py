"""Parser for the ``problem`` language (parties, relationships and trust).

Statements::

    party NAME                      # a party labelled with its name
    party NAME: LABEL               # a party with a display label
    A -> B: LABEL                   # communication, one way (also A <- B)
        DETAIL                      # indented lines: details of the relation
    A <-> B: LABEL                  # both ways
    A -- B: LABEL                   # association without direction
    trust A -> B: LABEL             # A trusts B (also <-)
    trust A <-> B: LABEL            # mutual trust
    group NAME: LABEL               # a box around parties ...
      party A                       # ... listed by 'party' lines
    end

Parties used without a ``party`` line are created with their name as label.
Groups do not nest: blockdiag draws one level of groups only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagrams import DiagramSyntaxError, Party, PartyGroup, Problem, Relation
from .lines import (
    Collector,
    Statement,
    Token,
    check_title,
    group_statements,
    read_lines,
    split_label,
    statement_keyword,
    suggest,
    tokenize,
)

#: arrow -> (mode, reversed)
ARROWS: dict[str, tuple[str, bool]] = {
    "->": ("->", False),
    "<-": ("->", True),
    "<->": ("<->", False),
    "--": ("--", False),
}
TRUST_ARROWS = ("->", "<-", "<->")
KEYWORDS = ("party", "trust", "group", "end")

#: Arrow-like operators of other languages, recognised only to explain them.
_FOREIGN_ARROWS: dict[str, str] = {
    "-->": "a problem has no dashed arrows; dashed lines mean trust: write 'trust A -> B'",
    "<--": "a problem has no dashed arrows; dashed lines mean trust: write 'trust B -> A'",
    "<-->": "a problem has no dashed arrows; dashed lines mean trust: write 'trust A <-> B'",
    "=>": "write '->'",
    "==>": "write '->'",
    "<=": "write '<-'",
    "<==": "write '<-'",
    "<=>": "write '<->'",
    "->>": "write '->'",
    "<<-": "write '<-'",
    "~>": "write '->'",
    ">": "write '->'",
    "<": "write '<-'",
    "-": "write '--' (association) or '->' (one way)",
}
_OPERATORS = tuple(ARROWS) + tuple(_FOREIGN_ARROWS)


def _continues(text: str) -> bool:
    """Relations take detail lines and parties more label; group lines don't."""
    first = text.split(None, 1)[0]
    return first not in ("group", "end")


def parse_problem(body: str, title: str = "") -> Problem:
    """Parse a problem body; raise :class:`DiagramSyntaxError` listing every error."""
    return _ProblemParser(check_title(title)).parse(body)


@dataclass
class _OpenGroup:
    name: str
    label: str
    line: int
    members: list[str] = field(default_factory=list)
    #: nested 'group' lines (reported) whose 'end' must not close this group
    nested: int = 0
    #: whether the body held lines other than 'party' (reported)
    stray: bool = False


class _ProblemParser:
    def __init__(self, title: str) -> None:
        self.title = title
        self.errors = Collector()
        #: name -> Party, in order of definition (or of first use)
        self.parties: dict[str, Party] = {}
        #: name -> line of its labelled or top-level ``party`` definition
        self.defined_at: dict[str, int] = {}
        #: name -> (group name, line) of its membership
        self.member_of: dict[str, tuple[str, int]] = {}
        self.groups: list[PartyGroup] = []
        self.group_lines: dict[str, int] = {}
        self.relations: list[Relation] = []

    def parse(self, body: str) -> Problem:
        statements = group_statements(read_lines(body), _continues)
        current: _OpenGroup | None = None
        for st in statements:
            keyword = statement_keyword(st.line.text, KEYWORDS, _OPERATORS)
            number = st.line.number
            if keyword == "group":
                if current is not None:
                    self.errors.error(
                        number,
                        f"groups cannot nest: close group '{current.name}' (line {current.line}) "
                        "with 'end' before opening another",
                    )
                    current.nested += 1
                    continue
                current = self._group(st)
            elif keyword == "end":
                if st.line.text != "end":
                    self.errors.error(number, "'end' takes nothing after it")
                if current is None:
                    self.errors.error(number, "'end' without an open 'group'")
                elif current.nested:
                    current.nested -= 1
                else:
                    self._close(current)
                    current = None
            elif keyword == "party":
                self._party(st, current)
            elif current is not None:
                current.stray = True
                self.errors.error(
                    number,
                    f"a group holds 'party' lines only; move this line after the 'end' of group '{current.name}'",
                )
            else:
                self._relation(st, trust=keyword == "trust")
        if current is not None:
            self.errors.error(current.line, f"group '{current.name}' is never closed (add 'end')")
            self._close(current)
        if not self.errors.diagnostics and not self.parties:
            self.errors.error(0, "a problem needs at least one party")
        self.errors.raise_if_any()
        return Problem(self.title, tuple(self.parties.values()), tuple(self.relations), tuple(self.groups))

    # ------------------------------------------------------------ statements

    def _tokens(self, head: str, number: int) -> list[Token] | None:
        try:
            return tokenize(head, number, _OPERATORS, _FOREIGN_ARROWS)
        except DiagramSyntaxError as exc:
            self.errors.diagnostics.extend(exc.diagnostics)
            return None

    def _one_name(self, rest: str, number: int, what: str) -> str | None:
        tokens = self._tokens(rest, number)
        if tokens is None:
            return None
        if len(tokens) != 1 or tokens[0].kind != "name":
            if not rest.strip():
                self.errors.error(number, f"{what} needs a name: '{what} NAME' or '{what} NAME: LABEL'")
            else:
                name = rest.strip()
                self.errors.error(number, f'{what} name {name!r} is not one name (quote it: "{name}")')
            return None
        return tokens[0].value

    def _group(self, st: Statement) -> _OpenGroup | None:
        number = st.line.number
        head, label = split_label(st.line.text)
        name = self._one_name(head[len("group") :], number, "group")
        if name is None:
            # Still open a group so that its 'party' lines and 'end' make sense.
            return _OpenGroup("?", "", number)
        if name in self.group_lines:
            self.errors.error(number, f"group '{name}' is defined twice (first at line {self.group_lines[name]})")
        elif name in self.parties:
            self.errors.error(number, f"'{name}' is already a party; give the group another name")
        self.group_lines.setdefault(name, number)
        extra = " ".join(c.text for c in st.continuation)
        text = " ".join(t for t in (label or "", extra) if t)
        return _OpenGroup(name, text or name, number)

    def _close(self, group: _OpenGroup) -> None:
        if group.name == "?":
            return
        if not group.members:
            if not group.stray:
                self.errors.error(group.line, f"group '{group.name}' has no parties (list them as 'party NAME' lines)")
            return
        self.groups.append(PartyGroup(group.name, group.label, tuple(group.members), group.line))

    def _party(self, st: Statement, group: _OpenGroup | None) -> None:
        number = st.line.number
        head, label = split_label(st.line.text)
        name = self._one_name(head[len("party") :], number, "party")
        if name is None:
            return
        if name in self.group_lines:
            self.errors.error(number, f"'{name}' is already a group (line {self.group_lines[name]}); rename one")
            return
        extra = " ".join(c.text for c in st.continuation)
        text = " ".join(t for t in (label or "", extra) if t)
        # Inside a group, an unlabelled 'party X' only states membership.
        defines = bool(text) or group is None
        if defines:
            if name in self.defined_at:
                self.errors.error(number, f"party '{name}' is defined twice (first at line {self.defined_at[name]})")
                return
            self.defined_at[name] = number
            self.parties[name] = Party(name, text or name, number)
        elif name not in self.parties:
            self.parties[name] = Party(name, name, number)
        if group is not None:
            if name in self.member_of:
                other, line = self.member_of[name]
                where = "this group" if other == group.name else f"group '{other}'"
                self.errors.error(
                    number, f"party '{name}' is already in {where} (line {line}); a party belongs to one group"
                )
                return
            self.member_of[name] = (group.name, number)
            group.members.append(name)

    def _use(self, name: str, number: int) -> str:
        """A party named in a relation; created on first use."""
        if name in self.group_lines:
            self.errors.error(number, f"'{name}' is a group, not a party; relations link parties")
        elif name not in self.parties:
            self.parties[name] = Party(name, name, number)
        return name

    def _relation(self, st: Statement, trust: bool) -> None:
        text, number = st.line.text, st.line.number
        head, label = split_label(text)
        if trust:
            head = head[len("trust") :]
        tokens = self._tokens(head, number)
        if tokens is None:
            return
        shape = [t.kind for t in tokens]
        if shape != ["name", "op", "name"]:
            self.errors.error(number, _explain(tokens, head.strip(), trust, list(self.parties)))
            return
        arrow = tokens[1].value
        if arrow in _FOREIGN_ARROWS:
            self.errors.error(number, f"unknown arrow '{arrow}': {_FOREIGN_ARROWS[arrow]}")
            return
        if trust and arrow not in TRUST_ARROWS:
            self.errors.error(
                number, f"trust is one way ('trust A -> B': A trusts B) or mutual ('trust A <-> B'), not '{arrow}'"
            )
            return
        src, dst = tokens[0].value, tokens[2].value
        if src == dst:
            self.errors.error(number, f"a relation links two different parties; '{src}' is on both sides")
            return
        src, dst = self._use(src, number), self._use(dst, number)
        mode, reverse = ARROWS[arrow]
        if reverse:
            src, dst = dst, src
        details = tuple(c.text for c in st.continuation)
        self.relations.append(Relation(src, dst, mode, label or "", details, trust, number))  # type: ignore[arg-type]


def _explain(tokens: list[Token], head: str, trust: bool, known: list[str]) -> str:
    """Why a line is neither a keyword statement nor 'A -> B: label'."""
    ops = [t.value for t in tokens if t.kind == "op"]
    names = [t.value for t in tokens if t.kind == "name"]
    if trust:
        if not tokens:
            return "a trust relation is 'trust A -> B: label' (A trusts B) or 'trust A <-> B: label'"
        if len(ops) > 1:
            return "one arrow per trust relation: write each one on its own line"
        return f"a trust relation is 'trust A -> B: label'; found 'trust {head}'"
    if not tokens:
        return "a line cannot start with ':'; write 'A -> B: label' or 'party NAME: LABEL'"
    if not ops:
        word = names[0] if names else head
        if len(names) == 1 and not tokens[0].quoted and "--" in word:
            return f"put spaces around '--' (write '{word.replace('--', ' -- ', 1)}')"
        if len(names) == 1:
            return f"cannot read '{head}': a relation is 'A -> B: label' (arrows: ->, <-, <->, --)"
        hint = suggest(word, list(KEYWORDS))
        if not hint and tokens and not tokens[0].quoted:
            hint = " (statements: party, trust, group, end, or a relation 'A -> B: label')"
        return f"unknown statement '{word}'{hint}"
    if len(ops) > 1:
        return "one arrow per relation: write each hop as its own line"
    if not names or tokens[0].kind != "name":
        return f"a relation starts with a party: 'A {ops[0]} B: label'; found '{head}'"
    return f"a relation is 'A {ops[0]} B: label'; found '{head}'"


__all__ = ["ARROWS", "KEYWORDS", "parse_problem"]
