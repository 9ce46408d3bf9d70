"""Nothing a user writes or configures can crash, hang or escape (issue 16).

Each attack that once broke a build, with the outcome it has now: a warning
at the exact source line (or conf.py line), the default in place of a wrong
config value, a cache miss, or a configuration error for a file name that
would leave the output directory.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import docutils
import pytest
from defusedxml import ElementTree
from lxml import etree
from sphinx.errors import ConfigError
from sphinx_helpers import warnings_of

from sphinxcontrib_protomodel import rendering
from sphinxcontrib_protomodel.cli import main
from sphinxcontrib_protomodel.diagrams import MAX_WIDTH, DiagramSyntaxError, RenderOptions
from sphinxcontrib_protomodel.kinds import KINDS
from sphinxcontrib_protomodel.rendering import cache as cache_mod

#: What a terminal acts on, and what XML 1.0 cannot hold.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")

CONF = 'extensions = ["sphinxcontrib_protomodel"]\nproject = "Attack"\n'


def project(tmp_path: Path, index: str, conf: str = "", name: str = "index.rst", **files: str) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF + conf, encoding="utf-8")
    (src / name).write_text(index, encoding="utf-8")
    for filename, text in files.items():
        (src / filename.replace("_", ".")).write_text(text, encoding="utf-8")
    return src


def cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    monkeypatch.setattr(rendering, "CACHE", cache_mod.RenderCache())


#: docutils 0.20's FileInput splits a source at every str.splitlines() break (U+2028, U+0085, form
#: feeds...) before any extension sees the text: a separator then is a line break, later lines move.
SPLITS_AT_SEPARATORS = pytest.mark.skipif(
    docutils.__version_info__ < (0, 21), reason="docutils < 0.21 splits sources at line separators when it reads them"
)

# ------------------------------------------------ 1. characters XML cannot hold

HOSTILE_DOC = (
    "Attack\n"  # 1
    "======\n"  # 2
    "\n"  # 3
    ".. model:: M\x03x\n"  # 4
    "   :summary: sum \x1b[31m mary\n"  # 5
    "\n"  # 6
    ".. ladder:: Hand\x03shake\n"  # 7
    "   :caption: Cap \x1b tion\n"  # 8
    "\n"  # 9
    "   A -> B: hi \x1b[2J there\n"  # 10
    "   B -> A: non\ufffecharacter\n"  # 11
    "\n"  # 12
    ".. problem:: Who\n"  # 13
    "\n"  # 14
    "   party a: A \x85 NEL\n"  # 15
    "   party b: B\n"  # 16
    "   trust a -> b: key\n"  # 17
    "\n"  # 18
    ".. feature:: Feat \x03 ure\n"  # 19
    "\n"  # 20
    "   Text with \x07 bell.\n"  # 21
    "\n"  # 22
    ".. modelindex::\n"  # 23
)
HOSTILE_LINES = {4: "U+0003", 5: "U+001B", 7: "U+0003", 8: "U+001B", 10: "U+001B", 11: "U+FFFE", 15: "U+0085"}
HOSTILE_LINES[19] = "U+0003"
HOSTILE_LINES[21] = "U+0007"


def _replaced_at(warnings: str, src: Path) -> dict[int, str]:
    found = {}
    for m in re.finditer(rf"{re.escape(str(src / 'index.rst'))}:(\d+): WARNING: (U\+[0-9A-F]+) \(", warnings):
        found[int(m.group(1))] = m.group(2)
    return found


@pytest.mark.parametrize("builder", ["html", "text", "rfcxml", "modelcheck"])
@SPLITS_AT_SEPARATORS
def test_control_characters_become_a_visible_replacement_with_a_warning_at_their_line(make_app, tmp_path, builder):
    src = project(tmp_path, HOSTILE_DOC)
    app = make_app(builder, srcdir=src)
    app.build()
    warnings = warnings_of(app)
    assert _replaced_at(warnings, src) == HOSTILE_LINES
    assert "Traceback" not in warnings and not CONTROL.search(warnings.replace("\n", ""))
    out = Path(app.outdir)
    if builder == "html":
        page = (out / "index.html").read_text(encoding="utf-8")
        assert not CONTROL.search(page.replace("\n", "").replace("\t", ""))
        svgs = re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
        assert len(svgs) == 2
        for svg in svgs:
            ElementTree.fromstring(svg)
        assert "hi \ufffd[2J there" in page
    elif builder == "text":
        text = (out / "index.txt").read_text(encoding="utf-8")
        assert not CONTROL.search(text.replace("\n", ""))
        assert "hi \ufffd[2J there" in text
    elif builder == "rfcxml":
        (draft,) = out.glob("*.xml")
        etree.parse(str(draft))  # well-formed
        assert "\ufffd" in draft.read_text(encoding="utf-8")
    else:
        report = (out / "modelcheck.txt").read_text(encoding="utf-8")
        assert not CONTROL.search(report.replace("\n", ""))
        assert "Model M\ufffdx" in report


def test_an_included_file_is_cleaned_and_located_in_itself(make_app, tmp_path):
    src = project(tmp_path, "T\n=\n\n.. include:: part.inc\n", part_inc="Part\n\n.. ladder:: L\n\n   A -> B: \x1b[0m\n")
    app = make_app("text", srcdir=src, parallel=2)
    app.build()
    assert warnings_of(app).startswith(f"{src / 'part.inc'}:5: WARNING: U+001B (a control character) at column 12 ")
    assert warnings_of(app).count("WARNING") == 1
    assert not CONTROL.search((Path(app.outdir) / "index.txt").read_text(encoding="utf-8").replace("\n", ""))


def test_the_parsers_refuse_such_characters_at_their_line():
    body = "A -> B: one\nA -> B: two \x1b[31m\nA -> B: \ufffe\nA -> B: three"
    with pytest.raises(DiagramSyntaxError) as caught:
        KINDS["ladder"].parse(body, "T")
    assert [(d.line, d.message.split(" (")[0]) for d in caught.value.diagnostics] == [(2, "U+001B"), (3, "U+FFFE")]
    with pytest.raises(DiagramSyntaxError) as caught:
        KINDS["problem"].parse("party a", "Ti\x03tle")
    assert [d.line for d in caught.value.diagnostics] == [0]


def test_the_cli_reports_such_characters_and_prints_no_control_character(tmp_path):
    body = tmp_path / "flow.txt"
    body.write_text("A -> B: hi\nB -> A: \x03 bye\n", encoding="utf-8")
    status, out, err = cli("render", str(body), "--kind", "ladder", "--to", "svg")
    assert status == 1 and out == ""
    assert err.startswith(f"{body}:2: ladder: U+0003 (a control character) at column 9")
    status, out, err = cli("render", "-", "--kind", "ladder", "--title", "T\x1b[2J", stdin="A -> B: x\n")
    assert status == 1 and not CONTROL.search(err.replace("\n", ""))
    assert '<stdin>: ladder "T\ufffd[2J": the title holds U+001B' in err


# ------------------------------------------------------- 2. line numbers

SEPARATORS = ["\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85"]


@SPLITS_AT_SEPARATORS
@pytest.mark.parametrize("sep", SEPARATORS, ids=[f"U+{ord(s):04X}" for s in SEPARATORS])
def test_a_line_separator_inside_a_myst_label_moves_no_later_warning(make_app, tmp_path, sep):
    doc = (
        "# Attack\n"  # 1
        "\n"  # 2
        "```{ladder} Flow\n"  # 3
        f"A -> B: split{sep}here\n"  # 4
        "B -> A: fine\n"  # 5
        "A => B: unknown\n"  # 6
        "```\n"
    )
    src = project(tmp_path, doc, 'extensions.append("myst_parser")\n', name="index.md")
    app = make_app("text", srcdir=src)
    app.build()
    warnings = warnings_of(app)
    path = src / "index.md"
    assert f"{path}:4: WARNING: U+{ord(sep):04X} (" in warnings
    assert f"{path}:6: WARNING: ladder \"Flow\": unknown arrow '=>'" in warnings


@SPLITS_AT_SEPARATORS
def test_a_line_separator_in_restructuredtext_moves_no_later_warning(make_app, tmp_path):
    doc = "Attack\n======\n\n.. ladder:: Flow\n\n   A -> B: split\u2028here\n   B -> A: fine\n   A => B: x\n"
    src = project(tmp_path, doc)
    app = make_app("text", srcdir=src)
    app.build()
    warnings = warnings_of(app)
    assert f"{src / 'index.rst'}:6: WARNING: U+2028 (a line separator)" in warnings
    assert f"{src / 'index.rst'}:8: WARNING: ladder \"Flow\": unknown arrow '=>'" in warnings


def test_the_parsers_split_a_body_at_newlines_only():
    body = "A -> B: a\u2028b\x0cc\nB -> A: c\nA => B: d e\nA -> B: \x85"
    with pytest.raises(DiagramSyntaxError) as caught:
        KINDS["ladder"].parse(body, "T")
    assert [d.line for d in caught.value.diagnostics] == [1, 4]  # the separators split nothing
    model = KINDS["ladder"].parse("A -> B: x\r\nB -> A: y\r\n", "T")  # CRLF, as a file read raw
    assert [m.line for m in model.messages()] == [1, 2]


# ------------------------------------------------ 3. config values and options

BAD_CONFIG = [
    ("protomodel_text_width", "0", 72, "is out of range (from 20 to 1000"),
    ("protomodel_text_width", "3", 72, "is out of range"),
    ("protomodel_text_width", "'72'", 72, "has the type str, not int"),
    ("protomodel_text_width", "True", 72, "has the type bool, not int"),
    ("protomodel_text_width", "10_000_000", 72, "is out of range"),
    ("protomodel_rfc_art_width", "3", 69, "is out of range (from 20 to 69"),
    ("protomodel_rfc_art_width", "70.5", 69, "has the type float"),
    ("protomodel_max_states", "-1", 12, "is out of range (from 1 to 1000)"),
    ("protomodel_render_workers", "'auto'", 0, "has the type str"),
    ("protomodel_required_parts", "['problem', 3]", ["problem", "overview", "features"], "holds 3 of type int"),
    ("protomodel_font", "42", None, "has the type int, not str or None"),
    ("protomodel_rfc_references", "['RFC2119']", {}, "has the type list, not dict"),
]


@pytest.mark.parametrize(
    ("name", "value", "default", "says"), BAD_CONFIG, ids=[f"{n}={v}" for n, v, _, _ in BAD_CONFIG]
)
def test_a_wrong_config_value_is_a_warning_at_its_conf_line_and_the_default_is_used(
    make_app, tmp_path, name, value, default, says
):
    src = project(tmp_path, "T\n=\n\n.. ladder:: L\n\n   A -> B: x\n", f"{name} = {value}\n")
    app = make_app("text", srcdir=src)
    assert getattr(app.config, name) == default
    app.build()
    warnings = warnings_of(app)
    assert f"{src / 'conf.py'}:3: WARNING: {name} = " in warnings
    assert says in warnings and f"using the default {default!r}" in warnings
    assert (Path(app.outdir) / "index.txt").is_file()


def test_every_config_value_of_the_extension_has_a_rule(make_app, tmp_path):
    from sphinxcontrib_protomodel.sphinx_ext.config import RULES, problem_with

    app = make_app("text", srcdir=project(tmp_path, "T\n=\n"))
    registered = {name for name in app.config.values if name.startswith("protomodel_")}
    assert registered == set(RULES)
    for name in registered:  # and every default passes its own rule
        assert problem_with(RULES[name], app.config.values[name].default) is None, name


@pytest.mark.parametrize("width", ["19", str(MAX_WIDTH + 1), "10000000"])
def test_a_width_option_out_of_bounds_is_a_located_warning_and_the_diagram_renders(make_app, tmp_path, width):
    doc = f"T\n=\n\n.. problem:: P\n   :width: {width}\n\n   party a: A\n\n.. ladder:: L\n\n   A -> B: x\n"
    src = project(tmp_path, doc)
    app = make_app("text", srcdir=src)
    app.build()
    warnings = warnings_of(app)
    expected = f":width: {width}: the width must be from 20 to {MAX_WIDTH} columns; the default applies"
    assert f'{src / "index.rst"}:5: WARNING: problem "P": {expected}' in warnings
    text = (Path(app.outdir) / "index.txt").read_text()
    assert "Figure 1: P" in text and "Figure 2: L" in text and "-------->" in text  # both diagrams drawn


def test_the_widest_width_option_renders(make_app, tmp_path):
    doc = f"T\n=\n\n.. problem:: P\n   :width: {MAX_WIDTH}\n\n   party a: A\n   party b: B\n   a -> b: x\n"
    src = project(tmp_path, doc)
    app = make_app("text", srcdir=src)
    app.build()
    assert warnings_of(app) == ""


@pytest.mark.parametrize("width", ["19", str(MAX_WIDTH + 1), "0"])
def test_the_cli_width_is_bounded(tmp_path, width):
    body = tmp_path / "b.txt"
    body.write_text("A -> B: x\n")
    status, _, err = cli("render", str(body), "--kind", "ladder", "--width", width)
    assert status == 2 and f"the width must be from 20 to {MAX_WIDTH} columns" in err


LIMITED_BUILD = """
import resource, sys
limit = {limit}
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from sphinx.cmd.build import main
sys.exit(main(["-q", "-E", "-b", sys.argv[1], sys.argv[2], sys.argv[3]]))
"""


@pytest.mark.parametrize("builder", ["text", "rfcxml"])
def test_extreme_widths_finish_with_warnings_under_a_memory_limit(tmp_path, builder):
    """The widths that once hung (0, 3) or ran out of memory (10,000,000), with 1.5 GB of address space."""
    conf = "protomodel_text_width = 0\nprotomodel_rfc_art_width = 3\n"
    doc = (
        "T\n=\n\n"
        ".. problem:: P\n   :width: 10000000\n\n   party a: A\n   party b: B\n   a -> b: x\n\n"
        ".. problem:: Q\n\n   party a: A\n   party b: B\n   trust a -> b: key\n\n"
        ".. ladder:: L\n\n   A -> B: x\n\n"
        ".. statemachine:: S\n\n   A -> B: go\n"
    )
    src = project(tmp_path, doc, conf)
    out = tmp_path / "out"
    script = LIMITED_BUILD.format(limit=1536 * 1024 * 1024)
    done = subprocess.run(
        [sys.executable, "-c", script, builder, str(src), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "protomodel_text_width = 0 is out of range" in done.stderr
    assert "protomodel_rfc_art_width = 3 is out of range" in done.stderr
    assert f'{src / "index.rst"}:5: WARNING: problem "P": :width: 10000000: the width must be from' in done.stderr
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    produced = list(out.glob("*.txt" if builder == "text" else "*.xml"))
    assert produced


# ----------------------------------------------------------- 4. the cache


def _svg_entry(tmp_path):
    cache = cache_mod.RenderCache(tmp_path)
    model = KINDS["ladder"].parse("A -> B: hello", "T")
    key = rendering.cache_key("svg", model, RenderOptions(), None)
    return cache, model, key, tmp_path / f"{key}.svg"


def test_an_svg_entry_cut_after_a_tag_is_a_miss_logged_at_debug_level(tmp_path, monkeypatch, caplog):
    cache, model, key, entry = _svg_entry(tmp_path)
    monkeypatch.setattr(rendering, "CACHE", cache)
    svg = rendering.render("svg", model, RenderOptions())
    cut = svg[: svg.index(">", len(svg) // 2) + 1]
    assert cut.rstrip().endswith(">")
    entry.write_text(cut, encoding="utf-8")
    cache.clear_memory()
    with caplog.at_level("DEBUG", logger="sphinxcontrib_protomodel.rendering.cache"):
        assert cache.get(key, "svg") == (False, None)
    assert any("damaged entry" in r.getMessage() and r.levelname == "DEBUG" for r in caplog.records)
    assert rendering.render("svg", model, RenderOptions()) == svg  # drawn again, entry rewritten
    assert entry.read_text(encoding="utf-8") == svg


@pytest.mark.parametrize(
    "entry",
    [
        '{"text": 5, "degraded": null, "notes": []}',
        '{"text": "x", "degraded": 3, "notes": []}',
        '{"text": "x", "degraded": null, "notes": "abc"}',
        '{"text": "x", "degraded": null, "notes": [1]}',
        '["text", "degraded", "notes"]',
        '{"text": "x", "degraded": null, "notes": []',
        "",
    ],
)
def test_an_ascii_entry_with_a_wrong_shape_is_a_miss(tmp_path, entry):
    cache = cache_mod.RenderCache(tmp_path)
    (tmp_path / f"{'a' * 64}.json").write_text(entry)
    assert cache.get("a" * 64, "ascii") == (False, None)
    assert cache.stats.misses == 1


@pytest.mark.parametrize("damage", ["cut", "not-svg", "flipped"])
def test_damaged_svg_and_png_entries_are_misses(tmp_path, monkeypatch, damage):
    cache, model, key, entry = _svg_entry(tmp_path)
    monkeypatch.setattr(rendering, "CACHE", cache)
    png = rendering.render("png", model, RenderOptions())
    png_entry = tmp_path / f"{rendering.cache_key('png', model, RenderOptions(), None)}.png"
    if damage == "cut":
        png_entry.write_bytes(png[: len(png) - 20])
        entry.write_text("<svg xmlns='http://www.w3.org/2000/svg'><g>", encoding="utf-8")
    elif damage == "not-svg":
        png_entry.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
        entry.write_text("<html>not an svg</html>", encoding="utf-8")
    else:
        broken = bytearray(png)
        broken[len(broken) // 2] ^= 0xFF
        png_entry.write_bytes(bytes(broken))
        entry.write_bytes(b"<svg>\xff\xfe</svg>")
    cache.clear_memory()
    assert cache.get(key, "svg") == (False, None)
    assert cache.get(png_entry.stem, "png") == (False, None)


def test_a_build_over_a_damaged_cache_gives_the_same_pages(make_app, tmp_path):
    src = project(tmp_path, "T\n=\n\n.. ladder:: L\n\n   A -> B: x\n\n.. problem:: P\n\n   party a\n   party b\n")
    app = make_app("html", srcdir=src)
    app.build()
    first = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    cache_dir = Path(app.doctreedir) / "protomodel-cache"
    for entry in cache_dir.iterdir():
        data = entry.read_bytes()
        if entry.suffix == ".svg":
            entry.write_bytes(data[: data.index(b">", len(data) // 2) + 1])
        elif entry.suffix == ".json":
            entry.write_text('{"text": 1, "degraded": null, "notes": []}')
    rendering.CACHE.clear_memory()
    again = make_app("html", srcdir=src, freshenv=True)
    again.build()
    assert "[protomodel" not in warnings_of(again) and "Traceback" not in warnings_of(again)
    assert (Path(again.outdir) / "index.html").read_text(encoding="utf-8") == first


# ---------------------------------------------------- 5. file names from config

BAD_NAMES = ["../../../x-00", "/tmp/protomodel-attack-00", "sub/draft-x-00", "..", ".hidden", "a\\b", "", "x\x00y"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_a_docname_that_is_not_a_plain_file_name_is_a_configuration_error(make_app, tmp_path, name):
    src = project(tmp_path, "T\n=\n\ntext\n")
    with pytest.raises(ConfigError, match=r"protomodel_rfc_docname: the docName .* is not a plain file name"):
        make_app("rfcxml", srcdir=src, confoverrides={"protomodel_rfc_docname": name})
    with pytest.raises(ConfigError, match=r"protomodel_rfc_documents\[1\]: the docName"):
        make_app(
            "idtext",
            srcdir=src,
            confoverrides={"protomodel_rfc_documents": [("index", "draft-ok-00"), ("index", name)]},
        )
    assert not list(tmp_path.parent.glob("x-00.*")) and not Path("/tmp/protomodel-attack-00.xml").exists()


def test_a_configuration_error_stops_sphinx_build_with_status_2(tmp_path):
    src = project(tmp_path, "T\n=\n\ntext\n", 'protomodel_rfc_docname = "../../escaped-00"\n')
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "rfcxml", str(src), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "Configuration error" in done.stderr and "'../../escaped-00' is not a plain file name" in done.stderr
    assert not (tmp_path.parent / "escaped-00.xml").exists() and not list(tmp_path.rglob("escaped-00.*"))


def test_the_builder_itself_never_writes_outside_the_output_directory(make_app, tmp_path, monkeypatch):
    """Defence in depth: a name that got past the config check is still not written."""
    from sphinxcontrib_protomodel.builders.rfcxml import Draft, RFCXMLBuilder

    src = project(tmp_path, "T\n=\n\ntext\n")
    app = make_app("rfcxml", srcdir=src)
    monkeypatch.setattr(RFCXMLBuilder, "_configured_drafts", lambda self: [Draft("index", "../../escaped-00")])
    app.build()
    assert "not writing" in warnings_of(app) and "outside the output directory" in warnings_of(app)
    assert not list(tmp_path.rglob("escaped-00.*")) and not list(tmp_path.parent.glob("escaped-00.*"))


def test_a_plain_docname_is_written_inside_the_output_directory(make_app, tmp_path):
    src = project(tmp_path, "T\n=\n\ntext\n")
    app = make_app("rfcxml", srcdir=src, confoverrides={"protomodel_rfc_docname": "draft-doe-plain-00"})
    app.build()
    assert (Path(app.outdir) / "draft-doe-plain-00.xml").is_file()


# ------------------------------------------------------------- 6. fonts

DIAGRAM = "T\n=\n\n.. ladder:: L\n\n   A -> B: x\n\n.. ladder:: M\n\n   A -> B: y\n"


def test_a_missing_configured_font_is_one_warning_per_build(make_app, tmp_path):
    src = project(tmp_path, DIAGRAM, 'protomodel_font = "/no/such/Font.ttf"\n')
    app = make_app("latex", srcdir=src)  # PNG images: text drawn with the font
    app.build()
    warnings = warnings_of(app)
    assert warnings.count("WARNING") == 1
    assert f"{src / 'conf.py'}:3: WARNING: protomodel_font: no font file '/no/such/Font.ttf'" in warnings
    assert "set protomodel_font in conf.py" in warnings
    text = make_app("text", srcdir=src)
    text.build()
    assert "protomodel_font" not in warnings_of(text)  # text output draws nothing
    native = make_app("html", srcdir=src)
    native.build()
    assert "protomodel_font" not in warnings_of(native)  # the native SVG measures nothing
    diag = make_app("html", srcdir=src, confoverrides={"protomodel_engine": "diag"})
    diag.build()
    assert warnings_of(diag).count("protomodel_font: no font file") == 1


def test_no_truetype_font_on_the_system_is_one_warning_naming_the_search(make_app, tmp_path, monkeypatch):
    from sphinxcontrib_protomodel import fonts

    monkeypatch.setattr(fonts, "FONT_CANDIDATES", ("/no/fonts/DejaVuSans.ttf", "/no/fonts/Arial.ttf"))
    src = project(tmp_path, DIAGRAM)
    app = make_app("latex", srcdir=src)
    app.build()
    warnings = warnings_of(app)
    assert warnings.count("WARNING") == 1
    assert "no TrueType font found (looked for /no/fonts/DejaVuSans.ttf, /no/fonts/Arial.ttf)" in warnings
    assert "fonts-dejavu-core" in warnings and "set protomodel_font" in warnings


def test_the_cli_font_must_exist(tmp_path):
    body = tmp_path / "b.txt"
    body.write_text("A -> B: x\n")
    status, out, err = cli("render", str(body), "--kind", "ladder", "--to", "svg", "--font", str(tmp_path / "no.ttf"))
    assert status == 2 and out == ""
    assert (
        err
        == f"protomodel: error: --font: no font file '{tmp_path / 'no.ttf'}' (give the path of a TrueType .ttf file)\n"
    )


# ---------------------------------------------------------- 7. smaller ones


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("fmt", ["svg", "rfc-svg"])
def test_a_yen_sign_is_drawn_as_written(kind, fmt):
    body = {
        "ladder": "A -> B: price \xa5100 \\\\ back",
        "problem": "party a: Shop \xa5\nparty b: B\na -> b: pays \xa55",
        "statemachine": "A -> B: \xa5 in / out",
    }[kind]
    svg = rendering.render(fmt, KINDS[kind].parse(body, "T"), RenderOptions())
    texts = "".join(ElementTree.fromstring(svg).itertext())
    assert "\xa5" in texts and "\uffe5" not in texts


def test_a_problem_that_did_not_parse_is_named_by_the_check(make_app, tmp_path):
    doc = (
        "T\n=\n\n.. model:: M\n\n"
        ".. problem:: Who talks\n\n   party a: A\n   a => b: x\n\n"  # line 6, error at 9
        ".. ladder:: L\n\n   A -> B: hi\n\n.. feature:: F\n\n   x\n"
    )
    src = project(tmp_path, doc)
    app = make_app("modelcheck", srcdir=src)
    app.build()
    report = (Path(app.outdir) / "modelcheck.txt").read_text(encoding="utf-8")
    assert '  problem:  MISSING\n    - problem "Who talks"  (index.rst:6)  did not parse\n' in report
    assert "index.rst:6: error: model 'M' has no problem part: problem \"Who talks\" did not parse" in report
    assert f"{src / 'index.rst'}:9: WARNING: problem \"Who talks\": unknown arrow '=>'" in warnings_of(app)
    import json

    data = json.loads((Path(app.outdir) / "modelcheck.json").read_text())
    (model,) = data["models"]
    assert model["parts"]["problem"]["failed"][0]["title"] == "Who talks"
    assert model["parts"]["problem"]["diagrams"] == []


RFC_CONF = (
    'protomodel_rfc_docname = "draft-doe-uni-00"\nprotomodel_rfc_abstract = "Abstract."\n'
    'protomodel_rfc_authors = [{"name": "Jane Doe"}]\n'
)
UNICODE_DOC = (
    "Uni\n===\n\n.. model:: M\n   :summary: Model\n\nPlain ASCII prose.\n\n"
    ".. problem:: Who\n\n   party a: \u30af\u30e9\u30a4\u30a2\u30f3\u30c8\n   party b: Server \xa5\n"
    "   trust a -> b: \u4fe1\u983c\n\n"
    ".. ladder:: L\n\n   A -> B: \u3053\u3093\u306b\u3061\u306f\n\n"
    ".. feature:: F\n\n   x\n\n.. modelindex::\n"
)


def test_the_draft_is_ascii_but_for_the_authors_artwork(make_app, tmp_path):
    """RFC 7997: we add no non-ASCII; xml2rfc accepts the author's in <artwork>, even with --warn-bare-unicode."""
    src = project(tmp_path, UNICODE_DOC, RFC_CONF)
    app = make_app("rfcxml", srcdir=src)
    app.build()
    xml = Path(app.outdir) / "draft-doe-uni-00.xml"
    tree = etree.parse(str(xml))
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag == "artwork" or el.xpath("ancestor::artwork"):
            continue
        assert (el.text or "").isascii() and (el.tail or "").isascii(), (el.tag, el.text, el.tail)
    assert "M -- ok" in "".join(tree.getroot().itertext())  # the model index, with an ASCII dash
    art = tree.find(".//artwork[@type='ascii-art']").text
    assert "\u30af\u30e9\u30a4\u30a2\u30f3\u30c8" in art
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "xml2rfc"),
            "--warn-bare-unicode",
            "--text",
            str(xml),
            "-o",
            str(tmp_path / "d.txt"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "non-ascii" not in done.stderr.lower(), done.stderr
    assert "\xa5" in (tmp_path / "d.txt").read_text(encoding="utf-8")
