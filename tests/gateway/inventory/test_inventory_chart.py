"""The emissions chart: a real PNG, drawn in a CJK font (no empty boxes for Chinese), cached per version."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from PIL import Image

from gateway.inventory.chart import CHART_STYLE, alt_text, bars, cjk_font_file, render_chart
from gateway.inventory.labels import load_labels
from gateway.inventory.payload import ResultJSON, parse_result
from calc import compute_json

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _render_without_missing_glyphs(result: ResultJSON, company: str | None) -> bytes:
    """Render with every warning recorded: matplotlib warns "Glyph … missing from font(s)" for each tofu box."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = render_chart(result, company)
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert missing == [], missing
    return png


def test_the_chart_is_drawn_in_a_cjk_font_without_missing_glyphs(textile_plant, mixed_plant):
    assert "CJK" in Path(cjk_font_file()).name
    for plant in (textile_plant, mixed_plant):
        png = _render_without_missing_glyphs(parse_result(compute_json(plant)), plant["company"])
        image = Image.open(io.BytesIO(png))
        assert png.startswith(PNG_SIGNATURE) and image.format == "PNG"
        assert image.width == 690 and 300 <= image.height <= 1200  # a ~340 px phone bubble, at 2× density
        assert 20_000 < len(png) < 1_000_000  # LINE's preview limit is 1 MB


def test_bars_are_biggest_first_and_many_sources_end_in_one_others_bar(textile_plant):
    labels = load_labels()
    result = parse_result(compute_json(textile_plant))
    assert [bar.name for bar in bars(result, labels)] == ["燃料煤", "外購電力", "重油", "天然氣"]
    many = {
        "year": 2022,
        "activities": [
            {"source": "柴油", "amount": str(100 * (i + 1)), "unit": "公升", "equipment": f"發電機{i + 1}號"}
            for i in range(15)
        ],
    }
    result = parse_result(compute_json(many))
    drawn = bars(result, labels)
    assert len(drawn) == 8 and drawn[0].name == "柴油（發電機15號）" and drawn[-1].name == "其他 8 項"
    assert drawn[-1].tco2e == round(sum(line.tco2e for line in result.lines[:8]), 4)
    _render_without_missing_glyphs(result, None)


def test_the_chart_route_serves_the_png_and_caches_it(make_client, settle, textile_plant):
    client = make_client()
    token = settle(client, "chart-1", textile_plant)[1]["custom"]["inventory_token"]
    first = client.get(f"/api/inventories/{token}/chart.png")
    assert first.status_code == 200 and first.headers["content-type"] == "image/png"
    assert first.content.startswith(PNG_SIGNATURE)
    store = client.app.state.services.inventories
    inventory = store.by_token(token)
    assert store.chart(inventory.id, CHART_STYLE) == first.content  # cached in the database
    assert client.get(f"/api/inventories/{token}/chart.png").content == first.content


def test_the_alt_text_says_the_total_and_the_top_source(textile_plant):
    result = parse_result(compute_json(textile_plant))
    assert alt_text(result) == "排放量圖：總排放量 27,239.8 公噸CO2e，最大來源是燃料煤 20,660.6 公噸CO2e（75.9%）。"
