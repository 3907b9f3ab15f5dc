"""The emissions chart: a horizontal bar per emission source (tCO2e and share), as a PNG every channel can show.

Rendered with matplotlib's Agg canvas (no pyplot, no display) in Noto Sans CJK from Debian's fonts-noto-cjk:
without a CJK font the labels would come out as empty boxes, so a missing font is an error, never a fallback.
"""

from __future__ import annotations

import io
import logging
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch

from gateway.inventory.labels import Labels, load_labels
from gateway.inventory.payload import LineJSON, ResultJSON
from contracts.numbers import decimals_for, percent, tonnes

log = logging.getLogger(__name__)

#: Part of the cache key of a rendered chart: change it when the picture changes, and old PNGs are redrawn.
CHART_STYLE = "rows-v2"
#: Traditional-Chinese faces first (the TC face of the Noto CJK collection draws 臺灣 glyph shapes).
CJK_FAMILIES = ("Noto Sans CJK TC", "Noto Sans TC", "Noto Sans CJK JP", "Noto Serif CJK TC", "Noto Sans CJK SC")
INSTALL_HINT = "install Debian's fonts-noto-cjk (bash scripts/system_deps.sh fonts-noto-cjk)"
MAX_BARS = 8
DPI = 150
#: a phone's chat bubble is about 340 CSS px wide: 4.6 in × 150 dpi = 690 px, twice that for a sharp image
WIDTH_INCHES = 4.6
ROW_INCHES = 0.5
COLOURS = {"category_1": "#c8553d", "category_2": "#2a7f9e", None: "#9a9a9a"}

_render_lock = threading.Lock()


class CJKFontMissing(RuntimeError):
    """No font matplotlib can use draws Chinese."""


@dataclass(frozen=True)
class Bar:
    name: str
    tco2e: float
    share_percent: float
    category_id: str | None


@lru_cache(maxsize=1)
def cjk_font() -> FontProperties:
    """The CJK font matplotlib will draw with. Raises CJKFontMissing (not cached: a later call retries)."""
    family = _find_family()
    if family is None:
        # Fonts installed after matplotlib built its font cache are not in it: look at the system fonts again.
        for path in font_manager.findSystemFonts():
            if "CJK" in Path(path).name:
                font_manager.fontManager.addfont(path)
        family = _find_family()
    if family is None:
        raise CJKFontMissing(f"matplotlib finds no CJK font ({', '.join(CJK_FAMILIES)}): {INSTALL_HINT}")
    return FontProperties(family=family)


def cjk_font_file() -> str:
    """Path of the font file the chart uses (for checks and logs)."""
    return font_manager.findfont(cjk_font(), fallback_to_default=False)


def _find_family() -> str | None:
    for family in CJK_FAMILIES:
        try:
            font_manager.findfont(FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            continue
        return family
    return None


def bars(result: ResultJSON, labels: Labels, max_bars: int = MAX_BARS) -> list[Bar]:
    """One bar per calc line, biggest first; past `max_bars` the smallest are summed into one "others" bar."""
    items = sorted(
        (Bar(line_name(line, labels), line.tco2e, line.share_percent, line.category_id) for line in result.lines),
        key=lambda bar: bar.tco2e,
        reverse=True,
    )
    if len(items) <= max_bars:
        return items
    kept, rest = items[: max_bars - 1], items[max_bars - 1 :]
    others = Bar(
        labels.text("chart.others", count=len(rest)),
        round(sum(bar.tco2e for bar in rest), 4),
        round(sum(bar.share_percent for bar in rest), 2),
        None,
    )
    return [*kept, others]


def line_name(line: LineJSON, labels: Labels) -> str:
    """How a source is called on the chart: the label the conversation gave it (which already names the
    equipment), else the source as the user named it (calc's Chinese name for an id) with the equipment."""
    if line.label:
        return line.label
    detail = line.equipment or line.refrigerant
    name = line.source_alias or line.source_name
    return labels.text("chart.line_name_with_detail", name=name, detail=detail) if detail else name


def plain_text(text: str) -> str:
    """User text drawn as it is: matplotlib reads "$…$" as math (a company name "$\\frac$" made the chart
    fail), so every dollar sign is escaped."""
    return text.replace("$", r"\$")


def render_chart(result: ResultJSON, company: str | None = None, labels: Labels | None = None) -> bytes:
    """The chart of one inventory result as PNG bytes. Raises CJKFontMissing without a CJK font."""
    labels = labels or load_labels()
    font = cjk_font()
    items = bars(result, labels)
    with _render_lock:  # matplotlib's font objects are shared; one render at a time (results are cached)
        return _draw(result, company, items, labels, font)


def alt_text(result: ResultJSON, labels: Labels | None = None) -> str:
    """What the chart says, for screen readers and when the image does not load."""
    labels = labels or load_labels()
    items = bars(result, labels)
    places = decimals_for([bar.tco2e for bar in items] + [float(result.total_tco2e)])
    top = items[0] if items else None
    total = tonnes(result.total_tco2e, places)
    if top is None:
        return labels.text("chart.alt_empty", total=total)
    return labels.text("chart.alt", total=total, name=top.name, value=tonnes(top.tco2e, places),
                       share=format_share(top))


def _draw(result: ResultJSON, company: str | None, items: list[Bar], labels: Labels, font: FontProperties) -> bytes:
    """Drawn for a chat bubble about 340 px wide (twice that in pixels, for sharp phone screens): one row per
    source — its name above a bar labelled with tCO2e and share — the total in the title, one precision."""
    count = max(len(items), 1)
    figure = Figure(figsize=(WIDTH_INCHES, 1.15 + ROW_INCHES * count), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.04, 0.1 / (1 + count * 0.3), 0.92, 1 - (0.95 + 0.3) / (1.15 + ROW_INCHES * count)))
    places = decimals_for([bar.tco2e for bar in items] + [float(result.total_tco2e)])
    top = max((bar.tco2e for bar in items), default=0) or 1.0
    for row, bar in enumerate(items):
        y = count - 1 - row
        colour = COLOURS.get(bar.category_id, COLOURS[None])
        axes.barh(y, bar.tco2e, color=colour, height=0.38)
        axes.text(0, y + 0.3, plain_text(bar.name), va="bottom", ha="left", fontproperties=font, fontsize=10.5)
        label = labels.text("chart.bar_label", value=tonnes(bar.tco2e, places), share=format_share(bar))
        inside = bar.tco2e > top * 0.62
        axes.text(bar.tco2e - top * 0.02 if inside else bar.tco2e + top * 0.02, y, label, va="center",
                  ha="right" if inside else "left", color="white" if inside else "#222222",
                  fontproperties=font, fontsize=9.5)
    if not items:
        axes.text(0.5, 0.5, labels.text("chart.empty"), transform=axes.transAxes, ha="center", fontproperties=font)
    axes.set_xlim(0, top * 1.02)
    axes.set_ylim(-0.6, count - 0.1 + 0.35)
    axes.axis("off")
    figure.text(0.04, 1 - 0.28 / (1.15 + ROW_INCHES * count),
                labels.text("chart.title", company=f"{plain_text(company)} " if company else "", year=result.year,
                            gwp=result.gwp),
                fontproperties=font, fontsize=11, color="#444444", va="top")
    figure.text(0.04, 1 - 0.62 / (1.15 + ROW_INCHES * count),
                labels.text("chart.subtitle", total=tonnes(result.total_tco2e, places), gwp=result.gwp),
                fontproperties=font, fontsize=14, weight="bold", va="top")
    present = [key for key in ("category_1", "category_2") if any(bar.category_id == key for bar in items)]
    if present:
        figure.legend(
            handles=[Patch(color=COLOURS[key], label=labels.text(f"chart.legend.{key}")) for key in present],
            prop=FontProperties(family=font.get_family(), size=8.5), loc="lower left", ncols=len(present),
            frameon=False, bbox_to_anchor=(0.02, 0.0), handlelength=1.2, columnspacing=1.0,
        )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def format_share(bar: Bar) -> str:
    """75.84 → "75.8%"; a share that rounds to 0 of a source that does emit → "<0.1%"."""
    if round(bar.share_percent, 1) == 0 and bar.tco2e > 0:
        return "<0.1%"
    return percent(bar.share_percent)
