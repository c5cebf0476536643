"""CSV and TSV: one card per row (front, back, optional tags), or one note of any kind per row.

Understands what spreadsheets and Anki write: a header row ("front,back,tags",
"Question<TAB>Answer"), quoted fields holding newlines or delimiters, and
Anki's ``#separator:tab`` / ``#html:true`` / ``#columns:`` / ``#tags column:3``
lines at the top. The delimiter is sniffed by counting fields per record for
each candidate (``csv.Sniffer`` guesses wrong on short files and on prose).
Errors name the physical line where the offending row starts, also after
multi-line quoted fields.

A header row naming an ``id`` and a ``kind`` column (what ``flashdeck export
--format csv`` writes: id, kind, deck, tags, then the kinds' field names) reads
each row as a note of that kind, its fields from the columns named after them.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from itertools import islice, repeat

from flashdeck.core.kinds import KINDS
from flashdeck.core.notes import (
    MAX_IMPORT_NOTES,
    DeckMeta,
    ImportFormatError,
    NoteDraft,
    ParseResult,
    gc_paused,
    normalise_tag,
    too_many_notes,
)

__all__ = ["NAME", "detect", "parse"]

NAME = "csv"

# Preference on ties: a tab is never prose; semicolon files (European Excel)
# often hold commas in their text, while comma files rarely hold semicolons.
_CANDIDATES = ("\t", ";", ",")
_SAMPLE_RECORDS = 20
_SAMPLE_CHARS = 65536

# An Anki settings line, "#key:value". Case-insensitive, [a-z] also matches four non-ASCII letters (İ ı ſ K):
# that expression costs ~0.3 ms to compile, so an ASCII key is matched by the one below (~0.03 ms) and only
# a line it does not match is tried with the other (compiled then, by ``re``'s cache).
_ANKI_LINE = re.compile(r"^#([A-Za-z][A-Za-z ]*):(.*)$")
_ANKI_LINE_ANY_CASE = r"(?i)^#([a-z][a-z ]*):(.*)$"
_SEPARATOR_NAMES = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "pipe": "|",
    "space": " ",
    "colon": ":",
}
# (Patterns only detection or an HTML break needs are compiled where first used, by ``re``'s own cache: a
# plain TSV import never compiles them, ~0.3 ms of the first import in a process.)
_MD_HEADING = r"(?m)^#{1,6}[ \t]+\S"
_BULLET = r"^\s*(?:[-*+]|\d+[.)])\s+"
_HTML_BREAK = r"(?i)<br\s*/?>|</div>\s*<div>|</?div>"
_TAG_SPLIT = re.compile(r"[\s,]+")

# Header cells, compared with case and punctuation removed.
_ROLE_NAMES = {
    "front": {"front", "question", "q", "prompt", "term", "word", "side1", "cardfront", "frontside"},
    "back": {"back", "answer", "a", "definition", "meaning", "response", "side2", "cardback", "backside"},
    "tags": {"tags", "tag", "labels", "keywords"},
    "guid": {"guid", "id", "noteid"},
    "deck": {"deck", "deckname"},
    "notetype": {"notetype", "notetypename", "type", "model", "kind"},
}


def _key(cell: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", cell.casefold())


def _role_of(cell: str) -> str | None:
    key = _key(cell)
    return next((role for role, names in _ROLE_NAMES.items() if key in names), None)


class _Settings:
    """What the Anki-style ``#key:value`` lines at the top say. (Plain classes here, not dataclasses: making
    a dataclass costs ~1 ms when the module is first imported, a tenth of importing 100 rows.)"""

    __slots__ = ("deck", "delimiter", "header_lines", "html", "roles", "tags")

    def __init__(self) -> None:
        self.delimiter: str | None = None
        self.html = False
        self.deck: str | None = None
        self.tags: tuple[str, ...] = ()
        self.roles: dict[int, str] = {}  # column index -> role
        self.header_lines = 0


def _kind_columns(cells: list[str]) -> dict[int, str] | None:
    """For a header row with id and kind columns: column → role, or ``field`` for the others; else None."""
    roles = {i: r for i, c in enumerate(cells) if (r := _role_of(c)) in ("guid", "notetype", "deck", "tags")}
    if "guid" not in roles.values() or "notetype" not in roles.values() or len(roles) == len(cells):
        return None
    return {i: roles.get(i, "field") for i in range(len(cells))}


def _kind_row(cells: list[str], header: list[str], columns: dict[int, str], source: str, line: int,
              tag_split: dict[str, tuple[str, ...]]) -> NoteDraft:
    by_role = {role: cells[i] for i, role in columns.items() if role != "field" and i < len(cells)}
    kind = KINDS.get(by_role.get("notetype", "").strip().casefold())
    if kind is None:
        raise ImportFormatError(f"unknown kind {by_role.get('notetype', '')!r} (known: {', '.join(KINDS)})",
                                source=source, line=line)
    fields = {}
    for i, role in columns.items():
        if role == "field" and i < len(cells) and cells[i]:
            name = kind.field_for_label(header[i])
            if name is None:
                raise ImportFormatError(f"column {header[i]!r} is not a field of kind {kind.name!r}",
                                        source=source, line=line)
            fields[name] = cells[i]
    raw_tags = by_role.get("tags", "")
    if raw_tags not in tag_split:
        tag_split[raw_tags] = _split_tags(raw_tags)
    return NoteDraft(kind.name, fields, tag_split[raw_tags], by_role.get("guid") or None,
                     by_role.get("deck") or None, line=line)


def _read_settings(lines: list[str], source: str) -> _Settings:
    settings = _Settings()
    for number, line in enumerate(lines, start=1):
        match = _settings_line(line.rstrip("\r"))
        if not match:
            break
        settings.header_lines = number
        key, value = match.group(1).strip().casefold(), match.group(2).strip()
        if key == "separator":
            sep = _SEPARATOR_NAMES.get(value.casefold(), value)
            if len(sep) != 1:
                raise ImportFormatError(f"unknown separator {value!r}", source=source, line=number)
            settings.delimiter = sep
        elif key == "html":
            settings.html = value.casefold() == "true"
        elif key == "deck":
            settings.deck = value or None
        elif key == "tags":
            settings.tags = _split_tags(value)
        elif key == "columns":
            # Anki writes the column names with the file's own separator.
            names = (
                re.split(r"\t|;|,|\|", value)
                if settings.delimiter is None
                else value.split(settings.delimiter)
            )
            settings.roles = {i: r for i, n in enumerate(names) if (r := _role_of(n)) is not None}
        elif key.endswith(" column"):
            role = _role_of(key[: -len(" column")])
            if role is not None and value.isdigit() and int(value) >= 1:
                settings.roles[int(value) - 1] = role
        # Other Anki settings (match scope, if matches, …) do not affect reading.
    return settings


def _settings_line(line: str) -> re.Match[str] | None:
    return _ANKI_LINE.match(line) or (re.match(_ANKI_LINE_ANY_CASE, line) if line[:1] == "#" else None)


def _split_tags(value: str) -> tuple[str, ...]:
    tags = (normalise_tag(t) for t in _TAG_SPLIT.split(value))
    return tuple(dict.fromkeys(t for t in tags if t))


def _reader(text: str, delimiter: str, strict: bool) -> Iterator[list[str]]:
    return csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True, strict=strict
    )


def _field_counts(sample: str, delimiter: str, truncated: bool) -> list[int]:
    counts: list[int] = []
    try:
        rows = [row for row in islice(_reader(sample, delimiter, False), _SAMPLE_RECORDS + 1)]
    except csv.Error:
        return counts
    if truncated and len(rows) > _SAMPLE_RECORDS:
        rows = rows[:-1]  # the sample may have cut the last record in half
    for row in rows[:_SAMPLE_RECORDS]:
        if any(cell.strip() for cell in row):
            counts.append(len(row))
    return counts


def _sniff(body: str) -> tuple[str, int, float, int] | None:
    """(delimiter, usual field count, share of records with it, records seen), or None."""
    truncated = len(body) > _SAMPLE_CHARS
    sample = body[: body.rfind("\n", 0, _SAMPLE_CHARS) + 1] if truncated else body
    best: tuple[float, int, str, int, int] | None = None
    for priority, delimiter in enumerate(reversed(_CANDIDATES)):
        counts = _field_counts(sample, delimiter, truncated)
        if not counts:
            continue
        usual, seen = Counter(counts).most_common(1)[0]
        if usual < 2:
            continue
        share = seen / len(counts)
        rank = (share, priority, delimiter, usual, len(counts))
        if best is None or rank[:2] > best[:2]:
            best = rank
    if best is None:
        return None
    share, _, delimiter, usual, records = best
    return delimiter, usual, share, records


def detect(text: str, filename: str = "") -> int:
    """>= 15 when the first records split alike into 2–3 fields; 0 for prose and Markdown."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n", 50)
    try:
        settings = _read_settings(lines[:50], "<detect>")
    except ImportFormatError:
        return 0
    if settings.delimiter is not None:
        return 20  # Anki's own header says what this is
    try:
        first = next(csv.reader([lines[0]]), [])
    except csv.Error:
        first = []
    if _kind_columns([c.strip() for c in first]) is not None:
        return 25  # our own export: id, kind, deck, tags, fields
    if re.search(_MD_HEADING, text[:_SAMPLE_CHARS]):
        return 0
    body = "\n".join(lines[settings.header_lines :]) if settings.header_lines else text
    head = [ln for ln in body.split("\n", _SAMPLE_RECORDS)[:_SAMPLE_RECORDS] if ln.strip()]
    if head and sum(bool(re.match(_BULLET, ln)) for ln in head) * 2 >= len(head):
        return 0  # a Markdown list whose items happen to hold commas
    sniffed = _sniff(body)
    if sniffed is None:
        return 0
    delimiter, usual, share, records = sniffed
    by_name = filename.casefold().endswith((".csv", ".tsv", ".tab"))
    # A .csv/.tsv name is evidence enough to read a file with a few bad rows as
    # CSV, so that the user hears which row is wrong rather than gets one big note.
    if usual > 3 or share < (0.6 if by_name else 0.8) or (records < 2 and not by_name):
        return 0
    return 15 + (2 if delimiter == "\t" else 0) + (3 if by_name else 0)


def _html_to_markdown(value: str) -> str:
    # Anki's HTML fields break lines with <br> and <div>; other inline HTML is
    # valid Markdown and is sanitised when rendered.
    if value.isascii():  # (most cells with a tag have no break: two searches cost a third of the substitution)
        low = value.lower()
        if "<br" not in low and "div" not in low:
            return value
    return re.sub(_HTML_BREAK, "\n", value)


def _plain_lines(body: str, delimiter: str) -> list[str] | None:
    """The body's lines when each is a row that ``str.split`` cuts as the csv reader would (at twice its
    speed): no quote, no carriage return, no line past the reader's field size limit, and a delimiter that
    is not the space (the reader skips spaces after a delimiter; cells are stripped anyway)."""
    if delimiter == " " or '"' in body or "\r" in body:
        return None
    lines = body.split("\n")
    return lines if max(map(len, lines)) <= csv.field_size_limit() else None


def _count_rows(body: str, delimiter: str) -> int | None:
    """The non-empty rows of ``body`` (None when it is malformed: the parse then names the row)."""
    try:
        reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, skipinitialspace=True, strict=True)
        return sum(1 for row in reader if any(cell.strip() for cell in row))
    except csv.Error:
        return None


@gc_paused
def parse(text: str, source: str = "<csv>") -> ParseResult:
    """Read rows of front, back and optional tags; errors name the row's first line."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n", 50)
    settings = _read_settings(lines[:50], source)
    offset = settings.header_lines
    body = "\n".join(lines[offset:]) if offset else text
    if offset and not body.strip():
        # Name a line the file has: the last settings line, not the missing one after it.
        raise ImportFormatError("no rows after the '#' settings lines", source=source, line=offset)
    if settings.delimiter is not None:
        delimiter = settings.delimiter
    else:
        sniffed = _sniff(body)
        if sniffed is None:
            raise ImportFormatError(
                "no tab, comma or semicolon separates the columns; expected front and back per row",
                source=source,
                line=offset + 1,
            )
        delimiter = sniffed[0]
    roles = _complete_roles(settings.roles) if settings.roles else {0: "front", 1: "back", 2: "tags"}
    plain = _plain_lines(body, delimiter)
    # Maybe too many rows: counted first (C speed), refused at once. (A plain body's lines say how many.)
    if (len(plain) - 1 if plain is not None else body.count("\n")) > MAX_IMPORT_NOTES:
        rows = _count_rows(body, delimiter)
        if rows is not None and rows > MAX_IMPORT_NOTES + 1:  # (+1: a header row may be among them)
            raise too_many_notes(rows, source)
    warnings: list[str] = []
    notes: list[NoteDraft] = []
    reader = None
    if plain is None:
        reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, skipinitialspace=True, strict=True)
    records: Iterator[list[str]] = reader if reader is not None else map(str.split, plain or (), repeat(delimiter))
    tag_cache: dict[str, tuple[str, ...]] = {}
    kind_tags: dict[str, tuple[str, ...]] = {}
    first_row = True
    kind_header: list[str] = []
    kind_columns: dict[int, str] | None = None
    ignored_warned = False
    # A plain ASCII body with no "<br" and no "div" anywhere has no HTML break in any cell (each cell is a
    # part of it): its cells skip the break substitution, which would leave them as they are.
    html = settings.html and not (plain is not None and body.isascii() and "<br" not in (low := body.lower())
                                  and "div" not in low)
    layout: tuple[dict[int, str], _Layout] | None = None
    end = 0
    try:
        for row in records:
            start = offset + end + 1
            end = reader.line_num if reader is not None else end + 1  # (a plain body: a row a line)
            cells = list(map(str.strip, row))  # (a comprehension makes a function object a row)
            if not any(cells):
                continue
            if len(notes) >= MAX_IMPORT_NOTES:  # refused: the rest only counted, not made into notes
                rest = sum(1 for more in records if any(cell.strip() for cell in more))
                raise too_many_notes(len(notes) + 1 + rest, source)
            if first_row:
                first_row = False
                kind_columns = None if settings.roles else _kind_columns(cells)
                if kind_columns is not None:
                    kind_header = cells
                    continue
                header = {i: r for i, c in enumerate(cells) if (r := _role_of(c)) is not None}
                if not settings.roles and header.get(0) == "front" and header.get(1) == "back":
                    roles = header
                    unnamed = [c for i, c in enumerate(cells) if i not in header and c]
                    if unnamed:
                        warnings.append(f"{source}:{start}: columns {unnamed} are not imported")
                        ignored_warned = True
                    continue
            if kind_columns is not None:
                notes.append(_kind_row(cells, kind_header, kind_columns, source, start, kind_tags))
                continue
            if len(cells) < 2:
                raise ImportFormatError(
                    f"only one column ({_short(cells[0])!r}); expected front{_name(delimiter)}back",
                    source=source,
                    line=start,
                )
            if layout is None or layout[0] is not roles:
                layout = (roles, _Layout(roles))
                at = layout[1]
                at_front, at_back, at_tags, at_guid, at_deck = at.front, at.back, at.tags, at.guid, at.deck
                first_free, repeated = at.first_free, at.repeated
            count = len(cells)
            if count > first_free and not ignored_warned:
                ignored = next((i for i, cell in enumerate(cells) if cell and i not in roles), None)
                if ignored is not None:
                    warnings.append(
                        f"{source}:{start}: column {ignored + 1} is not imported (only front, back and tags are)"
                    )
                    ignored_warned = True
            if repeated:  # two columns of one role: the last the row has wins (cells put in role order)
                cells, at_front, at_back, at_tags, at_guid, at_deck = _by_role(cells, roles), 0, 1, 2, 3, 4
                count = len(cells)
            # (a column the row lacks reads as empty)
            front = cells[at_front] if at_front < count else ""
            back = cells[at_back] if at_back < count else ""
            if html:
                if "<" in front:
                    front = _html_to_markdown(front).strip()
                if "<" in back:
                    back = _html_to_markdown(back).strip()
            if not front:
                raise ImportFormatError("empty front", source=source, line=start)
            if not back:
                warnings.append(f"{source}:{start}: empty back; the note has no card until it has one")
            raw_tags = cells[at_tags] if at_tags < count else ""
            tags = tag_cache.get(raw_tags)
            if tags is None:
                # Rows repeat the same few tag strings: split each one once.
                tags = tag_cache[raw_tags] = tuple(dict.fromkeys(settings.tags + _split_tags(raw_tags)))
            notes.append(
                NoteDraft("basic", {"front": front, "back": back} if back else {"front": front}, tags,
                          (cells[at_guid] or None) if at_guid < count else None,
                          (cells[at_deck] or None) if at_deck < count else None,
                          None, start)
            )
    except csv.Error as err:
        # The reader fails while reading the row that starts after the last good one.
        raise ImportFormatError(_csv_message(str(err)), source=source, line=offset + end + 1) from None
    deck = DeckMeta(name=settings.deck, default_kind="basic", tags=settings.tags)
    # Rows of front, back and tags are clean as made (stripped cells, a front, a back only when there is
    # one, tags split once without repeats); rows of our own export's kinds are checked by the planner.
    return ParseResult(format=NAME, notes=notes, deck=deck, warnings=warnings, clean=kind_columns is None)


_LAYOUT_ROLES = ("front", "back", "tags", "guid", "deck")


class _Layout:
    """Where each role's column is (``_ABSENT`` when none has it), the first column without a role, and
    whether a role has more than one column. (A plain class: making a NamedTuple class is ~0.1 ms of the
    first import in a process.)"""

    __slots__ = ("back", "deck", "first_free", "front", "guid", "repeated", "tags")

    def __init__(self, roles: dict[int, str]) -> None:
        at = {role: index for index, role in roles.items()}
        self.front, self.back, self.tags, self.guid, self.deck = (at.get(role, _ABSENT) for role in _LAYOUT_ROLES)
        self.first_free = next(i for i in range(len(roles) + 1) if i not in roles)
        self.repeated = len(at) < len(roles)


_ABSENT = 1 << 30  # past any row's last column


def _by_role(cells: list[str], roles: dict[int, str]) -> list[str]:
    """The row's cells in ``_LAYOUT_ROLES`` order, each the last cell the row has for that role."""
    values: dict[str, str] = {}
    for index, cell in enumerate(cells):
        role = roles.get(index)
        if role is not None:
            values[role] = cell
    return [values.get(role, "") for role in _LAYOUT_ROLES]


def _complete_roles(roles: dict[int, str]) -> dict[int, str]:
    """Like Anki: front and back are the first columns no ``#… column:`` line claimed."""
    roles = dict(roles)
    free = (index for index in range(len(roles) + 2) if index not in roles)
    for role in ("front", "back"):
        if role not in roles.values():
            roles[next(free)] = role
    return roles


def _csv_message(message: str) -> str:
    if "unexpected end of data" in message:
        return "a quoted field starting on this row is never closed"
    if "expected after" in message:
        return f'text after a closing quote ({message}); double the quote ("") to keep it'
    return f"unreadable row: {message}"


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "..."


def _name(delimiter: str) -> str:
    return {"\t": "<TAB>", ",": ",", ";": ";"}.get(delimiter, delimiter)
