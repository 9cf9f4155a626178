"""The strands of *What works*, rendered: the engine's tables and values put into the templates of this wing.

Every evidence label the pages show is made here from :func:`analysis.literature.grade.rate`, inside a
``<span class="lr-certainty">`` that names its strand and outcome, so that a test of the built book can check each
label against the computation. A strand page calls :func:`glue_strand`; *What works* calls :func:`glue_overview`::

    from analysis.chapters import strands
    strands.glue_strand("sector-training")
"""

from __future__ import annotations

import html
from pathlib import Path

import jinja2
import pandas as pd
import yaml

from analysis.book.facts import variant_key
from analysis.language import LANGUAGES, MAIN, N_, current, excel_nl, tr, using
from analysis.literature import bibliography, grade, strands, tables, vocab

HERE = Path(__file__).parent
LEVERS_FILE = HERE / "levers.yaml"
"""The fixed text of each strand page (Dutch name, Dutch forms, what to consider)."""

PAGE = "strand-{lever}.html"
"""The built page of a strand."""

REGION_PAGE = "your-region.html"
"""The page with a profile of every Dutch region; ``#<code>`` opens one."""

METHODS_PAGE = "methods.html#how-sure-we-can-be"

KINDS = {"GM": N_("municipality"), "CR": N_("COROP area"), "AM": N_("labour-market region"), "PV": N_("province"),
         "LD": N_("landsdeel")}

LEVEL_NL = {"very low": "zeer lage", "low": "lage", "moderate": "redelijke", "high": "hoge"}
DIRECTION_NL = {"positive": "positief", "little or no effect": "weinig of geen effect", "negative": "negatief",
                "mixed": "gemengd"}
OUTCOME_NL = {"innovation": "innovatie", "productivity-growth": "productiviteit en groei", "employment": "werk",
              "skills-training": "vaardigheden en scholing", "education-outcomes": "onderwijsuitkomsten",
              "collaboration-networks": "samenwerking en netwerken", "policy-process": "het beleidsproces",
              "well-being": "welzijn"}

SECTIONS = ("samenvatting", "headline", "what", "found", "behind", "netherlands", "implement", "consider", "sure")
"""The sections of a strand page, in order; each is one macro of ``templates/strand.md.j2``."""

TEMPLATES = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), undefined=jinja2.StrictUndefined,
                            trim_blocks=True, lstrip_blocks=True, autoescape=False, keep_trailing_newline=True)
TEMPLATES.filters["tr"] = tr


def template(name: str) -> jinja2.Template:
    """The template ``name`` (``strand.md.j2``) in the current language: ``strand.nl.md.j2`` for Dutch."""
    lang = current()
    return TEMPLATES.get_template(name if lang == MAIN else name.replace(".md.j2", f".{lang}.md.j2"))


def levers_text(path: Path = LEVERS_FILE) -> dict[str, dict]:
    """The fixed text per lever; fails naming the file and the lever when one is missing or unknown."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    missing = [lv for lv in vocab.LEVERS if lv not in data]
    unknown = [lv for lv in data if lv not in vocab.LEVERS]
    if missing or unknown:
        raise KeyError(f"{path.name}: levers without text {missing}, text for unknown levers {unknown}; "
                       "give every lever of analysis/literature/vocab.py INTERVENTIONS its entry")
    for lever, entry in data.items():
        for field in ("nl", "dutch", "consider"):
            if not entry.get(field):
                raise KeyError(f"{path.name}: lever '{lever}' has no '{field}'; add it")
    return data


def certainty_html(level: str | None, strand: str, outcome: str) -> str:
    """A certainty label the built-book test can find and check: ``<span class="lr-certainty" ...>low</span>``."""
    shown = level or "no study"
    return (f'<span class="lr-certainty lr-{shown.replace(" ", "-")}" data-strand="{strand}" '
            f'data-outcome="{outcome}" data-level="{shown}">{tr(shown)}</span>')


def cite(row) -> str:
    """A link from a work's citation label to its bibliography entry."""
    return tables.work_link(row["key"], row["citation"])


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _study(row) -> dict:
    where = ", ".join(row["geography"]) or tr("place not coded")
    design = tr("not coded") if pd.isna(row["design"]) else str(int(row["design"]))
    effect = (bibliography.coded(row["key"], "effect", row["effect"])
              if row["effect"] and not row["effect"].lower().startswith(vocab.NOT_REPORTED) else "")
    return {"cite": cite(row), "finding": vocab.term_label(vocab.FINDINGS, row["finding"]).lower(), "design": design,
            "bias": vocab.term_label(vocab.BIAS, row["bias"]).lower() if row["bias"] else tr("uncoded"),
            "bias_reason": vocab.term_label(vocab.BIAS_REASONS, row["bias_reason"]).lower() if row["bias_reason"] else "",
            "where": where, "note": _esc(bibliography.coded(row["key"], "finding_note", row["finding_note"])),
            "effect": _esc(effect)}


def place_links(codes: list[str]) -> str:
    """Dutch regions as links to their profiles, with their kind."""
    names = bibliography.place_names()
    return ", ".join(f'<a href="{REGION_PAGE}#{c}">{_esc(names[c])}</a> ({tr(KINDS[c[:2]])})' for c in codes if c != "NL")


def _groups(s: pd.DataFrame) -> list[dict]:
    robust = s["design"].fillna(0) >= grade.ROBUST
    europe = s["geography"].map(grade.is_european).astype(bool)
    indep = s["bias_reason"] == "independent-comparison"
    dutch = s["geography"].map(lambda g: "NL" in g).astype(bool)
    out = []
    for label, mask in ((N_("Design level 3 or higher"), robust), (N_("Design level 0–2"), ~robust),
                        (N_("From Europe"), europe), (N_("From elsewhere"), ~europe),
                        (N_("From the Netherlands"), dutch),
                        (N_("Independent evaluation with a comparison"), indep), (N_("All other studies"), ~indep)):
        sub = s[mask]
        if len(sub):
            out.append({"key": label, "label": tr(label), "n": len(sub),
                        "counts": [int((sub["finding"] == f).sum()) for f in vocab.TESTED]})
    return out


def _behind_lines(s: pd.DataFrame, groups: list[dict]) -> list[str]:
    def share(g):
        return g["counts"][0] / g["n"]
    by = {g["key"]: g for g in groups}
    lines = []
    a, b = by.get("Design level 3 or higher"), by.get("Design level 0–2")
    if a and b:
        counts = {"b": b["counts"][0], "bn": b["n"], "a": a["counts"][0], "an": a["n"]}
        if share(b) > share(a):
            lines.append(tr("The less robust studies report a positive effect more often than the robust ones ({b} of "
                            "{bn} against {a} of {an}), as is usual when designs without a credible comparison are "
                            "counted.").format(**counts))
        elif share(b) < share(a):
            lines.append(tr("The less robust studies report a positive effect less often than the robust ones ({b} of "
                            "{bn} against {a} of {an}).").format(**counts))
        else:
            lines.append(tr("The less robust studies report a positive effect as often as the robust ones ({b} of {bn} "
                            "against {a} of {an}).").format(**counts))
    a, b = by.get("From Europe"), by.get("From elsewhere")
    if a and b:
        lines.append(tr("Studies from Europe found a positive effect in {a} of {an} cases, studies from elsewhere in "
                        "{b} of {bn}.").format(a=a["counts"][0], an=a["n"], b=b["counts"][0], bn=b["n"]))
    elif not a:
        lines.append(tr("None of the studies is from Europe."))
    years = s["year"].dropna()
    if len(years):
        lines.append(tr("They were published between {first} and {last}.").format(first=int(years.min()),
                                                                                  last=int(years.max())))
    return lines


def strand_values(df: pd.DataFrame, lever: str) -> dict:
    """Everything a strand page shows, computed: headline rows, studies per outcome, groups, Dutch studies,
    lessons, costs and the GRADE table."""
    text = levers_text()[lever]
    s = strands.studies(df, lever)
    r = strands.ratings(df, lever)
    rows = []
    for _, x in r.iterrows():
        top = s[strands.has(s["outcomes"], x["outcome"])]
        eff = [(k, e) for k, e in x["effects"]][:1]
        eff_html = (f"{_esc(bibliography.coded(eff[0][0], 'effect', eff[0][1]))} "
                    f"({cite(top[top['key'] == eff[0][0]].iloc[0])})" if eff else tr(vocab.NOT_REPORTED))
        rows.append({"outcome": x["outcome"], "label": x["label"], "direction": tr(x["direction"]),
                     "certainty": x["certainty"], "certainty_html": certainty_html(x["certainty"], lever, x["outcome"]),
                     "studies": x["studies"], "robust": x["robust"], "effect_html": eff_html, "start": x["start"],
                     "domains": [x[d] if isinstance(x[d], str) else None for d in grade.DOMAINS]})
    best = strands.best(r)
    by_outcome = []
    for row in rows:
        sub = s[strands.has(s["outcomes"], row["outcome"])]
        by_outcome.append({**row, "studies": [_study(w) for _, w in sub.iterrows()]})
    desc = df[(df["finding"] == "descriptive") & strands.has(df["intervention"], lever)]
    dutch = s[s["geography"].map(lambda g: "NL" in g).astype(bool)]
    dutch_desc = desc[desc["geography"].map(lambda g: "NL" in g).astype(bool)]
    costs = [{"cite": cite(w), "text": _esc(bibliography.coded(w["key"], "cost", w["cost"])),
              "deadweight": "deadweight" in w["cost"].lower() or "additional" in w["cost"].lower()}
             for _, w in s.iterrows() if w["cost"] and not w["cost"].lower().startswith(vocab.NOT_REPORTED)]
    groups = _groups(s) if len(s) >= 2 else []
    programmes = sorted({p for ps in pd.concat([s["programme"], desc["programme"]]) for p in ps})
    return {
        "lever": lever, "label": vocab.term_label(vocab.INTERVENTIONS, lever), "label_nl": text["nl"],
        "definition": vocab.term_definition(vocab.INTERVENTIONS, lever), "dutch": tr(text["dutch"].strip()),
        "consider": [tr(c) for c in text["consider"]],
        "programmes": [vocab.term_label(vocab.PROGRAMMES, p) for p in programmes],
        "n_studies": len(s), "n_robust": int((s["design"].fillna(0) >= grade.ROBUST).sum()),
        "n_dutch": len(dutch), "rows": rows, "by_outcome": by_outcome, "costs": costs,
        "deadweight": [c for c in costs if c["deadweight"]],
        "best": None if best is None else {
            "outcome_nl": OUTCOME_NL[best["outcome"]], "direction_nl": DIRECTION_NL[best["direction"]],
            "level_nl": LEVEL_NL[best["certainty"]]},
        "groups": groups,
        "behind_lines": _behind_lines(s, groups) if groups else [],
        "dutch_studies": [{**_study(w), "programme": ", ".join(vocab.term_label(vocab.PROGRAMMES, p) for p in w["programme"]),
                           "outcomes": ", ".join(vocab.term_label(vocab.OUTCOMES, o).lower() for o in w["outcomes"]),
                           "places": place_links(w["places"])} for _, w in dutch.iterrows()],
        "dutch_descriptive": [cite(w) for _, w in dutch_desc.iterrows()],
        "descriptive_line": ((tr("1 work describes it without testing an effect: {works}.") if len(desc) == 1 else
                              tr("{n} works describe it without testing an effect: {works}."))
                             .format(n=len(desc), works="; ".join(cite(w) for _, w in desc.iterrows()))
                             if len(desc) else tr("No work in the bibliography describes it either.")),
        "lessons": [{"text": _esc(bibliography.coded(w["key"], "lessons", w["lessons"])), "cite": cite(w)}
                    for _, w in s.iterrows() if w["lessons"] and not w["lessons"].lower().startswith(vocab.NOT_REPORTED)],
        "methods_link": f'<a href="{METHODS_PAGE}">{tr("methods appendix")}</a>',
    }


def render_strand(df: pd.DataFrame, lever: str) -> dict[str, str]:
    """The sections of a strand page (:data:`SECTIONS`) as CommonMark with inline HTML."""
    values = strand_values(df, lever)
    module = template("strand.md.j2").make_module(
        {"robust": grade.ROBUST, "domains": grade.DOMAINS, "findings": [vocab.term_label(vocab.FINDINGS, f) for f in vocab.TESTED]})
    return {name: getattr(module, name)(values).strip() + "\n" for name in SECTIONS}


def strand_table(df: pd.DataFrame, lever: str) -> tuple[str, pd.DataFrame]:
    """The studies of a strand for its download: a provenance header and a table, the coded texts in the current
    language."""
    s = bibliography.in_language(strands.studies(df, lever))
    out = pd.DataFrame({
        "key": s["key"], "citation": s["citation"], "year": s["year"], "design": s["design"],
        "finding": s["finding"], "outcomes": s["outcomes"].map("; ".join), "bias": s["bias"],
        "bias_reason": s["bias_reason"], "effect": s["effect"], "cost": s["cost"],
        "geography": s["geography"].map("; ".join), "places": s["places"].map("; ".join),
    })
    head = "# " + tr("Strand: {label}. The studies that test an effect of this lever, most robust first.").format(
        label=vocab.term_label(vocab.INTERVENTIONS, lever)) + "\n# " + tr(
        "Source: references.bib of the book 'What works in a learning region?', coded by the book (methods "
        "appendix). Licence: CC BY 4.0.") + "\n"
    return head, out


def strand_csv(df: pd.DataFrame, lever: str) -> str:
    """The studies of a strand as CSV, with a provenance header."""
    head, out = strand_table(df, lever)
    return head + out.to_csv(index=False, lineterminator="\n")


DOWNLOADS = Path("downloads") / "strands"
"""Where each strand page writes its studies, relative to ``book/``."""


def glue_strand(lever: str, df: pd.DataFrame | None = None, folder: Path | None = None) -> None:
    """Glue a strand page's sections (``st_<section>``) and write its data download."""
    from myst_nb import glue
    from IPython.display import Markdown

    df = bibliography.load() if df is None else df
    for lang in LANGUAGES:
        with using(lang):
            for name, text in render_strand(df, lever).items():
                glue(variant_key(f"st_{name}", lang), Markdown(text), display=False)
    path = Path(folder or DOWNLOADS) / f"{lever}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with using("nl"):
        dutch = excel_nl(*reversed(strand_table(df, lever)))
    for target, data in ((path, strand_csv(df, lever).encode("utf-8")), (path.with_suffix(".excel-nl.csv"), dutch)):
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)


BOOK = HERE.parent.parent / "book"
"""The book's pages; a strand page is ``book/strand-<lever>.md``."""


def page_text(lever: str) -> str:
    """The source of a strand page (``templates/strand-page.md.j2``): headings and glue, no numbers."""
    return TEMPLATES.get_template("strand-page.md.j2").render(lever=lever, label=vocab.term_label(vocab.INTERVENTIONS, lever))


def write_pages(folder: Path = BOOK) -> list[Path]:
    """Write every strand page whose text changed; return the pages."""
    out = []
    for lever in vocab.LEVERS:
        path = Path(folder) / f"strand-{lever}.md"
        text = page_text(lever)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


if __name__ == "__main__":
    for page in write_pages():
        print(page.relative_to(BOOK.parent))
