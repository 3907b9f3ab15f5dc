"""Which GWP set applies: the documented default per inventory year, or the one asked for.

Policy (calc/data/gwp_defaults.csv, each row with its basis):
- inventory years up to 2022 (111年): AR4 — 6.0.4 revision 106.01 "統一採用IPCC 2007年第四次評估報告";
- 2023 (112年): AR5 — 6.0.4 table 4 footnote "自112年盤查作業，統一採用…第五次評估報告";
- 2024 (113年) on: AR5 — the 2024-02-05 notice, table 4.
Under AR5 and AR6, CH4 from burning fossil fuels uses the fossil-methane GWP (AR5 30, AR6 29.8: 6.0.4 table 4
row 石化甲烷 and the 2024 notice's note 1 "適用於化石燃料所排放之甲烷"); biogenic CH4 (septic tanks) uses
28 / 27.9. AR4 has one CH4 value (25). AR6 is selectable, never a default.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from calc._data import read_csv
from calc.factors import GWP_SETS
from calc.messages import input_error


@dataclass(frozen=True)
class GwpPolicy:
    from_year: int
    to_year: int | None
    gwp_set: str
    basis: str
    source: str


@lru_cache(maxsize=1)
def policies() -> tuple[GwpPolicy, ...]:
    out = []
    for row in read_csv("gwp_defaults.csv"):
        if row["gwp_set"] not in GWP_SETS:
            raise ValueError(f"gwp_defaults.csv: unknown GWP set {row['gwp_set']!r}")
        out.append(
            GwpPolicy(
                int(row["from_year"]),
                int(row["to_year"]) if row["to_year"] else None,
                row["gwp_set"],
                row["basis"],
                row["source"],
            )
        )
    return tuple(out)


def default_policy(year: int) -> GwpPolicy:
    """The default GWP set for inventory year ``year`` (西元)."""
    for policy in policies():
        if year >= policy.from_year and (policy.to_year is None or year <= policy.to_year):
            return policy
    raise input_error("no_gwp_default", year=year)


def normalize_gwp_set(value: object) -> str:
    """'ar5', 'AR-5', 'IPCC AR5' → 'AR5'; raises CalcInputError for anything else."""
    text = "".join(ch for ch in str(value).upper() if ch.isalnum()).replace("IPCC", "")
    if text in GWP_SETS:
        return text
    raise input_error("unknown_gwp", field="gwp", text=str(value), sets="、".join(GWP_SETS))
