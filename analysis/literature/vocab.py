"""Controlled vocabularies of the bibliography's coding scheme.

This module is the single source for validating ``references.bib``, for the
labels of the literature tables and for the coding scheme in the methods
appendix. Each vocabulary maps a term to its English label and a one-line
definition.
"""

from __future__ import annotations

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
}


def label(field: str, term: str) -> str:
    """Return the English label of ``term`` in the vocabulary of ``field``."""
    return FIELDS[field][term][0]


def is_geography(code: str) -> bool:
    """True for an upper-case two-letter country code, ``EU`` or ``OECD``."""
    return code in {"EU", "OECD"} or (len(code) == 2 and code.isalpha() and code.isupper())
