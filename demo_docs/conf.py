"""Demo: the examples of draft-iab-model-01 (RFC 4101) written as protocol models."""

project = "Protocol models: examples from RFC 4101"
author = "sphinxcontrib-protomodel"
copyright = "2026, sphinxcontrib-protomodel developers"

extensions = ["myst_parser", "sphinxcontrib_protomodel"]
myst_enable_extensions = ["colon_fence"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "alabaster"

# -- Internet-Draft output (``-b rfcxml`` for the XML, ``-b idtext`` for the text) --
protomodel_rfc_title = "Protocol Models: Examples from RFC 4101"
protomodel_rfc_abbrev = "Protocol Model Examples"
protomodel_rfc_category = "info"
protomodel_rfc_workgroup = "Network Working Group"
protomodel_rfc_authors = [
    {"name": "Protomodel Demo", "organization": "sphinxcontrib-protomodel", "email": "protomodel@example.org"},
]
protomodel_rfc_keywords = ["protocol model", "RFC 4101", "ladder diagram", "state machine"]
protomodel_rfc_abstract = """\
This document reproduces the examples of RFC 4101, "Writing Protocol
Models", as protocol models: for STUN, DCCP, IKE and WebDAV it shows the
problem each protocol solves and whom its parties trust, an overview of
its messages and states, and its important but unobvious features.

It is generated from the same Sphinx sources as the HTML version, with
sphinxcontrib-protomodel; every figure is drawn from a model."""
# One draft from the root document; the language reference stays in HTML only.
protomodel_rfc_documents = [("index", "draft-protomodel-examples-00", {"exclude": ["language"]})]
