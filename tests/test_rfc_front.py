"""Front matter, references and anchors of the RFC XML writer (no Sphinx)."""

from __future__ import annotations

import datetime

import pytest
from lxml import etree

from sphinxcontrib_protomodel.rfc.front import header_title, rfc_element, settings_from
from sphinxcontrib_protomodel.rfc.references import (
    KNOWN_RFCS,
    date_attrs,
    parse_rfc_uri,
    reference_element,
    rfc_data,
    split_name,
)
from sphinxcontrib_protomodel.rfc.vocabulary import allows, anchor_name, append_text, clean_text

BASE = {
    "title": "Protocol Models",
    "docname": "draft-doe-models-00",
    "authors": [{"name": "Jane Q. Doe", "organization": "Example", "email": "jane@example.com"}],
    "abstract": "One.\n\nTwo.",
}


def test_settings_merge_config_and_per_draft_overrides():
    settings, problems = settings_from(
        BASE,
        {"docName": "draft-doe-other-03", "submissionType": "IRTF", "category": "Experimental", "keywords": "a, b"},
    )
    assert problems == []
    assert settings.docname == "draft-doe-other-03"
    assert settings.submission_type == "IRTF"
    assert settings.category == "exp"
    assert settings.keywords == ["a", "b"]
    assert settings.ipr == "trust200902"


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"category": "nonsense"}, "unknown category 'nonsense'"),
        ({"docname": "my-draft"}, "is not an Internet-Draft name"),
        ({"docname": "draft-doe-models"}, "is not an Internet-Draft name"),
        ({"submission_type": "ietf-ish"}, "unknown submissionType"),
        ({"abstract": ""}, "no abstract"),
        ({"authors": []}, "names no author"),
        ({"date": "yesterday"}, "is not YYYY-MM-DD"),
        ({"colour": "blue"}, "unknown front matter key 'colour'"),
        ({"authors": [{"organization": "X"}]}, "has no 'name'"),
    ],
)
def test_bad_settings_are_reported(overrides, expected):
    _, problems = settings_from(BASE, overrides)
    assert any(expected in p for p in problems), problems


def test_front_element_matches_the_settings():
    settings, _ = settings_from(
        {**BASE, "date": datetime.date(2026, 3, 9), "workgroup": "IAB", "keywords": ["models"]},
        {"authors": ["Jane Q. Doe", {"name": "Zoë Ünïcode", "ascii_name": "Zoe Unicode", "role": "editor"}]},
    )
    rfc = rfc_element(settings)
    assert rfc.get("docName") == "draft-doe-models-00"
    assert (rfc.get("ipr"), rfc.get("category"), rfc.get("submissionType")) == ("trust200902", "info", "IETF")
    front = rfc.find("front")
    assert front.findtext("title") == "Protocol Models"
    assert front.find("seriesInfo").attrib == {"name": "Internet-Draft", "value": "draft-doe-models-00"}
    first, second = front.findall("author")
    assert (first.get("fullname"), first.get("initials"), first.get("surname")) == ("Jane Q. Doe", "J. Q.", "Doe")
    assert second.get("role") == "editor"
    assert second.get("asciiFullname") == "Zoe Unicode" and second.get("asciiSurname") == "Unicode"
    assert second.get("asciiInitials") is None  # "Z." either way: xml2rfc wants it only if it differs
    assert front.find("date").attrib == {"year": "2026", "month": "March", "day": "9"}
    assert front.findtext("workgroup") == "IAB"
    assert [t.text for t in front.findall("abstract/t")] == ["One.", "Two."]


def test_long_titles_get_a_short_header_title():
    assert header_title("Short") == "Short"
    assert header_title("Protocol Models: Examples from RFC 4101 and other documents") == "Protocol Models"
    long = "A very long title without any colon that goes on and on and on"
    short = header_title(long)
    assert len(short) <= 40 and long.startswith(short)
    settings, _ = settings_from({**BASE, "title": long})
    assert rfc_element(settings).find("front/title").get("abbrev") == short


def test_rfc_references_are_built_offline():
    data, known = rfc_data(3489)
    assert known and data.title.startswith("STUN")
    ref = reference_element("RFC3489", data)
    assert ref.get("target") == "https://www.rfc-editor.org/info/rfc3489"
    assert [a.get("surname") for a in ref.findall("front/author")] == ["Rosenberg", "Weinberger", "Huitema", "Mahy"]
    assert ref.find("front/date").attrib == {"year": "2003", "month": "March"}
    assert [(s.get("name"), s.get("value")) for s in ref.findall("seriesInfo")] == [
        ("RFC", "3489"),
        ("DOI", "10.17487/RFC3489"),
    ]
    unknown, known = rfc_data(9999)
    assert not known and unknown.title == "RFC 9999"
    # xml2rfc needs an author element even when nobody is known
    assert len(reference_element("RFC9999", unknown).findall("front/author")) == 1
    overridden, known = rfc_data(9999, {"title": "Something", "authors": "A. Person", "date": "2030-01"})
    assert known and overridden.title == "Something" and overridden.authors == ("A. Person",)


def test_known_rfcs_are_complete_entries():
    for number, data in KNOWN_RFCS.items():
        assert data.title and data.authors, number
        assert date_attrs(data.date).get("month"), number


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("https://datatracker.ietf.org/doc/html/rfc3489.html", (3489, None)),
        ("https://datatracker.ietf.org/doc/html/rfc3489.html#section-5.1", (3489, "5.1")),
        ("https://www.rfc-editor.org/rfc/rfc8446#appendix-A", (8446, "A")),
        ("https://example.com/", None),
    ],
)
def test_rfc_links(uri, expected):
    assert parse_rfc_uri(uri) == expected


def test_names_and_dates():
    assert split_name("W. Eddy, Ed.") == {"fullname": "W. Eddy", "surname": "Eddy", "initials": "W.", "role": "editor"}
    assert split_name("Plato") == {"fullname": "Plato", "surname": "Plato"}
    assert date_attrs("2005-06") == {"year": "2005", "month": "June"}
    assert date_attrs("2005-13") == {"year": "2005"}
    assert date_attrs("June 2005") == {}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("fig-dccp", "fig-dccp"),
        ("3-way", "a-3-way"),
        ("a b:c", "a-b-c"),
        ("section-2", "x-section-2"),
        ("figure-1", "x-figure-1"),
        ("references", "x-references"),
        ("", "anchor"),
    ],
)
def test_anchors_are_ncnames_xml2rfc_does_not_use(raw, expected):
    assert anchor_name(raw) == expected


def test_text_is_made_xml_safe():
    el = etree.Element("t")
    append_text(el, "a\x00b\x0cc ]]> <&>")
    data = etree.tostring(el)
    assert etree.fromstring(data).text == "a\N{REPLACEMENT CHARACTER}b\N{REPLACEMENT CHARACTER}c ]]> <&>"
    assert clean_text("tab\tnewline\n") == "tab\tnewline\n"


def test_vocabulary_refuses_what_xml2rfc_cannot_take():
    assert allows("section", "sourcecode") and not allows("aside", "sourcecode")
    assert not allows("li", "aside") and allows("dd", "aside")
    assert not allows("td", "t") and allows("td", "br")  # cells take inline content only
    assert not allows("tt", "tt") and allows("em", "tt")
    assert not allows("eref", "em")
