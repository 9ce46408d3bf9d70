"""A generated documentation tree, written three ways for the benchmark.

The same random models (fixed seed) become:

- ``protomodel``: our ``ladder``/``problem``/``statemachine`` directives;
- ``literal``: the same bodies as plain literal blocks (Sphinx alone: the floor);
- ``numbered``: the same bodies as captioned code blocks with ``numfig`` on
  (Sphinx alone, numbering its figures as this extension does);
- ``peers``: ``seqdiag``/``blockdiag`` directives of sphinxcontrib-seqdiag and
  sphinxcontrib-blockdiag drawing equivalent diagrams.

Also used by the determinism tests, with fewer documents.
"""

from __future__ import annotations

import itertools
import random
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

VARIANTS = ("protomodel", "literal", "numbered", "peers")

PARTIES = ["Client", "Server", "Proxy", "Registrar", "Relay", "KDC", "NAT", "Resolver", "Gateway", "Broker"]
STATES = [
    "CLOSED",
    "LISTEN",
    "REQUEST",
    "RESPOND",
    "PARTOPEN",
    "OPEN",
    "CLOSEREQ",
    "CLOSING",
    "TIMEWAIT",
    "INIT",
    "SELECTING",
    "BOUND",
    "RENEWING",
    "REBINDING",
]
WORDS = [
    "request",
    "response",
    "ack",
    "nonce",
    "cookie",
    "key",
    "share",
    "token",
    "session",
    "ticket",
    "offer",
    "answer",
    "update",
    "refresh",
    "probe",
    "error",
    "retry",
    "binding",
    "lifetime",
    "realm",
    "digest",
    "certificate",
    "finished",
]


@dataclass
class LadderSpec:
    title: str
    parties: list[str]
    # (src, dst, label, details, dashed)
    messages: list[tuple[str, str, str, list[str], bool]] = field(default_factory=list)
    separator_at: int = -1
    group: tuple[int, int, str] | None = None  # first, last message index, label


@dataclass
class ProblemSpec:
    title: str
    parties: list[tuple[str, str]]  # name, label
    # (src, dst, mode, label, trust)
    relations: list[tuple[str, str, str, str, bool]] = field(default_factory=list)
    group: tuple[str, str, list[str]] | None = None


@dataclass
class MachineSpec:
    title: str
    states: list[str]
    transitions: list[tuple[str, str, str, str]] = field(default_factory=list)  # src, dst, event, action


def _phrase(rng: random.Random, lo: int = 1, hi: int = 3) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))


def make_ladder(rng: random.Random, title: str, messages: int, parties: int | None = None) -> LadderSpec:
    names = rng.sample(PARTIES, parties or rng.randint(2, 4))
    spec = LadderSpec(title, names)
    for i in range(messages):
        src, dst = rng.sample(names, 2)
        label = f"{_phrase(rng).title().replace(' ', '-')} n{i}"
        details = [_phrase(rng, 2, 5)] if rng.random() < 0.3 else []
        spec.messages.append((src, dst, label, details, rng.random() < 0.15))
    if messages >= 8:
        spec.separator_at = rng.randint(2, messages - 2)
        first = rng.randint(0, messages - 4)
        spec.group = (first, first + 2, f"Exchange {_phrase(rng, 1, 2)}")
        if spec.group[0] < spec.separator_at <= spec.group[1]:
            spec.separator_at = -1
    return spec


def make_problem(rng: random.Random, title: str, parties: int) -> ProblemSpec:
    names = rng.sample(PARTIES, parties)
    spec = ProblemSpec(title, [(n.lower(), f"{n} {rng.choice(['A', 'B', 'Node', 'Agent'])}") for n in names])
    ids = [n for n, _ in spec.parties]
    for a, b in itertools.pairwise(ids):
        spec.relations.append((a, b, rng.choice(["->", "<->", "--"]), _phrase(rng), False))
    spec.relations.append((ids[0], ids[-1], rng.choice(["->", "<->"]), f"trusts {_phrase(rng, 1, 2)}", True))
    if parties >= 4:
        spec.group = ("site", "Home network", ids[:2])
    for k in range(parties - 6 if parties >= 8 else 0):  # the scaling case: 10 parties, 14 relations
        a, b = ids[k], ids[(k + 3) % parties]
        spec.relations.append((a, b, rng.choice(["->", "<->", "--"]), _phrase(rng), k % 2 == 1))
    return spec


def make_machine(rng: random.Random, title: str, states: int) -> MachineSpec:
    names = STATES[:states] if states <= len(STATES) else [f"S{i}" for i in range(states)]
    spec = MachineSpec(title, names)
    for a, b in itertools.pairwise(names):
        spec.transitions.append((a, b, f"rcv {rng.choice(WORDS)}", f"snd {rng.choice(WORDS)}"))
    events = set()
    for _ in range(states // 2):
        a, b = rng.choice(names[1:]), rng.choice(names)
        event = f"on {rng.choice(WORDS)}"
        if (a, event) in events:
            continue
        events.add((a, event))
        spec.transitions.append((a, b, event, ""))
    spec.transitions.append((names[-1], names[0], "timeout", ""))
    return spec


# ------------------------------------------------------------ our language


def ladder_body(spec: LadderSpec) -> str:
    out = [f"participant {p[0]}{i} as {p}" for i, p in enumerate(spec.parties)]
    alias = {p: f"{p[0]}{i}" for i, p in enumerate(spec.parties)}
    indent = ""
    for i, (src, dst, label, details, dashed) in enumerate(spec.messages):
        if i == spec.separator_at:
            out.append(f"== Phase {i} ==")
        if spec.group and i == spec.group[0]:
            out.append(f"group {spec.group[2]}")
            indent = "  "
        arrow = "-->" if dashed else "->"
        out.append(f"{indent}{alias[src]} {arrow} {alias[dst]}: {label}")
        out.extend(f"{indent}    {d}" for d in details)
        if spec.group and i == spec.group[1]:
            out.append("end")
            indent = ""
    return "\n".join(out)


def problem_body(spec: ProblemSpec) -> str:
    out = [f"party {n}: {label}" for n, label in spec.parties]
    for src, dst, mode, label, trust in spec.relations:
        out.append(f"{'trust ' if trust else ''}{src} {mode} {dst}: {label}")
    if spec.group:
        name, label, members = spec.group
        out.append(f"group {name}: {label}")
        out.extend(f"  party {m}" for m in members)
        out.append("end")
    return "\n".join(out)


def machine_body(spec: MachineSpec) -> str:
    out = [f"initial {spec.states[0]}"]
    for src, dst, event, action in spec.transitions:
        out.append(f"{src} -> {dst}: {event}{' / ' + action if action else ''}")
    return "\n".join(out)


# ---------------------------------------------------- sphinxcontrib-*diag


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ladder_seqdiag(spec: LadderSpec) -> str:
    out = ["activation = none; edge_length = 160; span_height = 12;"]
    out += [f"{p} [label = {_q(p)}];" for p in spec.parties]
    for i, (src, dst, label, details, dashed) in enumerate(spec.messages):
        if i == spec.separator_at:
            out.append(f"=== Phase {i} ===")
        if spec.group and i == spec.group[0]:
            out.append("loop {")
        text = _q(label + "".join(f"\n[{d}]" for d in details)).replace("\n", "\\n")
        style = ", style = dashed" if dashed else ""
        out.append(f"{src} {'-->' if dashed else '->'} {dst} [label = {text}{style}];")
        if spec.group and i == spec.group[1]:
            out.append("}")
    return "\n".join(out)


def problem_blockdiag(spec: ProblemSpec) -> str:
    out = [f"{n} [label = {_q(label)}];" for n, label in spec.parties]
    for src, dst, mode, label, trust in spec.relations:
        attrs = [f"label = {_q(label)}"]
        if mode == "<->":
            attrs.append("dir = both")
        elif mode == "--":
            attrs.append("dir = none")
        if trust:
            attrs.append("style = dashed")
        out.append(f"{src} -> {dst} [{', '.join(attrs)}];")
    if spec.group:
        _, label, members = spec.group
        out.append(f"group {{ label = {_q(label)}; {'; '.join(members)}; }}")
    return "\n".join(out)


def machine_blockdiag(spec: MachineSpec) -> str:
    out = [f'"{s}" [label = {_q(s)}];' for s in spec.states]
    for src, dst, event, action in spec.transitions:
        label = event + (f" / {action}" if action else "")
        out.append(f'"{src}" -> "{dst}" [label = {_q(label)}];')
    return "\n".join(out)


# ------------------------------------------------------------------ tree


def _block(directive: str, title: str, body: str) -> str:
    head = f".. {directive}:: {title}".rstrip()
    return f"{head}\n\n{textwrap.indent(body, '   ')}\n"


def _diagram(variant: str, kind: str, spec) -> str:
    if variant != "peers":
        body = {"ladder": ladder_body, "problem": problem_body, "statemachine": machine_body}[kind](spec)
        if variant == "protomodel":
            return _block(kind, spec.title, body)
        head = f"{spec.title}::" if variant == "literal" else f".. code-block:: text\n   :caption: {spec.title}"
        return f"{head}\n\n{textwrap.indent(body, '   ')}\n"
    if kind == "ladder":
        return _block("seqdiag", "", "seqdiag {\n" + textwrap.indent(ladder_seqdiag(spec), "  ") + "\n}")
    source = problem_blockdiag(spec) if kind == "problem" else machine_blockdiag(spec)
    return _block("blockdiag", "", "blockdiag {\n" + textwrap.indent(source, "  ") + "\n}")


PEERS_CONF = '''\
"""sphinxcontrib-seqdiag/-blockdiag on today's Pillow and setuptools.

Our adapter patches Pillow and lends blockdiag a pkg_resources shim; the
sphinxcontrib packages also call pkg_resources.require() in setup().
"""

import sys
import types
from importlib.metadata import version as _dist_version

from sphinxcontrib_protomodel.engines import compat
from sphinxcontrib_protomodel.fonts import find_font

compat.load("seqdiag")
# The peers draw outside our engine runner: Pillow stays patched for the whole build
# (kept in a name: a context manager left to the garbage collector would undo it).
_PILLOW = compat.patched_pillow()
_PILLOW.__enter__()
try:
    import pkg_resources  # noqa: F401
except ImportError:
    shim = compat._pkg_resources_shim()
    shim.require = lambda name: [types.SimpleNamespace(version=_dist_version(name))]
    sys.modules["pkg_resources"] = shim
    try:
        import sphinxcontrib.blockdiag  # noqa: F401
        import sphinxcontrib.seqdiag  # noqa: F401
    finally:
        del sys.modules["pkg_resources"]

extensions = ["sphinxcontrib.seqdiag", "sphinxcontrib.blockdiag"]
FONT = find_font()
seqdiag_fontpath = blockdiag_fontpath = FONT
seqdiag_html_image_format = blockdiag_html_image_format = "{image_format}"
'''


def write_corpus(
    root: Path,
    variant: str,
    *,
    documents: int = 50,
    per_document: int = 6,
    seed: int = 4101,
    peers_image_format: str = "SVG",
) -> list[Path]:
    """Write the tree under ``root``; return the document paths."""
    if variant not in VARIANTS:
        raise ValueError(variant)
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    conf = 'project = "bench"\nexclude_patterns = ["_build"]\n'
    if variant == "protomodel":
        conf += 'extensions = ["sphinxcontrib_protomodel"]\n'
    elif variant == "numbered":
        conf += "numfig = True\n"
    elif variant == "peers":
        conf += PEERS_CONF.replace("{image_format}", peers_image_format)
    (root / "conf.py").write_text(conf)
    names = [f"doc{i:03d}" for i in range(documents)]
    toctree = "\n".join(f"   {n}" for n in names)
    (root / "index.rst").write_text(f"Benchmark\n=========\n\n.. toctree::\n   :maxdepth: 1\n\n{toctree}\n")
    kinds = ["ladder", "problem", "statemachine"]
    paths = []
    for d, name in enumerate(names):
        parts = [f"Protocol {d}\n{'=' * len(f'Protocol {d}')}\n", f"The protocol {d} in {per_document} diagrams.\n"]
        for k in range(per_document):
            kind = kinds[k % 3]
            title = f"{kind.title()} {d}.{k}"
            if kind == "ladder":
                spec = make_ladder(rng, title, rng.randint(6, 20))
            elif kind == "problem":
                spec = make_problem(rng, title, rng.randint(3, 6))
            else:
                spec = make_machine(rng, title, rng.randint(5, 11))
            parts.append(f"Section {k}\n{'-' * len(f'Section {k}')}\n\n{_phrase(rng, 8, 20).capitalize()}.\n")
            parts.append(_diagram(variant, kind, spec))
        path = root / f"{name}.rst"
        path.write_text("\n".join(parts))
        paths.append(path)
    return paths


def touch_one(path: Path) -> None:
    """The warm-build edit: one label of one document changes (every variant alike)."""
    text = path.read_text()
    if " n0" not in text:
        raise ValueError(f"{path} has no first message to edit")
    path.write_text(text.replace(" n0", " n0 edited", 1))


def forty_states(extra: int, seed: int = 4340) -> str:
    """A state machine body: a chain of 40 states, ``extra`` random transitions and a way back."""
    rng = random.Random(seed)
    lines = [f"S{i} -> S{i + 1}: event {i} / action {i}" for i in range(39)]
    lines += [f"S{rng.randrange(40)} -> S{rng.randrange(40)}: ev{k} happens / do {k}" for k in range(extra)]
    lines.append("S39 -> S0: reset")
    return "\n".join(lines)
