"""Hostile input: labels that look like markup or engine syntax, huge bodies.

- Labels with script tags, quotes, ``]]>`` and seqdiag/blockdiag attribute
  syntax (``"]; a [background = "http://..."``, ``icon = "/etc/passwd"``)
  come out as text in HTML, SVG, plain text and RFC XML, never as syntax.
- Rendering a diagram opens no file but a font and no socket, whatever the
  labels say.
- A 100,000-line body fails at once with a clear message; big bodies under
  the limit render without RecursionError.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import os
import re
import socket
import subprocess
import urllib.request
from pathlib import Path

import pytest
from defusedxml import ElementTree

from sphinxcontrib_protomodel import rendering
from sphinxcontrib_protomodel.diagrams import DiagramSyntaxError, RenderError, RenderOptions
from sphinxcontrib_protomodel.kinds import KINDS
from sphinxcontrib_protomodel.parsing.lines import MAX_LINES
from sphinxcontrib_protomodel.rendering import cache as cache_mod

ROOT = Path(__file__).parent / "roots" / "test-protomodel-hostile"

#: Pieces of labels that must never become markup or attributes.
INJECTIONS = ("http://example.com/x.png", "/etc/passwd", "file:///etc/passwd")

BODIES = {
    "ladder": (
        'participant C as "Client <script>alert(1)</script>"\n'
        'participant S as Server ]]> & "friends"\n'
        'C -> S: "]; a [background = "http://example.com/x.png"]\n'
        '    icon = "/etc/passwd"\n'
        "S --> C: <![CDATA[ x ]]> 名前\n"
        "group ]]> <b>\n"
        '  C <-> S: "]; S [icon = "/etc/passwd"]; x [label = "\n'
        "end\n"
        "note C, S: ' \" ` {0} %s $HOME"
    ),
    "problem": (
        'party a: "<svg onload=alert(1)>"\n'
        "party b: B ]]> &lt;\n"
        'a -> b: "]; b [icon = "/etc/passwd"]\n'
        '    background = "http://example.com/x.png"\n'
        "trust a <-> b: shared ]]> key\n"
        'group g: "]; group { background = "file:///etc/passwd" } ; x [label="\n'
        "  party a\n"
        "end"
    ),
    "statemachine": (
        'state A: "]; A [background = "http://example.com/x.png"]\n'
        'A -> B: <go> / "]; x [icon = "/etc/passwd"]\n'
        "B -> A: back ]]> / &amp;"
    ),
}


@pytest.fixture
def fresh_cache(monkeypatch):
    monkeypatch.setattr(rendering, "CACHE", cache_mod.RenderCache())


# ------------------------------------------------------- no file, no socket


def _fonts() -> set[str]:
    from sphinxcontrib_protomodel.engines import compat

    return {f for f in compat.FONT_CANDIDATES if Path(f).is_file()}


@pytest.fixture
def sealed(monkeypatch):
    """Fail on any file opened (but a font), any socket, URL or subprocess."""
    attempts: list[str] = []
    real_open, real_io_open, real_os_open = builtins.open, io.open, os.open

    def is_font(path) -> bool:
        return isinstance(path, (str, os.PathLike)) and Path(path).suffix.lower() in (".ttf", ".ttc", ".otf")

    def guarded(real):
        def opener(file, *args, **kwargs):
            if not is_font(file):
                attempts.append(f"open {file!r}")
                raise PermissionError(f"a diagram tried to open {file!r}")
            return real(file, *args, **kwargs)

        return opener

    def refuse(what):
        def call(*args, **kwargs):
            attempts.append(f"{what} {args[:2]!r}")
            raise PermissionError(f"a diagram tried {what}")

        return call

    monkeypatch.setattr(builtins, "open", guarded(real_open))
    monkeypatch.setattr(io, "open", guarded(real_io_open))
    monkeypatch.setattr(os, "open", guarded(real_os_open))
    monkeypatch.setattr(socket, "socket", refuse("socket"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(urllib.request, "urlopen", refuse("urlopen"))
    monkeypatch.setattr(subprocess, "Popen", refuse("subprocess"))
    return attempts


@pytest.mark.parametrize("kind", list(BODIES))
@pytest.mark.parametrize("fmt", ["ascii", "svg", "png", "rfc-svg"])
def test_rendering_opens_no_file_but_a_font_and_no_socket(kind, fmt, fresh_cache, monkeypatch, request):
    model = KINDS[kind].parse(BODIES[kind], "Hostile")
    # Import everything a rendering needs first: module imports read files.
    warm = KINDS[kind].parse(BODIES[kind].replace("]]>", "x"), "Warm-up")
    with contextlib.suppress(RenderError):
        rendering.render(fmt, warm, RenderOptions())
    attempts = request.getfixturevalue("sealed")
    try:
        result = rendering.render(fmt, model, RenderOptions())
    except RenderError:  # an engine failure is reported elsewhere; what counts here is what it opened
        result = "failed"
    assert attempts == []
    assert result


def test_a_problem_with_a_group_renders_to_png(fresh_cache):
    model = KINDS["problem"].parse("a -> b: x\ngroup g: Home\n  party a\nend", "Grouped")
    assert rendering.render("png", model, RenderOptions()).startswith(b"\x89PNG")


# ------------------------------------------------------------- SVG itself


def assert_text_only(svg: str) -> None:
    root = ElementTree.fromstring(svg)
    for el in root.iter():
        local = el.tag.rsplit("}", 1)[-1]
        assert local not in ("script", "image", "foreignObject", "iframe", "use"), local
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (local, name)
            for needle in INJECTIONS:
                assert needle not in value, (local, name, value)
            if name.endswith("href"):
                assert value.startswith("#"), (local, name, value)


@pytest.mark.parametrize("kind", list(BODIES))
@pytest.mark.parametrize("fmt", ["svg", "rfc-svg"])
def test_svg_keeps_hostile_labels_as_character_data(kind, fmt, fresh_cache):
    svg = rendering.render(fmt, KINDS[kind].parse(BODIES[kind], "Hostile"), RenderOptions())
    assert_text_only(svg)
    text = "".join(ElementTree.fromstring(svg).itertext())
    assert "/etc/passwd" in text or (kind == "statemachine" and "etc/passwd" in text.replace("\n", ""))


def test_engine_source_never_contains_user_text():
    """seqdiag/blockdiag see placeholders only; the labels are set after parsing."""
    for kind in ("ladder", "problem"):
        model = KINDS[kind].parse(BODIES[kind], "Hostile")
        source = KINDS[kind].diag_source(model, RenderOptions(engine="diag"))
        code = "\n".join(source.lines)
        for needle in (*INJECTIONS, "<script>", "]]>", "名前", "icon", "background"):
            assert needle not in code, (kind, needle, code)


# ------------------------------------------------------------- in a build


@pytest.fixture
def hostile_src(tmp_path) -> Path:
    import shutil

    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    return src


def test_html_escapes_every_label(make_app, hostile_src):
    app = make_app("html", srcdir=hostile_src)
    app.build()
    assert "Traceback" not in app.warning.getvalue()
    html = (Path(app.outdir) / "index.html").read_text()
    svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    assert len(svgs) == 3
    for svg in svgs:
        assert_text_only(svg)
    without_svgs = re.sub(r"<svg\b.*?</svg>", "", html, flags=re.S)
    assert "<script>alert" not in html and "<svg onload" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in without_svgs  # the ASCII disclosure and text alternative
    for needle in INJECTIONS:
        # as text, never inside a tag
        for tag in re.findall(r"<[^>]*>", html):
            assert needle not in tag, tag
    assert "]]>" not in html.replace("]]&gt;", "")


def test_text_output_shows_labels_verbatim(make_app, hostile_src):
    app = make_app("text", srcdir=hostile_src)
    app.build()
    text = (Path(app.outdir) / "index.txt").read_text()
    for needle in ("<script>alert(1)</script>", "]]>", "<![CDATA[", "&lt;", "名前", "$HOME", "icon"):
        assert needle in text, needle
    squeezed = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", '"];a[background="http://example.com/x.png"]') in squeezed


def test_rfcxml_is_well_formed_with_labels_as_text(make_app, hostile_src):
    app = make_app("rfcxml", srcdir=hostile_src)
    app.build()
    (xml_file,) = Path(app.outdir).glob("*.xml")
    data = xml_file.read_bytes()
    root = ElementTree.fromstring(data)  # no entity expansion, no DTD fetch
    for el in root.iter():
        for name, value in el.attrib.items():
            for needle in INJECTIONS:
                assert needle not in value, (el.tag, name, value)
        assert el.tag.rsplit("}", 1)[-1] not in ("script", "image", "foreignObject")
    text = "".join(root.itertext())
    assert "<script>alert(1)</script>" in text and "]]>" in text and "/etc/passwd" in text


# ------------------------------------------------------------ huge bodies


@pytest.mark.parametrize("kind", list(BODIES))
def test_a_100000_line_body_fails_at_once_with_a_clear_message(kind):
    body = "\n".join(f"A -> B: message {i}" for i in range(100_000))
    with pytest.raises(DiagramSyntaxError) as info:
        KINDS[kind].parse(body, "Huge")
    (diagnostic,) = info.value.diagnostics
    assert "100000 lines" in diagnostic.message and f"limit is {MAX_LINES}" in diagnostic.message
    assert 0 < diagnostic.line <= 100_000


def test_a_huge_body_in_a_build_is_a_located_warning(make_app, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinxcontrib_protomodel"]\n')
    body = "\n".join(f"   A -> B: message {i}" for i in range(MAX_LINES + 5))
    (src / "index.rst").write_text(f"Huge\n====\n\n.. ladder:: Huge\n\n{body}\n\nAfter the huge one.\n")
    app = make_app("html", srcdir=src)
    app.build()
    warnings = app.warning.getvalue()
    assert f"the limit is {MAX_LINES}" in warnings and "Traceback" not in warnings
    assert "After the huge one." in (Path(app.outdir) / "index.html").read_text()


def test_the_longest_ladder_allowed_renders_without_recursion(fresh_cache):
    lines = []
    for i in range(MAX_LINES // 2 - 20):
        lines += [f"{'A -> B' if i % 2 else 'B -> A'}: message {i}", f"    detail {i}"]
    model = KINDS["ladder"].parse("\n".join(lines), "Longest")
    art = rendering.render("ascii", model, RenderOptions())
    assert "message 0" in art.text and f"message {MAX_LINES // 2 - 21}" in art.text
    assert max(len(line) for line in art.text.splitlines()) <= 72


def test_groups_nested_too_deep_are_refused_not_a_recursion_error():
    depth = 5_000
    body = "\n".join(["group g"] * depth + ["A -> B: x"] + ["end"] * depth)
    with pytest.raises(DiagramSyntaxError) as info:
        KINDS["ladder"].parse(body, "Deep")
    assert any("nest" in d.message for d in info.value.diagnostics)
    assert all(0 <= d.line <= 2 * depth + 1 for d in info.value.diagnostics)


def test_the_seal_itself_catches_files_and_sockets(sealed):
    with pytest.raises(PermissionError):
        open("/etc/hostname")  # noqa: SIM115
    with pytest.raises(PermissionError):
        socket.socket()
    assert len(sealed) == 2
