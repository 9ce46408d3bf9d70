"""Generated ladders (lost messages, '&' rows, multi-line notes): sound drawings in every style and width."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from protomodel_strategies import ladder_source

from sphinxcontrib_protomodel.cells import cell_width
from sphinxcontrib_protomodel.diagrams import RenderOptions, walk_items
from sphinxcontrib_protomodel.ladder_rows import arrange, rows_of
from sphinxcontrib_protomodel.layout.invariants import violations
from sphinxcontrib_protomodel.layout.ladder import ladder_figures
from sphinxcontrib_protomodel.paint.ascii import paint_ascii
from sphinxcontrib_protomodel.parsing.ladder import parse_ladder

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(source=ladder_source(), width=st.integers(20, 120), style=st.sampled_from([None, "columns", "lifelines"]))
def test_generated_ladders_break_no_geometry_fact(source: str, width: int, style: str | None) -> None:
    figures = ladder_figures(parse_ladder(source), RenderOptions(width=width, style=style))
    for figure in (figures.text, figures.picture):
        assert violations(figure.drawing) == [], source
    for line in paint_ascii(figures.text.drawing).split("\n"):
        assert cell_width(line) <= width, (line, source)


@SETTINGS
@given(source=ladder_source())
def test_every_row_the_parser_accepts_can_be_arranged(source: str) -> None:
    """Rows written with '&' that parse have a place for each item, and lost messages are between two parties."""
    ladder = parse_ladder(source)
    index = {p.name: i for i, p in enumerate(ladder.participants)}
    items = list(walk_items(ladder.items))
    for row in rows_of(items):
        if len(row) > 1:
            assert arrange(row, index)[1] is None, source
    assert all(not (m.lost and m.src == m.dst) for m in ladder.messages())
