"""The book's chapters: their titles, the workshop themes they follow and the theme tags they embed."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.language import N_, tr


@dataclass(frozen=True)
class Chapter:
    """One chapter: its number, file, English and Dutch title, workshop theme and theme tags."""

    number: str
    file: str
    title: str
    title_nl: str
    theme: str
    tags: tuple[str, ...]


CHAPTERS: tuple[Chapter, ...] = (
    Chapter("0", "book/intro", N_("Introduction"), "Inleiding",
            N_("Why learning regions now: technology changes skills; Human Capital Innovation"),
            ("skills-change", "human-capital", "mechanisms")),
    Chapter("1", "book/why-region", N_("Why the region"), "Focus op de regio",
            N_("Talent, earning capacity and employment are region-specific; broad well-being differs"),
            ("region-focus", "regional-inequality", "broad-welfare", "human-capital")),
    Chapter("2", "book/what-region", N_("What is a region?"), "Wat is een regio?",
            N_("Defining and demarcating the region"),
            ("region-definition",)),
    Chapter("3", "book/mechanisms", N_("Mechanisms of a learning region"), "Mechanismen van een lerende regio",
            N_("Knowledge institutions, government and business (triple helix)"),
            ("mechanisms", "triple-helix", "innovation-systems", "smart-specialisation")),
    Chapter("4", "book/learning-together", N_("How do we learn together?"), "Hoe leren we samen?",
            N_("Ambitions, network formation, co-creation and consolidation, three mechanisms"),
            ("network-formation", "knowledge-transfer", "learning-collaboration", "co-creation")),
    Chapter("5", "book/leadership-education", N_("Leadership and the role of (higher) education"),
            "Leiderschap en de rol van het (hoger) onderwijs",
            N_("Leadership; universities, universities of applied sciences, vocational education"),
            ("leadership", "higher-education")),
    Chapter("6", "book/governance", N_("Governance and knowledge infrastructure"), "Governance en kennisinfrastructuur",
            N_("Legitimacy, vulnerable groups, knowledge infrastructure"),
            ("governance", "knowledge-infrastructure")),
    Chapter("7", "book/what-works", N_("What works"), "Wat werkt",
            N_("Synthesis: success conditions of a learning region"),
            ()),
)


def overview(present: list[str]) -> pd.DataFrame:
    """Table of chapters and workshop themes; ``present`` are the files in this edition's table of contents."""
    present = set(present)
    return pd.DataFrame(
        {
            tr("Chapter"): [c.number for c in CHAPTERS],
            tr("Title"): [tr(c.title) for c in CHAPTERS],
            tr("Dutch title"): [c.title_nl for c in CHAPTERS],
            tr("Workshop theme"): [tr(c.theme) for c in CHAPTERS],
            tr("In this edition"): [tr("yes") if c.file in present else tr("in preparation") for c in CHAPTERS],
        }
    )
