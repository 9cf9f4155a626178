"""Governance and knowledge infrastructure: the Regio Deals and regional R&D, as far as data exist.

Reads ``data/regional/regio_deals.csv`` (checksum-verified; a list, one row per deal) and uses the
R&D indicators of CBS 82352NED through :func:`analysis.regional.regions.indicator`. What is *not* in the data
matters as much: municipalities per deal were not collected, amounts are known for tranches 3 (partly)
and 4 only, and regional R&D stops in 2016 (see ``data/regional/SOURCES.md``)::

    from analysis.chapters import governance
    deals = governance.load_deals()
    governance.deals_by_tranche(deals)
"""

from __future__ import annotations

import io

import pandas as pd

from analysis.regional import regions
from analysis.regional.sources import DataError, Registry

DEALS_FILE = "regional/regio_deals.csv"
DEAL_COLUMNS = ("tranche", "announced", "deal_name_as_in_source", "areas_named_in_source",
                "rijksbijdrage_million_eur", "source_id", "note")


def load_deals(*, data_dir=None) -> pd.DataFrame:
    """The Regio Deals, validated: ``tranche`` int, ``announced`` date (NaT if not given), amount float (NaN).

    Raises
    ------
    DataError
        Checksum mismatch, a missing column, or a row (named by line and deal) with a tranche that is not a
        positive whole number, an unreadable date, a negative or non-numeric amount, or no name.
    """
    data = Registry.load(data_dir).read_bytes(DEALS_FILE)
    raw = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in DEAL_COLUMNS if c not in raw.columns]
    if missing:
        raise DataError(f"data/{DEALS_FILE}: missing column(s) {missing}; restore the file from git.")
    rows = []
    for i, r in raw.iterrows():
        where = f"data/{DEALS_FILE}, line {i + 2} ({r['deal_name_as_in_source'] or 'no name'})"
        if not r["deal_name_as_in_source"].strip():
            raise DataError(f"{where}: the deal has no name; fill in deal_name_as_in_source.")
        if not r["tranche"].isdigit() or int(r["tranche"]) < 1:
            raise DataError(f"{where}: tranche {r['tranche']!r} is not a positive whole number; correct the row.")
        try:
            announced = pd.to_datetime(r["announced"], format="%Y-%m-%d") if r["announced"] else pd.NaT
        except ValueError as exc:
            raise DataError(f"{where}: announced {r['announced']!r} is not a date YYYY-MM-DD; correct the row.") from exc
        amount = r["rijksbijdrage_million_eur"]
        try:
            value = float(amount) if amount else float("nan")
        except ValueError as exc:
            raise DataError(f"{where}: rijksbijdrage_million_eur {amount!r} is not a number; correct the row.") from exc
        if value < 0:
            raise DataError(f"{where}: negative rijksbijdrage_million_eur {value}; correct the row.")
        rows.append({"tranche": int(r["tranche"]), "announced": announced, "deal": r["deal_name_as_in_source"],
                     "areas": r["areas_named_in_source"], "amount": value, "source_id": r["source_id"],
                     "note": r.get("note", "")})
    return pd.DataFrame(rows)


def deals_by_tranche(deals: pd.DataFrame) -> pd.DataFrame:
    """Per tranche: deals, first announcement year, deals with a published national contribution, their sum.

    ``amount_sum`` is NaN where no amount is known (not zero); ``areas_named`` counts deals whose source
    names places.
    """
    g = deals.groupby("tranche")
    out = pd.DataFrame({
        "deals": g.size(),
        "year": g["announced"].min().dt.year.astype("Int64"),
        "with_amount": g["amount"].count(),
        "amount_sum": g["amount"].sum(min_count=1),
        "areas_named": g["areas"].apply(lambda s: int((s.str.strip() != "").sum())),
    })
    out.index.name = "tranche"
    return out


def deal_facts(deals: pd.DataFrame) -> dict[str, object]:
    """Numbers the chapter glues about the Regio Deals."""
    t = deals_by_tranche(deals)
    complete = t[t["with_amount"] == t["deals"]]
    return {
        "n_deals": len(deals), "n_tranches": len(t),
        "first_year": int(t["year"].min()), "last_year": int(t["year"].max()),
        "n_with_amount": int(deals["amount"].notna().sum()),
        "n_areas_named": int(t["areas_named"].sum()),
        "tranches_complete_amount": ", ".join(str(i) for i in complete.index) or "none",
        "amount_complete_sum": float(complete["amount_sum"].sum()),
        "amount_complete_deals": int(complete["deals"].sum()),
        **_by_difference(deals, t),
    }


def _by_difference(deals: pd.DataFrame, t: pd.DataFrame) -> dict[str, object]:
    """The deals whose tranche the file derives only by difference between two lists (their note says
    "minus tranches" and their one source is the overview list), and the size of their tranche."""
    note = deals["note"] if "note" in deals else pd.Series("", index=deals.index)
    source = deals["source_id"] if "source_id" in deals else pd.Series("", index=deals.index)
    only = source.str.strip().str.fullmatch(r"[A-Z0-9_]+") & note.str.contains("minus tranches", regex=False)
    tranches = sorted(deals.loc[only, "tranche"].unique())
    return {"n_by_difference": int(only.sum()), "by_difference_tranches": ", ".join(map(str, tranches)) or "none",
            "by_difference_tranche_deals": int(t.loc[tranches, "deals"].sum()) if tranches else 0}


def rd_facts(rd: regions.Indicator) -> dict[str, object]:
    """Concentration of R&D expenditure between provinces (levels, one period, one source).

    The shares are of the sum over the twelve provinces, which the source warns may differ from the
    national total (rounding, unallocated R&D).
    """
    v = rd.value.dropna().sort_values(ascending=False)
    names = rd.data.set_index("code")["name"]
    total = v.sum()
    return {
        "rd_period": rd.period, "rd_n": len(v), "rd_sum": float(total),
        "rd_top_name": names[v.index[0]], "rd_top": float(v.iloc[0]),
        "rd_top3_names": ", ".join(names[v.index[:3]]), "rd_top3_share": float(v.iloc[:3].sum() / total),
        "rd_min_name": names[v.index[-1]], "rd_min": float(v.iloc[-1]),
    }


def themes_table(tags: tuple[str, ...], works: pd.DataFrame) -> pd.DataFrame:
    """The works of several themes in one review table, with a *Theme* column first.

    A work tagged with two of the themes appears once under each, so a reader can filter on a theme by
    typing its name. Rows as :func:`analysis.literature.tables.theme_table` gives them.
    """
    from analysis.literature import tables, vocab

    parts = [tables.theme_table(tag, works).assign(_theme=vocab.label("keywords", tag)) for tag in tags]
    out = pd.concat(parts)
    out.insert(0, "Theme", out.pop("_theme"))
    return out


def deal_comparison(design_max: int) -> str:
    """Whether the Regio Deal studies compare deal regions with others over time, in the current language."""
    from analysis.language import tr

    return (tr("(so none compares deal regions with regions without a deal over time)") if design_max < 3
            else tr("(a controlled comparison over time)"))
