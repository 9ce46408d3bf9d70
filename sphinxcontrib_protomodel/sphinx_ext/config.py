"""Every ``protomodel_*`` config value checked once, at ``config-inited``.

:data:`RULES` is the table: for each value the types it may have and, where
it matters, a range or a shape.  A value of the wrong type or out of range is
a warning naming the value and its bounds, and the registered default is used
instead (a width of 0 would make the layouts loop; ``'72'`` would crash them).
File names the builders write are the exception: a ``protomodel_rfc_docname``
or a ``protomodel_rfc_documents`` docName that is not a plain file name stops
the build with a configuration error, since a wrong guess would write outside
the output directory or into the wrong file.

Fonts are checked at ``builder-inited``, for builders that draw graphics: a
``protomodel_font`` naming no file, or no TrueType font found on the system,
is one warning per build naming what was searched for and how to set one.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging

from ..diagrams import MAX_WIDTH, MIN_WIDTH
from ..kinds import ENGINES
from ..rfc import ART_WIDTH

logger = logging.getLogger(__name__)

#: A file name the rfcxml/idtext builders may write ``<name>.xml``/``.txt`` as:
#: no directory part, no leading dot, nothing a shell or a file system reads
#: specially.
PLAIN_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,199}")

#: Builder formats that draw text with a TrueType font: LaTeX's PNG images always,
#: HTML and drafts only with the ``diag`` engine (the native SVG sets text in the
#: reader's monospace face and measures nothing).
FONT_FORMATS = frozenset({"latex"})
DIAG_FONT_FORMATS = frozenset({"html", "rfcxml"})


@dataclass(frozen=True)
class Rule:
    """What one config value may be.

    ``types``: the accepted Python types (``bool`` is never an ``int`` here);
    ``bounds``: the inclusive range of a number; ``items``: the type every
    item of a list must have.
    """

    types: tuple[type, ...]
    bounds: tuple[int, int] | None = None
    items: type | None = None
    #: the values a string may take
    choices: tuple[str, ...] = ()
    #: why the bounds are what they are (said in the warning)
    why: str = ""


_STR = (str, type(None))

RULES: dict[str, Rule] = {
    "protomodel_text_width": Rule((int,), (MIN_WIDTH, MAX_WIDTH), why="columns of ASCII art"),
    "protomodel_font": Rule(_STR),
    "protomodel_engine": Rule((str,), choices=ENGINES),
    "protomodel_required_parts": Rule((list, tuple), items=str),
    "protomodel_max_states": Rule((int,), (1, 1000)),
    "protomodel_render_workers": Rule((int,), (0, 1024), why="0 is one per core"),
    "protomodel_rfc_art_width": Rule(
        (int,), (MIN_WIDTH, ART_WIDTH), why="xml2rfc indents figures by 3 and allows 72 columns"
    ),
    # each entry's shape is the rfcxml builder's to warn about, entry by entry
    "protomodel_rfc_documents": Rule((list, tuple)),
    "protomodel_rfc_title": Rule(_STR),
    "protomodel_rfc_abbrev": Rule(_STR),
    "protomodel_rfc_docname": Rule(_STR),
    "protomodel_rfc_category": Rule((str,)),
    "protomodel_rfc_ipr": Rule((str,)),
    "protomodel_rfc_submission_type": Rule((str,)),
    "protomodel_rfc_consensus": Rule((bool, str, type(None))),
    "protomodel_rfc_area": Rule(_STR),
    "protomodel_rfc_workgroup": Rule(_STR),
    "protomodel_rfc_authors": Rule((list, tuple, dict, str, type(None))),
    "protomodel_rfc_date": Rule((str, datetime.date, type(None))),
    "protomodel_rfc_keywords": Rule((list, tuple, str)),
    "protomodel_rfc_abstract": Rule(_STR),
    "protomodel_rfc_normative": Rule((list, tuple), items=str),
    "protomodel_rfc_references": Rule((dict,)),
    "protomodel_rfc_intro_title": Rule((str,)),
}


def _type_names(types: tuple[type, ...] | type) -> str:
    types = types if isinstance(types, tuple) else (types,)
    return " or ".join("None" if t is type(None) else t.__name__ for t in types)


def _is(value: Any, types: tuple[type, ...] | type) -> bool:
    types = types if isinstance(types, tuple) else (types,)
    if isinstance(value, bool) and bool not in types:
        return False
    return isinstance(value, types)


def problem_with(rule: Rule, value: Any) -> str | None:
    """What is wrong with ``value`` under ``rule``, or ``None``."""
    if not _is(value, rule.types):
        return f"has the type {type(value).__name__}, not {_type_names(rule.types)}"
    if rule.bounds is not None:
        low, high = rule.bounds
        if not low <= value <= high:
            why = f"; {rule.why}" if rule.why else ""
            return f"is out of range (from {low} to {high}{why})"
    if rule.choices and value not in rule.choices:
        return f"is not one of {', '.join(map(repr, rule.choices))}"
    if rule.items is not None and isinstance(value, (list, tuple)):
        wrong = next((item for item in value if not _is(item, rule.items)), None)
        if wrong is not None:
            return f"holds {wrong!r} of type {type(wrong).__name__}, not {_type_names(rule.items)}"
    return None


def _default(config: Config, name: str) -> Any:
    """The value ``name`` was registered with."""
    default = config.values[name].default
    return default(config) if callable(default) else default


def _conf_py(app: Sphinx) -> Path | None:
    if app.confdir is None:
        return None
    path = Path(app.confdir, "conf.py")
    return path if path.is_file() else None


def _where(app: Sphinx, name: str) -> str | None:
    """``conf.py:LINE`` of the assignment to ``name``, or ``None`` (set elsewhere, such as ``-D``)."""
    path = _conf_py(app)
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    pattern = re.compile(rf"^{re.escape(name)}\s*(?::[^=]*)?=", re.M)
    m = pattern.search(text)
    return f"{path}:{text.count(chr(10), 0, m.start()) + 1}" if m else None


def check_values(app: Sphinx, config: Config) -> None:
    """``config-inited``: each value of :data:`RULES` checked; a wrong one warned about and reset."""
    for name, rule in RULES.items():
        if name not in config.values:
            continue
        value = getattr(config, name)
        problem = problem_with(rule, value)
        if problem is None:
            continue
        default = _default(config, name)
        logger.warning(
            "%s = %r %s; using the default %r",
            name,
            value,
            problem,
            default,
            location=_where(app, name),
            type="protomodel",
            subtype="config",
        )
        setattr(config, name, default)
    _check_file_names(config)


def file_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be the stem of a file in the output directory, or ``None``."""
    if PLAIN_FILE_NAME.fullmatch(name):
        return None
    return (
        "is not a plain file name: the draft is written to <outdir>/<docName>.xml, so use letters, "
        "digits, '.', '_', '+' and '-' only, starting with a letter or digit (such as 'draft-doe-models-00')"
    )


def _check_file_names(config: Config) -> None:
    """Refuse docNames that would write outside the output directory (a configuration error)."""
    names: list[tuple[str, Any]] = []
    if "protomodel_rfc_docname" in config.values and config.protomodel_rfc_docname is not None:
        names.append(("protomodel_rfc_docname", config.protomodel_rfc_docname))
    for i, entry in enumerate(getattr(config, "protomodel_rfc_documents", None) or ()):
        if isinstance(entry, (list, tuple)) and len(entry) >= 2:
            names.append((f"protomodel_rfc_documents[{i}]", entry[1]))
    for where, name in names:
        problem = file_name_problem(name) if isinstance(name, str) else "is not a string"
        if problem is not None:
            raise ConfigError(f"{where}: the docName {name!r} {problem}")


# ------------------------------------------------------------------ fonts


def check_font(app: Sphinx) -> None:
    """``builder-inited``: one warning when graphics would be drawn without the font asked for."""
    fmt = app.builder.format
    if fmt not in FONT_FORMATS and not (fmt in DIAG_FONT_FORMATS and app.config.protomodel_engine == "diag"):
        return
    from ..fonts import FONT_CANDIDATES, find_font

    configured = app.config.protomodel_font
    if configured and find_font(configured) is None:
        logger.warning(
            "protomodel_font: no font file %r (from the directory %s); PNG images and the diag engine fall "
            "back to a built-in bitmap font and measure text wrongly: set protomodel_font in conf.py "
            "to the path of a TrueType (.ttf) file",
            configured,
            Path.cwd(),
            location=_where(app, "protomodel_font"),
            type="protomodel",
            subtype="font",
        )
    elif not configured and find_font(None) is None:
        logger.warning(
            "protomodel: no TrueType font found (looked for %s); PNG images and the diag engine fall back "
            "to a built-in bitmap font and measure text wrongly: install DejaVu Sans (Debian: fonts-dejavu-core) "
            "or set protomodel_font in conf.py to the path of a .ttf file",
            ", ".join(FONT_CANDIDATES),
            type="protomodel",
            subtype="font",
        )


def setup_config(app: Sphinx) -> None:
    """Connect the checks (the values themselves are registered where they are used)."""
    # Before the other config-inited handlers read the values, and before
    # Sphinx's own type check (priority 800), which warns but keeps the value.
    app.connect("config-inited", check_values, priority=100)
    app.connect("builder-inited", check_font)


__all__ = ["PLAIN_FILE_NAME", "RULES", "Rule", "check_font", "check_values", "file_name_problem", "problem_with"]
