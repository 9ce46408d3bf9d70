"""A stand-in for some other extension: a node the rfcxml writer does not know."""

from docutils import nodes
from sphinx.util.docutils import SphinxDirective


class custom_node(nodes.General, nodes.Element):
    """A node of some other extension, unknown to the rfcxml writer."""


class CustomDirective(SphinxDirective):
    has_content = True

    def run(self):
        node = custom_node()
        self.set_source_info(node)
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


def _skip(self, node):
    raise nodes.SkipNode


def setup(app):
    app.add_node(custom_node, html=(_skip, None))
    app.add_directive("custom", CustomDirective)
    return {"parallel_read_safe": True}
