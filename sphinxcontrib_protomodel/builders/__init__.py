"""Builders of sphinxcontrib-protomodel that produce something other than HTML-like documents.

- ``modelcheck``: the model check report (:mod:`.modelcheck`);
- ``rfcxml`` and ``idtext``: the Internet-Draft outputs (:mod:`.rfcxml`, :mod:`.idtext`).
"""
