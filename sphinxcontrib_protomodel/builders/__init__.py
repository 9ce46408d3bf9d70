"""Builders of sphinxcontrib-protomodel that produce something other than documents.

- ``modelcheck``: the model check report (:mod:`.modelcheck`).
"""
