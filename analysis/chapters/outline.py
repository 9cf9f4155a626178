"""The book's chapters: their titles, the workshop themes they follow and the theme tags they embed."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


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
    Chapter("0", "book/intro", "Introduction", "Inleiding",
            "Why learning regions now: technology changes skills; Human Capital Innovation",
            ("skills-change", "human-capital", "mechanisms")),
    Chapter("1", "book/why-region", "Why the region", "Focus op de regio",
            "Talent, earning capacity and employment are region-specific; broad well-being differs",
            ("region-focus", "regional-inequality", "broad-welfare", "human-capital")),
    Chapter("2", "book/what-region", "What is a region?", "Wat is een regio?",
            "Defining and demarcating the region",
            ("region-definition",)),
    Chapter("3", "book/mechanisms", "Mechanisms of a learning region", "Mechanismen van een lerende regio",
            "Knowledge institutions, government and business (triple helix)",
            ("mechanisms", "triple-helix", "innovation-systems", "smart-specialisation")),
    Chapter("4", "book/learning-together", "How do we learn together?", "Hoe leren we samen?",
            "Ambitions, network formation, co-creation and consolidation, three mechanisms",
            ("network-formation", "knowledge-transfer", "learning-collaboration", "co-creation")),
    Chapter("5", "book/leadership-education", "Leadership and the role of (higher) education",
            "Leiderschap en de rol van het (hoger) onderwijs",
            "Leadership; universities, universities of applied sciences, vocational education",
            ("leadership", "higher-education")),
    Chapter("6", "book/governance", "Governance and knowledge infrastructure", "Governance en kennisinfrastructuur",
            "Legitimacy, vulnerable groups, knowledge infrastructure",
            ("governance", "knowledge-infrastructure")),
    Chapter("7", "book/what-works", "What works", "Wat werkt",
            "Synthesis: success conditions of a learning region",
            ()),
)


def overview(present: list[str]) -> pd.DataFrame:
    """Table of chapters and workshop themes; ``present`` are the files in this edition's table of contents."""
    present = set(present)
    return pd.DataFrame(
        {
            "Chapter": [c.number for c in CHAPTERS],
            "Title": [c.title for c in CHAPTERS],
            "Dutch title": [c.title_nl for c in CHAPTERS],
            "Workshop theme": [c.theme for c in CHAPTERS],
            "In this edition": ["yes" if c.file in present else "in preparation" for c in CHAPTERS],
        }
    )
