"""EU CBAM scope by product: the goods of Regulation (EU) 2023/956 Annex I by CN code (cbam_cn_codes.csv).
A product named in the file is in scope; one of `not_covered` is not; a bare sector word (鋼, 鋁), or a product
described but in neither list, needs the CN code. Parameters: cbam.yaml."""

from __future__ import annotations

import re

from knowledge.rules import amounts
from knowledge.rules.params import cbam_codes, parameters, say
from knowledge.rules.result import RuleAnswer, answer

PARAMS = "cbam.yaml"
_CN_CODE = re.compile(r"(?<!\d)(25|27|28|31|72|73|76)(\d{2})(?!\d)")


def topics() -> tuple[str, ...]:
    return (parameters(PARAMS)["entry"], "cbam_exporter")


def asked_about(text: str) -> bool:
    return amounts.first_word(text, parameters(PARAMS)["question_words"]) is not None


def _by_code(text: str) -> dict[str, str] | None:
    for match in _CN_CODE.finditer(text):
        heading = match.group(0)
        for row in cbam_codes():
            if row["cn_code"].replace(" ", "").startswith(heading) or heading.startswith(row["cn_code"]):
                return {**row, "word": f"CN {heading}"}
    return None


def _by_word(text: str) -> dict[str, str] | None:
    """The row a product word names; of several, the most specific code ("不鏽鋼螺帽" is a 7318 nut made of
    chapter-72 steel), then the longest word."""
    best: tuple[tuple[int, int], dict[str, str]] | None = None
    for row in cbam_codes():
        word = amounts.first_word(text, row["keywords"].split("|"))
        rank = (len(row["cn_code"].replace(" ", "")), len(word or ""))
        if word and (best is None or rank > best[0]):
            best = (rank, {**row, "word": word})
    return best[1] if best else None


def _not_covered(text: str) -> tuple[str, str] | None:
    for group in parameters(PARAMS)["not_covered"]:
        word = amounts.first_word(text, group["words"])
        if word:
            return word, str(group["name"])
    return None


def _described_product(text: str) -> str | None:
    """A product the user describes ("我們做鳳梨酥的", "竹編燈罩外銷荷蘭") that neither list holds; the words that
    name no product (我們, 產品, 歐洲) are taken off it."""
    p = parameters(PARAMS)
    ignored = sorted({w.casefold() for w in [*p["not_products"], *p["question_words"]]}, key=len, reverse=True)
    for pattern in p["product_patterns"]:
        for match in re.finditer(pattern, text):
            product = match.group("product").strip().casefold()
            for word in ignored:
                product = product.replace(word, "")
            if product and not product.isascii():
                return product
    return None


def product_named(text: str) -> bool:
    """A product (or, after the CBAM answer, a destination outside the EU) the rule can say something of."""
    sector_words = parameters(PARAMS)["sector_words"].values()
    return bool(outside_eu(text) or _by_code(text) or _by_word(text) or _not_covered(text) or _described_product(text)
                or any(amounts.first_word(text, words) for words in sector_words))


def outside_eu(text: str) -> str | None:
    """A destination outside the EU named, and none inside it ("那如果是賣到美國呢")."""
    p = parameters(PARAMS)
    if amounts.first_word(text, p["eu_words"]):
        return None
    return amounts.first_word(text, p["non_eu_words"])


def evaluate(text: str) -> RuleAnswer | None:
    p = parameters(PARAMS)
    sectors = p["sectors"]
    what = say("cbam.what")
    elsewhere = outside_eu(text)
    if elsewhere is not None:
        return answer(p["rule"], p, p["entry"], "no", what, say("cbam.outside_eu", word=elsewhere),
                      [say("cbam.customers_note")])
    todo = say("cbam.what_to_do", transition=p["transition"], definitive_from=p["definitive_from"])
    minimis = say("cbam.de_minimis", tonnes=p["de_minimis_tonnes"])
    entry = p["exporter_entry"] if amounts.first_word(text, p["exporter_words"]) else p["entry"]
    row = _by_code(text) or _by_word(text)
    outside = _not_covered(text)
    if row is not None and (outside is None or len(row["word"]) >= len(outside[0])):
        reason = say("cbam.yes_code", word=row["word"], sector=sectors[row["sector"]], code=row["cn_code"],
                     description=row["description"])
        return answer(p["rule"], p, entry, "yes", what, reason, [todo, minimis])
    if outside is not None:
        reason = say("cbam.no_product", word=outside[0], name=outside[1])
        return answer(p["rule"], p, entry, "no", what, reason, [say("cbam.parts_note"), say("cbam.customers_note")])
    for sector, words in parameters(PARAMS)["sector_words"].items():
        word = amounts.first_word(text, words)
        if word:
            codes = "、".join(r["cn_code"] for r in cbam_codes() if r["sector"] == sector)
            reason = say("cbam.depends_sector", word=word, sector=sectors[sector], codes=codes)
            return answer(p["rule"], p, entry, "depends", what, reason, [todo, minimis])
    described = _described_product(text)
    if described is not None:
        return answer(p["rule"], p, entry, "depends", what, say("cbam.unknown_product", word=described),
                      [say("cbam.customers_note")])
    return None
