"""The ``diag`` graphics engine: seqdiag (ladders) and blockdiag (problems).

Chosen with ``protomodel_engine = "diag"`` or ``:engine: diag``.  Nothing
here is imported unless a diagram asks for it; :mod:`.compat` lends Pillow
the APIs these unmaintained packages call only while they run.
"""
