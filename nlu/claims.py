"""Assembling the claims of a message from its mentions, clause by clause: what each number is (amount, count,
label, multiplier, duration…), which source, equipment, period, money, count × per-item it belongs to.

A number pairs with the source named before it in its clause (after the previous amount), else right after it,
else the topic of an earlier clause; equipment, periods and money cues likewise by clause."""

from __future__ import annotations

import re
from typing import Any

from calc import CalcInputError, parse_quantity
from calc import factors as calc_factors
from nlu import lexicon
from nlu.claim import Claim
from nlu.mentions import Mention
from nlu.number_roles import gap as _gap
from nlu.sequences import apply_seasons, enumerated_events

LIST_GAP = re.compile(r"^[\s、,，/和跟及與]*$")
#: counters of vehicles and machines (台, 輛): so many of them refuelled each so many times
VEHICLE_COUNTERS = ("unit", "vehicle")


def claims_of(text: str, mentions: list[Mention], numbers: list[Mention], roles: dict[int, str],
            clauses: dict[int, int]) -> list[Claim]:
    amounts = [n for n in numbers if roles[n.start] == "amount"]
    groups: list[list[Mention]] = []
    for n in amounts:  # readings: "8200、9100、…、8700 度" (only the last may carry the unit)
        last = groups[-1][-1] if groups else None
        if (last is not None and last.unit is None and n.unit_kind != "money" and LIST_GAP.match(_gap(text, last, n))
                and (clauses[last.start] == clauses[n.start] or _comma_list(text, last, n))):
            groups[-1].append(n)
        else:
            groups.append([n])
    groups = enumerated_events(text, mentions, groups)
    claims: list[Claim] = []
    topic: dict[str, Any] = {}
    previous_end = 0
    for index, group in enumerate(groups):
        first, last = group[0], group[-1]
        next_start = groups[index + 1][0].start if index + 1 < len(groups) else len(text)
        clause = clauses[first.start]
        claim = Claim(readings=[n.value for n in group], unit=last.unit, unit_kind=last.unit_kind,
                      start=first.start, end=last.end, text=text[first.start:last.end])
        scope = [m for m in mentions if clauses[m.start] == clause]
        name = _name_for(scope, first, last, previous_end)
        if name is None:  # the topic of an earlier clause: "鍋爐燒重油，一個月大概用40公秉"
            earlier = [m for m in mentions if m.label in ("SOURCE", "REFRIGERANT") and m.end <= first.start]
            name = earlier[-1] if earlier else None
        _apply_name(claim, name, topic)
        _apply_context(claim, scope, mentions, clauses, clause, topic, (previous_end, next_start), text)
        previous = claims[-1] if claims else None
        if claim.period is None and previous is not None and (previous.period == "year" or previous.total) \
                and not claim.money and claim.part_year_months is None:
            claim.period = "year"  # "全年用電230萬度，天然氣28萬度": one period for the list
        claims.append(claim)
        previous_end = last.end
        for key in ("source", "source_alias", "usage", "equipment", "equipment_text", "refrigerant"):
            if getattr(claim, key) is not None:
                topic[key] = getattr(claim, key)
    _name_said_last(text, mentions, clauses, claims)
    return claims


def _name_said_last(text: str, mentions: list[Mention], clauses: dict[int, int], claims: list[Claim]) -> None:
    """"1到6月每個月3萬度，7到12月每個月4萬度，都是用電": a source named once, after every amount, in a clause of its
    own (no amount, no negation, nothing starting a new statement), said to be theirs (以上是, 都是 …: lexicon.yml
    ``name_said_last_cues``) is the source of the amounts said without one — when it is the only such name and
    their units are its units."""
    if not claims or any(c.source is not None for c in claims):
        return
    amount_clauses = {clauses[c.start] for c in claims}
    last = max(amount_clauses)
    after = [m for m in mentions if clauses[m.start] > last]
    names = [m for m in after if m.label == "SOURCE" and isinstance(m.value, dict) and m.value.get("source")]
    if len(names) != 1 or any(m.label in ("NEGATION", "CLAUSE_START", "NUM", "QUESTION") for m in after):
        return
    name = names[0]
    if not any(w in text[claims[-1].end:name.start] for w in lexicon.words("name_said_last_cues")):
        return  # "…3萬度，天然氣的話要問會計": another source's matter
    source = name.value["source"]
    if not all(c.unit is None or _takes(source, c.unit) for c in claims if not c.money):
        return
    hint = _unit_hint(after)  # "…，這是電的度數": the unit said with the name
    for claim in claims:
        claim.source, claim.source_alias = source, name.text
        claim.usage = claim.usage or name.value.get("usage")
        if hint is not None and claim.unit is None and not claim.money and _takes(source, hint[0]):
            claim.unit, claim.unit_kind = hint


def _takes(source: str, unit: str) -> bool:
    try:
        parse_quantity(f"1{unit}", source)
    except CalcInputError:
        return False
    return True


def _comma_list(text: str, last: Mention, n: Mention) -> bool:
    """"8200，9100，8700度" (the comma NFKC made ASCII): readings in digits listed with commas only."""
    return _gap(text, last, n).strip() == "," and last.text[:1].isdigit() and n.text[:1].isdigit()


def _name_for(scope: list[Mention], first: Mention, last: Mention, previous_end: int) -> Mention | None:
    """The source (or refrigerant) a number belongs to: the nearest named before it in its clause (after the
    previous amount), else the first named right after it ("10萬度是買的綠電")."""
    names = [m for m in scope if m.label in ("SOURCE", "REFRIGERANT")]
    before = [m for m in names if previous_end <= m.start and m.end <= first.start]
    if before:
        return before[-1]
    after = [m for m in names if m.start >= last.end]
    return after[0] if after else None


def _apply_name(claim: Claim, name: Mention | None, topic: dict[str, Any]) -> None:
    if name is None:
        for key in ("source", "source_alias", "refrigerant"):
            if key in topic and getattr(claim, key) is None:
                setattr(claim, key, topic[key])
        if "usage" in topic and topic.get("source") == claim.source:
            claim.usage = topic["usage"]
        return
    if name.label == "REFRIGERANT":
        claim.source, claim.refrigerant, claim.source_alias = "refrigerant", name.text, name.text
        return
    value = name.value if isinstance(name.value, dict) else {"source": name.value}
    claim.source = value.get("source")
    claim.source_alias = name.text
    claim.usage = value.get("usage") or claim.usage
    if value.get("refrigerant"):
        claim.refrigerant = name.text


def _apply_context(claim: Claim, scope: list[Mention], mentions: list[Mention], clauses: dict[int, int],
                   clause: int, topic: dict[str, Any], window: tuple[int, int], text: str = "") -> None:
    """Equipment, usage, period, money, counts, refrigerant method from the clause (or the message).
    ``window``: from the end of the previous amount to the start of the next one (what is this amount's)."""
    low, high = window
    equipment = [m for m in scope if m.label == "EQUIPMENT" and low <= m.start < claim.start] or \
        [m for m in scope if m.label == "EQUIPMENT" and claim.end <= m.start < high] or \
        [m for m in mentions if m.label == "EQUIPMENT" and m.end <= claim.start and clauses[m.start] < clause]
    if equipment:
        claim.equipment, claim.equipment_text = equipment[-1].value, equipment_text(equipment[-1])
    elif "equipment" in topic:
        claim.equipment, claim.equipment_text = topic["equipment"], topic.get("equipment_text")
    if claim.equipment is None and claim.source_alias and claim.source not in (None, "refrigerant"):
        # "發電機柴油": the source's own name says the equipment (so "發電機那筆刪掉" finds it)
        inside = [(alias, target) for alias, target in lexicon.equipment_names().items()
                  if len(alias) > 1 and alias in claim.source_alias]
        if inside:
            alias, claim.equipment = max(inside, key=lambda pair: len(pair[0]))
            claim.equipment_text = alias
    info = calc_factors.equipment().get(claim.equipment or "")
    if claim.source is None and info is not None and info.kind == "refrigeration" and claim.unit_kind == "mass":
        claim.source = "refrigerant"
    if claim.source == "refrigerant" and claim.refrigerant is None:
        gases = [m for m in scope if m.label == "REFRIGERANT"]
        if gases:
            claim.refrigerant = gases[0].text
    if claim.usage is None:
        usages = [m for m in scope if m.label == "USAGE"]
        if usages:
            claim.usage = usages[0].value
        elif info is not None and info.kind == "combustion" and info.usage:
            claim.usage = info.usage
        elif claim.source not in (None, "refrigerant") and claim.equipment in lexicon.words("vehicle_equipment"):
            claim.usage = "mobile"  # 冷凍車 3 台柴油: the truck's fuel, not its refrigeration unit
    if claim.source == "natural_gas" and claim.source_alias and any(w in claim.source_alias for w in lexicon.raw()["bottled_gas_names"]) and (
        claim.unit_kind == "mass" or any(m.label in ("NUM", "PER_ITEM") and (m.unit_detail or m.value) == "cylinder"
                                         for m in mentions)
    ):
        claim.source, claim.source_alias = "lpg", claim.source_alias  # 瓦斯 by the 桶 or by the kg is LPG
    # period: this clause, else an earlier clause of the message without an amount of its own
    periods = [m for m in scope if m.label == "PERIOD"]
    if not periods:
        periods = [m for m in mentions if m.label == "PERIOD" and clauses[m.start] < clause
                   and not any(n.label == "NUM" and clauses[n.start] == clauses[m.start] and n.unit_kind
                               in ("energy", "volume", "mass", "time", None) for n in mentions)]
    if not periods:  # "帳單上計費度數 78000，一個月的": a period said right after, in a clause of its own
        periods = [m for m in mentions if m.label == "PERIOD" and clauses[m.start] == clause + 1
                   and not any(n.label == "NUM" and clauses[n.start] == clause + 1 for n in mentions)]
    if periods:
        near = min(periods, key=lambda m: abs(m.start - claim.start))
        claim.period = near.value
    elif any(m.label == "YEAR" for m in scope):
        claim.period = "year"  # "去年用電50萬度", "2023年天然氣…": the amount of that year
    bills = [m.value for m in mentions if m.label == "BILL_MONTHS"]
    if bills:
        claim.bill_months = bills[0]
        if claim.period is None:
            claim.period = "bill"
    parts = [m.value for m in mentions if m.label == "PART_YEAR"]
    months = [m for m in mentions if m.label == "NUM" and m.unit_kind == "months"]
    if parts:
        claim.part_year_months = parts[0]
    elif months and any(m.label in ("PART_YEAR_CUE", "TOTAL") for m in mentions) and months[0].value < 12:
        claim.part_year_months = int(months[0].value)
    claim.total = any(m.label == "TOTAL" for m in scope)
    if any(m.label == "KEEP_AS_IS" for m in mentions):
        claim.extrapolate = False
    elif any(m.label == "EXTRAPOLATE" for m in mentions):
        claim.extrapolate = True
    cues = [m for m in scope if m.label == "MONEY_CUE"] or [  # "我只知道電費，一年大概90萬"
        m for m in mentions if m.label == "MONEY_CUE" and clauses[m.start] == clause - 1
        and not any(n.label == "NUM" and clauses[n.start] == clause - 1 for n in mentions)]
    if claim.unit_kind == "money":
        claim.money = True
    elif claim.unit_kind is None and cues and not any(m.label == "UNIT_HINT" for m in scope):
        claim.money = True  # but "電費兩個月一期，六期度數：38,200、…" are kWh
    if claim.source is None and cues:
        claim.source = _money_source(cues)  # "電費是兩個月收一次，一次大概9,600度": a Taipower bill
    if claim.unit is None and not claim.money:
        hint = _unit_hint(scope)
        if hint is not None:
            claim.unit, claim.unit_kind = hint
    if claim.source is None:
        hinted = [_hinted_source(m.text) for m in mentions if m.label == "UNIT_HINT" and clauses[m.start] <= clause]
        hinted = [h for h in hinted if h]
        if hinted:
            claim.source = hinted[-1]  # "計費度數 18,400": a Taipower bill
    # counts × per-item amounts
    per_item = [m for m in scope if m.label == "PER_ITEM" and m.start < claim.start]
    counts = [m for m in mentions if m.label == "NUM" and m.unit_kind == "counter" and m.start < claim.start
              and clauses[m.start] <= clause]
    if per_item and per_item[-1].value == "event" and len(claim.readings) > 1:
        per_item = []  # "一次45公斤，一次30公斤": the readings are the events
    elif per_item and per_item[-1].value == "event" and any(m.label == "BILL_MONTHS" for m in mentions):
        per_item = []  # "兩個月收一次，一次大概9,600度": one bill, not a count of events
        claim.period = "bill"
    if per_item:
        group = per_item[-1].value
        matching = [m for m in counts if m.unit_detail == group] or counts
        claim.per_item, claim.counter = True, group
        claim.counter_word = next((per_item[-1].text[len(w):] for w in lexicon.words("per_item")
                                   if per_item[-1].text.startswith(w)), None)  # 每間: 間, unless a count says
        later = [m for m in mentions if m.label == "NUM" and m.unit_detail == group and m.start >= claim.end]
        own = [m for m in later if clauses[m.start] == clause]
        if own and (not matching or clauses[matching[-1].start] != clause):
            matching = []  # "一桶20公斤叫了10桶，一桶4公斤叫了5桶": the 5 is the second size's, not the 10
            later = own
        if matching:
            claim.count, claim.counter_word = matching[-1].value, matching[-1].unit
        elif later:  # "一桶 50 公斤，一個月 3 桶": the count (and its period) said after the size
            claim.count, claim.counter_word = later[0].value, later[0].unit
            claim.period = claim.period or next((m.value for m in mentions if m.label == "PERIOD"
                                                 and clauses[m.start] == clauses[later[0].start]), None)
            if group == "cylinder":  # "一桶16公斤，6到8月每個月10桶，其餘月份每個月3桶"
                apply_seasons(text, claim, mentions)
        if group == "event":  # "送貨車兩台，每台一個月加 4 次，每次 35 公升": the refuels are per vehicle
            each = [m for m in mentions if m.label == "PER_ITEM" and m.value != "event" and m.start < claim.start
                    and clauses[m.start] <= clause]
            units = [m for m in counts if each and m.unit_detail == each[-1].value and m.start < each[-1].start]
            if not each and claim.usage == "mobile":  # "堆高機兩台，一個月加一次油": each vehicle is refuelled
                units = [m for m in counts if m.unit_detail in VEHICLE_COUNTERS and m.value > 1]
            if units:
                claim.units_each, claim.units_word = units[-1].value, units[-1].unit
    elif claim.unit_kind == "mass" and _cylinder_size(claim.amount) and (any(
            m.label == "NUM" and m.unit_detail == "cylinder" and m.start > claim.start for m in mentions)
            and claim.source == "lpg" or _size_of_the_counted(text, claim, mentions, clauses)):
        # "50公斤的瓦斯，一個月6桶"; "是16公斤的桶子60桶" (a corrected size, the gas not named again)
        after = next(m for m in mentions if m.label == "NUM" and m.unit_detail == "cylinder" and m.start > claim.start)
        claim.per_item, claim.counter, claim.count = True, "cylinder", after.value
        claim.counter_word = after.unit
        apply_seasons(text, claim, mentions)
        if claim.period is None:
            claim.period = next((m.value for m in mentions if m.label == "PERIOD"
                                 and clauses[m.start] == clauses[after.start]), None)
    elif counts and _sized_items(text, counts[-1], claim, mentions, clauses):
        # "12桶 20公斤的", "3 支 20 磅的", "2 times a week, about 35 L each": so many items of that size
        claim.per_item, claim.counter, claim.count = True, counts[-1].unit_detail, counts[-1].value
        claim.counter_word = counts[-1].unit
    elif counts and clauses[counts[-1].start] == clause and claim.source not in ("septic_tank",):
        claim.count_label = counts[-1].text
        if counts[-1].unit_detail == "bill":  # "六期分別是 …": so many bills
            claim.bill_count = counts[-1].value
            claim.period = claim.period or "bill"
    refill = [m for m in mentions if m.label == "REFILL"]
    charge = [m for m in mentions if m.label == "CHARGE"]
    if claim.source == "refrigerant":
        local_refill = [m for m in refill if clauses[m.start] == clause]
        local_charge = [m for m in charge if clauses[m.start] == clause]
        near_refill, near_charge = local_refill or refill, local_charge or charge
        if local_charge and not local_refill:  # "充填量 40 公斤，今年廠商來補了 6 公斤": this clause says charge
            claim.method = "charge"
        elif local_refill and not local_charge:
            claim.method = "refill"
        elif near_charge and (not near_refill or near_charge[-1].start > near_refill[-1].start):
            claim.method = "charge"
        elif near_refill:
            claim.method = "refill"


def _sized_items(text: str, count: Mention, claim: Claim, mentions: list[Mention], clauses: dict[int, int]) -> bool:
    """A count said right before an amount that is the size of one item: "12桶 20公斤的" (the size then 的),
    a cylinder count before a cylinder's mass, or an English "… 35 L each" after the count."""
    if claim.source == "septic_tank" or claim.unit_kind not in ("mass", "volume", "energy"):
        return False
    after = [m for m in mentions if m.start >= claim.end]
    if after and after[0].label == "PER_ITEM_AFTER" and not text[claim.end:after[0].start].strip():
        return True
    if clauses[count.start] != clauses.get(claim.start, -1) or text[count.end:claim.start].strip():
        return False
    if text[claim.end:claim.end + 1] == "的":
        return True
    return count.unit_detail == "cylinder" and claim.unit_kind == "mass"


def _size_of_the_counted(text: str, claim: Claim, mentions: list[Mention], clauses: dict[int, int]) -> bool:
    """"16公斤的桶子60桶": a mass said with 的, and the next number of its clause a count of cylinders."""
    if not text[claim.end:].startswith(lexicon.words("size_of")[0]):
        return False
    after = next((m for m in mentions if m.label == "NUM" and m.start >= claim.end), None)
    return after is not None and after.unit_detail == "cylinder" and clauses[after.start] == clauses[claim.start]


def equipment_text(mention: Mention) -> str:
    """The equipment as the user wrote it, in Chinese: "boiler" is shown as calc's name (鍋爐)."""
    if mention.text.isascii():
        info = calc_factors.equipment().get(mention.value or "")
        if info is not None:
            return info.name.split("（")[0]
    return mention.text


def _hinted_source(word: str) -> str | None:
    return next((source for source, words in lexicon.grouped("source_hints").items() if word in words), None)


def _unit_hint(scope: list[Mention]) -> tuple[str, str] | None:
    hints = [m.value for m in scope if m.label == "UNIT_HINT"]
    if not hints:
        return None
    word = lexicon.unit_words().get(hints[0].lower())
    return (hints[0], word.kind) if word is not None else None


def _money_source(cues: list[Mention]) -> str | None:
    for source, words in lexicon.grouped("money_cue_sources").items():
        if any(c.text in words for c in cues):
            return source
    return None


def _cylinder_size(kg: object) -> bool:
    """4, 16, 20 or 50 kg: the LPG cylinders sold in Taiwan (a size said before the count of cylinders)."""
    return str(kg) in lexicon.raw()["cylinder_kg"]
