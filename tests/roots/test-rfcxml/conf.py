extensions = ["sphinxcontrib_protomodel"]
project = "Ladder drafts"
author = "Jane Doe"
protomodel_rfc_title = "Ladders in Internet-Drafts"
protomodel_rfc_docname = "draft-doe-ladders-00"
protomodel_rfc_workgroup = "Protocol Modeling"
protomodel_rfc_authors = [
    {"name": "Jane Q. Doe", "organization": "Example Corp", "email": "jane@example.com"},
    {"name": "Richard Roe", "organization": "Example Labs"},
]
protomodel_rfc_keywords = ["ladder", "protocol model"]
protomodel_rfc_abstract = """This draft shows ladder diagrams.

It has two paragraphs of abstract."""
protomodel_rfc_normative = ["RFC2119"]
