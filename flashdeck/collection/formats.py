"""The one registry of import formats: what each is called, which files it claims, how it is read,
and what an import of it does beyond writing notes and cards.

The text formats (deck files, playbooks, CSV, notes…) are read as a document and
told apart by their detectors (``flashdeck.core.importers``); an Anki package is a
zip read whole, claimed by its suffix, and its import also writes review history
and moves media in. The façade asks a format for its steps instead of comparing
names; the command line's ``--format`` help and the import dialog's format box
list ``FORMATS``.

It lives in ``collection`` because a format's steps write through the collection;
the readers and detectors it names stay in the pure layers below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flashdeck.collection.importing import MAX_IMPORT_BYTES, check_note_count
from flashdeck.core.errors import ImportFormatError
from flashdeck.core.importers import FORMAT_MODULES

if TYPE_CHECKING:
    from flashdeck.collection.importing import ImportPlan, ImportReport
    from flashdeck.collection.protocol import CollectionLike
    from flashdeck.core.notes import ParseResult
    from flashdeck.core.scheduling import Scheduler
    from flashdeck.storage.store import Store, Tx

__all__ = ["FORMATS", "ImportFormat", "ImportSteps", "format_names", "read_data", "read_document", "steps_for",
           "whole_file_format"]


class ImportSteps:
    """What importing a format does beyond writing its notes and cards; the default does nothing more."""

    # The file's own header (name, description, targets) replaces the deck's settings it names.
    header_sets_deck = False

    def describe(self, plan: ImportPlan) -> None:
        """Add to the plan's report what only this format knows (before anything is written)."""

    def stage(self, col: CollectionLike, plan: ImportPlan) -> Any:
        """Prepare files that go in once the transaction commits; what ``finish`` or ``discard`` takes."""
        return None

    def write(self, store: Store, tx: Tx, plan: ImportPlan, scheduler: Scheduler) -> None:
        """Write more rows inside the import's one transaction, after its notes and cards."""

    def finish(self, staged: Any, report: ImportReport) -> None:
        """Move the staged files in (the transaction committed)."""

    def discard(self, staged: Any) -> None:
        """Drop the staged files (the transaction failed)."""


class _DeckFileSteps(ImportSteps):
    header_sets_deck = True


class _AnkiPackageSteps(ImportSteps):
    """Review history and card states replayed into FSRS, suspensions, and media moved in after the commit."""

    def describe(self, plan: ImportPlan) -> None:
        from flashdeck.collection.package_import import describe

        describe(plan)

    def stage(self, col: CollectionLike, plan: ImportPlan) -> Any:
        from flashdeck.collection.package_import import stage_media

        return stage_media(col, plan)

    def write(self, store: Store, tx: Tx, plan: ImportPlan, scheduler: Scheduler) -> None:
        from flashdeck.collection.package_import import write_history

        write_history(store, tx, plan, scheduler)

    def finish(self, staged: Any, report: ImportReport) -> None:
        from flashdeck.collection.package_import import finish_media

        if staged is not None:
            finish_media(staged, report)

    def discard(self, staged: Any) -> None:
        if staged is not None:
            staged.discard()


def _read_anki_package(path: str) -> ParseResult:
    from flashdeck.interchange import read_anki_package

    return read_anki_package(path)  # a zip, read with its own limits


@dataclass(frozen=True)
class ImportFormat:
    """One format: its ``--format`` name, the suffixes it claims, how it is read, its extra steps.

    ``read_file`` is set for a format read as a whole file rather than as a document (a package);
    such a format is chosen by its suffixes, the others by the detector of their importer module
    (``detector``, a module of ``flashdeck.core.importers``).
    """

    name: str
    suffixes: tuple[str, ...] = ()
    detector: str | None = None
    read_file: Callable[[str], ParseResult] | None = None
    steps: ImportSteps = field(default_factory=ImportSteps)
    label: str = ""  # what a file chooser calls it (a whole-file format has an entry of its own there)

    def claims(self, path: str) -> bool:
        """Whether ``path`` is read as this format when no format is forced."""
        return self.read_file is not None and path.casefold().endswith(self.suffixes)


_SUFFIXES = {"deck": (".md", ".markdown"), "csv": (".csv", ".tsv")}
_STEPS: dict[str, ImportSteps] = {"deck": _DeckFileSteps()}

# The document formats in their detectors' order (ties go to the earlier), then the packages.
FORMATS: dict[str, ImportFormat] = {
    **{name: ImportFormat(name, _SUFFIXES.get(name, ()), module, None, _STEPS.get(name, ImportSteps()))
       for name, module in FORMAT_MODULES.items()},
    "apkg": ImportFormat("apkg", (".apkg", ".colpkg"), None, _read_anki_package, _AnkiPackageSteps(),
                         "Anki packages"),
}
_NO_STEPS = ImportSteps()


def chooser_filters() -> str:
    """A file chooser's filter list (Qt's ``;;``-separated form): every document suffix and every suffix a
    whole-file format claims, then each whole-file format alone, then all files."""
    from flashdeck.readers import DOCUMENT_SUFFIXES

    def patterns(suffixes: tuple[str, ...]) -> str:
        return " ".join(f"*{suffix}" for suffix in suffixes)

    whole = [entry for entry in FORMATS.values() if entry.read_file is not None]
    every = tuple(dict.fromkeys((*DOCUMENT_SUFFIXES, *(s for entry in FORMATS.values() for s in entry.suffixes))))
    parts = [f"Documents ({patterns(every)})"]
    parts += [f"{entry.label or entry.name} ({patterns(entry.suffixes)})" for entry in whole]
    return ";;".join([*parts, "All files (*)"])


def format_names() -> list[str]:
    """Every name ``--format`` accepts, in the registry's order."""
    return list(FORMATS)


def steps_for(name: str) -> ImportSteps:
    """The extra steps of the format a result was read as (none for notes typed in the app)."""
    entry = FORMATS.get(name)
    return entry.steps if entry is not None else _NO_STEPS


def whole_file_format(path: str, forced: str | None) -> ImportFormat | None:
    """The format that reads ``path`` as a whole file (forced, or claimed by its suffix), else None:
    the file is read as a document and its format detected (or forced) among the document formats."""
    if forced is not None:
        entry = FORMATS.get(forced)
        if entry is None:
            raise ImportFormatError(f"unknown format {forced!r} (known: {', '.join(FORMATS)})")
        return entry if entry.read_file is not None else None
    return next((f for f in FORMATS.values() if f.claims(path)), None)


def read_document(path: str, fmt: str | None = None) -> ParseResult:
    """Read and parse one file (no database: safe on a worker thread).

    Errors are ``ImportFormatError`` naming the file (and the line or page, for bad content).
    """
    from flashdeck.core.importers import parse_document
    from flashdeck.readers import read_path

    whole = whole_file_format(path, fmt)
    if whole is not None and whole.read_file is not None:
        return whole.read_file(path)  # an Anki package: a zip, read with its own limits
    result = parse_document(read_path(path), fmt)
    check_note_count(result, path)
    return result


def read_data(data: bytes, source: str, fmt: str | None = None, *, html: bool = False) -> ParseResult:
    """Parse bytes that are no file: standard input, the clipboard (``source`` is "<stdin>", "<clipboard>");
    ``html``: the clipboard's HTML (read as a web page whatever tag it opens with)."""
    from flashdeck.core.importers import parse_document
    from flashdeck.readers import read_bytes

    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFormatError(f"{len(data) / (1024 * 1024):.0f} MB of text; the limit is "
                                f"{MAX_IMPORT_BYTES // (1024 * 1024)} MB", source=source)
    result = parse_document(read_bytes(data, source=source, html=html), fmt)
    check_note_count(result, source)
    return result
