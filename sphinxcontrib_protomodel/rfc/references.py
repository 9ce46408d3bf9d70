"""``<reference>`` entries for the citations a document makes, built offline.

xml2rfc usually pulls references from bib.ietf.org; an Internet-Draft built
here must not need the network, so every RFC cited with Sphinx's ``:rfc:``
role gets a minimal entry written here: title, authors and date for the RFCs
this project's users cite most (below), the number alone otherwise.  Projects
complete or correct entries with ``protomodel_rfc_references``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from lxml import etree

from .vocabulary import clean_text

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class RefData:
    """What a ``<reference>`` says: the reader's way to find the document."""

    title: str
    authors: tuple[str, ...] = ()  # "J. Rosenberg"; "W. Eddy, Ed." for an editor
    date: str = ""  # "YYYY" or "YYYY-MM"
    target: str = ""
    series: tuple[tuple[str, str], ...] = field(default=())
    #: False for a citation whose "title" is a whole bibliographic entry
    quote_title: bool = True


def _rfc(title: str, authors: str, date: str) -> RefData:
    return RefData(title, tuple(a.strip() for a in authors.split(";")), date)


#: RFCs cited by protocol-model documents (RFC 4101's examples and their kin).
KNOWN_RFCS: dict[int, RefData] = {
    768: _rfc("User Datagram Protocol", "J. Postel", "1980-08"),
    791: _rfc("Internet Protocol", "J. Postel", "1981-09"),
    793: _rfc("Transmission Control Protocol", "J. Postel", "1981-09"),
    2119: _rfc("Key words for use in RFCs to Indicate Requirement Levels", "S. Bradner", "1997-03"),
    2246: _rfc("The TLS Protocol Version 1.0", "T. Dierks; C. Allen", "1999-01"),
    2401: _rfc("Security Architecture for the Internet Protocol", "S. Kent; R. Atkinson", "1998-11"),
    2408: _rfc(
        "Internet Security Association and Key Management Protocol (ISAKMP)",
        "D. Maughan; M. Schertler; M. Schneider; J. Turner",
        "1998-11",
    ),
    2409: _rfc("The Internet Key Exchange (IKE)", "D. Harkins; D. Carrel", "1998-11"),
    2663: _rfc(
        "IP Network Address Translator (NAT) Terminology and Considerations",
        "P. Srisuresh; M. Holdrege",
        "1999-08",
    ),
    3022: _rfc("Traditional IP Network Address Translator (Traditional NAT)", "P. Srisuresh; K. Egevang", "2001-01"),
    3261: _rfc(
        "SIP: Session Initiation Protocol",
        "J. Rosenberg; H. Schulzrinne; G. Camarillo; A. Johnston; J. Peterson; R. Sparks; M. Handley; E. Schooler",
        "2002-06",
    ),
    3489: _rfc(
        "STUN - Simple Traversal of User Datagram Protocol (UDP) Through Network Address Translators (NATs)",
        "J. Rosenberg; J. Weinberger; C. Huitema; R. Mahy",
        "2003-03",
    ),
    3552: _rfc("Guidelines for Writing RFC Text on Security Considerations", "E. Rescorla; B. Korver", "2003-07"),
    4101: _rfc("Writing Protocol Models", "E. Rescorla", "2005-06"),
    4120: _rfc(
        "The Kerberos Network Authentication Service (V5)",
        "C. Neuman; T. Yu; S. Hartman; K. Raeburn",
        "2005-07",
    ),
    4301: _rfc("Security Architecture for the Internet Protocol", "S. Kent; K. Seo", "2005-12"),
    4340: _rfc("Datagram Congestion Control Protocol (DCCP)", "E. Kohler; M. Handley; S. Floyd", "2006-03"),
    5246: _rfc("The Transport Layer Security (TLS) Protocol Version 1.2", "T. Dierks; E. Rescorla", "2008-08"),
    5389: _rfc("Session Traversal Utilities for NAT (STUN)", "J. Rosenberg; R. Mahy; P. Matthews; D. Wing", "2008-10"),
    7296: _rfc(
        "Internet Key Exchange Protocol Version 2 (IKEv2)",
        "C. Kaufman; P. Hoffman; Y. Nir; P. Eronen; T. Kivinen",
        "2014-10",
    ),
    7991: _rfc('The "xml2rfc" Version 3 Vocabulary', "P. Hoffman", "2016-12"),
    7996: _rfc("SVG Drawings for RFCs: SVG 1.2 RFC", "N. Brownlee", "2016-12"),
    8126: _rfc(
        "Guidelines for Writing an IANA Considerations Section in RFCs",
        "M. Cotton; B. Leiba; T. Narten",
        "2017-06",
    ),
    8174: _rfc("Ambiguity of Uppercase vs Lowercase in RFC 2119 Key Words", "B. Leiba", "2017-05"),
    8446: _rfc("The Transport Layer Security (TLS) Protocol Version 1.3", "E. Rescorla", "2018-08"),
    9293: _rfc("Transmission Control Protocol (TCP)", "W. Eddy, Ed.", "2022-08"),
}

_RFC_URI = re.compile(r"rfc(\d+)(?:\.html|\.txt)?/?(?:#(.*))?$", re.IGNORECASE)
_SECTION_FRAGMENT = re.compile(r"(?:section|appendix)-([0-9A-Za-z.]+)$", re.IGNORECASE)


def rfc_anchor(number: int) -> str:
    return f"RFC{number}"


def parse_rfc_uri(uri: str) -> tuple[int, str | None] | None:
    """``(number, section or None)`` of an RFC link as Sphinx's ``:rfc:`` makes it."""
    m = _RFC_URI.search(uri)
    if m is None:
        return None
    section = None
    if m.group(2):
        s = _SECTION_FRAGMENT.match(m.group(2))
        section = s.group(1) if s else None
    return int(m.group(1)), section


def rfc_data(number: int, overrides: Mapping[str, object] | None = None) -> tuple[RefData, bool]:
    """The entry for RFC ``number`` and whether anything is known about it."""
    base = KNOWN_RFCS.get(number)
    known = base is not None or bool(overrides)
    data = base or RefData(f"RFC {number}")
    data = RefData(
        data.title,
        data.authors,
        data.date,
        data.target or f"https://www.rfc-editor.org/info/rfc{number}",
        (("RFC", str(number)), ("DOI", f"10.17487/RFC{number:04d}")),
    )
    return (merge(data, overrides) if overrides else data), known


def merge(data: RefData, overrides: Mapping[str, object]) -> RefData:
    """``data`` with the fields a project configured (title, authors, date, target)."""
    authors = overrides.get("authors", data.authors)
    names: Iterable[object]
    if authors is None:
        names = ()
    elif isinstance(authors, Iterable) and not isinstance(authors, str):
        names = authors
    else:
        names = [authors]
    return RefData(
        str(overrides.get("title", data.title)),
        tuple(str(a) for a in names),
        str(overrides.get("date", data.date) or ""),
        str(overrides.get("target", data.target) or ""),
        data.series,
        data.quote_title if "title" not in overrides else True,
    )


def split_name(name: str) -> dict[str, str]:
    """``fullname``/``initials``/``surname`` of "Jane Q. Doe" (or "J. Doe", "W. Eddy, Ed.")."""
    name = " ".join(name.split())
    role = ""
    if name.endswith((", Ed.", " Ed.")):
        name = name.rsplit("Ed.", 1)[0].rstrip(" ,")
        role = "editor"
    parts = name.split(" ")
    attrs = {"fullname": name}
    if len(parts) > 1:
        attrs["surname"] = parts[-1]
        attrs["initials"] = " ".join(p if p.endswith(".") else p[0] + "." for p in parts[:-1])
    elif name:
        attrs["surname"] = name
    if role:
        attrs["role"] = role
    return attrs


def date_attrs(date: str) -> dict[str, str]:
    """``year``/``month``/``day`` attributes of "YYYY", "YYYY-MM" or "YYYY-MM-DD"."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", date.strip())
    if m is None:
        return {}
    attrs = {"year": m.group(1)}
    if m.group(2) and 1 <= int(m.group(2)) <= 12:
        attrs["month"] = MONTHS[int(m.group(2)) - 1]
        if m.group(3):
            attrs["day"] = str(int(m.group(3)))
    return attrs


def reference_element(anchor: str, data: RefData) -> etree._Element:
    """``<reference>`` with a minimal ``<front>`` (xml2rfc needs title and an author)."""
    ref = etree.Element("reference", anchor=anchor)
    if data.target:
        ref.set("target", data.target)
    if not data.quote_title:
        ref.set("quoteTitle", "false")
    front = etree.SubElement(ref, "front")
    etree.SubElement(front, "title").text = clean_text(data.title)
    for author in data.authors or ("",):
        el = etree.SubElement(front, "author")
        for key, value in split_name(author).items():
            el.set(key, clean_text(value))
    date = date_attrs(data.date)
    if date:
        etree.SubElement(front, "date", date)
    for name, value in data.series:
        etree.SubElement(ref, "seriesInfo", name=name, value=value)
    return ref


__all__ = [
    "KNOWN_RFCS",
    "RefData",
    "date_attrs",
    "merge",
    "parse_rfc_uri",
    "reference_element",
    "rfc_anchor",
    "rfc_data",
    "split_name",
]
