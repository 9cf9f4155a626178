"""The evidence of the chapter "Why the region": each function returns tables, indicators and facts.

A chapter cell calls one function here and glues its facts; the computations are in
:mod:`analysis.regional.compare`, the data come from :mod:`analysis.regional.regions`. Every series is taken from one
source (vintage); where two sources are set side by side (e.g. in a scatter) each axis is one source.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from scipy.stats import spearmanr

from analysis.language import N_
from analysis.regional import compare, regions
from analysis.book.facts import dutch, glue_facts, plain_facts
from analysis.regional.regions import Indicator

__all__ = [
    "OOST_GRONINGEN", "BRABANT_COROP", "glue_facts", "names", "national", "broad_wellbeing", "gdp_corop",
    "gdp_dispersion", "gdp_growth", "labour_market", "skills_series", "higher_educated", "profile_og_brabant",
    "income_links", "MUNI_HE", "MUNI_INCOME", "province_of", "municipal_maps", "within_between",
    "education_series", "unemployment_quarterly",
]

OOST_GRONINGEN = "CR01"
"""COROP code of Oost-Groningen (in the province of Groningen, PV20)."""
GRONINGEN, NOORD_BRABANT = "PV20", "PV30"
BRABANT_COROP = ["CR33", "CR34", "CR35", "CR36"]
"""The four COROP areas of Noord-Brabant: West-, Midden-, Noordoost- and Zuidoost-Noord-Brabant."""

EUROSTAT_GDP = "EUROSTAT_NAMA_10R_3GDP_DC"
EUROSTAT_POP = "EUROSTAT_DEMO_R_GIND3_DC"
EUROSTAT_EMP = "EUROSTAT_NAMA_10R_3EMPERS_DC"


def names(level: str) -> pd.Series:
    """Region name per code for a level."""
    return regions.boundaries(level).set_index("code")["name"]


def national(name: str, period: str | int, source_id: str) -> float:
    """The value for the Netherlands as a whole (``land`` rows) of one indicator, period and source."""
    df = regions.indicators()
    row = df[(df["region_level"] == "land") & (df["indicator"] == name) & (df["period"] == str(period))
             & (df["source_id"] == source_id)]
    if len(row) != 1:
        raise KeyError(f"no single national value for {name} {period} {source_id}")
    return float(row["value"].iloc[0])


def _derived(base: Indicator, values: pd.Series, *, name: str, unit: str, source: str | None = None) -> Indicator:
    """A new Indicator on the regions of ``base`` with computed values (NaN where no value)."""
    data = base.data.copy()
    data["value"] = data["code"].map(values).astype(float)
    return replace(base, data=data, name=name, unit=unit, source=source or base.source,
                   missing=data.loc[data["value"].isna(), "code"].tolist())


# ----------------------------------------------------------------------------- broad well-being
def broad_wellbeing() -> tuple[pd.DataFrame, Indicator, dict]:
    """Per province: 'here and now' indicators in the top and bottom quarter (CBS monitor 2023).

    Returns the balance table (:func:`analysis.regional.compare.balance`, with names), the balance as an
    Indicator for mapping, and facts for the text.
    """
    top = regions.indicator("bw_hier_en_nu_indicators_top_quartile", "provincie", 2023)
    bottom = regions.indicator("bw_hier_en_nu_indicators_bottom_quartile", "provincie", 2023)
    bal = compare.balance(top.value, bottom.value)
    bal.insert(0, "name", names("provincie").reindex(bal.index))
    net = _derived(top, bal["net"], name="bw_balance", unit=N_("indicators in top minus bottom quarter"))
    facts = {
        "bw_nb_top": bal.loc[NOORD_BRABANT, "top"], "bw_nb_bottom": bal.loc[NOORD_BRABANT, "bottom"],
        "bw_gr_top": bal.loc[GRONINGEN, "top"], "bw_gr_bottom": bal.loc[GRONINGEN, "bottom"],
        "bw_best": bal["name"].iloc[0], "bw_best_net": bal["net"].iloc[0],
        "bw_worst": bal["name"].iloc[-1], "bw_worst_net": bal["net"].iloc[-1],
        "bw_n_negative": int((bal["net"] < 0).sum()), "bw_n": len(bal),
    }
    return bal, net, plain_facts(facts)


# ----------------------------------------------------------------------------- GDP per inhabitant
def gdp_corop() -> tuple[Indicator, dict]:
    """GDP per inhabitant per COROP area, 2021, as CBS published it (CBS_RBW2022_H3)."""
    gdp = regions.indicator("gdp_per_inhabitant", "corop", 2021, source_id="CBS_RBW2022_H3", complete=True)
    v = gdp.value
    nm = names("corop")
    facts = {
        "gdp_max_name": nm[v.idxmax()], "gdp_max": v.max(), "gdp_min_name": nm[v.idxmin()], "gdp_min": v.min(),
        "gdp_ratio": v.max() / v.min(), "gdp_ratio_nl": dutch(v.max() / v.min()), "gdp_og": v[OOST_GRONINGEN],
        "gdp_og_rank": int(v.rank(ascending=False)[OOST_GRONINGEN]), "gdp_n": len(v),
    }
    return gdp, plain_facts(facts)


def gdp_dispersion() -> tuple[pd.DataFrame, dict]:
    """Dispersion of GDP per inhabitant per year between COROP areas and between provinces (Eurostat only).

    One source throughout (Eurostat nama_10r_3gdp, current prices), so the years are comparable. The
    population-weighted CV uses Eurostat population on 1 January of the same year and is only given
    where that exists for every region (COROP areas: 2015; provinces: 2010 and 2015).

    Returns a long table (``level``, ``period`` and the columns of :func:`analysis.regional.compare.dispersion`)
    and facts.
    """
    parts = []
    for level in ("corop", "provincie"):
        gdp = regions.series("gdp_per_inhabitant", level, source_id=EUROSTAT_GDP)
        data = pd.concat([i.data[["code", "value"]].assign(period=int(i.period[:4])) for i in gdp])
        pops = []
        for p in sorted(data["period"].unique()):
            try:
                pop = regions.indicator("population_total", level, p, source_id=EUROSTAT_POP)
            except regions.DataError:
                continue
            if not pop.missing:
                pops.append(pop.data[["code", "value"]].assign(period=p))
        weights = pd.concat(pops) if pops else None
        d = compare.dispersion_by_period(data, weights=weights).reset_index()
        d.insert(0, "level", level)
        parts.append(d)
    out = pd.concat(parts, ignore_index=True)
    c = out[out.level == "corop"].set_index("period")
    p = out[out.level == "provincie"].set_index("period")
    first, last = int(c.index.min()), int(c.index.max())
    facts = {
        "disp_first": first, "disp_last": last,
        "cv_corop_first": c.loc[first, "cv"], "cv_corop_last": c.loc[last, "cv"],
        "cvw_corop_2015": c.loc[2015, "cv_weighted"], "cv_corop_2015": c.loc[2015, "cv"],
        "maxmin_corop_first": c.loc[first, "max_min"], "maxmin_corop_last": c.loc[last, "max_min"],
        "cv_prov_first": p.loc[first, "cv"], "cv_prov_last": p.loc[last, "cv"],
        "cvw_prov_2015": p.loc[2015, "cv_weighted"],
    }
    return out, plain_facts(facts)


def gdp_growth(start: int = 2010, end: int = 2021) -> tuple[pd.DataFrame, dict]:
    """Nominal growth of GDP per inhabitant per COROP area (Eurostat, current prices), ``start``–``end``.

    Returns a table (``name``, ``start``, ``end``, ``growth`` in %) sorted by growth, and facts, among
    them the Spearman rank correlation between the starting level and growth (negative = the lower
    regions grew faster).
    """
    a = regions.indicator("gdp_per_inhabitant", "corop", start, source_id=EUROSTAT_GDP, complete=True).value
    b = regions.indicator("gdp_per_inhabitant", "corop", end, source_id=EUROSTAT_GDP, complete=True).value
    g = compare.growth(a, b)
    out = pd.DataFrame({"name": names("corop").reindex(g.index), "start": a, "end": b, "growth": g})
    out = out.sort_values("growth", ascending=False)
    rho = spearmanr(a, g).statistic
    facts = {
        "growth_og": g[OOST_GRONINGEN], "growth_median": g.median(), "growth_rho": rho,
        "growth_og_rank": int(g.rank(ascending=False)[OOST_GRONINGEN]),
        "growth_min_name": out["name"].iloc[-1], "growth_min": out["growth"].iloc[-1],
        "growth_max_name": out["name"].iloc[0], "growth_max": out["growth"].iloc[0],
        "og_share_nl_start": a[OOST_GRONINGEN] / national("gdp_per_inhabitant", start, EUROSTAT_GDP) * 100,
        "og_share_nl_end": b[OOST_GRONINGEN] / national("gdp_per_inhabitant", end, EUROSTAT_GDP) * 100,
        "growth_start": start, "growth_end": end, "growth_n_negative": int((g < 0).sum()),
    }
    return out, plain_facts(facts)


# ----------------------------------------------------------------------------- labour market
def labour_market() -> tuple[list[Indicator], dict]:
    """Unemployment and net labour participation per province, 2022 (CBS StatLine 85494NED).

    The unemployment rate is as published. Net participation is computed from the same table's
    counts: employed labour force ÷ population aged 15–75 (the CBS definition of net participation).
    """
    sid = "CBS_85494NED_2022"
    unemp = regions.indicator("unemployment_rate", "provincie", 2022, source_id=sid, complete=True)
    employed = regions.indicator("employed_labour_force", "provincie", 2022, source_id=sid, complete=True).value
    pop = regions.indicator("population_15_75", "provincie", 2022, source_id=sid, complete=True).value
    part = _derived(unemp, employed / pop * 100, name="net_labour_participation",
                    unit=N_("percent of population 15-75 (computed)"))
    nm = names("provincie")
    u, p = unemp.value, part.value
    facts = {
        "u_max_name": nm[u.idxmax()], "u_max": u.max(), "u_min_name": nm[u.idxmin()], "u_min": u.min(),
        "u_gr": u[GRONINGEN], "u_nb": u[NOORD_BRABANT], "u_nl": national("unemployment_rate", 2022, sid),
        "p_max_name": nm[p.idxmax()], "p_max": p.max(), "p_min_name": nm[p.idxmin()], "p_min": p.min(),
        "p_gr": p[GRONINGEN], "p_nb": p[NOORD_BRABANT],
        "u_og": national_corop("unemployment_rate", 2022, sid, OOST_GRONINGEN),
    }
    return [unemp, part], plain_facts(facts)


def national_corop(name: str, period, source_id: str, code: str) -> float:
    """One COROP area's value where a source covers only some COROP areas."""
    ind = regions.indicator(name, "corop", period, source_id=source_id)
    return float(ind.value[code])


# ----------------------------------------------------------------------------- skills
def skills_series() -> tuple[dict[str, pd.DataFrame], dict]:
    """Tertiary attainment and participation in learning per province, 2010–2019 (Eurostat, age 25–64).

    Returns two wide tables (index year, columns province names; the tertiary table also has
    "Nederland") and facts on the spread between provinces.
    """
    nm = names("provincie")
    out, facts = {}, {}
    spec = {
        "tertiary": ("pct_tertiary_educ_ISCED5_8_age25_64", "EUROSTAT_EDAT_LFSE_04_DC"),
        "lll": ("pct_participation_education_training_last4weeks_age25_64", "EUROSTAT_TRNG_LFSE_04_DC"),
    }
    for key, (name, sid) in spec.items():
        inds = regions.series(name, "provincie", source_id=sid)
        wide = pd.DataFrame({int(i.period): i.value for i in inds}).T.sort_index()
        long = wide.stack().rename("value").reset_index().set_axis(["period", "code", "value"], axis=1)
        disp = compare.dispersion_by_period(long)
        wide.columns = [nm[c] for c in wide.columns]
        first, last = int(wide.index.min()), int(wide.index.max())
        if key == "tertiary":
            wide["Nederland"] = [national(name, y, sid) for y in wide.index]
            facts[f"{key}_nl_first"] = wide.loc[first, "Nederland"]
            facts[f"{key}_nl_last"] = wide.loc[last, "Nederland"]
        prov = wide.drop(columns="Nederland", errors="ignore")
        facts.update({
            f"{key}_first": first, f"{key}_last": last,
            f"{key}_max_name": prov.loc[last].idxmax(), f"{key}_max": prov.loc[last].max(),
            f"{key}_min_name": prov.loc[last].idxmin(), f"{key}_min": prov.loc[last].min(),
            f"{key}_gap_first": prov.loc[first].max() - prov.loc[first].min(),
            f"{key}_gap_last": prov.loc[last].max() - prov.loc[last].min(),
            f"{key}_cv_first": disp.loc[first, "cv"], f"{key}_cv_last": disp.loc[last, "cv"],
            f"{key}_gr_last": prov.loc[last, nm[GRONINGEN]], f"{key}_nb_last": prov.loc[last, nm[NOORD_BRABANT]],
        })
        out[key] = wide
    return out, plain_facts(facts)


EDUCATION_YEARS = range(2019, 2024)
"""Years of ``data/regional/education_attainment_2019_2023.csv`` (CBS 85525NED, one download per year)."""


def _education_source(year: int) -> str:
    return f"CBS_85525NED_{year}_PV"


def higher_educated_province(year: int, level: str = "provincie") -> Indicator:
    """Share aged 15-75 with a higher-education degree (hbo/wo: CBS levels 31 + 32) per province in one year.

    From ``education_attainment_2019_2023.csv`` (CBS 85525NED, all 12 provinces, Limburg included). CBS publishes
    the five levels separately; "hoogopgeleid" is the sum of the two highest. 2023 is provisional.
    """
    sid = _education_source(year)
    a = regions.indicator("pct_educ_31_hbo_wo_bachelor", level, year, source_id=sid, complete=True)
    b = regions.indicator("pct_educ_32_hbo_wo_master_doctor", level, year, source_id=sid, complete=True)
    return _derived(a, (a.value + b.value).round(1), name="pct_higher_educated",
                    unit=N_("percent of population 15-75 with hbo/wo"))


def higher_educated(year: int = 2023) -> tuple[Indicator, dict]:
    """Share with a higher-education degree per province in ``year`` (default 2023, provisional), all 12 provinces."""
    ind = higher_educated_province(year)
    v = ind.value
    nm = names("provincie")
    facts = {"he_year": year, "he_max_name": nm[v.idxmax()], "he_max": v.max(), "he_min_name": nm[v.idxmin()],
             "he_min": v.min(), "he_n": int(v.notna().sum()), "he_limburg": v["PV31"]}
    return ind, plain_facts(facts)


def education_series() -> tuple[pd.DataFrame, dict]:
    """The hbo/wo share per province and for the Netherlands, every year 2019-2023, from one CBS table (85525NED).

    Each year is its own download of the table (its own source_id); the series does not mix tables. Returns a
    wide table (index year, columns province names and "Nederland") and facts on change and spread.
    """
    nm = names("provincie")
    cols = {}
    for year in EDUCATION_YEARS:
        v = higher_educated_province(year).value
        cols[year] = v.rename(index=nm)
        sid = _education_source(year)
        cols[year]["Nederland"] = round(national("pct_educ_31_hbo_wo_bachelor", year, sid)
                                        + national("pct_educ_32_hbo_wo_master_doctor", year, sid), 1)
    wide = pd.DataFrame(cols).T.sort_index()
    wide.index.name = "year"
    first, last = wide.index.min(), wide.index.max()
    prov = wide.drop(columns="Nederland")
    change = prov.loc[last] - prov.loc[first]
    facts = {
        "edu_first": int(first), "edu_last": int(last),
        "edu_nl_first": wide.loc[first, "Nederland"], "edu_nl_last": wide.loc[last, "Nederland"],
        "edu_max_name": prov.loc[last].idxmax(), "edu_max": prov.loc[last].max(),
        "edu_min_name": prov.loc[last].idxmin(), "edu_min": prov.loc[last].min(),
        "edu_gap_first": prov.loc[first].max() - prov.loc[first].min(),
        "edu_gap_last": prov.loc[last].max() - prov.loc[last].min(),
        "edu_rise_max_name": change.idxmax(), "edu_rise_max": change.max(),
        "edu_rise_min_name": change.idxmin(), "edu_rise_min": change.min(),
        "edu_n_rise": int((change > 0).sum()), "edu_n": len(change),
        "edu_limburg_2022": wide.loc[2022, nm["PV31"]], "edu_limburg_last": wide.loc[last, nm["PV31"]],
    }
    return wide, plain_facts(facts)


# ----------------------------------------------------------------------------- municipalities
MUNI_HE = "pct_hbo_wo_15_75"
"""The hbo/wo share of all persons aged 15-75 per municipality, 2023 (CBS 85525NED)."""
MUNI_INCOME = "avg_standardised_income_private_hh_excl_students"
"""Mean standardised income of private households (excl. students) per municipality, 2023 (CBS 70072NED)."""


def province_of() -> pd.Series:
    """The province of each 2023 municipality (overlay of the boundaries, :func:`analysis.regional.regions.lookup`)."""
    return regions.lookup().set_index("gm_code")["provincie_code"]


def municipal_maps() -> tuple[Indicator, Indicator, dict]:
    """The hbo/wo share and mean standardised income of all 342 municipalities, 2023, with facts for the text.

    Both are mapped in quantile classes. For income the facts show why: the mean income of a municipality is
    pulled up by a few very rich municipalities, so equal-width classes would put nearly all in the lowest class.
    """
    he = regions.indicator(MUNI_HE, "gemeente", 2023)
    inc = regions.indicator(MUNI_INCOME, "gemeente", 2023, complete=True)
    nm = names("gemeente")
    h, i = he.value.dropna(), inc.value
    width = (i.max() - i.min()) / 5
    top4 = i.sort_values(ascending=False).head(4)
    facts = {
        "gm_n": he.n_regions, "gm_he_n": len(h), "gm_he_missing": ", ".join(nm[c] for c in he.missing),
        "gm_he_min": h.min(), "gm_he_min_name": nm[h.idxmin()], "gm_he_max": h.max(), "gm_he_max_name": nm[h.idxmax()],
        "gm_he_median": h.median(), "gm_he_ratio": h.max() / h.min(),
        "gm_inc_min": i.min(), "gm_inc_min_name": nm[i.idxmin()], "gm_inc_max": i.max(), "gm_inc_max_name": nm[i.idxmax()],
        "gm_inc_median": i.median(), "gm_inc_mean": i.mean(), "gm_inc_max_to_median": i.max() / i.median(),
        "gm_inc_top4": ", ".join(f"{nm[c]} ({v:.1f})" for c, v in top4.items()),
        "gm_inc_n_lowest_equal_class": int((i <= i.min() + width).sum()),
        "gm_inc_equal_width": width,
        "gm_he_inc_rho": spearmanr(h, i.reindex(h.index)).statistic,
    }
    return he, inc, plain_facts(facts)


def within_between(ind: Indicator, prefix: str) -> tuple[compare.Decomposition, dict]:
    """How much municipalities differ within their province against how much provinces differ.

    The variance of the unweighted municipal values (every municipality counting once) is split exactly into a
    part between the provinces (the spread of the province means of their municipalities) and a part within them
    (:func:`analysis.regional.compare.decompose`). Facts are prefixed ``prefix`` (e.g. ``wb_he``).
    """
    d = compare.decompose(ind.value, province_of())
    g = d.groups
    nm = names("provincie")
    facts = {
        f"{prefix}_total": d.total, f"{prefix}_between": d.between, f"{prefix}_within": d.within,
        f"{prefix}_share_within": d.share_within * 100, f"{prefix}_share_between": d.share_between * 100,
        f"{prefix}_n": d.n, f"{prefix}_n_groups": d.n_groups,
        f"{prefix}_range_max_name": nm[g["range"].idxmax()], f"{prefix}_range_max": g["range"].max(),
        f"{prefix}_range_min_name": nm[g["range"].idxmin()], f"{prefix}_range_min": g["range"].min(),
        f"{prefix}_means_range": g["mean"].max() - g["mean"].min(),
        f"{prefix}_means_max_name": nm[g["mean"].idxmax()], f"{prefix}_means_min_name": nm[g["mean"].idxmin()],
        f"{prefix}_n_range_above_means": int((g["range"] > g["mean"].max() - g["mean"].min()).sum()),
    }
    return d, plain_facts(facts)


# ----------------------------------------------------------------------------- unemployment by quarter
UNEMPLOYMENT_QUARTERLY = "CBS_DASHBOARD_WERKLOOSHEID_PROVINCIE"
"""The revised quarterly series (2015Q1-2025Q1); never mixed with the older-basis figures of labour_market.csv."""


def unemployment_quarterly() -> tuple[pd.DataFrame, dict]:
    """Unemployment per province and for the Netherlands, every quarter 2015Q1-2025Q1, one source (CBS dashboard).

    Returns a wide table (index: the first day of each quarter, columns: province names and "Nederland") and facts
    on the latest quarters. The series is not seasonally adjusted, so the latest quarter is compared with the same
    quarter a year earlier, not with the quarter before.
    """
    sid = UNEMPLOYMENT_QUARTERLY
    inds = regions.series("unemployment_rate", "provincie", source_id=sid)
    nm = names("provincie")
    quarters = [regions.parse_quarter(i.period, where=f"{sid}") for i in inds]
    wide = pd.DataFrame({q: i.value.rename(index=nm) for q, i in zip(quarters, inds)}).T
    wide["Nederland"] = [national("unemployment_rate", i.period, sid) for i in inds]
    wide.index = pd.PeriodIndex(quarters, freq="Q")
    last = wide.index.max()
    year_before = last - 4
    prov = wide.drop(columns="Nederland")
    nl = wide["Nederland"]
    change = prov.loc[last] - prov.loc[year_before]
    low = nl.idxmin()
    gap = basis_gap()
    facts = {
        "uq_first": str(wide.index.min()), "uq_last": str(last), "uq_year_before": str(year_before),
        "uq_n_quarters": len(wide), "uq_n_prov": prov.shape[1],
        "uq_nl_first": nl.iloc[0], "uq_nl_last": nl[last], "uq_nl_year_before": nl[year_before],
        "uq_nl_low": nl.min(), "uq_nl_low_q": ", ".join(str(q) for q in nl.index[nl == nl.min()]),
        "uq_nl_low_first_q": str(low),
        "uq_max_name": prov.loc[last].idxmax(), "uq_max": prov.loc[last].max(),
        "uq_min_name": prov.loc[last].idxmin(), "uq_min": prov.loc[last].min(),
        "uq_n_up": int((change > 0).sum()), "uq_n_down": int((change < 0).sum()), "uq_n_same": int((change == 0).sum()),
        "uq_gr_last": prov.loc[last, nm[GRONINGEN]], "uq_nb_last": prov.loc[last, nm[NOORD_BRABANT]],
        "uq_gr_first": prov.iloc[0][nm[GRONINGEN]], "uq_nb_first": prov.iloc[0][nm[NOORD_BRABANT]],
        "uq_gap_first": prov.iloc[0].max() - prov.iloc[0].min(), "uq_gap_last": prov.loc[last].max() - prov.loc[last].min(),
        "uq_basis_gap": gap.mean(), "uq_basis_gap_min": gap.min(), "uq_basis_gap_max": gap.max(),
        "uq_basis_quarters": ", ".join(sorted(set(gap.index.get_level_values("period")))),
    }
    return wide, plain_facts(facts)


OLDER_BASIS = "CBS_ACHTERGROND_2017_20"
"""Unemployment per province for 2016Q1 and 2017Q1 as first published (before the 2021 redesign of the survey)."""


def basis_gap() -> pd.Series:
    """Revised minus first-published unemployment rate per province, for the quarters both sources give.

    The two are never put in one series; this only measures how far apart the two survey bases are. Indexed by
    (period, province code), in percentage points.
    """
    old = [regions.indicator("unemployment_rate", "provincie", p, source_id=OLDER_BASIS, complete=True)
           for p in ("2016Q1", "2017Q1")]
    parts = {}
    for ind in old:
        new = regions.indicator("unemployment_rate", "provincie", ind.period, source_id=UNEMPLOYMENT_QUARTERLY,
                                complete=True)
        parts[ind.period] = (new.value - ind.value).round(1)
    return pd.concat(parts, names=["period", "code"])


# ----------------------------------------------------------------------------- Oost-Groningen vs Brabant
PROFILE_LABELS = {
    "gdp_cbs_2021": N_("GDP per inhabitant, 2021 (CBS, 1000 euro)"),
    "gdp_pps_2021": N_("GDP per inhabitant in PPS, 2021 (Eurostat, EU27 = 100)"),
    "gdp_growth": N_("Growth of GDP per inhabitant, 2010–2021 (Eurostat, %, nominal)"),
    "jobs_per_100": N_("Jobs per 100 inhabitants, 2015 (Eurostat)"),
    "share_manufacturing": N_("Manufacturing, % of jobs, 2017 (Eurostat)"),
    "share_knowledge": N_("Information, finance, professional services, % of jobs, 2017 (Eurostat)"),
    "share_public": N_("Public administration, education, health, % of jobs, 2017 (Eurostat)"),
}
"""Indicators of the Oost-Groningen profile, in display order, with source and period."""


def _corop(name: str, period, source_id: str) -> pd.Series:
    return regions.indicator(name, "corop", period, source_id=source_id, complete=True).value


def profile_og_brabant() -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Oost-Groningen against the four Noord-Brabant COROP areas on every indicator with all 40 COROP areas.

    Returns the long profile (:func:`analysis.regional.compare.profile`; ranks among all 40 COROP areas, 100 =
    highest value), a wide display table and facts.
    """
    emp17 = _corop("employment_total", 2017, EUROSTAT_EMP)
    share = {k: _corop(f"employment_nace_{s}", 2017, EUROSTAT_EMP) for k, s in
             [("c", "c"), ("j", "j"), ("k", "k"), ("m_n", "m_n"), ("o_q", "o_q")]}
    values = {
        "gdp_cbs_2021": _corop("gdp_per_inhabitant", 2021, "CBS_RBW2022_H3"),
        "gdp_pps_2021": _corop("gdp_per_inhabitant_pps_index", 2021, EUROSTAT_GDP),
        "gdp_growth": compare.growth(_corop("gdp_per_inhabitant", 2010, EUROSTAT_GDP),
                                     _corop("gdp_per_inhabitant", 2021, EUROSTAT_GDP)),
        "jobs_per_100": _corop("employment_total", 2015, EUROSTAT_EMP)
        / _corop("population_total", 2015, EUROSTAT_POP) * 100_000,
        "share_manufacturing": share["c"] / emp17 * 100,
        "share_knowledge": (share["j"] + share["k"] + share["m_n"]) / emp17 * 100,
        "share_public": share["o_q"] / emp17 * 100,
    }
    long = pd.concat([v.rename("value").rename_axis("code").reset_index().assign(indicator=k)
                      for k, v in values.items()], ignore_index=True)
    focus = [OOST_GRONINGEN, *BRABANT_COROP]
    prof = compare.profile(long, focus)
    nm = names("corop")
    wide = prof.pivot(index="indicator", columns="code", values="value").reindex(list(PROFILE_LABELS))[focus]
    wide.columns = [nm[c] for c in wide.columns]
    ranks = prof[prof.code == OOST_GRONINGEN].set_index("indicator")
    rank40 = {k: int(v.rank(ascending=False)[OOST_GRONINGEN]) for k, v in values.items()}
    wide.insert(1, N_("Oost-Groningen: rank of 40"), [rank40[i] for i in wide.index])
    wide.index = [PROFILE_LABELS[i] for i in wide.index]
    wide.index.name = N_("Indicator (source, period)")
    gdp = values["gdp_cbs_2021"]
    facts = {
        "og_gdp": gdp[OOST_GRONINGEN], "nb_gdp_min": gdp[BRABANT_COROP].min(), "nb_gdp_max": gdp[BRABANT_COROP].max(),
        "nb_gdp_min_name": nm[gdp[BRABANT_COROP].idxmin()], "nb_gdp_max_name": nm[gdp[BRABANT_COROP].idxmax()],
        "og_jobs": values["jobs_per_100"][OOST_GRONINGEN],
        "nb_jobs_min": values["jobs_per_100"][BRABANT_COROP].min(),
        "nb_jobs_max": values["jobs_per_100"][BRABANT_COROP].max(),
        "og_manuf": values["share_manufacturing"][OOST_GRONINGEN],
        "og_public": values["share_public"][OOST_GRONINGEN],
        "nb_public_max": values["share_public"][BRABANT_COROP].max(),
        "og_knowledge": values["share_knowledge"][OOST_GRONINGEN],
        "nb_knowledge_min": values["share_knowledge"][BRABANT_COROP].min(),
        "og_n_bottom_quarter": int((ranks["pct_rank"] < 25).sum()), "og_n_indicators": len(ranks),
        "og_growth": values["gdp_growth"][OOST_GRONINGEN],
        "og_growth_rank": rank40["gdp_growth"],
    }
    return prof, wide, plain_facts(facts)


# ----------------------------------------------------------------------------- income and the rest
def income_links() -> tuple[pd.DataFrame, dict]:
    """How income relates to education and to broad well-being across the 12 provinces.

    Each axis is one source: GDP per inhabitant (Eurostat, 2015 and 2022), tertiary attainment
    (Eurostat, 2015) and the broad-well-being balance (CBS monitor 2023). Returns the province table and
    Spearman rank correlations.
    """
    gdp15 = regions.indicator("gdp_per_inhabitant", "provincie", 2015, source_id=EUROSTAT_GDP, complete=True).value
    gdp22 = regions.indicator("gdp_per_inhabitant", "provincie", 2022, source_id=EUROSTAT_GDP, complete=True).value
    tert = regions.indicator("pct_tertiary_educ_ISCED5_8_age25_64", "provincie", 2015, complete=True).value
    bal, _, _ = broad_wellbeing()
    table = pd.DataFrame({"name": names("provincie"), "gdp_2015": gdp15 / 1000, "tertiary_2015": tert,
                          "gdp_2022": gdp22 / 1000, "bw_net": bal["net"]})
    rho_tert = spearmanr(table["gdp_2015"], table["tertiary_2015"]).statistic
    rho_bw = spearmanr(table["gdp_2022"], table["bw_net"]).statistic
    rho_bw_tert = spearmanr(table["tertiary_2015"], table["bw_net"]).statistic
    gdp_rank = table["gdp_2022"].rank(ascending=False)
    facts = {
        "rho_gdp_tert": rho_tert, "rho_gdp_bw": rho_bw, "rho_tert_bw": rho_bw_tert,
        "gr_gdp_rank_2022": int(gdp_rank[GRONINGEN]), "gr_bw_rank": int(bal.loc[GRONINGEN, "rank"]),
        "nb_gdp_rank_2022": int(gdp_rank[NOORD_BRABANT]), "nb_bw_rank": int(bal.loc[NOORD_BRABANT, "rank"]),
    }
    return table, plain_facts(facts)


def class_facts(ind, k: int, prefix: str) -> dict[str, object]:
    """The number of classes a choropleth of ``ind`` draws and how many regions fall in each (``8`` when all
    classes are the same size, ``7–9`` otherwise), for the caption."""
    from analysis.regional import maps

    _, cls = maps.classify(ind.value.to_numpy(), k=k)
    sizes = pd.Series(cls[cls >= 0]).value_counts()
    text = str(sizes.min()) if sizes.min() == sizes.max() else f"{sizes.min()}–{sizes.max()}"
    return {f"{prefix}_k": int(sizes.size), f"{prefix}_class_sizes": text}
