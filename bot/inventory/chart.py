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
from matplotlib.ticker import FuncFormatter

from bot.inventory.labels import Labels, load_labels
from bot.inventory.payload import CalcResult, Line

log = logging.getLogger(__name__)

#: Part of the cache key of a rendered chart: change it when the picture changes, and old PNGs are redrawn.
CHART_STYLE = "bars-v1"
#: Traditional-Chinese faces first (the TC face of the Noto CJK collection draws 臺灣 glyph shapes).
CJK_FAMILIES = ("Noto Sans CJK TC", "Noto Sans TC", "Noto Sans CJK JP", "Noto Serif CJK TC", "Noto Sans CJK SC")
INSTALL_HINT = "install Debian's fonts-noto-cjk (bash scripts/system_deps.sh fonts-noto-cjk)"
MAX_BARS = 12
DPI = 150
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


def bars(result: CalcResult, labels: Labels, max_bars: int = MAX_BARS) -> list[Bar]:
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


def line_name(line: Line, labels: Labels) -> str:
    """How a source is called on the chart: the user's label or the source as they named it, with equipment."""
    name = line.label or line.source_alias
    detail = line.equipment or line.refrigerant
    return labels.text("chart.line_name_with_detail", name=name, detail=detail) if detail else name


def plain_text(text: str) -> str:
    """User text drawn as it is: matplotlib reads "$…$" as math (a company name "$\\frac$" made the chart
    fail), so every dollar sign is escaped."""
    return text.replace("$", r"\$")


def render_chart(result: CalcResult, company: str | None = None, labels: Labels | None = None) -> bytes:
    """The chart of one inventory result as PNG bytes. Raises CJKFontMissing without a CJK font."""
    labels = labels or load_labels()
    font = cjk_font()
    items = bars(result, labels)
    with _render_lock:  # matplotlib's font objects are shared; one render at a time (results are cached)
        return _draw(result, company, items, labels, font)


def _draw(result: CalcResult, company: str | None, items: list[Bar], labels: Labels, font: FontProperties) -> bytes:
    count = max(len(items), 1)
    figure = Figure(figsize=(10, 1.9 + 0.55 * count), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(items)))[::-1]  # the biggest at the top
    values = [bar.tco2e for bar in items]
    axes.barh(positions, values, color=[COLOURS.get(bar.category_id, COLOURS[None]) for bar in items], height=0.6)
    axes.set_yticks(positions, labels=[plain_text(bar.name) for bar in items], fontproperties=font, fontsize=11)
    top = max(values, default=0) or 1.0
    axes.set_xlim(0, top * 1.35)
    if not items:
        axes.text(0.5, 0.5, labels.text("chart.empty"), transform=axes.transAxes, ha="center", fontproperties=font)
    for position, bar in zip(positions, items):
        axes.text(
            bar.tco2e + top * 0.01,
            position,
            labels.text("chart.bar_label", value=format_tonnes(bar.tco2e), share=format_share(bar)),
            va="center",
            fontproperties=font,
            fontsize=10,
        )
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:,.0f}"))
    axes.set_xlabel(labels.text("chart.axis"), fontproperties=font, fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="x", alpha=0.3)
    axes.set_axisbelow(True)
    figure.suptitle(
        labels.text("chart.title", company=f"{plain_text(company)} " if company else "", year=result.year),
        fontproperties=font,
        fontsize=15,
    )
    axes.set_title(
        labels.text("chart.subtitle", total=f"{result.total_tco2e:,.3f}", gwp=result.gwp),
        fontproperties=font,
        fontsize=11,
        color="#444444",
    )
    present = [key for key in ("category_1", "category_2") if any(bar.category_id == key for bar in items)]
    if present:
        axes.legend(
            handles=[Patch(color=COLOURS[key], label=labels.text(f"chart.legend.{key}")) for key in present],
            prop=font,
            loc="lower right",
            frameon=False,
        )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def format_share(bar: Bar) -> str:
    """75.84 → "75.84%"; a share that rounds to 0 of a source that does emit → "<0.01%"."""
    if bar.share_percent == 0 and bar.tco2e > 0:
        return "<0.01%"
    return f"{bar.share_percent:.2f}%"


def format_tonnes(value: float) -> str:
    """20660.6444 → 20,660.6; 1.8788 → 1.8788; 0 → 0."""
    if value >= 10:
        return f"{value:,.1f}"
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text or "0"
