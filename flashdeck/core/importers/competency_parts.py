"""The parts of a competency guide, as read from its text (before they become notes)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flashdeck.core.importers.competency_lines import Line

__all__ = ["Framing", "Guide", "Level", "Pitfall", "Probe", "Section", "Signal", "StoryIdea"]


@dataclass
class Section:
    """A headed part of the guide and the lines its heading owns."""

    name: str
    line: int
    lines: list[Line]


@dataclass
class Signal:
    line: int
    description: str
    phrases: list[str]
    why: str
    miss: str


@dataclass
class Pitfall:
    """A pitfall (it has a detection line) or a red flag (it has not, or is flagged 🚩)."""

    line: int
    name: str
    quotes: list[str]
    explanation: str
    detection: str
    fix: str
    flagged: bool


@dataclass
class Probe:
    line: int
    question: str
    probes: str
    weak: list[str]
    strong: list[str]


@dataclass
class Framing:
    line: int
    company: str
    value: str
    description: list[str]
    signal: str = ""
    example: str = ""
    elevates: list[str] = field(default_factory=list)


@dataclass
class Level:
    line: int
    name: str
    description: list[str]
    anti_pattern: str


@dataclass
class StoryIdea:
    line: int
    title: str
    description: str
    example: list[str]
    also_covers: str


@dataclass
class Guide:
    """Everything read from one guide, in document order within each part."""

    title: str = ""
    subtitle: str = ""
    company: str = ""
    banner_beats: str = ""
    sections: list[Section] = field(default_factory=list)
    confusions: list[tuple[int, str, str]] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    pitfalls: list[Pitfall] = field(default_factory=list)
    probes: list[Probe] = field(default_factory=list)
    framings: list[Framing] = field(default_factory=list)
    levels: list[Level] = field(default_factory=list)
    stories: list[StoryIdea] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    first_line: int = 1

    def sections_named(self, name: str) -> list[Section]:
        """Every section with this canonical name (a guide may repeat one, e.g. "Prep Action")."""
        return [s for s in self.sections if s.name == name]

    @property
    def found_structure(self) -> bool:
        """True if anything of a guide's structure was recognised at all."""
        return bool(
            self.sections or self.signals or self.pitfalls or self.probes or self.framings or self.levels
        )
