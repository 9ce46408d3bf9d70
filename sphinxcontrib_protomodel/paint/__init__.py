"""Painters: a :class:`~sphinxcontrib_protomodel.drawing.Drawing` in one ink each.

``ascii`` (characters), ``svg`` (vector graphics, also the source of the RFC
7996 SVG) and ``png`` (a bitmap for LaTeX).  Painters draw what the layout
decided and nothing else; they never import each other.
"""
