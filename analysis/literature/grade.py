"""Certainty of a body of evidence, the GRADE way: the one rule behind every evidence label of the book.

A body is the studies of one lever (or one condition they varied or measured) on one outcome. :func:`rate`
starts from the design of its most robust studies and rates down, domain by domain, each time with its
reason::

    from analysis.literature import grade
    rating = grade.rate(studies)          # studies: rows of bibliography.load() that test an effect
    rating.level, rating.direction, rating.reasons

The rule in words is :data:`RULE`; the methods appendix prints it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis.language import N_, number, tr
from analysis.literature import vocab

LEVELS: tuple[str, ...] = (N_("very low"), N_("low"), N_("moderate"), N_("high"))
"""Certainty levels, lowest first."""

DOMAINS: tuple[str, ...] = (N_("risk of bias"), N_("inconsistency"), N_("indirectness"), N_("imprecision"),
                             N_("publication bias"))
"""The five GRADE domains, in the order they are applied."""

ROBUST = 3
"""Design level from which a study counts as robust (a controlled comparison over time or better)."""

MIN_ROBUST = 2
"""Fewer robust studies than this on a lever and outcome: rated down for imprecision."""

MIN_CONSISTENT = 2 / 3
"""The most common finding among the studies that set the level must reach this share, or: inconsistency."""

MIN_LOW_BIAS = 0.5
"""At least this share of the studies that set the level must be at low risk of bias, or: risk of bias."""

EUROPE = frozenset("NL BE DE FR GB IE LU AT CH DK SE NO FI IS ES PT IT GR MT CY PL CZ SK HU SI HR RO BG EE LV LT EU".split())
"""Geography codes counted as European (setting indirectness)."""

DIRECTIONS: dict[str, str] = {"positive": N_("positive"), "null": N_("little or no effect"), "negative": N_("negative"),
                              "mixed": N_("mixed")}
"""How the most common finding of a body is stated."""

RULE_TEXT = N_(
    "A body of evidence is the studies that test an effect of one lever on one outcome. "
    "The studies that set its level are those at design level {robust} or higher, or all of them if none is. "
    "It starts *high* if one of those is randomised or a quasi-experiment (level 4–5), *moderate* if the best is a "
    "controlled comparison over time (3), *low* at a before-after comparison (2) and *very low* below. "
    "It is rated down one level for each of: **risk of bias**, if fewer than {min_low_bias} of the studies "
    "that set the level are at low risk of bias; **inconsistency**, if their most common finding is shared by "
    "fewer than {min_consistent} of them (positive, mixed, null and negative are four directions); "
    "**indirectness**, if none of them is from Europe, or most of them vary a package of several levers; "
    "**imprecision**, if fewer than {min_robust} studies are at level {robust} or higher; **publication bias**, if "
    "every study found a positive effect and none is an independent evaluation with a comparison. "
    "The direction is the most common finding of the studies that set the level (*mixed* where two tie); *little or "
    "no effect* is an answer too. A condition of a learning region gets a certainty only from the studies that "
    "varied or measured it."
)


def rule() -> str:
    """The rule in words, in the current language, with its thresholds (the methods appendix and the strand pages
    print it)."""
    return tr(RULE_TEXT).format(robust=number(ROBUST), min_low_bias=number(MIN_LOW_BIAS, ".0%"),
                                min_consistent=number(MIN_CONSISTENT, ".0%"), min_robust=number(MIN_ROBUST))


RULE = rule()
"""The rule in words (the methods appendix and the strand pages print it)."""


@dataclass(frozen=True)
class Rating:
    """The certainty of one body of evidence, with the reason for each domain (``None``: not rated down)."""

    level: str | None
    direction: str | None
    start: str
    reasons: dict[str, str | None] = field(default_factory=dict)
    studies: int = 0
    robust: int = 0
    keys: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """``"positive — low certainty"``, or ``"no study"`` (in the current language)."""
        return (tr("{direction} — {level} certainty").format(direction=tr(self.direction), level=tr(self.level))
                if self.level else tr("no study"))

    @property
    def downgrades(self) -> list[str]:
        """The domains rated down, each with its reason."""
        return [f"{d}: {r}" for d, r in self.reasons.items() if r]


def is_european(geography: list[str]) -> bool:
    """True if any of a work's geography codes is European (:data:`EUROPE`)."""
    return bool(set(geography) & EUROPE)


def _levers(interventions: list[str]) -> int:
    return sum(1 for t in interventions if t in vocab.LEVERS)


def rate(studies: pd.DataFrame) -> Rating:
    """Rate the certainty of ``studies`` (rows of :func:`analysis.literature.bibliography.load` that test an effect).

    Raises
    ------
    ValueError
        If a row tests no effect (its finding is not one of :data:`analysis.literature.vocab.TESTED`).
    """
    bad = studies.loc[~studies["finding"].isin(vocab.TESTED), "key"].tolist()
    if bad:
        raise ValueError(f"grade.rate: {', '.join(bad)} test no effect; pass only studies whose finding is one of "
                         f"{', '.join(vocab.TESTED)}")
    if studies.empty:
        return Rating(None, None, tr("no study"))
    design = studies["design"].fillna(0).astype(int)
    robust = studies[design >= ROBUST]
    body = robust if len(robust) else studies
    best = int(body["design"].fillna(0).max())
    start = 3 if best >= 4 else 2 if best == 3 else 1 if best == 2 else 0
    reasons: dict[str, str | None] = dict.fromkeys(DOMAINS)
    n = len(body)
    low = int((body["bias"] == "low").sum())
    if low / n < MIN_LOW_BIAS:
        concerns = body.loc[body["bias"] != "low", "bias_reason"].value_counts()
        why = ", ".join(f"{vocab.term_label(vocab.BIAS_REASONS, r).lower()} ({c})" for r, c in concerns.items() if r in vocab.BIAS_REASONS)
        reasons["risk of bias"] = (tr("{bad} of {n} studies at some concerns or high risk").format(bad=n - low, n=n)
                                   + (f": {why}" if why else ""))
    tally = body["finding"].value_counts()
    mode = tally.index[0]
    if n >= 2 and tally.iloc[0] / n < MIN_CONSISTENT:
        reasons["inconsistency"] = tr("findings differ: {tally}").format(
            tally=", ".join(f"{c} {vocab.term_label(vocab.FINDINGS, f).lower()}" for f, c in tally.items()))
    if not body["geography"].map(is_european).astype(bool).any():
        reasons["indirectness"] = tr("no study from the Netherlands or elsewhere in Europe")
    elif (body["intervention"].map(_levers) > 1).sum() > n / 2:
        reasons["indirectness"] = tr("most studies vary a package of several levers, not this one alone")
    if len(robust) < MIN_ROBUST:
        reasons["imprecision"] = (tr("only one study at design level {robust} or higher") if len(robust) == 1
                                  else tr("no study at design level {robust} or higher")).format(robust=ROBUST)
    if (studies["finding"] == "positive").all() and not (studies["bias_reason"] == "independent-comparison").any():
        reasons["publication bias"] = tr("every study positive and none an independent evaluation with a comparison")
    level = max(start - sum(1 for r in reasons.values() if r), 0)
    tied = len(tally) > 1 and tally.iloc[1] == tally.iloc[0]
    return Rating(
        level=LEVELS[level],
        direction=DIRECTIONS["mixed" if tied else mode],
        start=tr("starts {level}: most robust design level {best}").format(level=tr(LEVELS[start]), best=best),
        reasons=reasons, studies=len(studies), robust=len(robust), keys=tuple(studies["key"]),
    )


SENSITIVITY: dict[str, tuple[str, object]] = {
    "robust": (N_("Robust studies only"), lambda s: s[s["design"].fillna(0).astype(int) >= ROBUST]),
    "european": (N_("European studies only"), lambda s: s[s["geography"].map(is_european).astype(bool)]),
    "independent": (N_("Independent evaluations only"), lambda s: s[s["bias_reason"] == "independent-comparison"]),
}
"""Other rules under which a rating is recomputed: a label and a filter of the studies."""


def rate_under(studies: pd.DataFrame, rules: tuple[str, ...] = ()) -> Rating:
    """:func:`rate` after applying the filters of :data:`SENSITIVITY` named in ``rules``."""
    for rule in rules:
        studies = SENSITIVITY[rule][1](studies)
    return rate(studies)
