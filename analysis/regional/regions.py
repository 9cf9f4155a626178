"""Dutch regions and regional indicators: load, validate, join.

Boundaries are the 2023 CBS/Kadaster generalised region boundaries (``data/geo/``); indicators are the
tidy tables transcribed from CBS and Eurostat (``data/regional/``). Every file is checked against its
sha256 in ``data/sources.yaml`` before it is read, and its content is validated: feature counts, codes
unique and known, values numeric and in range for their unit. A chapter asks for one series::

    from analysis.regional import regions
    gdp = regions.indicator("gdp_per_inhabitant", level="corop", period=2021)
    gdp.data        # GeoDataFrame: every COROP area, its value (NaN = no data), geometry in EPSG:28992
    gdp.missing     # codes of regions with no value
    gdp.source      # publisher and title of the table the values come from

and gets an error, not a silent mixture, when two periods, two vintages of a source or two survey bases
(``bases:`` in the registry, e.g. unemployment before and after the 2021 redesign of the Labour Force
Survey) would end up in one series. Timings of loading and mapping: ``python -m analysis.book.bench --data``.
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from analysis.language import N_
from analysis.regional.sources import DataError, Registry

CRS = "EPSG:28992"
"""Amersfoort / RD New: the CRS of every GeoDataFrame this module returns."""

LEVELS: tuple[str, ...] = ("landsdeel", "provincie", "corop", "arbeidsmarktregio", "gemeente")
"""The region levels with boundaries, coarse to fine."""

LEVEL_NAMES = {
    "landsdeel": N_("landsdeel (part of the country)"),
    "provincie": N_("province"),
    "corop": N_("COROP area"),
    "arbeidsmarktregio": N_("labour-market region"),
    "gemeente": N_("municipality"),
}
"""English names of the levels, for captions and legends."""

LEVEL_PLURALS = {
    "landsdeel": N_("landsdelen"),
    "provincie": N_("provinces"),
    "corop": N_("COROP areas"),
    "arbeidsmarktregio": N_("labour-market regions"),
    "gemeente": N_("municipalities"),
}

NUTS_TO_CBS_LEVEL = {"nuts2": "provincie", "nuts3": "corop"}
"""NUTS-2016 levels and the CBS level they are joined to through the crosswalk."""

INDICATOR_COLUMNS = ["region_level", "region_code", "region_name", "indicator", "period", "value", "unit", "source_id"]

LABELS = {
    "avg_standardised_income_private_hh_excl_students": N_("Mean standardised household income"),
    "pct_hbo_wo_15_75": N_("Share aged 15-75 with an hbo or wo degree"),
    "population_15_75": N_("Population aged 15-75"),
    "pct_educ_11_basisonderwijs": N_("Highest level: primary education (% of 15-75)"),
    "pct_educ_12_vmbo_havo_vwo_onderbouw_mbo1": N_("Highest level: vmbo, lower havo/vwo, mbo 1 (% of 15-75)"),
    "pct_educ_21_havo_vwo_mbo2_4": N_("Highest level: havo, vwo, mbo 2-4 (% of 15-75)"),
    "pct_educ_31_hbo_wo_bachelor": N_("Highest level: hbo or wo bachelor (% of 15-75)"),
    "pct_educ_32_hbo_wo_master_doctor": N_("Highest level: hbo or wo master, doctorate (% of 15-75)"),
    "employed_labour_force": N_("Employed labour force"),
    "unemployed_labour_force": N_("Unemployed labour force"),
    "not_in_labour_force": N_("Not in the labour force"),
    "rd_intensity_pct_gdp": N_("R&D intensity (% of GDP)"),
    "employment_nace_a": N_("Employment: agriculture, forestry and fishing (NACE A)"),
    "employment_nace_b_e": N_("Employment: industry except construction (NACE B-E)"),
    "employment_nace_c": N_("Employment: manufacturing (NACE C)"),
    "employment_nace_f": N_("Employment: construction (NACE F)"),
    "employment_nace_g_i": N_("Employment: trade, transport, accommodation and food (NACE G-I)"),
    "employment_nace_j": N_("Employment: information and communication (NACE J)"),
    "employment_nace_k": N_("Employment: financial and insurance activities (NACE K)"),
    "employment_nace_l": N_("Employment: real estate (NACE L)"),
    "employment_nace_m_n": N_("Employment: professional, scientific, technical and support services (NACE M-N)"),
    "employment_nace_o_q": N_("Employment: public administration, education, health and social work (NACE O-Q)"),
    "employment_nace_r_u": N_("Employment: arts, recreation and other services (NACE R-U)"),
    "gdp_per_inhabitant": N_("GDP per inhabitant"),
    "gdp_per_inhabitant_pps_index": N_("GDP per inhabitant in PPS (EU27 = 100)"),
    "gdp_market_prices": N_("GDP at market prices"),
    "gdp_volume_change": N_("GDP volume change"),
    "population_total": N_("Population"),
    "unemployment_rate": N_("Unemployment rate"),
    "net_labour_participation": N_("Net labour participation"),
    "gross_labour_participation": N_("Gross labour participation"),
    "employment_total": N_("Employment (place of work)"),
    "bw_hier_en_nu_indicators_top_quartile": N_("Broad well-being 'here and now': indicators in the top quarter"),
    "bw_hier_en_nu_indicators_bottom_quartile": N_("Broad well-being 'here and now': indicators in the bottom quarter"),
    "pct_happy_18plus": N_("Share of adults who are happy"),
    "pct_satisfied_with_life_18plus": N_("Share of adults satisfied with life"),
    "pct_tertiary_educ_ISCED5_8_age25_64": N_("Tertiary education attainment, age 25-64"),
    "pct_participation_education_training_last4weeks_age25_64":
        N_("Participation in education and training, age 25-64"),
    "rd_expenditure_own_personnel": N_("R&D expenditure (own personnel)"),
    "rd_labour_years_own_personnel": N_("R&D labour years (own personnel)"),
    "area_outside_main_province": N_("Area outside main province"),  # computed by analysis.chapters.what_region
}
"""Readable names of indicators (others fall back to the indicator name with spaces), in English: a figure writes
them in the current language (``tr(ind.label)``)."""

UNITS = (
    N_("percent of labour force (15-75)"), N_("persons"), N_("percent of population 15-75"),
    N_("percent of population 25-64"), N_("million euro"), N_("labour years (arbeidsjaren)"), N_("percent of GDP"),
    N_("1000 euro"), N_("x 1000 persons (employed persons, place of work)"), N_("x 1000 persons"), N_("euro"),
    N_("percent"), N_("euro (current prices, rounded to 100)"), N_("PPS per inhabitant, % of EU27(2020) average"),
    N_("count of indicators"), N_("percent of persons 18+"),
)
"""The units of the indicator tables (their ``unit`` column), as messages: a figure writes an indicator's unit in
the current language (``tr(ind.unit)``); the data keep it in English. A unit not listed here is drawn in English."""


def label(name: str) -> str:
    """A readable name of an indicator."""
    return LABELS.get(name, name.replace("_", " ").capitalize())


# ------------------------------------------------------------------------------------- helpers
def _registry(data_dir) -> Registry:
    return Registry.load(data_dir)


def _stamp(registry: Registry, name: str) -> tuple:
    """A cache key part that changes when the file changes on disk."""
    path = registry.data_dir / registry.entry(name).name
    try:
        st = path.stat()
        return (st.st_mtime_ns, st.st_size)
    except FileNotFoundError:
        return (None, None)


def _read_csv(registry: Registry, name: str) -> pd.DataFrame:
    data = registry.read_bytes(name)
    try:
        return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DataError(f"data/{name}: cannot be read as UTF-8 CSV ({exc}). Restore the file from git.") from exc


# ------------------------------------------------------------------------------------- crosswalks
@lru_cache(maxsize=16)
def _crosswalks(data_dir: Path, stamp: tuple) -> tuple[pd.DataFrame, pd.DataFrame]:
    registry = _registry(data_dir)
    nuts = _read_csv(registry, "regional/crosswalk_nuts2016_cbs.csv")
    gm = _read_csv(registry, "regional/crosswalk_gemeente_2023_regions.csv")
    return nuts, gm


def _xw(data_dir=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    registry = _registry(data_dir)
    stamp = _stamp(registry, "regional/crosswalk_nuts2016_cbs.csv") + _stamp(
        registry, "regional/crosswalk_gemeente_2023_regions.csv")
    return _crosswalks(registry.data_dir, stamp)


def nuts_crosswalk(data_dir=None) -> pd.DataFrame:
    """The NUTS-2016 → CBS crosswalk: ``nuts_level, nuts2016_code, cbs_code, cbs_name, basis``."""
    return _xw(data_dir)[0].copy()


def known_codes(level: str, data_dir=None) -> dict[str, str]:
    """Every CBS code of a level (2023 division) with its name, from the registered crosswalk."""
    _check_level(level)
    gm = _xw(data_dir)[1]
    col = {"gemeente": "gm", "corop": "corop", "arbeidsmarktregio": "arbeidsmarktregio",
           "provincie": "province", "landsdeel": "landsdeel"}[level]
    pairs = gm[[f"{col}_code", f"{col}_name"]].drop_duplicates()
    return dict(zip(pairs.iloc[:, 0], pairs.iloc[:, 1]))


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise DataError(f"unknown region level {level!r}; use one of {list(LEVELS)}.")


# ------------------------------------------------------------------------------------- boundaries
def boundaries(level: str, *, data_dir: Path | str | None = None) -> gpd.GeoDataFrame:
    """The 2023 boundaries of one region level, validated, in EPSG:28992 (RD New).

    Parameters
    ----------
    level
        One of :data:`LEVELS`.
    data_dir
        Data folder (default: the book's ``data/``); tests pass a copy.

    Returns
    -------
    GeoDataFrame
        Columns ``code`` (CBS code, e.g. ``PV20``), ``name`` (CBS name) and ``geometry``; one row per
        region, sorted by code. ``attrs["repaired"]`` lists codes whose generalised geometry was invalid
        and was repaired with :func:`shapely.make_valid` (area unchanged).

    Raises
    ------
    DataError
        Checksum mismatch, wrong feature count, duplicate, malformed, unknown or missing codes.
    """
    _check_level(level)
    registry = _registry(data_dir)
    entry = registry.boundary_file(level)
    gdf = _boundaries_cached(registry.data_dir, level, _stamp(registry, entry.name) + _stamp(
        registry, "regional/crosswalk_gemeente_2023_regions.csv"))
    out = gdf.copy()
    out.attrs = dict(gdf.attrs)
    return out


@lru_cache(maxsize=32)
def _boundaries_cached(data_dir: Path, level: str, stamp: tuple) -> gpd.GeoDataFrame:
    registry = _registry(data_dir)
    entry = registry.boundary_file(level)
    name = entry.name
    data = registry.read_bytes(name)
    try:
        raw = gpd.read_file(io.BytesIO(data))
    except Exception as exc:  # pyogrio raises its own error types
        raise DataError(f"data/{name}: cannot be read as GeoJSON ({exc}). Restore the file from git.") from exc
    for col in ("statcode", "statnaam"):
        if col not in raw.columns:
            raise DataError(f"data/{name}: no {col!r} property in the features. Is this a CBS boundary file?")
    expected = entry.get("features")
    if len(raw) != expected:
        raise DataError(
            f"data/{name}: {len(raw)} features, expected {expected} for level {level!r} "
            f"(data/sources.yaml). Restore the file from git or re-download it."
        )
    pattern = re.compile(entry.get("code_pattern", ".*"))
    for i, code in enumerate(raw["statcode"]):
        if not isinstance(code, str) or not pattern.match(code):
            raise DataError(
                f"data/{name}: feature {i + 1} has code {code!r}, which is not a {level} code "
                f"(pattern {pattern.pattern}). Fix or restore the file."
            )
    dup = raw["statcode"][raw["statcode"].duplicated()].tolist()
    if dup:
        raise DataError(f"data/{name}: duplicate region code(s) {dup}. Each region must appear once; restore the file.")
    known = known_codes(level, data_dir)
    unknown = sorted(set(raw["statcode"]) - set(known))
    if unknown:
        raise DataError(
            f"data/{name}: unknown region code(s) {unknown} — not in the 2023 division "
            "(data/regional/crosswalk_gemeente_2023_regions.csv). Check the file's year."
        )
    missing = sorted(set(known) - set(raw["statcode"]))
    if missing:
        raise DataError(f"data/{name}: region(s) {missing} of the 2023 {level} division have no boundary.")
    if raw.crs is None or raw.crs.to_epsg() != 4326:
        raise DataError(f"data/{name}: expected WGS84 (EPSG:4326) coordinates, found {raw.crs}.")
    gdf = gpd.GeoDataFrame(
        {"code": raw["statcode"].astype(str), "name": raw["statnaam"].astype(str)},
        geometry=raw.geometry.to_crs(CRS).values, crs=CRS,
    )
    invalid = ~gdf.is_valid
    repaired = gdf.loc[invalid, "code"].tolist()
    if repaired:
        gdf.loc[invalid, "geometry"] = shapely.make_valid(
            gdf.geometry[invalid].values, method="structure", keep_collapsed=False)
    gdf = gdf.sort_values("code", ignore_index=True)
    gdf.attrs = {"level": level, "file": name, "repaired": repaired, "attribution": entry.attribution}
    return gdf


# ------------------------------------------------------------------------------------- indicators
def indicators(names=None, *, data_dir: Path | str | None = None) -> pd.DataFrame:
    """Every indicator row of every registered indicator table, validated, as one tidy DataFrame.

    With ``names``, only the tables whose registry entry lists one of those indicators (``indicators:`` in
    ``data/sources.yaml``) are read, and only their rows of those indicators are returned.

    Columns: ``region_level, region_code, region_name, indicator, period, value, unit, source_id``
    and ``file`` (the table the row comes from). ``value`` is float; ``period`` is text as published
    (``2021``, ``2022Q1``, ``2023-01-01``, ``2013-2019``). NUTS rows keep their NUTS codes; join them
    to CBS codes with :func:`to_cbs`.

    Rows whose value the registry declares as not published (``no_value`` of the file) are kept out and
    listed by :func:`no_value`; their regions are "no data" in every series.

    Raises
    ------
    DataError
        Naming the file and line for a checksum mismatch, a missing column, an empty or non-numeric
        value that is not declared, a unit not in the registry or a value out of its range, an unknown
        region code or source_id, a period (e.g. a quarter label) that does not parse, a row from a source
        of another survey basis than the file's ``basis``, a duplicated row, or a region missing from a
        level the file records as complete (``complete_levels``).
    """
    registry = _registry(data_dir)
    entries = registry.by_kind("indicators") if names is None else registry.holding(names)
    frames = [_table_cached(registry.data_dir, e.name, _stamp(registry, e.name)) for e in entries]
    if not frames:
        return pd.DataFrame(columns=[*INDICATOR_COLUMNS, "file"])
    df = pd.concat(frames, ignore_index=True)
    return df if names is None else df[df["indicator"].isin(set(names))].reset_index(drop=True)


@lru_cache(maxsize=64)
def _table_cached(data_dir: Path, name: str, stamp: tuple) -> pd.DataFrame:
    registry = _registry(data_dir)
    nuts, _ = _xw(data_dir)
    codes = {lvl: set(known_codes(lvl, data_dir)) for lvl in LEVELS}
    codes["nuts2"] = set(nuts.loc[nuts["nuts_level"] == "2", "nuts2016_code"])
    codes["nuts3"] = set(nuts.loc[nuts["nuts_level"] == "3", "nuts2016_code"])
    codes["land"] = {"NL01", "NL"}
    entry = registry.entry(name)
    df = _validate_table(registry, entry, codes)
    listed, held = set(entry.get("indicators") or []), set(df["indicator"])
    if listed != held:
        raise DataError(f"data/{name}: its entry in data/sources.yaml lists the indicators {sorted(listed - held)} "
                        f"that the file does not hold, and not {sorted(held - listed)} that it does; make "
                        "`indicators:` of the entry the file's indicators.")
    return df


def _validate_table(registry: Registry, entry, codes: dict) -> pd.DataFrame:
    name = entry.name
    df = _read_csv(registry, name)
    missing_cols = [c for c in INDICATOR_COLUMNS if c not in df.columns]
    if missing_cols:
        raise DataError(f"data/{name}: missing column(s) {missing_cols}; an indicator table needs {INDICATOR_COLUMNS}.")
    df = df[INDICATOR_COLUMNS].copy()
    line = pd.Series(np.arange(len(df)) + 2, index=df.index)  # line 1 is the header

    def fail(mask, what, action):
        i = mask[mask].index[0]
        r = df.loc[i]
        raise DataError(
            f"data/{name}, line {line[i]} ({r['region_code']} {r['region_name']}, {r['indicator']}, "
            f"{r['period']}, {r['source_id']}): {what}. {action}"
        )

    for col in ("region_level", "region_code", "indicator", "period", "unit", "source_id"):
        empty = df[col].str.strip() == ""
        if empty.any():
            fail(empty, f"empty {col}", "Fill it in from the source or remove the row.")
    no_value = _declared_no_value(entry, df, fail)
    values = pd.to_numeric(df["value"].str.strip(), errors="coerce")
    bad = (values.isna() | ~np.isfinite(values)) & ~no_value
    if bad.any():
        i = bad[bad].index[0]
        fail(bad, f"value {df.loc[i, 'value']!r} is not a number",
             "Use '.' as the decimal mark and no thousands separator; leave regions without data out of the table, "
             "or, where the publisher has no value, list the row under the file's `no_value` in data/sources.yaml.")
    _check_periods(entry, df, fail)
    units = registry.units
    unknown_unit = ~df["unit"].isin(list(units))
    if unknown_unit.any():
        i = unknown_unit[unknown_unit].index[0]
        fail(unknown_unit, f"unit {df.loc[i, 'unit']!r} is not in data/sources.yaml `units`",
             "Add the unit there with its valid range (min, max).")
    lo = df["unit"].map(lambda u: units[u]["min"]).astype(float)
    hi = df["unit"].map(lambda u: units[u]["max"]).astype(float)
    out = (values < lo) | (values > hi)
    if out.any():
        i = out[out].index[0]
        fail(out, f"value {values[i]:g} is outside the range [{lo[i]:g}, {hi[i]:g}] of unit {df.loc[i, 'unit']!r}",
             "Check the transcription against the source (unit, decimal mark, thousands).")
    level_ok = df["region_level"].isin(list(codes))
    if not level_ok.all():
        i = (~level_ok)[~level_ok].index[0]
        fail(~level_ok, f"unknown region_level {df.loc[i, 'region_level']!r}",
             f"Use one of {sorted(codes)}.")
    known = pd.Series([c in codes[lv] for lv, c in zip(df["region_level"], df["region_code"])], index=df.index)
    if not known.all():
        i = (~known)[~known].index[0]
        fail(~known, f"unknown region code {df.loc[i, 'region_code']!r} for level {df.loc[i, 'region_level']!r}",
             "Use the 2023 CBS code (PV20-PV31, CR01-CR40, GM....) or a NUTS-2016 code listed in "
             "data/regional/crosswalk_nuts2016_cbs.csv.")
    declared = set(entry.get("source_ids") or [])
    undeclared = ~df["source_id"].isin(declared & set(registry.sources))
    if undeclared.any():
        i = undeclared[undeclared].index[0]
        fail(undeclared, f"source_id {df.loc[i, 'source_id']!r} is not registered for this file",
             "Add it to the file's source_ids and describe it under `sources:` in data/sources.yaml.")
    _check_basis(registry, entry, df, fail)
    key = ["region_level", "region_code", "indicator", "period", "source_id"]
    dup = df.duplicated(key, keep="first")
    if dup.any():
        fail(dup, "duplicate row (same region, indicator, period and source_id as an earlier line)",
             "Remove one of the two rows.")
    _check_complete(entry, df, codes)
    df["value"] = values.astype(float)
    df["file"] = name
    return df[~no_value]


def _check_complete(entry, df: pd.DataFrame, codes: dict) -> None:
    """For each level in the file's ``complete_levels``, every indicator and period has a row for every region.

    A row with a declared empty value (``no_value``) counts as present; a missing row is an error, so that no region
    is silently dropped from a table that the registry records as complete.
    """
    for level in entry.get("complete_levels") or []:
        sub = df[df["region_level"] == level]
        for (ind, per), g in sub.groupby(["indicator", "period"], sort=False):
            missing = sorted(codes[level] - set(g["region_code"]))
            if missing:
                shown = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
                raise DataError(
                    f"data/{entry.name}: {ind}, period {per}: no row for {len(missing)} {level} region(s) of the 2023 "
                    f"division ({shown}), but data/sources.yaml records the file as complete at level {level!r}. "
                    "Restore the missing rows; where the publisher has no value, keep the row with an empty value "
                    "and declare it under the file's `no_value`."
                )


def _declared_no_value(entry, df: pd.DataFrame, fail) -> pd.Series:
    """Rows with an empty value that the registry declares as 'no value published' (``no_value:`` of the file).

    Such rows are kept out of the indicator table (their region is "no data" in every series) and listed by
    :func:`no_value`. An empty value that is not declared is an error; so is a declaration without its empty row.
    """
    empty = df["value"].str.strip() == ""
    declared = pd.Series(False, index=df.index)
    for item in entry.get("no_value") or []:
        hit = (df["region_code"] == item.get("region_code")) & (df["indicator"] == item.get("indicator"))
        if not (hit & empty).any():
            raise DataError(
                f"data/{entry.name}: data/sources.yaml declares no value for {item.get('region_code')} "
                f"{item.get('indicator')}, but the file has no such row with an empty value. Remove the declaration "
                "or restore the row."
            )
        declared |= hit & empty
    return declared


QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
"""A quarter label as the tables write it: ``2015Q1``."""

PERIOD_FORMATS = {
    "year": re.compile(r"^\d{4}$"),
    "quarter": QUARTER,
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "years": re.compile(r"^\d{4}-\d{4}$"),
}
"""The ways a period may be written in an indicator table (``period_format`` of a file picks one)."""


def _check_periods(entry, df: pd.DataFrame, fail) -> None:
    """Every period is written in a known format; a file with ``period_format`` uses only that one."""
    only = entry.get("period_format")
    if only is not None and only not in PERIOD_FORMATS:
        raise DataError(f"data/sources.yaml: {entry.name} has period_format {only!r}; use one of {list(PERIOD_FORMATS)}.")
    allowed = [PERIOD_FORMATS[only]] if only else list(PERIOD_FORMATS.values())
    ok = df["period"].map(lambda p: any(f.match(p) for f in allowed))
    if ok.all():
        return
    i = (~ok)[~ok].index[0]
    label = df.loc[i, "period"]
    if only == "quarter" or re.search(r"q|k|kwartaal|quarter", label, re.IGNORECASE):
        fail(~ok, f"quarter label {label!r} does not parse",
             "Write a quarter as YYYYQn, e.g. 2015Q1 for the first quarter of 2015.")
    fail(~ok, f"period {label!r} does not parse",
         "Write a year (2021), a quarter (2021Q3), a date (2023-01-01) or a span of years (2013-2019).")


def _check_basis(registry: Registry, entry, df: pd.DataFrame, fail) -> None:
    """A file that declares a survey ``basis`` holds only rows from sources on that basis."""
    basis = entry.get("basis")
    if basis is None:
        return
    if basis not in registry.bases:
        raise DataError(f"data/sources.yaml: {entry.name} has basis {basis!r}, not described under `bases:`.")
    row_basis = df["source_id"].map(registry.basis)
    wrong = row_basis != basis
    if wrong.any():
        i = wrong[wrong].index[0]
        fail(wrong, f"mixed-basis series: source_id {df.loc[i, 'source_id']!r} is on basis {row_basis[i]!r}, but this "
             f"file holds only the {basis!r} series ({registry.bases[basis]})",
             "Keep figures of the other basis in their own table (e.g. labour_market.csv) under their own source_id.")


def parse_quarter(label: str, *, where: str = "") -> pd.Period:
    """The quarter of a label such as ``2015Q1`` as a :class:`pandas.Period`; a clear error if it does not parse."""
    m = QUARTER.match(str(label))
    if not m:
        raise DataError(f"{where + ': ' if where else ''}quarter label {label!r} does not parse; write it as YYYYQn "
                        "(e.g. 2015Q1).")
    return pd.Period(year=int(m.group(1)), quarter=int(m.group(2)), freq="Q")


def no_value(*, data_dir: Path | str | None = None) -> pd.DataFrame:
    """The rows the registry declares as 'no value published': ``file, region_code, indicator, reason``."""
    registry = _registry(data_dir)
    rows = [{"file": e.name, "region_code": item["region_code"], "indicator": item["indicator"],
             "reason": item.get("reason", "")}
            for e in registry.by_kind("indicators") for item in (e.get("no_value") or [])]
    return pd.DataFrame(rows, columns=["file", "region_code", "indicator", "reason"])


def to_cbs(df: pd.DataFrame, *, data_dir: Path | str | None = None) -> pd.DataFrame:
    """Join NUTS-2016 rows to CBS codes: ``nuts2`` → ``provincie``, ``nuts3`` → ``corop``.

    Returns a copy in which NUTS rows carry the CBS ``region_level``, ``region_code`` and
    ``region_name``, with the original code in a new column ``nuts_code`` (empty for other rows).
    Raises :class:`DataError` for a NUTS code that is not in the NUTS-2016 crosswalk.
    """
    nuts = _xw(data_dir)[0]
    mapping = dict(zip(nuts["nuts2016_code"], zip(nuts["cbs_code"], nuts["cbs_name"])))
    out = df.copy()
    is_nuts = out["region_level"].isin(list(NUTS_TO_CBS_LEVEL))
    out["nuts_code"] = pd.Series(pd.NA, index=out.index, dtype="string")
    if not is_nuts.any():
        return out
    codes = out.loc[is_nuts, "region_code"]
    unknown = sorted(set(codes) - set(mapping))
    if unknown:
        raise DataError(
            f"NUTS code(s) {unknown} are not in data/regional/crosswalk_nuts2016_cbs.csv; only NUTS-2016 codes "
            "can be joined (NUTS 2021/2024 codes differ for Utrecht, Zuid-Holland, Groningen and Friesland)."
        )
    out.loc[is_nuts, "nuts_code"] = codes
    out.loc[is_nuts, "region_code"] = codes.map(lambda c: mapping[c][0])
    out.loc[is_nuts, "region_name"] = codes.map(lambda c: mapping[c][1])
    out.loc[is_nuts, "region_level"] = out.loc[is_nuts, "region_level"].map(NUTS_TO_CBS_LEVEL)
    return out


# ------------------------------------------------------------------------------------- one series
@dataclass
class Indicator:
    """One indicator for every region of one level, one period and one source."""

    data: gpd.GeoDataFrame
    """Every region of the level: ``code, name, value, geometry`` (EPSG:28992); NaN = no data."""
    name: str
    level: str
    period: str
    """The period as published (``2021``, ``2022Q1``, ``2023-01-01`` …)."""
    unit: str
    source: str
    """Publisher and title of the source table."""
    source_id: str
    missing: list[str] = field(default_factory=list)
    """Codes of regions with no value."""
    attribution: str = ""
    """The boundary credit line every map of this indicator carries."""
    licence: str = ""
    """The licence of the data file the values come from (``licence`` of its entry in ``data/sources.yaml``)."""

    @property
    def label(self) -> str:
        """Readable name of the indicator."""
        return label(self.name)

    @property
    def value(self) -> pd.Series:
        """The values indexed by region code (NaN = no data)."""
        return self.data.set_index("code")["value"]

    @property
    def n_regions(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        have = self.n_regions - len(self.missing)
        return (f"Indicator({self.name!r}, level={self.level!r}, period={self.period!r}, unit={self.unit!r}, "
                f"source_id={self.source_id!r}, {have}/{self.n_regions} regions)")


def _select(name: str, level: str, data_dir) -> pd.DataFrame:
    _check_level(level)
    df = indicators([name], data_dir=data_dir)
    if df.empty:
        known = sorted({i for e in _registry(data_dir).files.values() if e.kind == "indicators"
                        for i in (e.get("indicators") or [])})
        close = difflib.get_close_matches(name, known, n=3)
        raise DataError(f"unknown indicator {name!r}" + (f"; did you mean {close}?" if close else f"; known: {known}"))
    df = to_cbs(df[df["indicator"] == name], data_dir=data_dir)
    sel = df[df["region_level"] == level]
    if sel.empty:
        levels = sorted(set(df["region_level"]) - {"land"})
        raise DataError(f"indicator {name!r} has no data at level {level!r}; it has levels {levels}.")
    return sel


def _describe(sel: pd.DataFrame) -> str:
    """Each source of ``sel`` with its periods (first to last when there are many), regions and unit."""
    parts = []
    for sid, g in sel.groupby("source_id", sort=True):
        periods = sorted(g["period"].unique())
        shown = ", ".join(periods) if len(periods) <= 3 else f"{periods[0]} to {periods[-1]}, {len(periods)} periods"
        per_period = g.groupby("period").size()
        regions_n = str(per_period.iloc[0]) if per_period.nunique() == 1 else f"{per_period.min()}-{per_period.max()}"
        parts.append(f"{sid} (period {shown}; {regions_n} regions; unit {g['unit'].iloc[0]!r})")
    return "; ".join(parts)


def _bases_note(sids: list[str], data_dir) -> str:
    """A sentence naming the survey bases of ``sids`` when they differ (e.g. unemployment before/after 2021)."""
    registry = _registry(data_dir)
    bases = {sid: registry.basis(sid) for sid in sids}
    if len(set(bases.values()) - {None}) < 2:
        return ""
    groups: dict[str, list[str]] = {}
    for sid, b in bases.items():
        groups.setdefault(b or "no basis recorded", []).append(sid)
    listed = "; ".join(f"{b} ({registry.bases.get(b, '')}): {', '.join(s)}".replace(" ()", "")
                       for b, s in groups.items())
    return f" They are on different survey bases, which must never meet in one series: {listed}."


def indicator(name: str, level: str, period: str | int, source_id: str | None = None, *,
              complete: bool = False, data_dir: Path | str | None = None) -> Indicator:
    """One indicator at one level for one period, joined to every region of that level.

    Parameters
    ----------
    name
        Indicator name as in the tables (e.g. ``gdp_per_inhabitant``; see :func:`catalogue`).
    level
        A level of :data:`LEVELS`. NUTS-2 rows serve ``provincie``, NUTS-3 rows serve ``corop``.
    period
        The period as published; a year (``2023``) also selects a date period of that year
        (``2023-01-01``) when that is the only one.
    source_id
        Which source (vintage) to use when more than one gives this indicator for this level and period.
        Without it, the default recorded under ``defaults:`` in ``data/sources.yaml`` is used, if any;
        otherwise two sources are an error.
    complete
        If true, raise when any region has no value instead of listing it in ``missing``.

    Raises
    ------
    DataError
        Unknown indicator or level; no data for the period (the message lists the periods there are);
        two sources, two periods or two units in one series (the message lists them and what to pass).
    """
    sel = _select(name, level, data_dir)
    want = str(period)
    exact = sel[sel["period"] == want]
    if exact.empty:
        exact = sel[sel["period"].str.startswith(want + "-")]
    if exact.empty:
        raise DataError(
            f"indicator {name!r} at level {level!r} has no data for period {want!r}; available: {_describe(sel)}."
        )
    if exact["period"].nunique() > 1:
        raise DataError(
            f"indicator {name!r} at level {level!r}: period {want!r} matches several periods "
            f"{sorted(exact['period'].unique())}, which must not be mixed in one series; pass the exact period."
        )
    if source_id is not None:
        chosen = exact[exact["source_id"] == source_id]
        if chosen.empty:
            raise DataError(
                f"indicator {name!r} at level {level!r}, period {want!r}: no data from source_id {source_id!r}; "
                f"available: {_describe(exact)}."
            )
        exact = chosen
    sids = sorted(exact["source_id"].unique())
    default = _registry(data_dir).defaults.get(name, {}).get(level)
    if len(sids) > 1 and default in sids:
        exact, sids = exact[exact["source_id"] == default], [default]
    if len(sids) > 1:
        raise DataError(
            f"indicator {name!r} at level {level!r}, period {want!r} comes from {len(sids)} sources (vintages) that "
            f"must not be mixed in one series: {_describe(exact)}.{_bases_note(sids, data_dir)} "
            f"Pass source_id=... with one of {sids}."
        )
    if exact["unit"].nunique() > 1:
        raise DataError(f"indicator {name!r} ({sids[0]}) mixes units {sorted(exact['unit'].unique())} in one series.")
    dup = exact["region_code"][exact["region_code"].duplicated()]
    if not dup.empty:
        raise DataError(
            f"indicator {name!r} at level {level!r}, period {want!r}, {sids[0]}: region(s) {sorted(set(dup))} appear "
            "twice (e.g. as a CBS and a NUTS row); remove the duplicate from the table."
        )
    geo = boundaries(level, data_dir=data_dir)
    unknown = sorted(set(exact["region_code"]) - set(geo["code"]))
    if unknown:
        raise DataError(f"indicator {name!r}: region code(s) {unknown} are not {level} regions of 2023.")
    values = exact.set_index("region_code")["value"]
    data = geo[["code", "name", "geometry"]].copy()
    data.insert(2, "value", data["code"].map(values).astype(float))
    missing = data.loc[data["value"].isna(), "code"].tolist()
    sid = sids[0]
    registry = _registry(data_dir)
    if complete and missing:
        names = dict(zip(data["code"], data["name"]))
        raise DataError(
            f"indicator {name!r} at level {level!r}, period {want!r} ({sid}, data/{exact['file'].iloc[0]}): "
            f"no value for region(s) {', '.join(f'{c} {names[c]}' for c in missing)}. "
            "Use another source_id or level with full coverage, or call with complete=False to map them as 'no data'."
        )
    return Indicator(
        data=data, name=name, level=level, period=str(exact["period"].iloc[0]), unit=str(exact["unit"].iloc[0]),
        source=registry.source_text(sid), source_id=sid, missing=missing, attribution=geo.attrs["attribution"],
        licence=_licence_text(registry.files[exact["file"].iloc[0]].get("licence", "")),
    )


def _licence_text(text) -> str:
    return " ".join(str(text or "").split())


def licence(*source_ids: str, data_dir: Path | str | None = None) -> str:
    """The licence(s) of the data files that declare any of ``source_ids`` in ``data/sources.yaml``, joined by "; ".

    Raises :class:`DataError` when no registered file declares one of them.
    """
    registry = _registry(data_dir)
    out = []
    for sid in source_ids:
        found = [_licence_text(e.get("licence", "")) for e in registry.files.values()
                 if sid in (e.get("source_ids") or [])]
        if not found:
            raise DataError(f"source_id {sid!r}: no file in data/sources.yaml declares it, so its licence is unknown; "
                            "add it to the source_ids of the file it comes from.")
        out += found
    return "; ".join(dict.fromkeys(out))


def figure_meta(inds: Indicator | list[Indicator]) -> dict:
    """Source, period, unit and licence of the indicator(s) a figure draws (for ``lr_meta``)."""
    inds = inds if isinstance(inds, list) else [inds]

    def join(values):
        return "; ".join(dict.fromkeys(str(v) for v in values if str(v)))

    return {"source": join(i.source for i in inds), "period": join(i.period for i in inds),
            "unit": join(i.unit for i in inds), "licence": join(i.licence for i in inds),
            "boundaries": join(i.attribution for i in inds)}


def figure_data(inds: Indicator | list[Indicator]) -> pd.DataFrame:
    """The values a map of ``inds`` draws: one row per region (and indicator), NaN where it shows "no data"."""
    inds = inds if isinstance(inds, list) else [inds]
    frames = []
    for i in inds:
        f = pd.DataFrame({"indicator": i.name, "level": i.level, "code": i.data["code"].to_numpy(),
                          "name": i.data["name"].to_numpy(), "period": str(i.period),
                          "value": i.data["value"].to_numpy(dtype=float), "unit": i.unit})
        frames.append(f)
    return pd.concat(frames, ignore_index=True)


def attach(obj, data: pd.DataFrame, meta: dict):
    """Attach to a drawn figure the data it draws (``obj.lr_data``) and where they come from (``obj.lr_meta``)."""
    obj.lr_data = data if isinstance(data.index, pd.RangeIndex) else data.reset_index()
    obj.lr_meta = dict(meta)
    return obj


def series(name: str, level: str, periods: list | None = None, source_id: str | None = None, *,
           data_dir: Path | str | None = None) -> list[Indicator]:
    """The same indicator for several periods, all from ONE source (vintage).

    Without ``periods``, every period the source has at this level, in order. Raises
    :class:`DataError` when the indicator comes from more than one source and ``source_id`` is not given.
    """
    sel = _select(name, level, data_dir)
    sids = sorted(sel["source_id"].unique())
    if source_id is None:
        if len(sids) > 1:
            raise DataError(
                f"indicator {name!r} at level {level!r} comes from {len(sids)} sources (vintages) that must not be "
                f"mixed in one series: {_describe(sel)}.{_bases_note(sids, data_dir)} "
                f"Pass source_id=... with one of {sids}."
            )
        source_id = sids[0]
    elif source_id not in sids:
        raise DataError(f"indicator {name!r} at level {level!r}: no data from {source_id!r}; available: {sids}.")
    own = sorted(sel.loc[sel["source_id"] == source_id, "period"].unique())
    periods = own if periods is None else [str(p) for p in periods]
    return [indicator(name, level, p, source_id=source_id, data_dir=data_dir) for p in periods]


def catalogue(*, data_dir: Path | str | None = None) -> pd.DataFrame:
    """What can be mapped: one row per indicator, CBS level, period and source, with coverage."""
    df = to_cbs(indicators(data_dir=data_dir), data_dir=data_dir)
    df = df[df["region_level"].isin(LEVELS)]
    totals = {lvl: len(known_codes(lvl, data_dir)) for lvl in LEVELS}
    out = (df.groupby(["indicator", "region_level", "period", "source_id", "unit"], as_index=False)
             .agg(regions=("region_code", "nunique")))
    out["of"] = out["region_level"].map(totals)
    return out.rename(columns={"region_level": "level"})


def coverage(files: list[str] | None = None, *, data_dir: Path | str | None = None) -> pd.DataFrame:
    """What each indicator table covers, computed on load: one row per file, indicator and CBS level.

    Columns ``file, indicator, level, periods`` (number), ``first``, ``last``, ``regions`` (fewest regions with a
    value in any period), ``of`` (regions of the level in 2023) and ``no_value`` (rows declared as 'no value
    published'). ``files`` limits the table to those files (relative to ``data/``).
    """
    df = to_cbs(indicators(data_dir=data_dir), data_dir=data_dir)
    if files is not None:
        df = df[df["file"].isin(files)]
    gaps = no_value(data_dir=data_dir)
    totals = {lvl: len(known_codes(lvl, data_dir)) for lvl in LEVELS}
    rows = []
    for (file, ind, level), g in df.groupby(["file", "indicator", "region_level"], sort=False):
        per_period = g.groupby("period")["region_code"].nunique()
        rows.append({"file": file, "indicator": ind, "level": level, "periods": len(per_period),
                     "first": min(per_period.index), "last": max(per_period.index),
                     "regions": int(per_period.min()), "of": totals.get(level, 1),
                     "no_value": int(((gaps["file"] == file) & (gaps["indicator"] == ind)).sum())})
    return pd.DataFrame(rows, columns=["file", "indicator", "level", "periods", "first", "last", "regions", "of",
                                       "no_value"])


# ------------------------------------------------------------------------------------- lookup
LOOKUP_LEVELS = ("provincie", "corop", "arbeidsmarktregio", "landsdeel")


def lookup(*, data_dir: Path | str | None = None) -> pd.DataFrame:
    """For each 2023 municipality, the province, COROP area, labour-market region and landsdeel it lies in.

    Computed by overlay of the boundaries (EPSG:28992): each municipality is assigned to the region
    holding the largest share of its area. ``<level>_share`` is that share (1.0 = wholly inside;
    below 1 only because generalised boundaries do not match exactly).

    Columns: ``gm_code, gm_name`` and, per level in (provincie, corop, arbeidsmarktregio, landsdeel),
    ``<level>_code, <level>_name, <level>_share``.
    """
    registry = _registry(data_dir)
    stamp = tuple(_stamp(registry, e.name) for e in registry.by_kind("boundaries"))
    return _lookup_cached(registry.data_dir, stamp).copy()


@lru_cache(maxsize=8)
def _lookup_cached(data_dir: Path, stamp: tuple) -> pd.DataFrame:
    gm = boundaries("gemeente", data_dir=data_dir)
    gm = gm.assign(gm_area=gm.area)
    out = pd.DataFrame({"gm_code": gm["code"], "gm_name": gm["name"]})
    for level in LOOKUP_LEVELS:
        reg = boundaries(level, data_dir=data_dir).rename(columns={"code": "r_code", "name": "r_name"})
        pieces = gpd.overlay(gm[["code", "gm_area", "geometry"]], reg, how="intersection", keep_geom_type=True)
        pieces["share"] = pieces.area / pieces["gm_area"]
        best = pieces.sort_values("share", ascending=False).drop_duplicates("code").set_index("code")
        out[f"{level}_code"] = out["gm_code"].map(best["r_code"])
        out[f"{level}_name"] = out["gm_code"].map(best["r_name"])
        out[f"{level}_share"] = out["gm_code"].map(best["share"]).round(4)
        lost = out.loc[out[f"{level}_code"].isna(), "gm_code"].tolist()
        if lost:
            raise DataError(f"municipalities {lost} overlap no {level} region in the 2023 boundaries.")
    return out


def compare_lookup(*, data_dir: Path | str | None = None) -> pd.DataFrame:
    """Rows where :func:`lookup` disagrees with ``data/regional/crosswalk_gemeente_2023_regions.csv``."""
    ours = lookup(data_dir=data_dir).set_index("gm_code")
    theirs = _xw(data_dir)[1].set_index("gm_code")
    cols = {"provincie": "province", "corop": "corop", "arbeidsmarktregio": "arbeidsmarktregio",
            "landsdeel": "landsdeel"}
    rows = []
    for level, col in cols.items():
        a = ours[f"{level}_code"]
        b = theirs[f"{col}_code"].reindex(a.index)
        for code in a.index[a != b]:
            rows.append({"gm_code": code, "gm_name": ours.loc[code, "gm_name"], "level": level,
                         "overlay": a[code], "crosswalk": b[code], "share": ours.loc[code, f"{level}_share"]})
    return pd.DataFrame(rows, columns=["gm_code", "gm_name", "level", "overlay", "crosswalk", "share"])


def clear_caches() -> None:
    """Forget every cached table and boundary (and the registry), so the next call reads ``data/`` again."""
    from analysis.regional.sources import _load_registry

    for fn in (_boundaries_cached, _table_cached, _crosswalks, _lookup_cached):
        fn.cache_clear()
    _load_registry.cache_clear()


def area_indicator(level: str = "gemeente") -> Indicator:
    """The area of each region of ``level`` in km², computed from the 2023 boundaries (for tests and benchmarks)."""
    geo = boundaries(level)
    data = geo[["code", "name", "geometry"]].copy()
    data.insert(2, "value", (geo.area / 1e6).round(1))
    return Indicator(data=data, name="area_km2", level=level, period="2023", unit="km²",
                     source="computed from the 2023 boundaries", source_id="CARTOMAP_NL_7234D7F",
                     missing=[], attribution=geo.attrs["attribution"], licence=licence("CARTOMAP_NL_7234D7F"))
