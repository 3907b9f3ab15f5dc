"""The months a list leaves out, asked about by name rather than guessed: "1月5萬度、2月4萬8千、3月5萬5千" is three
months' data — the part-year question then names the months not given ("4–12 月的呢？") beside the arithmetic,
and an answer that gives them ("其他月份每個月大概5萬", "4到12月每個月5萬", "4月5萬、5月…") joins the same line;
keeping the months given or extrapolating stay the buttons. The same for counts of cylinders by month ranges
("6到8月每個月10桶，12月8桶": the other months' count). A month answered twice is said and asked again, never
added twice."""

from __future__ import annotations

from decimal import Decimal

from actions.inventory_chat import annual, presenter, segments
from actions.inventory_chat.catalogue import text
from actions.inventory_chat.reading import Reading
from actions.inventory_chat.state import Draft, Note
from nlu.claim import Claim
from nlu.month_segments import YEAR

YEAR_MONTHS = frozenset(range(1, YEAR + 1))


def missing(draft: Draft) -> list[int]:
    """The months of the year an amount by named months (or cylinder counts by month ranges) leaves out; empty
    when it covers the year or some of its months are not named ("三個月")."""
    named = _spans(draft.claim)
    if not named or any(not s.get("set") or s.get("other") for s in named):
        return []
    given = {int(m) for s in named for m in s["set"].split(",")}
    return sorted(YEAR_MONTHS - given)


def question(draft: Draft) -> str | None:
    """"外購電力 153,000 度只有 3 個月的資料（1 月 … = 153,000 度）。4–12 月的呢？…", or None (not by named months)."""
    months = missing(draft)
    if not months:
        return None
    covered = YEAR - len(months)
    notes: list[Note] = []
    claim = draft.claim
    spans = _spans(claim)
    if len(spans) == 1:  # "外購電力 30,000 度只有 2 月的資料": no sum of one
        return text("ask_missing_months_one", subject=presenter.draft_subject(draft), months=covered,
                    given=segments.where(spans[0]) if covered == 1 else segments.label(spans[0]),
                    missing=segments.where(_segment(months)))
    if claim.segments:
        segments.year_value(draft, segments.unit_of(draft), notes)
    else:
        notes.append(annual.seasons_note(claim))
    return text("ask_missing_months", subject=presenter.draft_subject(draft), months=covered,
                steps=presenter.steps_text(notes), missing=segments.where(_segment(months)))


def read(r: Reading) -> bool:
    """The months left out, given: their segments join the draft's (True); a month given twice is said and the
    question stays (True, nothing joined); anything else is no such answer (False)."""
    months = missing(r.draft)
    if not months:
        return False
    added = _segments_given(r, months)
    if added is None:
        return False
    twice = sorted({int(m) for s in added for m in s.get("set", "").split(",") if m} - set(months))
    if twice:
        r.reply.note(text("missing_months_twice", months=segments.where(_segment(twice)),
                          missing=segments.where(_segment(months))))
        r.used.update(id(c) for c in r.st.claims)
        return True
    claim = r.draft.claim
    if claim.segments:
        claim.segments = claim.segments + added
        claim.readings = [Decimal(s["amount"]) for s in claim.segments]
    else:
        claim.seasons = claim.seasons + [(Decimal(s["months"]), Decimal(s["amount"])) for s in added]
        claim.season_months = claim.season_months + [{"months": s["months"], "set": s["set"]} for s in added]
        claim.count = sum((m * c for m, c in claim.seasons), Decimal(0))
    covered = sum(int(s["months"]) for s in _spans(claim))
    claim.part_year_months = covered if covered < YEAR else None
    r.used.update(id(c) for c in r.st.claims)
    return True


def _spans(claim: Claim) -> list[dict[str, str]]:
    return claim.segments or claim.season_months


def _segment(months: list[int]) -> dict[str, str]:
    return {"months": str(len(months)), "set": ",".join(str(m) for m in months)}


def _segments_given(r: Reading, months: list[int]) -> list[dict[str, str]] | None:
    """The months an answer gives, as segments (all the months left out when it names none: "其他月份每個月5萬"),
    or None when it gives none."""
    claim = r.draft.claim
    if not claim.segments:  # cylinders: "其他月份每個月5桶"
        counts = r.st.counts
        if r.st.claims or len(counts) != 1 or r.st.period != "month":
            return None
        return [{**_segment(months), "amount": str(counts[0][0]), "per": "month"}]
    source = r.draft.answers.get("source") or claim.source
    said = [c for c in r.st.claims if c.source in (None, source) and c.money == claim.money]
    if len(said) != 1 or len(said) != len(r.st.claims):
        return None
    given = said[0]
    if given.unit is not None and given.unit != (r.draft.answers.get("unit") or claim.unit):
        return None
    if given.segments:
        return _named_in_answer(given.segments, months)
    if given.part_year_months is not None or len(given.readings) != 1:
        return None
    per = "total" if given.total else "month"  # 每月 said with the months given before it, as in one message
    if given.period not in (None, "month", "year") or (given.period == "year" and not given.total):
        return None
    return [{**_segment(months), "amount": str(given.readings[0]), "per": per}]


def _named_in_answer(said: list[dict[str, str]], months: list[int]) -> list[dict[str, str]] | None:
    """"4到6月每個月5萬，其他月份每個月4萬8": the months named, and 其他月份 as the months left out that the
    answer does not name (the interpreter, which knows nothing of the line, counted them from the whole year)."""
    named = [s for s in said if not s.get("other")]
    others = [s for s in said if s.get("other")]
    if any(not s.get("set") for s in named) or len(others) > 1:
        return None  # "三個月…": which months is not said
    out = [{**s, "per": s.get("per") or "month"} for s in named]
    if others:
        rest = sorted(set(months) - {int(m) for s in named for m in s["set"].split(",")})
        if not rest:
            return None
        out.append({**_segment(rest), "amount": others[0]["amount"], "per": others[0].get("per") or "month"})
    return out
