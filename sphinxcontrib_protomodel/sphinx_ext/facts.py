"""What the model checks need of each diagram's ASCII art, kept across builds.

The checks behind the model index and the ``modelcheck`` report need the
width, height and degradation of every diagram's ASCII art
(:class:`~..checks.rules.AsciiFacts`).  Looking up the art of every diagram
in the project would cost an incremental build more than reading the one
document that changed, so the facts are kept in ``ascii-facts.json`` beside
the rendering cache, by document and position in it, with the time Sphinx
read the document (``env.all_docs``): they hold until the document is read
again or the renderers change (:func:`..rendering.ascii_identity`).  What a
build learns is written when it finishes, by the process that runs it.

Not in the environment: Sphinx pickles it before writing starts, and
drawing every diagram's ASCII art by then would keep the pages waiting for
the renderings (which worker processes draw while Sphinx reads and writes).
"""

from __future__ import annotations

import contextlib
import json
import weakref
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..checks.rules import AsciiFacts, DiagramRecord, ascii_facts
from ..rendering.cache import read_json, write_atomically

#: The file, in the rendering cache's directory.
FILENAME = "ascii-facts.json"


class AsciiFactsStore:
    """The ASCII facts of a project's diagrams: stored, or drawn and then stored.

    ``path``: the file (``None``: nothing kept); ``identity``: the renderers'
    (facts stored by others are ignored); ``read_times``: when each document
    was read (``env.all_docs``).
    """

    def __init__(self, path: Path | None, identity: str, read_times: Mapping[str, int]) -> None:
        self.path = path
        self.identity = identity
        self.read_times = read_times
        self.docs: dict[str, Any] = self._load()
        self.changed = False

    def _load(self) -> dict[str, Any]:
        data = None if self.path is None else read_json(self.path)
        if (
            not isinstance(data, dict)
            or data.get("identity") != self.identity
            or not isinstance(data.get("docs"), dict)
        ):
            return {}
        return data["docs"]

    def stored(self, d: DiagramRecord) -> AsciiFacts | None:
        """The facts stored for ``d`` while its document was read as now; anything malformed is absent."""
        entry = self.docs.get(d.docname)
        if not isinstance(entry, dict) or entry.get("read") != self.read_times.get(d.docname):
            return None
        facts = entry.get("facts")
        value = facts.get(str(d.index)) if isinstance(facts, dict) else None
        if (
            isinstance(value, list)
            and len(value) == 3
            and all(isinstance(n, int) and not isinstance(n, bool) for n in value[:2])
            and (value[2] is None or isinstance(value[2], str))
        ):
            return AsciiFacts(*value)
        return None

    def get(self, d: DiagramRecord) -> AsciiFacts:
        """The facts of ``d``'s ASCII art, drawn (and stored) when not stored.

        Raises what drawing raises (``RenderError``).
        """
        facts = self.stored(d)
        if facts is not None:
            return facts
        facts = ascii_facts(d)
        read = self.read_times.get(d.docname)
        entry = self.docs.get(d.docname)
        if not isinstance(entry, dict) or entry.get("read") != read or not isinstance(entry.get("facts"), dict):
            entry = self.docs[d.docname] = {"read": read, "facts": {}}
        entry["facts"][str(d.index)] = [facts.columns, facts.lines, facts.degraded]
        self.changed = True
        return facts

    def missing(self, records: Iterable[DiagramRecord]) -> list[DiagramRecord]:
        """The ``records`` of drawable diagrams with no stored facts."""
        return [d for d in records if d.packed is not None and self.stored(d) is None]

    def save(self, documents: Iterable[str]) -> None:
        """Write what was learned, for ``documents`` only (the project's); a failure only costs time."""
        if self.path is None or not self.changed:
            return
        keep = set(documents)
        data = {"identity": self.identity, "docs": {k: v for k, v in sorted(self.docs.items()) if k in keep}}
        with contextlib.suppress(OSError):
            write_atomically(self.path, json.dumps(data, sort_keys=True).encode("ascii"))  # surrogates escaped
            self.changed = False


#: The store of each environment (one build), made on first use.
_STORES: weakref.WeakKeyDictionary[BuildEnvironment, AsciiFactsStore] = weakref.WeakKeyDictionary()


def ascii_facts_of(env: BuildEnvironment) -> AsciiFactsStore:
    """The build's store, loaded from the rendering cache's directory on first use."""
    store = _STORES.get(env)
    if store is None:
        from ..rendering import CACHE, ascii_identity

        path = None if CACHE.directory is None else CACHE.directory / FILENAME
        store = _STORES[env] = AsciiFactsStore(path, ascii_identity(), env.all_docs)
    return store


def save_ascii_facts(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: keep what the build learned."""
    env = getattr(app, "env", None)
    store = None if env is None else _STORES.pop(env, None)
    if store is not None and exception is None:
        store.save(app.env.found_docs)
