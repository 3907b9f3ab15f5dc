"""What a statement says to the inventory besides its amounts: a year to start (or only a year), a company's
name, the user's sector, "all of it", refrigeration equipment or gas cylinders named without an amount (whose
line is opened and asked about)."""

from __future__ import annotations

import re

from actions.inventory_chat import amounts, catalogue
from actions.inventory_chat.drafts import Context
from actions.inventory_chat.presenter import Reply
from actions.inventory_chat.state import Draft, InventoryState
from calc import estimates
from calc import factors as calc_factors
from nlu import lexicon
from nlu.statements import Claim, Statement

#: intents under which a message naming only a year starts an inventory of that year
YEAR_INTENTS = ("inform_year", "inform_activity", "inform_amount", "inventory_answer")
#: intents that never carry inventory content of their own
COURTESY = ("greet", "thanks", "goodbye")


def refrigeration_without_amount(state: InventoryState, reply: Reply, st: Statement, ctx: Context) -> bool:
    """"辦公室有分離式冷氣8台，冷媒是R-410A，填充量不知道": a refrigerant line still needs its charge."""
    equipment = [e for e in st.equipment if calc_factors.equipment()[e].kind == "refrigeration"]
    if not equipment or st.question or "refrigerant" in st.negated_categories:
        return False  # "沒有冷氣，只有電扇": there is none
    claim = Claim(readings=[], unit="公斤", unit_kind="mass", source="refrigerant", equipment=equipment[0],
                  equipment_text=_finest_text(st, equipment[0]),
                  refrigerant=st.refrigerants[0] if st.refrigerants else None, method=st.method)
    if st.counts:
        claim.count, claim.count_label, claim.per_item = st.counts[0][0], f"{st.counts[0][0]}{st.counts[0][1]}", True
        claim.counter, claim.counter_word = "unit", st.counts[0][1]
    draft = Draft(claim)
    if st.unknown_amount:  # "不知道冷媒多少": the charge is not asked again; its estimate is offered
        draft.answers["charge_unknown"] = True
    amounts.progress(state, reply, draft, ctx)
    return True


def _finest_text(st: Statement, equipment: str) -> str:
    """Of the words said for the equipment ("冷氣", "分離式"), the one naming a finer kind of it (its typical
    charge and range are that kind's, not the whole class's)."""
    said = [t for e, t in zip(st.equipment, st.equipment_texts, strict=True) if e == equipment]
    finer = [t for t in said if (found := estimates.typical_charge(equipment, t)) is not None and not found.default]
    return (finer or said)[0]


def says_all(st: Statement) -> bool:
    return any(word in st.text for word in catalogue.config()["all_words"])


def cylinders_without_amount(state: InventoryState, reply: Reply, st: Statement, ctx: Context) -> bool:
    """"桶裝瓦斯一個月大概4桶": how many kilograms a cylinder holds is asked (4/16/20/50 公斤)."""
    cylinders = [(n, unit) for n, unit in st.counts if unit in catalogue.config()["cylinder_counters"]]
    if not cylinders or not ({"lpg", "natural_gas"} & set(st.sources)) or st.question:
        return False
    claim = Claim(readings=[], source="lpg",
                  source_alias=catalogue.config()["cylinder_source_alias"], per_item=True, counter="cylinder",
                  counter_word=cylinders[0][1], count=cylinders[0][0], period=st.period)
    amounts.give(state, reply, [claim], ctx)
    return True


def names_a_year(st: Statement, intent: str) -> bool:
    """"2023", "民國一百一十一年", "要做112年的" with no inventory under way: the year of the one to start."""
    if st.question or intent in COURTESY or intent in ("skip", "deny"):
        return False
    if st.year is None and st.bare_year is None:
        return False
    return intent in YEAR_INTENTS or st.start or st.bare_year is not None


def year_only(st: Statement) -> bool:
    return not st.claims and not st.negated_sources and not st.negated_categories and not st.nothing_else \
        and not st.no_more and not st.delete  # "冷氣那筆刪掉，那6台112年就拆了": a deletion, not the year


def looks_like_company(st: Statement, intent: str) -> bool:
    words = st.text.strip()
    if not words or st.question or st.has_data or st.year or st.finish:
        return False
    if intent in ("skip", "affirm", "deny") or intent.startswith("inventory_"):
        return False
    return len(words) <= catalogue.config()["company_max_chars"] and bool(re.search(r"\w", words))


def note_sector(state: InventoryState, st: Statement) -> None:
    if state.sector:
        return
    for sector, words in lexicon.grouped("sectors").items():
        if any(w in st.text for w in words):
            state.sector = sector
            return
