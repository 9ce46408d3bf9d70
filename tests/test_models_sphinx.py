"""Models in Sphinx: the registry, the ``model``/``feature`` directives, the model index."""

from __future__ import annotations

import gettext
import re
import shutil
from pathlib import Path

import pytest
import sphinx
import sphinx.locale

ROOTS = Path(__file__).parent / "roots"


def registry(app) -> dict[str, dict]:
    """``{model: {part: [titles of diagrams and features]}}`` from the domain."""
    out: dict[str, dict] = {}
    for model in app.env.domains["protomodel"].models():
        out[model.name] = {
            part: [i.title for i in content.features] + [i.title for i in content.diagrams]
            for part, content in model.parts.items()
            if content
        }
    return out


# ---------------------------------------------------------------- registry


@pytest.mark.sphinx("modelcheck", testroot="model-complete")
def test_registry_from_model_directive_option_and_feature(app) -> None:
    app.build()
    assert registry(app) == {
        "Echo": {
            "problem": ["Who talks to whom"],
            "overview": ["Echo exchange", "Echo client"],
            "features": [
                "Stateless server",
                "Replies are unreliable",
                "A request and its reply carry the nonce",
                "Retry",
            ],
        },
        "WebDAV": {"features": ["COPY+DELETE is not MOVE"]},
    }
    # the current model does not leak from one document into the next
    assert "protomodel:model" not in app.env.ref_context


def test_model_option_and_document_default(tmp_path: Path, make_app) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinxcontrib_protomodel"]\n')
    (src / "index.rst").write_text(
        "Title\n=====\n\n.. toctree::\n\n   other\n\n"
        ".. ladder:: Before any model\n\n   A -> B: x\n\n"
        ".. model:: First\n\n"
        ".. ladder:: In First\n\n   A -> B: x\n\n"
        ".. ladder:: Elsewhere\n   :model: Second\n\n   A -> B: x\n\n"
        ".. feature:: Moved feature\n   :model: Second\n\n"
        "   .. ladder:: Inside the moved feature\n\n      A -> B: x\n\n"
        ".. ladder:: Still in First\n\n   A -> B: x\n"
    )
    (src / "other.rst").write_text("Other\n=====\n\n.. ladder:: Named after the document\n\n   A -> B: x\n")
    app = make_app("modelcheck", srcdir=src)
    app.build()
    assert registry(app) == {
        "index": {"overview": ["Before any model"]},
        "First": {"overview": ["In First", "Still in First"]},
        "Second": {"overview": ["Elsewhere"], "features": ["Moved feature", "Inside the moved feature"]},
        "other": {"overview": ["Named after the document"]},
    }


def test_requires_option_is_validated(tmp_path: Path, make_app) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinxcontrib_protomodel"]\n')
    (src / "index.rst").write_text("Title\n=====\n\n.. model:: M\n   :requires: features, overveiw\n")
    app = make_app("modelcheck", srcdir=src)
    app.build()
    assert "unknown part 'overveiw'" in app.warning.getvalue()
    assert "index.rst:4" in app.warning.getvalue()


# ---------------------------------------------------------------- incremental builds


def test_deleting_or_editing_a_document_updates_its_models(tmp_path: Path, make_app) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-model-complete", src)
    app = make_app("modelcheck", srcdir=src)
    app.build()
    assert set(registry(app)) == {"Echo", "WebDAV"}
    assert not app.builder.failed

    (src / "webdav.rst").unlink()
    (src / "more.md").write_text("# No more features\n\nJust text.\n")
    app = make_app("modelcheck", srcdir=src)  # same srcdir: same outdir and doctreedir
    app.build()
    status = re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())
    assert "1 removed" in status  # an incremental build: only the edited document is read again
    assert "] more" in status
    assert "] problem" not in status
    assert set(registry(app)) == {"Echo"}
    assert registry(app)["Echo"]["features"] == ["Stateless server", "A request and its reply carry the nonce"]
    report = (app.outdir / "modelcheck.txt").read_text()
    assert "WebDAV" not in report
    assert "Replies are" not in report

    # removing the last feature of Echo makes the check fail
    (src / "features.rst").write_text("Echo: features\n==============\n\nNothing yet.\n")
    app = make_app("modelcheck", srcdir=src)
    app.build()
    assert app.builder.failed
    assert "model 'Echo' has no features part" in (app.outdir / "modelcheck.txt").read_text()


# ---------------------------------------------------------------- the feature block in every output


@pytest.mark.sphinx("html", testroot="model-complete")
def test_feature_in_html(app) -> None:
    app.build()
    html = (app.outdir / "features.html").read_text()
    assert re.search(
        r'<div class="protomodel-feature docutils container">\s*'
        r'<p class="protomodel-feature-heading rubric" id="feat-stateless">'
        r'<span class="protomodel-feature-title">Stateless server</span> '
        r'<span class="protomodel-feature-kind">\(denial of service\)</span></p>',
        html,
    )
    # the nested diagram is drawn inside the feature, and :ref: to the feature shows its title
    feature = html[html.index('class="protomodel-feature') : html.index("See ")]
    assert 'class="protomodel protomodel-ladder' in feature
    assert '<a class="reference internal" href="#feat-stateless">' in html
    assert "Stateless server (denial of service)</span></a>" in html
    md = (app.outdir / "more.html").read_text()
    assert '<span class="protomodel-feature-title">Replies are <em>unreliable</em></span>' in md


@pytest.mark.sphinx("text", testroot="model-complete")
def test_feature_in_text(app) -> None:
    app.build()
    text = (app.outdir / "features.txt").read_text()
    assert "-[ Stateless server (denial of service) ]-" in text
    assert "The server keeps no state between requests" in text
    assert "Echo-Request (nonce)" in text  # the ASCII art of the nested ladder
    # outside HTML the model index is a list, readable in 70 columns
    index = (app.outdir / "index.txt").read_text()
    assert "**Echo** — ok\n   Lets a client find out whether a server is alive." in index
    assert "* **Problem:** Figure 1: Who talks to whom" in index
    assert "* **Features:** COPY+DELETE is not MOVE (semantics)" in index
    assert max(len(line) for line in index.splitlines()) <= 72


@pytest.mark.sphinx("latex", testroot="model-complete")
def test_feature_in_latex(app) -> None:
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text()
    assert r"\subsubsection*{Stateless server (denial of service)}" in tex
    assert r"\begin{sphinxuseclass}{protomodel-feature}" in tex


def test_empty_feature_warns_at_its_line(tmp_path: Path, make_app) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinxcontrib_protomodel"]\n')
    (src / "index.rst").write_text("Title\n=====\n\n.. feature:: Nothing to say\n   :kind: none\n")
    app = make_app("html", srcdir=src)
    app.build()
    assert re.search(r'index\.rst:4: WARNING: feature "Nothing to say": the body is empty', app.warning.getvalue())


# ---------------------------------------------------------------- the model index


@pytest.mark.sphinx("html", testroot="model-complete")
def test_model_index_page(app) -> None:
    app.build()
    page = (app.outdir / "protomodel-index.html").read_text()
    assert "<h1>Model index</h1>" in page
    rows = re.findall(r'<tr class="protomodel-index-model protomodel-status-(\w+)', page)
    assert rows == ["ok", "ok"]
    assert '<a class="protomodel-model-link reference internal" href="problem.html#model-Echo"><strong>Echo' in page
    assert "Lets a client find out whether a server is alive." in page
    # each diagram links to its figure, numbered as in the documents
    assert re.search(r'href="problem.html#fig-echo-problem">Figure \d+: Who talks to whom</a>', page)
    assert 'href="overview.html#' in page
    assert 'href="features.html#feat-stateless">Stateless server (denial of service)</a>' in page
    assert '<p class="protomodel-index-requires">requires: features</p>' in page
    # the root page shows the same index
    index = (app.outdir / "index.html").read_text()
    assert '<table class="protomodel-index' in index


@pytest.mark.sphinx("html", testroot="model-rules")
def test_model_index_shows_the_check_status(app) -> None:
    app.build()
    page = (app.outdir / "protomodel-index.html").read_text()
    assert re.findall(r'<tr class="protomodel-index-model protomodel-status-(\w+)', page) == ["warning"] * 6
    assert "the overview part has 4 diagrams" in page
    assert "(crowded.rst:31)" in page


def test_model_index_marks_missing_parts_and_follows_edits(tmp_path: Path, make_app) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-model-complete", src)
    app = make_app("html", srcdir=src)
    app.build()
    (src / "problem.rst").write_text("Echo: problem\n=============\n\n.. model:: Echo\n\nTo do.\n")
    app = make_app("html", srcdir=src)
    app.build()
    index = (app.outdir / "index.html").read_text()  # not edited, but it shows the index
    assert '<tr class="protomodel-index-model protomodel-status-error' in index
    assert '<p class="protomodel-index-part protomodel-part-missing">missing</p>' in index
    assert "error: model 'Echo' has no problem part" in index


@pytest.mark.sphinx("html", testroot="model-complete", confoverrides={"html_theme": "classic"})
def test_model_index_in_the_related_links(app) -> None:
    app.build()
    html = (app.outdir / "notes.html").read_text()
    assert '<a href="protomodel-index.html" title="Model index"' in html


# ---------------------------------------------------------------- the index kept across builds


def _index_page_builds(monkeypatch) -> list[str]:
    """Records each time the index page's table is made anew (not taken from the last build)."""
    from sphinxcontrib_protomodel.sphinx_ext import model_index

    made: list[str] = []
    real = model_index.ModelIndexRenderer.build

    def build(self, *args):
        if self.fromdocname == model_index.INDEX_PAGE:  # not a ``.. modelindex::`` (written every build)
            made.append("page")
        return real(self, *args)

    monkeypatch.setattr(model_index.ModelIndexRenderer, "build", build)
    return made


def test_the_kept_index_page_follows_its_catalog_translator_and_a_new_environment(
    tmp_path: Path, make_app, monkeypatch
) -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    made = _index_page_builds(monkeypatch)
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-model-complete", src)
    (src / "more.md").unlink()
    (src / "index.rst").write_text((src / "index.rst").read_text().replace("   more\n", ""))
    mo = src / "locales" / "de" / "LC_MESSAGES" / "sphinxcontrib-protomodel.mo"
    mo.parent.mkdir(parents=True)

    def translate(title: str) -> None:
        catalog = Catalog(locale="de")
        catalog.add("Model index", title)
        with mo.open("wb") as out:
            write_mo(out, catalog)

    conf = (src / "conf.py").read_text() + 'language = "de"\n'
    catalog_setup = (
        "import pathlib\n"
        "def setup(app):\n"
        '    locales = str(pathlib.Path(__file__).parent / "locales")\n'
        '    app.add_message_catalog("sphinxcontrib-protomodel", locales)\n'
    )
    (src / "conf.py").write_text(conf + catalog_setup)

    def build(**kwargs) -> str:
        made.clear()
        # a new sphinx-build reads the catalogs afresh; this process keeps what it read
        gettext._translations.clear()  # type: ignore[attr-defined]
        sphinx.locale.translators.clear()
        app = make_app("html", srcdir=src, **kwargs)
        app.build()
        return (app.outdir / "protomodel-index.html").read_text()

    translate("Modellverzeichnis")
    assert "<h1>Modellverzeichnis</h1>" in build() and made == ["page"]
    assert "<h1>Modellverzeichnis</h1>" in build() and made == []  # kept
    translate("Modellindex")  # the catalog changed, nothing else did
    assert "<h1>Modellindex</h1>" in build() and made == ["page"]

    translator = (
        "from sphinx.writers.html5 import HTML5Translator\n"
        "class Marked(HTML5Translator):\n"
        "    def visit_table(self, node):\n"
        "        node['classes'].append('marked')\n"
        "        super().visit_table(node)\n"
    )
    (src / "conf.py").write_text(
        conf + translator + catalog_setup + '    app.set_translator("html", Marked, override=True)\n'
    )
    assert "marked" in build() and made == ["page"]

    assert build() and made == []
    assert build(freshenv=True) and made == ["page"]  # sphinx-build -E: nothing kept from before


@pytest.mark.skipif(
    sphinx.version_info[:2] < (9, 0),
    reason="before Sphinx 9, docutils' writer encodes each page strictly: the document's own page cannot be written",
)
def test_a_lone_surrogate_in_what_the_index_shows_is_kept_as_a_character_reference(tmp_path: Path, make_app) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-model-complete", src)
    doc = src / "webdav.rst"
    doc.write_text(doc.read_text() + "\n.. |odd| unicode:: U+D800\n\n.. feature:: Odd |odd| feature\n\n   Text.\n")
    app = make_app("html", srcdir=src)
    app.build()
    assert "Odd &#55296; feature" in (app.outdir / "protomodel-index.html").read_text()
    cache = Path(app.doctreedir) / "protomodel-cache"
    assert not list(cache.glob(".tmp-*"))
    again = make_app("html", srcdir=src)  # the kept page and facts read back
    again.build()
    assert "Odd &#55296; feature" in (again.outdir / "protomodel-index.html").read_text()


def test_a_modelindex_follows_edits_in_every_builder_sharing_the_doctrees(tmp_path: Path, make_app) -> None:
    from sphinx.testing.util import SphinxTestApp

    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-model-complete", src)
    # a page of its own: no toctree of it names the edited document (which would rewrite it anyway)
    (src / "allmodels.rst").write_text("All models\n==========\n\n.. modelindex::\n")
    (src / "index.rst").write_text((src / "index.rst").read_text().replace("   notes\n", "   notes\n   allmodels\n"))

    def run(builder: str) -> str:
        """A build into ``out/<builder>``, every builder with the doctrees in ``out/doctrees``."""
        app = SphinxTestApp(builder, srcdir=src, builddir=tmp_path / "out")
        try:
            app.build()
            name = "allmodels.txt" if builder == "text" else "allmodels.html"
            return (Path(app.outdir) / name).read_text()
        finally:
            app.cleanup()

    assert "1 warning" not in run("html") and "1 warning" not in run("text")
    problem = src / "problem.rst"
    problem.write_text(problem.read_text().replace("   trust c -> s: server address from configuration\n", ""))
    assert "1 warning" in run("html")
    assert "1 warning" in run("text")  # read by the html build already: the text build must write it too
