"""Check rules: diagram-level (per kind) and model-level (``rules``); no Sphinx here."""
