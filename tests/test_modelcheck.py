"""The ``modelcheck`` builder: exit status, reports, rules, parallel reads."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

ROOTS = Path(__file__).parent / "roots"
DEMO = Path(__file__).parent.parent / "demo_docs"


def modelcheck(srcdir: Path, outdir: Path, *extra: str) -> tuple[int, str, dict]:
    """Run ``sphinx-build -b modelcheck`` as a user would; return status, report text and JSON."""
    status = build_main(["-b", "modelcheck", "-E", *extra, str(srcdir), str(outdir)])
    text = (outdir / "modelcheck.txt").read_text(encoding="utf-8")
    data = json.loads((outdir / "modelcheck.json").read_text(encoding="utf-8"))
    return status, text, data


def copy_root(name: str, tmp_path: Path) -> Path:
    src = tmp_path / name
    shutil.copytree(ROOTS / f"test-{name}", src)
    return src


def findings(data: dict, model: str) -> list[dict]:
    (entry,) = [m for m in data["models"] if m["name"] == model]
    return entry["findings"]


# ---------------------------------------------------------------- complete models


def test_complete_models_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, text, data = modelcheck(copy_root("model-complete", tmp_path), tmp_path / "out")
    assert status == 0
    assert data["summary"] == {"models": 2, "errors": 0, "warnings": 0, "failed": False}
    assert [m["name"] for m in data["models"]] == ["Echo", "WebDAV"]  # toctree order
    echo = data["models"][0]
    assert echo["summary"] == "Lets a client find out whether a server is alive."
    assert [d["title"] for d in echo["parts"]["problem"]["diagrams"]] == ["Who talks to whom"]
    assert echo["parts"]["problem"]["diagrams"][0]["anchor"] == "fig-echo-problem"
    assert [(d["kind"], d["source"], d["line"]) for d in echo["parts"]["overview"]["diagrams"]] == [
        ("ladder", "overview.rst", 11),
        ("statemachine", "overview.rst", 16),
    ]
    # features from an reST page (``:model:`` on the feature) and a MyST page, with their diagrams
    features = echo["parts"]["features"]
    assert [(f["title"], f["kind"], f["source"], f["line"]) for f in features["features"]] == [
        ("Stateless server", "denial of service", "features.rst", 6),
        ("Replies are unreliable", "reliability", "more.md", 6),
    ]
    assert [d["title"] for d in features["diagrams"]] == ["A request and its reply carry the nonce", "Retry"]
    webdav = data["models"][1]
    assert webdav["required_parts"] == ["features"]
    assert webdav["status"] == "ok"
    assert "Model WebDAV  [ok]" in text
    assert "requires: features (:requires:)" in text
    console = capsys.readouterr().out
    assert "model check: 2 models, 0 errors, 0 warnings" in console


# ---------------------------------------------------------------- missing parts

PROBLEM = """
.. problem:: Parties

   party c: Client
   party s: Server
   c -> s: request
   trust c -> s: server certificate
"""
OVERVIEW = """
.. ladder:: Exchange

   C -> S: request
   S -> C: response
"""
FEATURES = """
.. feature:: Something unobvious
   :kind: security

   Text.
"""


def write_project(srcdir: Path, body: str, conf: str = "") -> Path:
    srcdir.mkdir(parents=True, exist_ok=True)
    (srcdir / "conf.py").write_text(f'extensions = ["sphinxcontrib_protomodel"]\n{conf}', encoding="utf-8")
    (srcdir / "index.rst").write_text(f"Title\n=====\n\n.. model:: Gap\n{body}", encoding="utf-8")
    return srcdir


@pytest.mark.parametrize("missing", ["problem", "overview", "features"])
def test_a_model_missing_a_part_fails(missing: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parts = {"problem": PROBLEM, "overview": OVERVIEW, "features": FEATURES}
    body = "".join(text for part, text in parts.items() if part != missing)
    status, text, data = modelcheck(write_project(tmp_path / "src", body), tmp_path / "out")
    assert status == 1
    message = f"model 'Gap' has no {missing} part"
    (error,) = [f for f in findings(data, "Gap") if f["severity"] == "error"]
    assert message in error["message"]
    assert (error["source"], error["line"]) == ("index.rst", 4)  # the model directive
    assert f"index.rst:4: error: {message}" in text
    console = capsys.readouterr().out
    assert f"index.rst:4: error: {message}" in console
    assert "models lacking a required part: Gap" in console


def test_required_parts_config_and_requires_option(tmp_path: Path) -> None:
    # the configuration lowers the bar for every model ...
    src = write_project(tmp_path / "a", FEATURES, conf='protomodel_required_parts = ["features"]\n')
    assert modelcheck(src, tmp_path / "out-a")[0] == 0
    # ... ``:requires:`` for one model only; other models keep the default
    body = "   :requires: features\n" + FEATURES + "\n.. model:: Other\n" + FEATURES
    status, _, data = modelcheck(write_project(tmp_path / "b", body), tmp_path / "out-b")
    assert status == 1
    assert findings(data, "Gap") == []
    assert [f["message"].split(":")[0] for f in findings(data, "Other")] == [
        "model 'Other' has no problem part",
        "model 'Other' has no overview part",
    ]


def test_a_document_without_model_directive_is_a_model(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinxcontrib_protomodel"]\n', encoding="utf-8")
    (src / "index.rst").write_text("Title\n=====\n" + OVERVIEW, encoding="utf-8")
    status, _, data = modelcheck(src, tmp_path / "out")
    assert status == 1
    assert [m["name"] for m in data["models"]] == ["index"]


# ---------------------------------------------------------------- warning rules

EXPECTED_RULES = {
    "Crowded": [("diagram-count", "crowded.rst", 31, "the overview part has 4 diagrams")],
    "Trustless": [("trust", "trustless.rst", 9, "no problem diagram shows a trust relationship")],
    "Backwards": [("part-order", "backwards.rst", 9, "order features, problem, overview")],
    "Bloated": [("state-count", "bloated.rst", 19, "has 13 states, more than protomodel_max_states (12)")],
    "Formats": [
        ("overview-literal", "formats.rst", 32, "looks like a bit diagram"),
        ("overview-literal", "formats.rst", 41, "looks like an ASN.1 module"),
        ("overview-literal", "formats.rst", 48, "looks like an XML schema"),
    ],
    "Wide": [("ascii", "wide.rst", 19, "cannot fit 24 columns")],
}


@pytest.fixture(scope="module")
def rules_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, dict]:
    tmp = tmp_path_factory.mktemp("rules")
    return modelcheck(copy_root("model-rules", tmp), tmp / "out")


@pytest.mark.parametrize("model", sorted(EXPECTED_RULES))
def test_each_warning_rule_triggers_on_a_minimal_example(model: str, rules_report) -> None:
    status, text, data = rules_report
    assert status == 0  # warnings do not fail the check
    found = findings(data, model)
    assert [(f["rule"], f["source"], f["line"]) for f in found] == [e[:3] for e in EXPECTED_RULES[model]]
    for finding, expected in zip(found, EXPECTED_RULES[model], strict=True):
        assert finding["severity"] == "warning"
        assert expected[3] in finding["message"]
        assert f"{finding['source']}:{finding['line']}: warning: {finding['message']}" in text


def test_max_states_is_configurable(tmp_path: Path) -> None:
    src = copy_root("model-rules", tmp_path)
    _, _, data = modelcheck(src, tmp_path / "out", "-D", "protomodel_max_states=13")
    assert findings(data, "Bloated") == []


def test_the_demo_models_are_complete_and_silent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, data = modelcheck(DEMO, tmp_path / "out")
    assert status == 0
    names = [m["name"] for m in data["models"]]
    assert names == ["STUN", "DCCP", "IKE", "WebDAV"]
    assert {m["name"]: m["findings"] for m in data["models"]} == {name: [] for name in names}
    for model in data["models"][:3]:
        assert all(model["parts"][p]["diagrams"] or model["parts"][p]["features"] for p in model["parts"])
    assert data["models"][3]["required_parts"] == ["features"]


# ---------------------------------------------------------------- parallel reads


@pytest.mark.parametrize("root", ["model-complete", "model-rules"])
def test_parallel_read_gives_the_same_report(root: str, tmp_path: Path) -> None:
    src = copy_root(root, tmp_path)
    serial = modelcheck(src, tmp_path / "serial")
    parallel = modelcheck(src, tmp_path / "parallel", "-j", "2")
    assert parallel == serial
