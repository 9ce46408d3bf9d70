"""Front matter of a draft: the ``<rfc>`` attributes and ``<front>`` element.

Settings come from ``protomodel_rfc_*`` config values, overridden per draft
by the dict in ``protomodel_rfc_documents``.  Values are checked here (the
IETF tools reject a wrong category or a docName without a revision), and
each problem is returned as a message for the builder to report.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields

from lxml import etree

from .references import date_attrs, split_name
from .vocabulary import append_text, clean_text

#: Long spellings authors use -> the attribute value xml2rfc wants.
CATEGORIES = {
    "std": "std",
    "standard": "std",
    "standards track": "std",
    "proposed standard": "std",
    "bcp": "bcp",
    "best current practice": "bcp",
    "exp": "exp",
    "experimental": "exp",
    "info": "info",
    "informational": "info",
    "historic": "historic",
}
SUBMISSION_TYPES = ("IETF", "IAB", "IRTF", "independent", "editorial")
DOCNAME_RE = re.compile(r"^draft-[a-z0-9]+(?:-[a-z0-9]+)*-\d\d$")

#: Longest title xml2rfc prints in the running header without complaint.
HEADER_TITLE_MAX = 40


@dataclass
class Author:
    name: str
    organization: str = ""
    email: str = ""
    role: str = ""  # "editor"
    ascii_name: str = ""


@dataclass
class DraftSettings:
    """Everything the front matter of one draft says."""

    title: str = ""
    abbrev: str = ""
    docname: str = ""
    category: str = "info"
    ipr: str = "trust200902"
    submission_type: str = "IETF"
    consensus: bool | None = None
    area: str = ""
    workgroup: str = ""
    authors: list[Author] = field(default_factory=list)
    date: str = ""  # "YYYY-MM-DD", "YYYY-MM" or "": xml2rfc's today
    keywords: list[str] = field(default_factory=list)
    abstract: str = ""


#: Spellings of override keys -> DraftSettings field.
_KEYS = {f.name.replace("_", ""): f.name for f in fields(DraftSettings)}
_KEYS.update({"docname": "docname", "submissiontype": "submission_type", "keyword": "keywords", "author": "authors"})


def settings_from(
    values: Mapping[str, object], overrides: Mapping[str, object] | None = None
) -> tuple[DraftSettings, list[str]]:
    """``(DraftSettings, problems)`` from config ``values`` and per-draft ``overrides``.

    ``values`` uses DraftSettings field names; ``overrides`` may also use
    the xml2rfc spellings (``docName``, ``submissionType``).
    """
    problems: list[str] = []
    merged: dict[str, object] = {k: v for k, v in values.items() if v is not None}
    for key, value in (overrides or {}).items():
        name = _KEYS.get(str(key).replace("_", "").replace("-", "").lower())
        if name is None:
            problems.append(f"unknown front matter key {key!r} (known: {', '.join(sorted(_KEYS.values()))})")
            continue
        merged[name] = value
    settings = DraftSettings()
    for f in fields(DraftSettings):
        if f.name in merged:
            setattr(settings, f.name, merged[f.name])
    settings.authors = _authors(merged.get("authors"), problems)
    settings.keywords = _keywords(merged.get("keywords"))
    settings.date = _date(merged.get("date"), problems)
    settings.title = " ".join(str(settings.title or "").split())
    settings.abstract = str(settings.abstract or "")

    category = CATEGORIES.get(str(settings.category).strip().lower())
    if category is None:
        problems.append(f"unknown category {settings.category!r} (use std, bcp, exp, info or historic)")
        category = "info"
    settings.category = category
    if settings.submission_type not in SUBMISSION_TYPES:
        problems.append(
            f"unknown submissionType {settings.submission_type!r} (use one of {', '.join(SUBMISSION_TYPES)})"
        )
        settings.submission_type = "IETF"
    if not DOCNAME_RE.match(settings.docname):
        problems.append(
            f"docName {settings.docname!r} is not an Internet-Draft name "
            "(expected 'draft-<source>-<topic>-NN', lower case, NN the revision)"
        )
    if not settings.title:
        problems.append("the draft has no title (set protomodel_rfc_title)")
    if not settings.abstract.strip():
        problems.append("the draft has no abstract (set protomodel_rfc_abstract): every Internet-Draft needs one")
    if not settings.authors:
        problems.append("the draft names no author (set protomodel_rfc_authors)")
    return settings, problems


def _authors(raw: object, problems: list[str]) -> list[Author]:
    if raw is None or raw == "":
        return []
    entries: Iterable[object] = raw if isinstance(raw, Iterable) and not isinstance(raw, (str, Mapping)) else [raw]
    authors = []
    for entry in entries:
        if isinstance(entry, str):
            for name in re.split(r",\s*|\s+and\s+", entry):
                if name.strip():
                    authors.append(Author(name.strip()))
        elif isinstance(entry, Mapping):
            name = str(entry.get("name") or entry.get("fullname") or "").strip()
            if not name:
                problems.append(f"an author entry has no 'name': {dict(entry)!r}")
                continue
            authors.append(
                Author(
                    name,
                    str(entry.get("organization") or entry.get("org") or ""),
                    str(entry.get("email") or ""),
                    "editor" if entry.get("role") == "editor" or entry.get("editor") else "",
                    str(entry.get("ascii_name") or entry.get("asciiFullname") or ""),
                )
            )
        else:
            problems.append(f"an author is a name or a dict with name/organization/email, not {entry!r}")
    return authors


def _keywords(raw: object) -> list[str]:
    if not raw:
        return []
    if isinstance(raw, str):
        return [k.strip() for k in raw.split(",") if k.strip()]
    entries: Iterable[object] = raw if isinstance(raw, Iterable) else [raw]
    return [str(k).strip() for k in entries if str(k).strip()]


def _date(raw: object, problems: list[str]) -> str:
    if raw in (None, "", "today"):
        return ""
    if isinstance(raw, datetime.date):
        return raw.isoformat()
    text = str(raw).strip()
    if not date_attrs(text):
        problems.append(f"date {text!r} is not YYYY-MM-DD (or YYYY-MM); using today's date")
        return ""
    return text


def header_title(title: str) -> str:
    """A short title for page headers: the text before a colon, or the first words."""
    if len(title) <= HEADER_TITLE_MAX:
        return title
    head = title.split(":", 1)[0].strip()
    if 0 < len(head) <= HEADER_TITLE_MAX:
        return head
    short = ""
    for word in title.split():
        if len(short) + len(word) + 1 > HEADER_TITLE_MAX:
            break
        short = f"{short} {word}".strip()
    return short or title[:HEADER_TITLE_MAX]


def rfc_element(settings: DraftSettings) -> etree._Element:
    """The ``<rfc>`` root with the draft's attributes and its ``<front>``."""
    rfc = etree.Element("rfc")
    rfc.set("version", "3")
    rfc.set("ipr", settings.ipr)
    rfc.set("docName", settings.docname)
    rfc.set("category", settings.category)
    rfc.set("submissionType", settings.submission_type)
    consensus = settings.consensus
    if consensus is None and settings.submission_type == "IETF" and settings.category in ("std", "bcp"):
        consensus = True  # the only value xml2rfc permits for IETF standards and BCPs
    if consensus is not None:
        rfc.set("consensus", "true" if consensus else "false")
    rfc.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    rfc.set("sortRefs", "true")
    rfc.set("symRefs", "true")
    rfc.set("tocInclude", "true")
    rfc.append(front_element(settings))
    return rfc


def front_element(settings: DraftSettings) -> etree._Element:
    front = etree.Element("front")
    title = etree.SubElement(front, "title")
    abbrev = settings.abbrev or header_title(settings.title)
    if abbrev != settings.title:
        title.set("abbrev", clean_text(abbrev))
    append_text(title, settings.title)
    etree.SubElement(front, "seriesInfo", name="Internet-Draft", value=settings.docname)
    for author in settings.authors:
        front.append(_author_element(author))
    date = etree.SubElement(front, "date")  # empty: xml2rfc puts today's date
    for key, value in date_attrs(settings.date).items():
        date.set(key, value)
    if settings.area:
        append_text(etree.SubElement(front, "area"), settings.area)
    if settings.workgroup:
        append_text(etree.SubElement(front, "workgroup"), settings.workgroup)
    for keyword in settings.keywords:
        append_text(etree.SubElement(front, "keyword"), keyword)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", settings.abstract.strip()) if p.strip()]
    if paragraphs:
        abstract = etree.SubElement(front, "abstract")
        for paragraph in paragraphs:
            append_text(etree.SubElement(abstract, "t"), paragraph)
    return front


def _author_element(author: Author) -> etree._Element:
    attrs = split_name(author.name)
    el = etree.Element("author")
    for key in ("initials", "surname", "fullname"):
        if key in attrs:
            el.set(key, clean_text(attrs[key]))
    if author.role or attrs.get("role"):
        el.set("role", "editor")
    if author.ascii_name:
        # xml2rfc wants the ASCII spelling of a non-ASCII name, and only where it differs
        ascii_attrs = split_name(author.ascii_name)
        for key, ascii_key in (
            ("fullname", "asciiFullname"),
            ("initials", "asciiInitials"),
            ("surname", "asciiSurname"),
        ):
            if ascii_attrs.get(key) and ascii_attrs[key] != attrs.get(key):
                el.set(ascii_key, ascii_attrs[key])
    if author.organization:
        append_text(etree.SubElement(el, "organization"), author.organization)
    if author.email:
        address = etree.SubElement(el, "address")
        append_text(etree.SubElement(address, "email"), author.email)
    return el


__all__ = ["CATEGORIES", "Author", "DraftSettings", "header_title", "rfc_element", "settings_from"]
