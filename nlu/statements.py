"""The statement interpreter: what one message says about the inventory, without the dialogue's context.

``interpret("用電每個月大概3萬5千度")`` → one Claim (source electricity, 35,000 度, period month). A Claim is an
amount as the user gave it — readings, counts, period, money or not, equipment, refrigerant method — not yet
an annual figure: turning it into one (× 12, asking what 一期 means, refusing money as kWh) is the dialogue's
job (actions/inventory/), because it depends on what was asked. The words come from nlu/lexicon.yml and
calc's alias and unit tables (nlu/mentions.py lexes them); this module only assembles them by clause:

- a number pairs with the source named before it in its clause, else after it, else the topic of an earlier
  clause ("堆高機三台用柴油，一年大概6千公升");
- "5台…每台1.5公斤", "一個月4桶，一桶20公斤", "加4次，每次40公升" are counts × per-item amounts; a count
  without "每" is a label ("堆高機三台", "6支滅火器", "3.5噸貨車"); 一台 beside an equipment name, or with no
  amount after it, is one item, not "each" ("一台鍋爐", "冷藏庫一間", "加一次油": nlu/one_unit.py); refuels of
  vehicles said with their number are each vehicle's ("堆高機兩台，一個月加一次油" → 2 × 1 × 12);
- "冰水機兩台，一台180公斤，另一台150公斤" are units of different sizes, added (nlu/item_sizes.py);
- "8200、9100、…8700 度" are readings summed; "喔不對，是58萬度" replaces the number before it; "每張2萬度，一年
  就是12萬度" keeps the annual figure; "80萬度，其中10萬度是綠電" marks the green part of a total;
- "一公升大概30塊" is a unit price (nlu/unit_prices.py), not an amount;
- "員工40個，一天8小時，一年300天" is a septic-tank claim (people × hours × days);
- "沒有買蒸汽", "滅火器都沒噴過" are negations; "其他都沒有", "結算", "幫我估", "不知道", "刪掉", "剛剛那個",
  "改成" are flags the dialogue acts on.
"""

from __future__ import annotations

import dataclasses

import re
from datetime import date

from calc import factors as calc_factors
from contracts import years
from nlu import approximations, item_sizes, lexicon, month_segments, one_unit, revisions, unit_prices
from nlu.claim import Claim, Statement
from nlu.claims import claims_of, equipment_text
from nlu.number_roles import number_roles
from nlu.mentions import Mention, lex, normalize

__all__ = ["Claim", "Statement", "interpret"]

_TRAILING_FINISH = re.compile(r"(?:^|[\s，,。])算[吧啦囉了]?[!！。]*$")
_CLAUSE_BREAK = re.compile(r"[，,。；;！!？?\n]")
#: a 有 that is no 沒有 / 有沒有 ("只有一台", "還有"): between a negation and what it would negate, it affirms
_AFFIRMED = re.compile(r"(?<![沒])有(?!沒)")


def interpret(text: str, today: date | None = None) -> Statement:
    """The Statement of one message (any language form the gateway passes: NFKC-normalised here)."""
    text = normalize(text)
    mentions = _without_negated_refills(lex(text, today))
    mentions = approximations.refined_counts(text, mentions)  # "四十幾個吧，我問一下，是43個": 43
    clauses = _clause_of(text, mentions)
    mentions = one_unit.counts_of_one(text, mentions, clauses)  # 一台鍋爐, 加一次油: one, not "each"
    mentions = _each_of_the_count(text, mentions, clauses)  # 堆高機兩台 一個月各加60公升: each forklift
    st = Statement(text=text)
    _flags(st, mentions)
    numbers = [m for m in mentions if m.label == "NUM"]
    roles = number_roles(text, mentions, numbers, clauses)
    claims = claims_of(text, mentions, numbers, roles, clauses)
    claims = item_sizes.apply(text, mentions, claims, clauses)  # 一台180公斤，另一台150公斤: 180 + 150
    prices = unit_prices.find(text, mentions, clauses)  # 一公升30塊: a price, not 1 公升 and 30 元
    claims = unit_prices.apply(prices, claims)
    st.unit_prices = [(p.price, p.unit, p.source) for p in prices]
    claims = revisions.septic(mentions, numbers, roles, clauses, claims)
    claims = revisions.resolve_corrections(mentions, claims)
    claims = month_segments.apply(text, mentions, claims)
    claims = revisions.refill_over_charge(claims)
    claims = revisions.supplier_factors(text, mentions, claims)
    claims = revisions.keep_annual(claims)
    revisions.green_parts(mentions, claims)
    claims = revisions.years_among(st, claims)
    revisions.working_days(mentions, roles, clauses, claims)
    for claim in claims:  # "柴油一年花了 50 萬，公升數不知道": the money is all there is
        claim.quantity_unknown = claim.money and st.unknown
    st.approximate = approximations.attach(mentions, claims)
    claims = revisions.refined_approximations(text, claims)  # after attach: it knows which amount was approximate
    st.claims = claims
    if any(c.corrected_from is not None for c in claims) and any(m.label == "NOT_THIS" for m in mentions):
        st.correction = True  # "2月不是20萬，是22萬", "是2,600不是2,400": a value said to be wrong
    _leftovers(st, mentions, numbers, roles, claims, clauses)
    st.bare_year = years.bare_year(text)
    return st


def _each_of_the_count(text: str, mentions: list[Mention], clauses: dict[int, int]) -> list[Mention]:
    """"堆高機兩台 柴油 一個月各加大概60公升": a 各 said apart from the count before it in its clause is "each of
    them", as 每台 would be (right after the count, "兩台各1.5公斤", it is the units' sizes: nlu/item_sizes.py)."""
    out = list(mentions)
    for i, m in enumerate(mentions):
        if m.label != "EACH" or i == 0:
            continue
        counts = [n for n in mentions[:i] if n.label == "NUM" and n.unit_kind == "counter"
                  and clauses.get(n.start) == clauses.get(m.start)]
        if not counts or not text[counts[-1].end:m.start].strip():
            continue  # no count before it, or right after it (兩台各)
        count = counts[-1]
        out[i] = Mention("PER_ITEM", m.start, m.end, m.text, count.unit_detail)
    return out


def _without_negated_refills(mentions: list[Mention]) -> list[Mention]:
    """"每台2公斤 去年沒有補": a refill said not to have happened is no refill — the amount is the charge."""
    negations = [m for m in mentions if m.label == "NEGATION"]
    return [dataclasses.replace(m, label="CHARGE")
            if m.label == "REFILL" and any(0 <= m.start - n.end <= 1 for n in negations) else m for m in mentions]


def _clause_of(text: str, mentions: list[Mention]) -> dict[int, int]:
    """Clause number of every mention (by start). Punctuation inside a mention (8,537) is not a break."""
    covered = [False] * (len(text) + 1)
    for m in mentions:
        for i in range(m.start, m.end):
            covered[i] = True
    breaks = sorted({m.start() for m in _CLAUSE_BREAK.finditer(text) if not covered[m.start()]}
                    | {m.start for m in mentions if m.label == "CLAUSE_START"})
    out = {}
    for m in mentions:
        out[m.start] = sum(1 for b in breaks if b <= m.start and not (b == m.start and m.label != "CLAUSE_START"))
    return out


def _flags(st: Statement, mentions: list[Mention]) -> None:
    labels = {m.label for m in mentions}
    years = [m.value for m in mentions if m.label == "YEAR"]
    absolute = [y for y in years if not y.relative]
    chosen = (absolute or years)[:1]
    if chosen:
        st.year, st.year_relative = chosen[0].year, chosen[0].relative
    st.correction = "CORRECTION" in labels or "CHANGE_TO" in labels
    st.change_to = "CHANGE_TO" in labels
    st.back_reference = "BACKREF" in labels
    st.delete = "DELETE" in labels
    st.unspecified = "UNSPECIFIED" in labels
    st.nothing_else = "NOTHING_ELSE" in labels
    st.no_more = "NO_MORE" in labels and not st.nothing_else and _bare(st.text, mentions, ("NO_MORE", "FINISH"))
    st.leading_correction = _leading_correction(st.text, mentions)
    st.already_said = "ALREADY_SAID" in labels
    st.finish = "FINISH" in labels or bool(_TRAILING_FINISH.search(st.text))
    st.estimate = "ESTIMATE" in labels
    st.extrapolate = False if "KEEP_AS_IS" in labels else (True if "EXTRAPOLATE" in labels else None)
    st.unknown = "UNKNOWN" in labels
    st.unknown_amount = st.unknown and any(w in st.text for w in lexicon.words("amount_unknown_cues"))
    asks_money = any(m.label == "MONEY_CUE" and m.text in lexicon.words("money_questions") for m in mentions)
    amounts = any(m.label == "NUM" and m.unit for m in mentions)
    choice = not amounts and re.search(lexicon.raw()["choice_question"], st.text) is not None
    st.question = ("QUESTION" in labels or asks_money or choice) and not (
        "UNKNOWN" in labels and not any(m.text in lexicon.raw()["question_particles"] for m in mentions))  # 不知道是什麼冷媒
    # "冷媒要算排放嗎" asks how to count, it does not ask to begin; "想做碳盤查 要準備什麼嗎" does
    requested = any(w in st.text for w in lexicon.words("start_requests"))
    st.start = "START" in labels and (not st.question or requested)
    # "綠電那部分可以直接算0嗎" asks how a number counts; "一年96,000度 可以幫我算碳排嗎" asks for the sum
    st.asks_for_sum = st.finish and (not st.question or requested)
    st.money_mentioned = "MONEY_CUE" in labels or any(m.label == "NUM" and m.unit_kind == "money" for m in mentions)
    if "REFILL" in labels:
        st.method = "refill"
    elif "CHARGE" in labels:
        st.method = "charge"
    bills = [m.value for m in mentions if m.label == "BILL_MONTHS"]
    st.bill_months = bills[0] if bills else None
    usages = [m.value for m in mentions if m.label == "USAGE"]
    st.usage = usages[0] if usages else None


#: words besides "沒了" and "結算" a bare answer may hold ("資料就這些", "大概就這樣")
_BARE_CHARS = 4


def _bare(text: str, mentions: list[Mention], labels: tuple[str, ...]) -> bool:
    """The message is (nearly) only words of these labels: "沒有了 算吧", not "…113年已經沒有了"."""
    kept = list(text)
    for m in mentions:
        if m.label in labels:
            kept[m.start:m.end] = [" "] * (m.end - m.start)
    return sum(1 for c in kept if c.isalnum()) <= _BARE_CHARS


#: what may come before the correction word of a message that begins with one ("我說錯", "啊不是")
_LEAD_CHARS = 2


def _leading_correction(text: str, mentions: list[Mention]) -> bool:
    first = next((m for m in mentions if m.label in ("CORRECTION", "NOT_THIS")), None)
    if first is None or any(m.start < first.start and m.label not in ("BACKREF", "QUESTION") for m in mentions):
        return False
    return len(text[:first.start].strip(" ,，。!！~～")) <= _LEAD_CHARS


def _leftovers(st: Statement, mentions: list[Mention], numbers: list[Mention], roles: dict[int, str],
               claims: list[Claim], clauses: dict[int, int]) -> None:
    """Names, counts, periods and negations that belong to no claim."""
    claimed_clauses = {clauses.get(c.start) for c in claims}

    for m in mentions:
        if m.label == "SOURCE" and isinstance(m.value, dict) and m.value.get("source"):
            if not any(c.source == m.value["source"] for c in claims):
                st.sources.append(m.value["source"])
                st.source_names.append(m.text)
        elif m.label == "REFRIGERANT":
            if not any(c.refrigerant == m.text for c in claims):
                st.refrigerants.append(m.text)
        elif m.label == "EQUIPMENT" and m.value:
            if not any(c.equipment == m.value for c in claims):
                st.equipment.append(m.value)
                st.equipment_texts.append(equipment_text(m))
    for n in numbers:
        role = roles[n.start]
        if role in ("count", "people") and not any(c.count == n.value or c.count_label == n.text or _sizes_count(c, n)
                                       or n.value in [count for _, count in c.seasons] for c in claims) \
                and not any(c.people == n.value for c in claims):
            before = [m for m in mentions if m.end <= n.start]
            if before and before[-1].label == "NOT_THIS" and (st.correction or len(
                    [x for x in numbers if roles[x.start] == "count"]) > 1):
                st.wrong_counts.append(n.value)  # "是 2 間不是 3 間"
            else:
                st.counts.append((n.value, n.unit or ""))
        elif role == "multiplier":
            st.multiplier = n.value
        elif role in ("hours_per_day", "days") and _negated(n, mentions, clauses):
            st.correction = True  # "是 280 天不是 300 天": the number after 不是 is the wrong one
        elif role == "hours_per_day" and not any(c.hours_per_day == n.value for c in claims):
            st.hours_per_day = n.value
        elif role == "days" and not any(c.days_per_year == n.value for c in claims):
            st.days_per_year = n.value
    for c in claims:
        if c.source is None and c.unit is None and not c.money and len(c.readings) == 1 and not c.per_item:
            st.bare_numbers.append(c.readings[0])
    if not claims:
        # "不是一年的，是一季的量": a period right after 不是 is the wrong one
        negated = {m.start for m in mentions if m.label == "NOT_THIS"}
        said = [m for m in mentions if m.label == "PERIOD"]
        kept = [m for m in said if not any(0 <= m.start - p <= 3 for p in negated)] or said
        periods = [m.value for m in kept]
        st.period = periods[0] if periods else ("bill" if st.bill_months else None)
        parts = [m.value for m in mentions if m.label == "PART_YEAR"]
        st.part_year_months = parts[0] if parts else None
    # negations: a clause with a negation word and no amount of its own
    topic_sources: list[str] = []
    negated_at: set[int] = set()
    for m in mentions:
        if m.label == "SOURCE" and isinstance(m.value, dict):
            topic_sources.append(m.value["source"])
        if m.label != "NEGATION" or clauses[m.start] in claimed_clauses or st.delete or st.correction:
            continue
        clause = clauses[m.start]
        if any(x.label == "UNIT_HINT" for x in mentions if clauses[x.start] == clause):
            continue  # "公升數我手上沒有": the figure is missing, not the source
        named = [x for x in mentions if clauses[x.start] == clause and x.label in ("SOURCE", "CATEGORY", "EQUIPMENT")]
        # "空壓機都用電 沒有燒東西": what follows the negation is negated, not what was said before it
        named = [x for x in named if x.start > m.start] or named
        # "沒有車 只有一台電動堆高機": what a 有 after the negation affirms is not negated; "我們沒有鍋爐 空壓機都用電":
        # the negation reaches its first item and a list of more ("沒有鍋爐、發電機"), not the next statement
        named = [x for x in named if not (x.start > m.start and _AFFIRMED.search(st.text[m.end:x.start]))]
        named = _negated_list(st.text, m, named)
        if not named and clause - 1 not in claimed_clauses:  # "有6支CO2滅火器，去年都沒噴過"
            earlier = [x for x in mentions if clauses[x.start] == clause - 1
                       and x.label in ("SOURCE", "CATEGORY", "EQUIPMENT")]
            named = earlier[-1:]
        negated_at.update(x.start for x in named)
        for x in named:
            if x.label == "SOURCE" and isinstance(x.value, dict):
                _add(st.negated_sources, x.value["source"])
            elif x.label == "CATEGORY":
                _add(st.negated_categories, x.value)
            elif x.label == "EQUIPMENT":
                category = _equipment_category(x.value)
                if category:
                    _add(st.negated_categories, category)
    for source in st.negated_sources:
        while source in st.sources:
            i = st.sources.index(source)
            del st.sources[i], st.source_names[i]
    # "沒有冷氣 只有兩台冰箱": equipment said and not negated keeps its category
    kept = {_equipment_category(x.value) for x in mentions if x.label == "EQUIPMENT" and x.start not in negated_at}
    st.negated_categories = [c for c in st.negated_categories if c not in kept]
    # "沒有鍋爐，緊急發電機柴油一年 300 公升": no boiler, but the category has an amount all the same
    filled = {c.usage for c in claims if c.usage} | {"refrigerant" for c in claims if c.source == "refrigerant"}
    st.negated_categories = [c for c in st.negated_categories if c not in filled]


def _equipment_category(equipment_id: object) -> str | None:
    """The inventory category a piece of equipment's emissions go to (冷氣 → refrigerant, 貨車 → mobile)."""
    info = calc_factors.equipment().get(str(equipment_id or ""))
    if info is None:
        return None
    return "refrigerant" if info.kind == "refrigeration" else info.usage


def _negated_list(text: str, negation: Mention, named: list[Mention]) -> list[Mention]:
    """The items a negation negates: those before it as they are; after it, its first item and the ones listed
    with it (separated by 、/跟/和/也沒有, or by a space when the item stands alone; lexicon.yml
    ``negated_list``)."""
    before = [x for x in named if x.start <= negation.start]
    after = sorted((x for x in named if x.start > negation.start), key=lambda x: x.start)
    if not after:
        return before
    words = lexicon.raw()["negated_list"]
    joiners, ends = str(words["joiners"]), str(words["ends"])
    chain = [after[0]]
    for item in after[1:]:
        gap = text[chain[-1].end:item.start]
        follows = text[item.end:item.end + 1]
        if all(ch.isspace() or ch in joiners for ch in gap) and (gap.strip() or not follows or follows in ends):
            chain.append(item)
        else:
            break
    return before + chain


def _sizes_count(claim: Claim, n: Mention) -> bool:
    """A count of units said with their sizes ("一台…，另外兩台各20公斤"): the claim's own."""
    return bool(claim.item_sizes) and n.start < claim.end and n.value in (
        [count for count, _ in claim.item_sizes] + [claim.units_said])


def _negated(n: Mention, mentions: list[Mention], clauses: dict[int, int]) -> bool:
    """A 不是 before the number in its clause, with no other number between ("不是一年 300 天")."""
    for m in reversed([m for m in mentions if m.end <= n.start and clauses[m.start] == clauses[n.start]]):
        if m.label == "NOT_THIS":
            return True
        if m.label == "NUM":
            return False
    return False


def _add(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)
