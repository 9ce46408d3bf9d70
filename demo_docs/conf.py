"""Demo: the examples of draft-iab-model-01 (RFC 4101) written as protocol models."""

project = "Protocol models: examples from RFC 4101"
author = "sphinxcontrib-protomodel"
copyright = "2026, sphinxcontrib-protomodel developers"

extensions = ["myst_parser", "sphinxcontrib_protomodel"]
myst_enable_extensions = ["colon_fence"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "alabaster"
