"""``protomodel render``: the directives' languages and renderers without Sphinx."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from rfc_support import SVG, svgcheck_verdict

from sphinxcontrib_protomodel.cli import main
from sphinxcontrib_protomodel.diagrams import RenderOptions
from sphinxcontrib_protomodel.kinds import KINDS
from sphinxcontrib_protomodel.rendering import render

BODIES = {
    "ladder": "participant C as Client\nparticipant S as Server\nC -> S: DCCP-Request\n    Ports, Service\n"
    "S -> C: DCCP-Response\nC -> S: DCCP-Ack\n",
    "problem": "party client: SIP Client\nparty nat: NAT Gateway\nparty server: SIP Server\n"
    "client -> nat: SIP INVITE\nnat -> server: SIP INVITE\ntrust client -> server: registered account\n",
    "statemachine": "CLOSED -> REQUEST: active open / snd Request\nREQUEST -> OPEN: rcv Response / snd Ack\n"
    "OPEN -> CLOSED: close / snd Close\n",
}


def cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def body_file(tmp_path):
    def write(kind: str, text: str | None = None) -> Path:
        path = tmp_path / f"{kind}.txt"
        path.write_text(BODIES[kind] if text is None else text, encoding="utf-8")
        return path

    return write


@pytest.mark.parametrize("kind", sorted(BODIES))
def test_ascii_is_the_directives_rendering(kind, body_file):
    path = body_file(kind)
    status, out, err = cli("render", str(path), "--kind", kind, "--to", "ascii")
    assert (status, err) == (0, "")
    expected = render("ascii", KINDS[kind].parse(BODIES[kind], ""), RenderOptions()).text
    assert out == expected + "\n"


@pytest.mark.parametrize("kind", sorted(BODIES))
def test_stdin_and_options_reach_the_renderer(kind):
    extra = {
        "ladder": ["--style", "lifelines"],
        "problem": ["--direction", "down"],
        "statemachine": ["--ascii", "table"],
    }
    status, out, err = cli("render", "-", "--kind", kind, "--width", "40", *extra[kind], stdin=BODIES[kind])
    assert (status, err) == (0, "")
    options = {
        "ladder": RenderOptions(width=40, style="lifelines"),
        "problem": RenderOptions(width=40, direction="down"),
        "statemachine": RenderOptions(width=40, ascii="table"),
    }[kind]
    assert out == render("ascii", KINDS[kind].parse(BODIES[kind], ""), options).text + "\n"
    assert max(len(line) for line in out.splitlines()) <= 40


@pytest.mark.parametrize("kind", sorted(BODIES))
def test_svg_and_rfc_svg(kind, body_file):
    path = body_file(kind)
    diagram = KINDS[kind].parse(BODIES[kind], "")
    status, out, _ = cli("render", str(path), "--kind", kind, "--to", "svg")
    assert status == 0 and out == render("svg", diagram, RenderOptions()).rstrip("\n") + "\n"
    status, out, _ = cli("render", str(path), "--kind", kind, "--to", "rfc-svg")
    assert status == 0
    assert svgcheck_verdict(out.strip()) == (True, True)


@pytest.mark.parametrize("kind", sorted(BODIES))
def test_artset_for_xml2rfc_authors(kind, body_file):
    path = body_file(kind)
    status, out, err = cli("render", str(path), "--kind", kind, "--to", "artset", "--title", "T")
    assert (status, err) == (0, "")
    artset = etree.fromstring(out.encode())
    assert artset.tag == "artset"
    svg_art, ascii_art = artset.findall("artwork")
    assert svg_art.get("type") == "svg" and svg_art.find(SVG + "svg") is not None
    assert ascii_art.get("type") == "ascii-art"
    # 69 columns by default: xml2rfc indents a figure by 3 in a 72-column page
    expected = render("ascii", KINDS[kind].parse(BODIES[kind], "T"), RenderOptions(width=69)).text
    assert ascii_art.text.strip("\n") == expected


def test_errors_are_reported_like_the_directives(body_file):
    path = body_file("ladder", BODIES["ladder"] + "C -> Srv: oops\n")
    status, out, err = cli("render", str(path), "--kind", "ladder")
    assert (status, out) == (1, "")
    assert err == f"{path}:7: ladder: unknown participant 'Srv' (did you mean 'S'?)\n"
    status, _, err = cli("render", "-", "--kind", "ladder", "--title", "Flow", stdin="A->B: glued\nA -> B: x\n")
    assert status == 1
    assert err.startswith('<stdin>:1: ladder "Flow": put spaces around')


def test_every_error_of_a_body_is_reported(body_file):
    path = body_file("ladder", "participant A\nparticipant B\nA -> X: one\nY -> B: two\n")
    status, _, err = cli("render", str(path), "--kind", "ladder")
    assert status == 1
    assert [line.split(": ", 1)[0] for line in err.splitlines()] == [f"{path}:3", f"{path}:4"]


def test_empty_body_and_unreadable_files(body_file, tmp_path):
    status, _, err = cli("render", str(body_file("ladder", "\n  \n")), "--kind", "ladder")
    assert status == 1 and err.endswith(": ladder: the diagram body is empty\n")
    status, _, err = cli("render", str(tmp_path / "missing.txt"), "--kind", "ladder")
    assert status == 1 and "missing.txt: cannot read" in err
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("A -> B: caf\xe9\n".encode("latin-1"))
    status, _, err = cli("render", str(bad), "--kind", "ladder")
    assert status == 1 and "cannot read" in err


def test_checks_warn_but_succeed(body_file):
    path = body_file("statemachine", "A -> B: go\nB -> C: on\nX -> A: back\n")
    status, out, err = cli("render", str(path), "--kind", "statemachine")
    assert status == 0 and out
    assert f"{path}:3: warning: statemachine:" in err


def test_a_statemachine_diagram_wider_than_asked_is_drawn_with_a_warning(body_file):
    path = body_file("statemachine")
    status, out, err = cli("render", str(path), "--kind", "statemachine", "--ascii", "diagram", "--width", "20")
    art = render("ascii", KINDS["statemachine"].parse(BODIES["statemachine"], ""), RenderOptions(20, ascii="diagram"))
    assert status == 0 and out == art.text + "\n" and "| State" not in out
    assert err == f"{path}: warning: statemachine: {art.degraded}\n"
    assert "columns, more than the width of 20; drawn wider" in err


def test_rule_labels_from_the_command_line(body_file):
    status, out, _ = cli("render", str(body_file("statemachine")), "--kind", "statemachine", "--labels", "rule")
    lines = out.split("\n")
    row = next(i for i, line in enumerate(lines) if "active open" in line)
    column = lines[row].index("active open")
    assert status == 0 and " / " not in out
    assert lines[row + 1][column:].startswith("-" * len("snd Request") + " ")
    assert lines[row + 2][column:].startswith("snd Request")


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["render"],
        ["render", "x.txt"],
        ["render", "x.txt", "--kind", "nope"],
        ["render", "x.txt", "--kind", "ladder", "--to", "png"],
        ["render", "x.txt", "--kind", "ladder", "--width", "10"],
        ["render", "x.txt", "--kind", "ladder", "--width", "wide"],
        ["render", "x.txt", "--kind", "problem", "--style", "columns"],
        ["render", "x.txt", "--kind", "ladder", "--ascii", "table"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(argv):
    status, out, err = cli(*argv)
    assert status == 2 and out == ""
    assert "protomodel: error:" in err


def test_the_command_line_never_loads_sphinx(tmp_path):
    path = tmp_path / "flow.txt"
    path.write_text(BODIES["ladder"], encoding="utf-8")
    code = (
        "import sys\n"
        "from sphinxcontrib_protomodel.cli import main\n"
        f"status = main(['render', {str(path)!r}, '--kind', 'ladder', '--to', 'artset'])\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('sphinx', 'docutils')]\n"
        "assert status == 0 and not loaded, loaded\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("<artset>")


def test_the_installed_script_runs(tmp_path):
    script = Path(sys.executable).parent / "protomodel"
    if not script.exists():
        pytest.skip("the package is not installed with its console script")
    path = tmp_path / "flow.txt"
    path.write_text("A -> B: héllo\nB -> A: ok\n", encoding="utf-8")
    done = subprocess.run([str(script), "render", str(path), "--kind", "ladder"], capture_output=True, check=False)
    assert done.returncode == 0
    assert "héllo" in done.stdout.decode("utf-8")
    done = subprocess.run([str(script), "render", str(path)], capture_output=True, check=False)
    assert done.returncode == 2


def test_no_cdata_artset_has_the_same_art_as_escaped_text(tmp_path):
    path = tmp_path / "flow.ladder"
    path.write_text(BODIES["ladder"].replace("DCCP-Ack", "Ack <&> ]]> x"), encoding="utf-8")
    status, plain, err = cli("render", str(path), "--to", "artset", "--no-cdata")
    assert (status, err) == (0, "")
    assert "CDATA" not in plain and "Ack &lt;&amp;&gt; ]]&gt; x" in plain
    _, with_cdata, _ = cli("render", str(path), "--to", "artset")
    art = [etree.fromstring(out.encode()).find("artwork[@type='ascii-art']").text for out in (plain, with_cdata)]
    assert art[0] == art[1] and "Ack <&> ]]> x" in art[0]


@pytest.mark.parametrize("kind", sorted(BODIES))
def test_the_file_suffix_names_the_kind(kind, tmp_path):
    path = tmp_path / f"diagram.{kind}"
    path.write_text(BODIES[kind], encoding="utf-8")
    assert cli("render", str(path)) == cli("render", str(path), "--kind", kind)
    status, _out, err = cli("render", str(tmp_path / "diagram.txt"))
    assert status == 2 and "--kind" in err


def test_output_file_is_written_only_when_rendering_succeeds(tmp_path):
    good, bad, out = tmp_path / "ok.ladder", tmp_path / "bad.ladder", tmp_path / "out.xml"
    good.write_text(BODIES["ladder"], encoding="utf-8")
    bad.write_text(BODIES["ladder"] + "C -> Srv: oops\n", encoding="utf-8")
    assert cli("render", str(good), "--to", "artset", "-o", str(out))[:2] == (0, "")
    assert etree.parse(str(out)).getroot().tag == "artset"
    out.unlink()
    status, _, err = cli("render", str(bad), "--to", "artset", "-o", str(out))
    assert status == 1 and f"{bad}:7: ladder: unknown participant 'Srv'" in err
    assert sorted(tmp_path.iterdir()) == sorted([good, bad])  # no OUT, no half-written OUT.tmp


def test_no_cdata_is_for_artset_only(tmp_path):
    path = tmp_path / "x.ladder"
    path.write_text(BODIES["ladder"], encoding="utf-8")
    status, _, err = cli("render", str(path), "--no-cdata")
    assert status == 2 and "--no-cdata applies to --to artset only" in err
