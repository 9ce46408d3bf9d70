"""Diagram figures in a real browser: headless Chromium driven by Playwright.

The demo documentation and the ``test-html`` root are built once per theme
(alabaster, furo, sphinx-rtd-theme, pydata-sphinx-theme) and served from
127.0.0.1.  Checked on every page with figures, at 1280 and 390 pixels wide:
no console error, every figure visible and inside its column, the ASCII art
one click away, the copy button copying, and, in light and dark mode, SVG ink
that contrasts with the page (measured on screenshots).  Screenshots land in
``test-output/screenshots/``.

Needs Debian's ``chromium`` package (``/usr/bin/chromium``, or
``$PROTOMODEL_CHROMIUM``) and the ``playwright`` Python package; never a
browser download.  Without them the whole module is skipped, once.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PROTOMODEL_CHROMIUM", "/usr/bin/chromium")
try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

if sync_playwright is None or not os.access(CHROMIUM, os.X_OK):
    pytest.skip(
        f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium) and the playwright "
        "package (pip install playwright; never 'playwright install')",
        allow_module_level=True,
    )

from PIL import Image  # noqa: E402 (after the skip: only needed when a browser runs)

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-output" / "screenshots"
PROJECTS = {"demo": REPO / "demo_docs", "roots": REPO / "tests" / "roots" / "test-html"}
THEMES = ("alabaster", "furo", "sphinx_rtd_theme", "pydata_sphinx_theme")
#: Themes with a dark mode, and how to switch it on without the OS setting.
DARK_SWITCH = {
    "furo": "document.body.dataset.theme = 'dark'",
    "pydata_sphinx_theme": "document.documentElement.dataset.theme = 'dark'",
}
WIDTHS = (1280, 390)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: WCAG 2.1: 4.5:1 for text; the SVG's labels are text.
TEXT_CONTRAST = 4.5


# ------------------------------------------------------------------ the site


@dataclass(frozen=True)
class Site:
    root: Path
    base_url: str

    def url(self, project: str, theme: str, page: str) -> str:
        return f"{self.base_url}/{project}-{theme}/{page}"

    def pages_with_figures(self, project: str) -> list[str]:
        out = self.root / f"{project}-alabaster"
        return sorted(
            str(p.relative_to(out))
            for p in out.rglob("*.html")
            if "_static" not in p.parts and 'class="protomodel protomodel-' in p.read_text()
        )


def _build_all(root: Path) -> None:
    """Every project in every theme, two builds at a time (the machine has two cores)."""
    jobs = []
    for project, src in PROJECTS.items():
        for theme in THEMES:
            out = root / f"{project}-{theme}"
            cmd = [
                sys.executable,
                "-m",
                "sphinx",
                "-q",
                "-b",
                "html",
                "-D",
                f"html_theme={theme}",
                "-d",
                str(root / ".doctrees" / f"{project}-{theme}"),
                str(src),
                str(out),
            ]
            jobs.append((cmd, out))
    running: list[tuple[subprocess.Popen, list[str]]] = []
    for cmd, _ in jobs:
        if len(running) == 2:
            _finish(*running.pop(0))
        running.append((subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True), cmd))
    for proc, cmd in running:
        _finish(proc, cmd)


def _finish(proc: subprocess.Popen, cmd: list[str]) -> None:
    output, _ = proc.communicate(timeout=600)
    assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{output}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/favicon.ico":  # the browser asks the server root; no site has one there
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("sites")
    _build_all(root)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(root, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


#: Console errors the themes themselves log on every page, whatever the content.
THEME_NOISE = (
    # pydata-sphinx-theme 0.16+ on a first visit, before any mode is stored
    "Got invalid theme mode: . Resetting to auto.",
)


class Console:
    """Errors a page reports: console errors, uncaught exceptions, failed requests."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.errors.append(f"exception: {e}"))
        page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url}"))
        page.on("response", lambda r: self.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)

    def _console(self, message) -> None:
        if message.type == "error" and message.text not in THEME_NOISE:
            self.errors.append(f"console: {message.text}")


def open_page(browser, url: str, width: int = 1280, color_scheme: str = "light", scale: int = 2, **context_options):
    """A fresh context and page.  ``scale`` 2 (the default) for measuring ink:
    a 1px line then covers whole device pixels instead of two half-grey ones."""
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        device_scale_factor=scale,
        color_scheme=color_scheme,
        **context_options,
    )
    page = context.new_page()
    console = Console(page)
    page.goto(url, wait_until="load")
    return context, page, console


#: Themes animate colour changes; measurements want the final colours at once.
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def settle(page) -> None:
    """Wait until the page shows its final colours: no transitions, fonts loaded, a frame painted."""
    page.add_style_tag(content=NO_TRANSITIONS)
    page.wait_for_function(
        "() => document.fonts.status === 'loaded' && new Promise(r => requestAnimationFrame(() => r(true)))"
    )


def shot(page, name: str, **kwargs) -> bytes:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), **kwargs)


def slug(page_name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", page_name.removesuffix(".html")).strip("-")


# ------------------------------------------------------------------ pixels


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass(frozen=True)
class Ink:
    background: tuple[int, int, int]
    ink: tuple[int, int, int]  # the most frequent colour far from the background
    ratio: float  # contrast of ink against background
    coverage: float  # share of pixels at >= 3:1 from the background

    def __str__(self) -> str:
        return f"background {self.background}, ink {self.ink}, contrast {self.ratio:.2f}, coverage {self.coverage:.2%}"


def measure_ink(png: bytes) -> Ink:
    """Background = the commonest colour; ink = the strongest common colour.

    Antialiased edges are mixtures spread over many colours; the solid core
    of strokes and glyphs is one colour with a real share of the pixels.  Of
    the colours with at least 0.2% of the pixels, the ink is the one that
    contrasts most with the background (a muted group frame may be commoner
    than the text, but it is not the ink).
    """
    image = Image.open(BytesIO(png)).convert("RGB")
    total = image.width * image.height
    colours = sorted(image.getcolors(maxcolors=total), reverse=True)
    background = colours[0][1]
    far = [(count, c) for count, c in colours if contrast(c, background) >= 3]
    coverage = sum(count for count, _ in far) / total
    common = [c for count, c in colours if count >= 0.002 * total] or [background]
    ink = max(common, key=lambda c: contrast(c, background))
    return Ink(background, ink, contrast(ink, background), coverage)


def pixel(png: bytes, x: float, y: float) -> tuple[int, int, int]:
    image = Image.open(BytesIO(png)).convert("RGB")
    return image.getpixel((int(x), int(y)))


# ------------------------------------------------------------------ tests


def test_the_sites_have_figures_of_every_kind(site):
    demo = site.pages_with_figures("demo")
    assert demo, "demo_docs has no diagram figure"
    html = "".join((site.root / "demo-alabaster" / p).read_text() for p in demo)
    assert "protomodel-ladder" in html
    roots = "".join((site.root / "roots-alabaster" / p).read_text() for p in site.pages_with_figures("roots"))
    for kind in ("ladder", "problem", "statemachine"):
        assert f"protomodel-{kind}" in roots


FIGURE_GEOMETRY = """() => Array.from(document.querySelectorAll('figure.protomodel')).map(fig => {
  const svg = fig.querySelector('svg.protomodel-graphic');
  const rect = el => { const r = el.getBoundingClientRect();
                       return {left: r.left, right: r.right, width: r.width, height: r.height}; };
  const style = svg ? getComputedStyle(svg) : null;
  const box = svg ? svg.parentElement : null;
  return {
    id: fig.id,
    svg: svg && {...rect(svg), visible: style.visibility !== 'hidden' && style.display !== 'none'},
    natural: svg ? svg.viewBox.baseVal.width : 0,
    box: box && {...rect(box), scrollWidth: box.scrollWidth, clientWidth: box.clientWidth,
                 overflowX: getComputedStyle(box).overflowX},
    fig: {...rect(fig), scrollWidth: fig.scrollWidth, clientWidth: fig.clientWidth},
  };
})"""
#: The stylesheet's --protomodel-min-scale: below it a picture scrolls instead of shrinking.
MIN_SCALE = 0.6


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("project", PROJECTS)
def test_every_figure_is_visible_and_fits_its_column(browser, site, project, theme, width):
    pages = site.pages_with_figures(project)
    assert pages
    for name in pages:
        context, page, console = open_page(browser, site.url(project, theme, name), width, scale=1)
        try:
            figures = page.evaluate(FIGURE_GEOMETRY)
            assert figures, name
            viewport = page.viewport_size["width"]
            for fig in figures:
                where = f"{project}/{theme}/{name}#{fig['id']} at {width}px"
                svg, box = fig["svg"], fig["box"]
                assert svg is not None, f"no SVG in {where}"
                assert svg["visible"] and svg["width"] > 0 and svg["height"] > 0, where
                # the figure never overflows the column or the viewport
                assert fig["fig"]["scrollWidth"] <= fig["fig"]["clientWidth"] + 1, f"{where} overflows"
                assert fig["fig"]["left"] >= -0.5 and fig["fig"]["right"] <= viewport + 0.5, where
                assert box["left"] >= fig["fig"]["left"] - 0.5 and box["right"] <= fig["fig"]["right"] + 0.5, where
                # never enlarged, and never shrunk past legibility (12px labels stay >= 7px)
                scale = svg["width"] / fig["natural"]
                assert scale <= 1 + 1e-3, where
                assert scale >= MIN_SCALE - 1e-3, f"{where}: scaled to {scale:.2f}"
                if svg["width"] > box["clientWidth"] + 0.5:
                    # too wide even at the smallest scale: it scrolls inside its figure
                    assert abs(scale - MIN_SCALE) < 0.01, where
                    assert box["overflowX"] == "auto" and box["scrollWidth"] > box["clientWidth"], where
                else:
                    assert svg["left"] >= box["left"] - 0.5 and svg["right"] <= box["right"] + 0.5, where
            if name == pages[0]:
                shot(page, f"{project}-{theme}-light-{slug(name)}-{width}", full_page=True)
            assert console.errors == [], console.errors
        finally:
            context.close()


def test_figures_are_images_named_by_their_caption(browser, site):
    context, page, console = open_page(browser, site.url("roots", "alabaster", "index.html"))
    try:
        ladder = page.get_by_role("img", name="Message sequence diagram: The DCCP handshake")
        assert ladder.count() == 1
        assert page.get_by_role("img", name="Problem diagram: SIP through a NAT").count() == 1
        assert page.get_by_role("img", name="State machine diagram: Connection states").count() == 1
        description = ladder.get_attribute("aria-describedby")
        assert page.locator(f"#{description}").text_content() == "3 messages between Client and Server."
        # the text alternative is in the page for screen readers, yet takes no space
        alt = page.locator("figure#fig-dccp .protomodel-alt")
        assert "Client to Server: DCCP-Request ([Ports, Service, Features])" in alt.text_content()
        box = alt.bounding_box()
        assert box is not None and box["width"] <= 1 and box["height"] <= 1
        caption = page.locator("figure#fig-dccp figcaption").inner_text()
        assert caption.startswith("Figure 1: The DCCP handshake")
        assert console.errors == []
    finally:
        context.close()


@pytest.mark.parametrize("theme", ["alabaster", "furo"])
def test_ascii_art_is_one_click_away_and_copies(browser, site, theme):
    context, page, console = open_page(browser, site.url("roots", theme, "index.html"))
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.base_url)
        details = page.locator("figure#fig-dccp details.protomodel-ascii")
        pre = details.locator("pre.protomodel-ascii-art")
        expected = pre.text_content()
        assert "DCCP-Request" in expected
        assert not pre.is_visible()
        details.locator("summary").click()
        assert pre.is_visible()
        assert pre.bounding_box()["height"] > 20
        shot(page, f"roots-{theme}-light-ascii-open-1280")
        button = details.get_by_role("button", name="Copy the ASCII art")
        button.click()
        page.wait_for_function(
            "() => document.querySelector('#fig-dccp .protomodel-copy-status').textContent === 'Copied'"
        )
        assert page.evaluate("navigator.clipboard.readText()") == expected
        assert console.errors == []
    finally:
        context.close()


def test_copy_falls_back_without_the_clipboard_api(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # An older browser, or a page served over plain http from another host.
    context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined});")
    context.add_init_script(
        "document.addEventListener('copy', e => { const t = e.target;"
        " window.__copied = t.value.substring(t.selectionStart, t.selectionEnd); }, true);"
    )
    page = context.new_page()
    console = Console(page)
    try:
        page.goto(site.url("roots", "alabaster", "index.html"))
        details = page.locator("figure#fig-dccp details.protomodel-ascii")
        details.locator("summary").click()
        details.locator("button.protomodel-copy").click()
        page.wait_for_function("() => window.__copied !== undefined")
        assert page.evaluate("window.__copied") == details.locator("pre").text_content()
        assert details.locator(".protomodel-copy-status").text_content() == "Copied"
        assert page.locator("textarea").count() == 0  # the helper is gone
        assert console.errors == []
    finally:
        context.close()


def test_without_javascript_the_ascii_art_is_still_there(browser, site):
    context, page, _ = open_page(browser, site.url("roots", "alabaster", "index.html"), java_script_enabled=False)
    try:
        details = page.locator("figure#fig-dccp details.protomodel-ascii")
        assert details.locator("button").count() == 0
        details.locator("summary").click()
        assert details.locator("pre").is_visible()
    finally:
        context.close()


UNPIN = """() => { for (const el of document.querySelectorAll('body *')) {
  const position = getComputedStyle(el).position;
  if (position === 'fixed' || position === 'sticky') el.style.visibility = 'hidden';
} }"""

FIGURE_SPOTS = """() => Array.from(document.querySelectorAll('figure.protomodel')).map(fig => {
  const svg = fig.querySelector('svg.protomodel-graphic');
  const doc = r => ({x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height});
  // what shows of the SVG: a wide one is clipped by its scrolling container
  const s = svg.getBoundingClientRect(), c = svg.parentElement.getBoundingClientRect();
  const left = Math.max(s.left, c.left), right = Math.min(s.right, c.right);
  const shown = new DOMRect(left, s.top, right - left, s.height);
  const paper = Array.from(svg.querySelectorAll('rect.pm-paper'))
    .map(r => r.getBoundingClientRect())
    .filter(r => r.width > 12 && r.height > 12 && r.left >= left && r.left + 8 <= right)[0];
  return {id: fig.id, box: doc(shown), paper: paper ? doc(paper) : null};
})"""


NATURAL_SIZE = """.protomodel-svg > svg.protomodel-graphic {
  width: var(--protomodel-width) !important; max-width: none !important; min-width: 0 !important; }"""


@dataclass(frozen=True)
class FigureColours:
    id: str
    ink: Ink  # measured inside the SVG
    around: tuple[int, int, int]  # the page just outside the SVG
    paper: tuple[int, int, int] | None  # inside a box the engines fill white


def figure_colours(page) -> list[FigureColours]:
    """Ink, surroundings and box fill of every figure, from screenshots at scale 2.

    Measured at the pictures' natural size: shrunk, every line is a blend of
    ink and page (legible size is the geometry test's business).
    """
    page.evaluate(UNPIN)
    page.add_style_tag(content=NATURAL_SIZE)
    result = []
    for spot in page.evaluate(FIGURE_SPOTS):
        box = spot["box"]
        # the SVG and a margin of 4 CSS pixels, in page coordinates
        x0, y0 = max(box["x"] - 4, 0), max(box["y"] - 4, 0)
        clip = {"x": x0, "y": y0, "width": box["width"] + 8, "height": box["height"] + 8}
        image = Image.open(BytesIO(page.screenshot(clip=clip, full_page=True))).convert("RGB")

        def at(x: float, y: float, image=image, x0=x0, y0=y0) -> tuple[int, int, int]:
            return image.getpixel((int(2 * (x - x0)), int(2 * (y - y0))))

        left, top = 2 * (box["x"] - x0), 2 * (box["y"] - y0)
        inner = image.crop((round(left), round(top), round(left + 2 * box["width"]), round(top + 2 * box["height"])))
        buffer = BytesIO()
        inner.save(buffer, "PNG")
        # just outside the SVG: left of it if there is room, else above it
        around = at(box["x"] - 3, box["y"] + 2) if box["x"] >= 4 else at(box["x"] + 2, box["y"] - 3)
        paper = spot["paper"] and at(spot["paper"]["x"] + 4, spot["paper"]["y"] + 4)
        result.append(FigureColours(spot["id"], measure_ink(buffer.getvalue()), around, paper))
    return result


def assert_legible(page, where: str) -> list[FigureColours]:
    """Every figure on the page: ink >= 4.5:1 against what is behind it; boxes in the page colour."""
    measured = figure_colours(page)
    assert measured, where
    for colours in measured:
        ink, fid = colours.ink, colours.id
        assert ink.ratio >= TEXT_CONTRAST, f"{where} {fid}: {ink}"
        assert ink.coverage >= 0.003, f"{where} {fid}: too little ink: {ink}"
        assert contrast(ink.background, colours.around) < 1.1, f"{where} {fid}: {ink} on a page of {colours.around}"
        if colours.paper is not None:
            assert contrast(colours.paper, colours.around) < 1.1, f"{where} {fid}: boxes {colours.paper}"
    return measured


def figure_shot(page, name: str) -> None:
    """The first ladder figure alone (picture, disclosure, caption): the reviewer's view."""
    figure = page.locator("figure.protomodel-ladder").first
    figure.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    figure.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


@pytest.mark.parametrize(
    ("theme", "how"),
    [
        ("furo", "prefers-color-scheme"),
        ("furo", "theme switch"),
        ("pydata_sphinx_theme", "prefers-color-scheme"),
        ("pydata_sphinx_theme", "theme switch"),
    ],
)
@pytest.mark.parametrize("project", PROJECTS)
def test_dark_mode_ink_contrasts_with_the_page(browser, site, project, theme, how):
    scheme = "dark" if how == "prefers-color-scheme" else "light"
    checked_papers = 0
    for name in site.pages_with_figures(project):
        context, page, console = open_page(browser, site.url(project, theme, name), color_scheme=scheme)
        try:
            if how == "theme switch":
                page.evaluate(DARK_SWITCH[theme])
            settle(page)
            measured = assert_legible(page, f"{project}/{theme}/{name} ({how})")
            assert luminance(measured[0].around) < 0.1, f"{theme} did not go dark: {measured[0].around}"
            if page.locator("figure.protomodel-ladder").count():
                tag = "dark" if how == "prefers-color-scheme" else "dark-switch"
                figure_shot(page, f"ladder-{project}-{slug(name)}-{theme}-{tag}")
            assert console.errors == []

            # The measurement can fail: black ink, as the engines draw it, on this dark page.
            page.add_style_tag(content="figure.protomodel svg.protomodel-graphic { color: #000 !important; }")
            ink = figure_colours(page)[0].ink
            assert ink.ratio < 3 or ink.coverage < 0.003, f"control should fail: {ink}"
            # ... and white boxes, as the engines fill them, on this dark page
            page.add_style_tag(content="figure.protomodel svg .pm-paper { fill: #fff !important; }")
            papers = [c for c in figure_colours(page) if c.paper is not None]
            assert all(contrast(c.paper, c.around) > 3 for c in papers), papers
            checked_papers += len(papers)
        finally:
            context.close()
    assert checked_papers > 0, "no box to check the paper colour on"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("project", PROJECTS)
def test_ink_contrasts_in_every_theme(browser, site, project, theme, scheme):
    """Light themes stay light under a dark OS setting; either way the ink reads.

    The first page with a ladder of each project (every page is measured in
    dark mode by the test above).
    """
    pages = site.pages_with_figures(project)
    ladders = [p for p in pages if "protomodel-ladder" in (site.root / f"{project}-alabaster" / p).read_text()]
    for name in (ladders or pages)[:1]:
        context, page, console = open_page(browser, site.url(project, theme, name), color_scheme=scheme)
        try:
            settle(page)
            assert_legible(page, f"{project}/{theme}/{name} ({scheme})")
            if page.locator("figure.protomodel-ladder").count():
                figure_shot(page, f"ladder-{project}-{slug(name)}-{theme}-{scheme}")
            assert console.errors == []
        finally:
            context.close()


def test_print_shows_the_picture_not_the_disclosure(browser, site):
    context, page, _ = open_page(browser, site.url("roots", "furo", "index.html"), color_scheme="dark")
    try:
        page.locator("figure#fig-dccp details summary").click()
        page.emulate_media(media="print")
        assert page.locator("figure#fig-dccp svg.protomodel-graphic").is_visible()
        assert not page.locator("figure#fig-dccp details.protomodel-ascii").is_visible()
        # printed ink is black whatever the screen theme
        color = page.evaluate("() => getComputedStyle(document.querySelector('figure#fig-dccp .protomodel-svg')).color")
        assert color == "rgb(0, 0, 0)"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(SCREENSHOTS / "roots-furo-print.pdf"))
    finally:
        context.close()


# ------------------------------------------------------------------ model index


@pytest.mark.parametrize("theme", THEMES)
def test_model_index_shows_check_status_at_a_glance(browser, site, theme):
    for scheme in ("light", "dark"):
        for width in WIDTHS:
            context, page, console = open_page(
                browser, site.url("demo", theme, "protomodel-index.html"), width, color_scheme=scheme, scale=1
            )
            try:
                index = page.locator(".protomodel-index").first
                assert index.is_visible()
                statuses = page.locator("p.protomodel-status")
                if page.locator("table.protomodel-index").count():
                    assert statuses.count() >= 1
                    for i in range(statuses.count()):
                        badge = statuses.nth(i)
                        box = badge.bounding_box()
                        assert box and box["width"] > 0
                        assert box["x"] + box["width"] <= width + 0.5, "status badge off screen"
                        # the status reads in words, not colour alone
                        assert re.fullmatch(r"ok|\d+ errors?(, \d+ warnings?)?|\d+ warnings?", badge.inner_text())
                    table_box = page.locator("table.protomodel-index").bounding_box()
                    assert table_box["x"] + table_box["width"] <= width + 0.5, f"index overflows at {width}px"
                shot(page, f"demo-{theme}-{scheme}-model-index-{width}", full_page=True)
                assert console.errors == []
            finally:
                context.close()


FIGURE_TEXTS = """() => Array.from(document.querySelectorAll('figure.protomodel')).map(fig => ({
  id: fig.id,
  texts: Array.from(fig.querySelectorAll('svg.protomodel-graphic text'))
    .map(t => [t.textContent, t.getComputedTextLength()]),
}))"""
#: The native painter's cell width in SVG user units (``paint.pixels.CELL_W``).
CELL_PX = 8


@pytest.mark.parametrize("project", PROJECTS)
def test_every_label_fits_its_cells_in_the_browser_font(browser, site, project):
    """Chromium's own monospace glyphs: no label is wider than the cells the layout gave it.

    Each figure is also shot alone (picture, disclosure, caption) for a reviewer.
    """
    from sphinxcontrib_protomodel.cells import cell_width

    checked = 0
    for name in site.pages_with_figures(project):
        context, page, console = open_page(browser, site.url(project, "alabaster", name), scale=1)
        try:
            settle(page)
            for figure in page.evaluate(FIGURE_TEXTS):
                for text, length in figure["texts"]:
                    assert length <= cell_width(text) * CELL_PX + 0.5, (name, figure["id"], text, length)
                    checked += 1
                locator = page.locator(f"figure#{figure['id']}")
                locator.scroll_into_view_if_needed()
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                locator.screenshot(path=str(SCREENSHOTS / f"figure-{project}-{figure['id']}.png"))
            assert console.errors == []
        finally:
            context.close()
    assert checked >= 20
