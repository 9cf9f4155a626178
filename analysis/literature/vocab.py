"""Controlled vocabularies of the bibliography's coding scheme.

This module is the single source for validating ``references.bib``, for the
labels of the literature tables and for the coding scheme in the methods
appendix. Each vocabulary maps a term to its English label and a one-line
definition.
"""

from __future__ import annotations

from analysis.language import tr

THEMES: dict[str, tuple[str, str]] = {
    "region-focus": ("Region focus", "why the region is the scale at which to act"),
    "region-definition": ("Region definition", "defining and demarcating a region"),
    "triple-helix": ("Triple helix", "collaboration of knowledge institutions, government and business"),
    "mechanisms": ("Learning-region mechanisms", "how a region learns: the learning-region concept and its workings"),
    "network-formation": ("Network formation", "who joins a network, who does not, and how it develops"),
    "knowledge-transfer": ("Knowledge transfer", "knowledge management and transfer between actors"),
    "learning-collaboration": ("Learning from collaboration", "what partners learn from working together"),
    "co-creation": ("Co-creation", "developing solutions together and consolidating them"),
    "higher-education": ("Higher education", "universities, universities of applied sciences and vocational education in the region"),
    "leadership": ("Leadership", "place-based and collaborative leadership"),
    "governance": ("Governance", "legitimacy, steering and the division of roles"),
    "knowledge-infrastructure": ("Knowledge infrastructure", "lasting arrangements that hold and share regional knowledge"),
    "skills-change": ("Skills change", "technology and digitalisation changing the skills work asks for"),
    "broad-welfare": ("Broad well-being", "brede welvaart: well-being beyond income"),
    "regional-inequality": ("Regional inequality", "differences between regions and their causes"),
    "innovation-systems": ("Innovation systems", "regional innovation systems and clusters"),
    "smart-specialisation": ("Smart specialisation", "place-based innovation strategy"),
    "human-capital": ("Human capital", "skills, talent and education of people in the region"),
    "vocational-education": ("Vocational education", "mbo colleges, apprenticeships and work-based learning, centres of vocational excellence"),
    "lifelong-learning": ("Lifelong learning", "training and learning of adults during their working lives"),
}

MECHANISMS: dict[str, tuple[str, str]] = {
    "knowledge-transfer": ("Knowledge management and transfer", "knowledge moves between actors and is made usable"),
    "network-formation": ("Network formation and development", "actors find each other and build lasting ties"),
    "learning-from-collaboration": ("Learning from the collaboration", "partners reflect on and improve how they work together"),
}

ACTORS: dict[str, tuple[str, str]] = {
    "knowledge-institutions": ("Knowledge institutions", "universities, universities of applied sciences, vocational colleges, research institutes"),
    "government": ("Government", "national, provincial and municipal authorities and their agencies"),
    "business": ("Business", "firms, sector bodies and employers"),
    "civil-society": ("Civil society", "citizens' initiatives, NGOs, unions and other organised society"),
    "individuals": ("Individuals", "workers, students and residents as learners"),
}

PHASES: dict[str, tuple[str, str]] = {
    "ambition": ("Ambition", "asking why and setting a shared goal"),
    "network-formation": ("Network formation", "bringing the right partners in"),
    "co-creation": ("Co-creation", "developing and testing solutions together"),
    "consolidation": ("Consolidation", "making what works last"),
}

STUDY_TYPES: dict[str, tuple[str, str]] = {
    "conceptual": ("Conceptual", "theory or argument without new data"),
    "review": ("Review", "a synthesis of earlier studies"),
    "case-study": ("Case study", "an in-depth study of one case"),
    "comparative-case": ("Comparative case study", "several cases compared"),
    "survey": ("Survey", "a questionnaire among many respondents"),
    "quantitative": ("Quantitative", "statistical analysis of secondary or register data"),
    "evaluation": ("Evaluation", "an evaluation of a programme or policy, of any design"),
    "policy-report": ("Policy report", "a report by or for a government or international body"),
}

SCALES: dict[str, tuple[str, str]] = {
    "international": ("International", "several countries compared"),
    "national": ("National", "a country as a whole"),
    "region": ("Region", "a region within a country"),
    "city": ("City", "a city or urban area"),
    "network": ("Network", "a network or partnership of organisations"),
    "organisation": ("Organisation", "one organisation, such as a firm or a university"),
    "individual": ("Individual", "individual people"),
}

CONDITIONS: dict[str, tuple[str, str]] = {
    "shared-ambition": ("Shared ambition", "partners agree on why they work together and on what"),
    "trust": ("Trust", "partners rely on each other beyond contracts"),
    "boundary-spanners": ("Boundary spanners", "people who connect organisations and translate between them"),
    "leadership": ("Leadership", "someone takes the lead and keeps the coalition together"),
    "anchor-institution": ("Anchor institution", "a knowledge institution rooted in and committed to the region"),
    "inclusive-governance": ("Inclusive governance", "who is in and who is not is a conscious, legitimate choice"),
    "knowledge-infrastructure": ("Knowledge infrastructure", "lasting arrangements that collect and share knowledge"),
    "absorptive-capacity": ("Absorptive capacity", "firms and people can take up and use new knowledge"),
    "proximity": ("Proximity", "cognitive, organisational, social, institutional and geographic closeness"),
    "place-based-policy": ("Place-based policy", "policy tailored to the region's assets and needs"),
    "long-term-commitment": ("Long-term commitment", "time and resources beyond a project cycle"),
    "lifelong-learning": ("Lifelong learning", "workers keep learning throughout their careers"),
    "external-linkages": ("External linkages", "ties to knowledge and networks outside the region"),
    "reflexivity": ("Reflexivity", "partners evaluate and adapt how they work together"),
}

OUTCOMES: dict[str, tuple[str, str]] = {
    "innovation": ("Innovation", "new products, processes, patents, R&D or start-ups"),
    "productivity-growth": ("Productivity and growth", "productivity, output, income or regional growth"),
    "employment": ("Employment", "jobs, employment or earnings of people"),
    "skills-training": ("Skills and training", "training participation, skills acquired, qualifications"),
    "education-outcomes": ("Educational outcomes", "enrolment, completion, graduates' transitions, curricula"),
    "collaboration-networks": ("Collaboration and networks", "ties, partnerships and joint projects between actors"),
    "policy-process": ("Policy process", "how a policy or partnership was designed, governed and carried out"),
    "well-being": ("Well-being", "broad well-being, quality of life, inequality"),
}

FINDINGS: dict[str, tuple[str, str]] = {
    "positive": ("Positive", "the intervention or factor had the hoped-for effect"),
    "mixed": ("Mixed", "effects in some outcomes, groups or places and not in others"),
    "null": ("Null", "no effect found"),
    "negative": ("Negative", "an adverse effect"),
    "descriptive": ("Descriptive", "describes what happened without testing an effect"),
}
"""What a study found. The first four test an effect; *descriptive* does not."""

TESTED: tuple[str, ...] = ("positive", "mixed", "null", "negative")
"""Findings that come from testing an effect."""

DESIGNS: dict[int, tuple[str, str]] = {
    0: ("No data", "argument without observations"),
    1: ("Description or correlation", "description, interviews, or a correlation in one cross-section"),
    2: ("Before-after or uncontrolled comparison", "before-after, or a comparison without controls"),
    3: ("Controlled comparison over time", "comparison with controls over time, e.g. difference-in-differences"),
    4: ("Quasi-experiment", "a credible source of variation: discontinuity, instrument, natural experiment"),
    5: ("Randomised", "a randomised controlled trial"),
}
"""The robustness ladder for ``design``, modelled on the Maryland Scientific Methods Scale (1-5), with 0 added."""

INTERVENTIONS: dict[str, tuple[str, str]] = {
    "vet-partnerships": ("Partnerships in vocational and professional education",
                         "public-private partnerships of mbo colleges or hogescholen with employers: RIF mbo, "
                         "Centra voor Innovatief Vakmanschap, Centres of Expertise, centres of vocational excellence"),
    "practice-research": ("Practice-oriented research capacity",
                          "research positions and groups at hogescholen and mbo colleges that work with regional "
                          "practice: lectoraten, practoraten, SPRONG, RAAK"),
    "sector-training": ("Sector-based training with employers",
                        "training for jobs in a local sector, designed and delivered with its employers"),
    "training-subsidies": ("Training subsidies, vouchers and tax deductions",
                           "money or vouchers for individual workers' training: STAP, scholingsaftrek, "
                           "training vouchers and learning accounts"),
    "vocational-programmes": ("Vocational and technical programmes",
                              "vocational and technical education in schools and colleges and regional plans to "
                              "strengthen it: mbo programmes, Sterk Techniekonderwijs, career and technical high schools"),
    "employment-training": ("Training for jobseekers",
                            "training and retraining of unemployed and displaced workers as active labour-market "
                            "policy: UWV training, retraining in community colleges"),
    "apprenticeships": ("Apprenticeships and work-based learning",
                        "learning in a firm as part of a vocational programme: the BBL route, dual training, "
                        "internships"),
    "sme-knowledge-links": ("Links between small firms and knowledge institutions",
                            "innovation vouchers, collaborative research grants, knowledge brokers and "
                            "technology transfer between firms and knowledge institutions"),
    "innovation-grants": ("Innovation and R&D grants for firms",
                          "grants, loans and tax credits for firms' R&D and innovation: MIT, WBSO, regional "
                          "innovation funds"),
    "cluster-programmes": ("Cluster and triple-helix programmes",
                           "public support for firms, knowledge institutions and government to work together in a "
                           "sector or region: cluster initiatives, pôles de compétitivité, Brainport, topsectoren"),
    "area-based-funding": ("Area-based funding for lagging regions",
                           "transfers tied to a place: EU cohesion policy, regional aid, Regio Deals, enterprise zones"),
    "university-founding": ("Founding or expanding universities and colleges",
                            "opening, moving or enlarging a university, college or campus"),
    "labour-market-services": ("Regional labour-market collaboration and mobility services",
                               "regional desks, teams and plans that guide people into training and jobs: "
                               "leerwerkloketten, regionale mobiliteitsteams, sectorplannen, career advice"),
    "smart-specialisation": ("Smart-specialisation strategies",
                             "regional research and innovation strategies that choose priority domains "
                             "with stakeholders (RIS3)"),
    "university-rules": ("Rules for universities' knowledge transfer",
                         "laws and rules on who owns and licenses university inventions (Bayh-Dole and its kin), "
                         "and universities' third-mission mandates"),
    "exposure-university": ("Exposure: a university's presence or spending",
                            "the mere presence, size or spending of a university; no one varied a programme"),
    "exposure-proximity": ("Exposure: proximity and networks",
                           "distance, co-location, network ties or their position; not a lever a region pulls"),
    "exposure-structure": ("Exposure: the region's economic structure, institutions and human capital",
                           "industry mix, related variety, technology, quality of government, skills or the stock "
                           "of graduates; not a lever"),
}
"""What a study varied or compared (``intervention``): a lever a Dutch region can pull, or an ``exposure-`` that no
one pulls. A study may be coded with more than one where it compares several."""

LEVERS: tuple[str, ...] = tuple(k for k in INTERVENTIONS if not k.startswith("exposure-"))
"""The interventions that are levers a region can pull: one strand each."""

TESTS: dict[str, tuple[str, str]] = {
    "varied": ("Varied", "the study varied the condition, or compared cases with and without it"),
    "measured": ("Measured", "the study measured the condition directly and related it to the outcome"),
    "described": ("Described", "the study describes the condition in its cases without measuring its effect"),
    "argued": ("Argued", "the study argues for the condition without observing it"),
}
"""How a study bears on each of its conditions (``tests = {trust: measured, leadership: described}``)."""

TESTED_DIRECTLY: tuple[str, ...] = ("varied", "measured")
"""The ``tests`` values that count as testing a condition directly."""

BIAS: dict[str, tuple[str, str]] = {
    "low": ("Low", "an independent evaluation with a credible comparison and nothing that undermines it"),
    "some-concerns": ("Some concerns", "a comparison, but with a weakness that may bias the result"),
    "high": ("High", "no credible comparison, or the programme's owner judging itself"),
}
"""Risk of bias of a study's headline result (``bias``)."""

BIAS_REASONS: dict[str, tuple[str, str]] = {
    "independent-comparison": ("Independent evaluation with a comparison",
                               "an evaluator independent of the programme compares with a control or comparison group"),
    "no-comparison": ("No comparison group", "no control or comparison: what would have happened without it is unknown"),
    "self-evaluation": ("Self-evaluation", "by or commissioned by the programme's owner, without an independent comparison"),
    "attrition": ("Attrition or non-response", "many of those studied dropped out or did not respond"),
    "selection": ("Selection into the programme", "participants or places chose or were chosen for the programme"),
    "confounding": ("Confounding", "an observational comparison open to factors it could not control for"),
    "satisfaction-only": ("Only satisfaction measured", "participants' views of the programme, not its effects"),
}
"""The one reason given with each risk-of-bias judgement (``bias_reason``)."""

NOT_REPORTED = "not reported"
"""What ``effect`` or ``cost`` says when what was read does not report one."""


PROGRAMMES: dict[str, tuple[str, str]] = {
    "rif-mbo": ("Regionaal Investeringsfonds mbo", "co-funding of public-private partnerships of mbo colleges and employers"),
    "regio-deals": ("Regio Deals", "national co-funding of regional packages for broad well-being"),
    "centres-of-expertise": ("Centres of Expertise", "public-private partnerships of hogescholen and firms"),
    "civ": ("Centra voor Innovatief Vakmanschap", "public-private partnerships of mbo colleges and firms"),
    "topsectoren": ("Topsectoren and their Human Capital Agenda", "the Dutch sector-based innovation policy"),
    "techniekpact": ("Techniekpact", "national and regional pact for technical education and jobs"),
    "leerwerkloketten": ("Leerwerkloketten", "regional desks for learning and work advice"),
    "stap": ("STAP-budget", "individual training budget for workers, 2022-2023"),
    "nl-leert-door": ("NL Leert Door", "national programme of career advice and training for adults"),
    "regieorgaan-sia": ("Regieorgaan SIA", "funder of practice-based research at hogescholen"),
    "sprong": ("SPRONG", "funding of practice-based research groups of hogescholen"),
    "practoraten": ("Practoraten", "practice-based research positions at mbo colleges"),
    "lectoraten": ("Lectoraten", "practice-based research positions at hogescholen"),
    "sectorplannen": ("Sectorplannen", "co-funded sectoral labour-market plans"),
    "regionale-mobiliteitsteams": ("Regionale mobiliteitsteams", "regional teams for job-to-job transitions"),
    "groeifonds": ("Nationaal Groeifonds", "national fund for long-term growth investments"),
    "efro": ("EFRO (ERDF) in the Netherlands", "EU regional development fund programmes in the Netherlands"),
    "brainport": ("Brainport", "the triple-helix programme of the Eindhoven region"),
    "npg": ("Nationaal Programma Groningen", "programme for the future of the Groningen region"),
    "innovatievoucher": ("Innovatievoucher", "vouchers for SMEs to buy knowledge from research institutes"),
    "human-capital-akkoord": ("Human Capital Akkoord", "a province's agreement on skills and the labour market"),
    "sterk-techniekonderwijs": ("Sterk Techniekonderwijs", "regional plans of vmbo schools, mbo colleges and employers"),
    "scholingsaftrek": ("Scholingsaftrek", "the tax deduction for training costs that STAP replaced"),
}
"""Dutch programmes that a work evaluates, or reports on officially."""

COUNTRIES: dict[str, tuple[str, str]] = {}
"""Geography uses ISO 3166-1 alpha-2 codes (NL, DE, GB, ...) plus ``EU`` and ``OECD``; see :func:`is_geography`."""

# Field name in references.bib -> vocabulary. ``geography`` is checked separately.
FIELDS: dict[str, dict[str, tuple[str, str]]] = {
    "keywords": THEMES,
    "mechanisms": MECHANISMS,
    "actors": ACTORS,
    "phase": PHASES,
    "studytype": STUDY_TYPES,
    "scale": SCALES,
    "conditions": CONDITIONS,
    "outcomes": OUTCOMES,
    "programme": PROGRAMMES,
    "intervention": INTERVENTIONS,
}

SINGLE: dict[str, dict[str, tuple[str, str]]] = {"finding": FINDINGS, "bias": BIAS, "bias_reason": BIAS_REASONS}
"""Fields that take exactly one term."""

EMPIRICAL: tuple[str, ...] = ("case-study", "comparative-case", "survey", "quantitative", "evaluation")
"""Study types that report new observations: each needs ``finding``, ``design`` and ``finding_note``."""

FINDING_TYPES: tuple[str, ...] = (*EMPIRICAL, "review")
"""Study types whose finding is coded (a review's ``design`` is optional: only where it reports one)."""

READ: dict[str, tuple[str, str]] = {
    "full-text": ("Full text", "the whole work was read"),
    "summary": ("Summary", "an executive or management summary, or the work's own summary section"),
    "abstract": ("Abstract", "the abstract on a publisher, repository or catalogue record"),
}
"""What was read to code a work (the ledger's ``read`` column)."""

REASONS: dict[str, tuple[str, str]] = {
    "off-topic": ("Off topic", "not about the book's questions"),
    "not-about-regions": ("Not about regions", "about the topic, but not at a regional scale"),
    "no-record-found": ("No record found", "no record confirmed the work's existence and metadata"),
    "duplicate": ("Duplicate", "the same work as another record, or already in the bibliography"),
    "outside-period": ("Outside period", "published before 1990"),
    "language": ("Language", "neither English nor Dutch"),
    "not-evidence": ("Not evidence", "a news item, blog or opinion without analysis"),
    "insufficient-access": ("Insufficient access", "no abstract or summary could be read, so it cannot be coded"),
    "reserve": ("Reserve", "verified and on topic, but held back from the first edition's 80-work seed"),
}
"""The fixed reasons for excluding a screened record (the ledger's ``reason`` column)."""


def messages() -> list[str]:
    """Every label and definition of the vocabularies, and the fixed texts: the messages the Dutch edition
    translates (catalog ``analysis.po``)."""
    out = [NOT_REPORTED]
    for name, value in globals().items():
        if name.isupper() and isinstance(value, dict):
            for pair in value.values():
                if isinstance(pair, tuple) and all(isinstance(x, str) for x in pair):
                    out.extend(x for x in pair if x)
    return list(dict.fromkeys(out))


def label(field: str, term: str) -> str:
    """Return the label of ``term`` in the vocabulary of ``field``, in the current language."""
    return tr(FIELDS[field][term][0])


def term_label(vocabulary: dict, term) -> str:
    """The label of ``term`` in ``vocabulary`` (any of this module's), in the current language."""
    return tr(vocabulary[term][0])


def term_definition(vocabulary: dict, term) -> str:
    """The definition of ``term`` in ``vocabulary``, in the current language."""
    return tr(vocabulary[term][1])


def is_geography(code: str) -> bool:
    """True for an upper-case two-letter country code, ``EU`` or ``OECD``."""
    return code in {"EU", "OECD"} or (len(code) == 2 and code.isalpha() and code.isupper())
