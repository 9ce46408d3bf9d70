"""The TrueType font that graphics measure and draw text with.

Configured with ``protomodel_font``; otherwise the first of
:data:`FONT_CANDIDATES` that exists.  The native painters set text in a
monospace face on the cell grid and need no metrics; the font matters to
the seqdiag/blockdiag engines (which measure labels with it) and to the PNG
painter (which draws glyphs with it).
"""

from __future__ import annotations

from pathlib import Path

#: Fonts tried, in order, when the user configures none.  A real TrueType
#: font makes blockdiag measure text as the browser will draw it.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/Library/Fonts/Arial.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "C:/Windows/Fonts/arial.ttf",
)


def find_font(configured: str | None = None) -> str | None:
    """The TrueType font to measure and draw with, or ``None`` when there is none."""
    if configured:
        return configured if Path(configured).is_file() else None
    return next((f for f in FONT_CANDIDATES if Path(f).is_file()), None)


__all__ = ["FONT_CANDIDATES", "find_font"]
