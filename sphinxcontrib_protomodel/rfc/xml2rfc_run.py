"""Run xml2rfc's library on a v3 XML file, offline, and collect what it says.

The steps are those of the ``xml2rfc`` command for v3 input (parse, v2v3
conversion, prep, write), with the network and the reference cache off:
our drafts carry their references inline.  xml2rfc prints its warnings to a
module-level stream; it is redirected while we run so that each message can
be returned (and reported by Sphinx at the source line it concerns).
"""

from __future__ import annotations

import copy
import datetime
import io
import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

#: xml2rfc keeps options and its log in module globals: one run at a time.
_lock = threading.Lock()

_MESSAGE = re.compile(r"^(?P<file>.*?)\((?P<line>\d+)\): (?P<level>Warning|Error|Note): (?P<text>.*)$")


@dataclass(frozen=True)
class Message:
    level: str  # "warning" | "error"
    text: str
    line: int | None = None  # line of the XML file


@dataclass
class Result:
    outputs: dict[str, Path] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(m.level == "error" for m in self.messages)


WRITERS = {"text": ("TextWriter", ".txt"), "html": ("HtmlWriter", ".html")}


def run(
    xml_path: str | Path,
    formats: tuple[str, ...] = ("text",),
    out_dir: str | Path | None = None,
    date: datetime.date | None = None,
) -> Result:
    """Write ``formats`` ("text", "html") of ``xml_path`` beside it (or in ``out_dir``)."""
    import lxml.etree
    import xml2rfc
    import xml2rfc.log
    from xml2rfc.writers.base import default_options

    xml_path = Path(xml_path)
    out = Path(out_dir) if out_dir else xml_path.parent
    result = Result()
    # A throwaway reference cache: our references are inline, nothing is
    # fetched, and xml2rfc must not make a cache in the user's home for it.
    with _lock, tempfile.TemporaryDirectory(prefix="xml2rfc-cache-") as cache:
        stream = io.StringIO()
        saved = xml2rfc.log.write_err, xml2rfc.log.quiet
        xml2rfc.log.write_err, xml2rfc.log.quiet = stream, False
        try:
            for fmt in formats:
                writer_name, suffix = WRITERS[fmt]
                options = copy.deepcopy(default_options)
                options.no_network = True
                options.cache = cache
                options.quiet = False  # quiet would silence the warnings too
                options.vocabulary = "v3"
                options.no_dtd = True
                options.pagination = True
                options.date = date or datetime.date.today()
                options.text = fmt == "text"
                options.html = fmt == "html"
                options.list_symbols = default_options.list_symbols
                target = out / (xml_path.stem + suffix)
                try:
                    parser = xml2rfc.XmlRfcParser(
                        str(xml_path), options=options, quiet=True, no_network=True, cache_path=cache
                    )
                    xmlrfc = parser.parse(remove_comments=False, quiet=True, add_xmlns=True)
                    v2v3 = xml2rfc.V2v3XmlWriter(xmlrfc, options=options, date=options.date)
                    xmlrfc.tree = v2v3.convert2to3()
                    prep = xml2rfc.PrepToolWriter(
                        xmlrfc, options=options, date=options.date, liberal=True, keep_pis=[xml2rfc.V3_PI_TARGET]
                    )
                    xmlrfc.tree = prep.prep()
                    if xmlrfc.tree is None:
                        raise xml2rfc.RfcWriterError("the prep tool produced no document")
                    writer = getattr(xml2rfc, writer_name)(xmlrfc, options=options, date=options.date)
                    writer.write(str(target))
                except (xml2rfc.RfcWriterError, xml2rfc.parser.XmlRfcError, lxml.etree.XMLSyntaxError) as exc:
                    result.messages.append(Message("error", f"{fmt} output failed: {getattr(exc, 'msg', exc)}"))
                except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
                    # xml2rfc has no single error type for bad input
                    result.messages.append(Message("error", f"{fmt} output failed: {type(exc).__name__}: {exc}"))
                else:
                    if target.exists():
                        result.outputs[fmt] = target
        finally:
            xml2rfc.log.write_err, xml2rfc.log.quiet = saved
    result.messages[:0] = parse_messages(stream.getvalue())
    return result


def parse_messages(log: str) -> list[Message]:
    """xml2rfc's log as messages; continuation lines join the message before."""
    messages: list[Message] = []
    for raw in log.splitlines():
        line = raw.rstrip()
        if not line.strip() or line.strip().startswith("Created file"):
            continue
        m = _MESSAGE.match(line)
        if m:
            level = "error" if m.group("level") == "Error" else "warning"
            messages.append(Message(level, m.group("text").strip(), int(m.group("line"))))
        elif line.startswith(("Error:", "Warning:")):
            level = "error" if line.startswith("Error:") else "warning"
            messages.append(Message(level, line.split(":", 1)[1].strip()))
        elif messages:
            last = messages[-1]
            messages[-1] = Message(last.level, f"{last.text} {line.strip()}", last.line)
        else:
            messages.append(Message("warning", line.strip()))
    return messages


__all__ = ["Message", "Result", "parse_messages", "run"]
