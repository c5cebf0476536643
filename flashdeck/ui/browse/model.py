"""The browser's table model: matching card ids up front, rows fetched a page at a time.

A search returns every matching id in one indexed query (a few ms at 50 000
cards); the rows themselves (title, deck, scheduling state) are read only for
the pages the view actually asks about, and a small LRU cache keeps scrolling
back and forth from hitting the database again.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QItemSelection, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QPalette

from flashdeck.collection import Collection
from flashdeck.collection.browsing import BrowseRow
from flashdeck.core.changes import Changes
from flashdeck.core.kinds import KINDS, kind_by_name
from flashdeck.core.scheduling import Phase, format_interval
from flashdeck.ui.events import AppEvents
from flashdeck.ui.ops import run_op

__all__ = ["CARD", "CARD_ID_ROLE", "COLUMNS", "NOTE_ID_ROLE", "STATE_FILTERS", "CardTableModel", "Column",
           "compose_query", "row_selection"]

CARD_ID_ROLE = Qt.ItemDataRole.UserRole
NOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SUSPENDED_ROLE = Qt.ItemDataRole.UserRole + 2

PAGE_SIZE = 200
# 20 pages = 4 000 rows: several screens either side of any position, a few hundred KB.
MAX_CACHED_PAGES = 20

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    header: str
    sort_key: str | None  # a flashdeck.collection.browsing.SORTS key, None when the column cannot sort
    sample: str  # the widest usual cell: sets the column's width without reading any row
    numeric: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("Title", "title", ""),
    Column("Deck", "deck", "Behavioural fund"),
    Column("Kind", "kind", "Curveball"),
    # A story's three cards share title, deck and kind: the card's template tells them apart.
    Column("Card", "card", "Result metric"),
    Column("Due", "due", "in 10.5mo"),
    Column("Interval", "interval", "10.5mo", numeric=True),
    Column("Difficulty", "difficulty", "10.0", numeric=True),
    Column("Lapses", "lapses", "10", numeric=True),
    Column("State", None, "suspended"),
)
STATE_FILTERS = ("due", "new", "learning", "review", "suspended", "buried")
TITLE, DECK, KIND, CARD, DUE, INTERVAL, DIFFICULTY, LAPSES, STATE = range(len(COLUMNS))


@dataclass(frozen=True)
class _Row:
    """A fetched row with its cells already formatted, so painting does no work."""

    source: BrowseRow
    cells: tuple[str, ...]
    state: str


class CardTableModel(QAbstractTableModel):
    """Cards matching a search, sorted; rows are read lazily, ``PAGE_SIZE`` at a time.

    ``fetched_rows`` counts rows read from the collection since construction, so
    tests and the benchmark can check that only the visible pages were read.
    """

    def __init__(self, col: Collection, parent: Any = None, events: AppEvents | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.events = events  # an in-place edit is told to every screen (initiator: the parent screen)
        self.query = ""
        self.sort_key = "due"
        self.descending = False
        self.fetched_rows = 0
        self._ids: list[int] = []
        self._row_of: dict[int, int] | None = None
        self._pages: OrderedDict[int, list[_Row]] = OrderedDict()

    # -- the search --------------------------------------------------------------------

    def set_search(self, query: str, sort_key: str | None = None, descending: bool | None = None) -> None:
        """Run a search (raising ``SearchError`` for a bad query, leaving the rows as they were)."""
        sort_key = self.sort_key if sort_key is None else sort_key
        descending = self.descending if descending is None else descending
        ids = self.col.search(query, sort=sort_key, descending=descending)
        self.beginResetModel()
        self.query, self.sort_key, self.descending = query, sort_key, descending
        self._ids = ids
        self._row_of = None
        self._pages.clear()
        self.endResetModel()

    def reload(self) -> None:
        """Run the current search again (after the collection changed)."""
        self.set_search(self.query)

    def card_ids(self) -> list[int]:
        return list(self._ids)

    def card_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, card_id: int) -> int | None:
        """The row showing ``card_id``; the reverse map is built once per search, on demand."""
        if self._row_of is None:
            self._row_of = {cid: i for i, cid in enumerate(self._ids)}
        return self._row_of.get(card_id)

    def row_data(self, row: int) -> BrowseRow:
        return self._fetch(row).source

    # -- Qt model interface ---------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].header
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return None if COLUMNS[section].sort_key else "This column cannot be sorted"
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == CARD_ID_ROLE:
            return self._ids[row]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if COLUMNS[column].numeric:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.ForegroundRole, NOTE_ID_ROLE, SUSPENDED_ROLE):
            return None
        fetched = self._fetch(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            if fetched.source.suspended:
                # The palette's own disabled colour, so the light and dark themes both dim it.
                return QGuiApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            return None
        if role == NOTE_ID_ROLE:
            return fetched.source.note_id
        if role == SUSPENDED_ROLE:
            return fetched.source.suspended
        if role == Qt.ItemDataRole.ToolTipRole:
            return fetched.cells[TITLE] if column == TITLE else None
        return fetched.cells[column]

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == TITLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Edit in place: the Title cell rewrites the note's title field."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != TITLE:
            return False
        title = str(value).strip()
        row = self._fetch(index.row()).source
        if not title or title == row.title:
            return False
        note = self.col.note(row.note_id)
        fields = dict(note.fields)
        fields[kind_by_name(note.kind).title_field] = title

        def edit() -> Changes:
            changes = self.col.update_note(row.note_id, fields, note.tags)
            # Sibling cards of the note show the same title: drop every cached page.
            self._pages.clear()
            self.dataChanged.emit(self.index(0, TITLE), self.index(len(self._ids) - 1, TITLE))
            return changes

        if self.events is None:
            edit()
            return True
        return run_op(self.events, edit, initiator=QObject.parent(self) or self).ok

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column's SORTS key; a column without one leaves the order as it is."""
        key = COLUMNS[column].sort_key if 0 <= column < len(COLUMNS) else None
        if key is None:
            return
        self.set_search(self.query, key, order == Qt.SortOrder.DescendingOrder)

    def sort_column(self) -> int:
        for i, column in enumerate(COLUMNS):
            if column.sort_key == self.sort_key:
                return i
        return -1

    # -- lazy pages -----------------------------------------------------------------------

    def _fetch(self, row: int) -> _Row:
        page_no = row // PAGE_SIZE
        page = self._pages.get(page_no)
        if page is None:
            page = self._load_page(page_no)
        else:
            self._pages.move_to_end(page_no)
        return page[row - page_no * PAGE_SIZE]

    def _load_page(self, page_no: int) -> list[_Row]:
        ids = self._ids[page_no * PAGE_SIZE:(page_no + 1) * PAGE_SIZE]
        rows = self.col.browse_rows(ids)
        self.fetched_rows += len(ids)
        day = self.col.today()
        now = int(self.col.clock.now().timestamp())
        formatter = _Formatter(day.start_ts, day.end_ts, day.date.toordinal(), now)
        if len(rows) == len(ids):
            page = [formatter.row(r) for r in rows]
        else:
            # Keep rows aligned with ids even if some cards disappeared underneath us.
            by_id = {r.card_id: r for r in rows}
            page = [formatter.row(by_id[cid]) if cid in by_id else _missing(cid) for cid in ids]
        self._pages[page_no] = page
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        return page


def _missing(card_id: int) -> _Row:
    source = BrowseRow(card_id, 0, "", "", "(deleted)", 0, Phase.NEW, 0, None, None, None, 0, 0, False, 0, ())
    return _Row(source, ("(deleted)",) + ("",) * (len(COLUMNS) - 1), "")


class _Formatter:
    """Turns a BrowseRow into display strings relative to one study day."""

    def __init__(self, day_start: int, day_end: int, today: int, now: int) -> None:
        self.day_start, self.day_end, self.today, self.now = day_start, day_end, today, now

    def row(self, r: BrowseRow) -> _Row:
        state = self.state(r)
        kind = KINDS.get(r.kind)
        cells = (
            r.title,
            r.deck,
            kind.label if kind else r.kind,
            kind.templates[r.template].name if kind and 0 <= r.template < len(kind.templates) else "",
            self.due(r),
            "—" if r.interval_days is None else format_interval(timedelta(days=r.interval_days)),
            "—" if r.difficulty is None else f"{r.difficulty:.1f}",
            str(r.lapses),
            state,
        )
        return _Row(r, cells, state)

    def state(self, r: BrowseRow) -> str:
        if r.suspended:
            return "suspended"
        if r.buried_until >= self.today:
            return "buried"
        if r.phase == Phase.NEW:
            return "new"
        return "review" if r.phase == Phase.REVIEW else "learning"

    def due(self, r: BrowseRow) -> str:
        if r.phase == Phase.NEW:
            return "new"
        if r.phase in (Phase.LEARNING, Phase.RELEARNING) and self.day_start <= r.due < self.day_end:
            return "now" if r.due <= self.now else f"in {format_interval(timedelta(seconds=r.due - self.now))}"
        if r.due < self.day_start:
            days = max(1, (self.day_start - r.due + 86399) // 86400)
            return f"{days}d ago"
        if r.due < self.day_end:
            return "today"
        days = (r.due - self.day_start) // 86400
        return "tomorrow" if days == 1 else f"in {format_interval(timedelta(days=days))}"


def row_selection(model: CardTableModel, rows: list[int]) -> QItemSelection:
    """Whole-row selection of sorted ``rows``; each contiguous run is one range, so thousands stay cheap."""
    selection = QItemSelection()
    last_column = len(COLUMNS) - 1
    start = prev = None
    for row in [*rows, None]:
        if row is not None and prev is not None and row == prev + 1:
            prev = row
            continue
        if start is not None and prev is not None:
            selection.select(model.index(start, 0), model.index(prev, last_column))
        start = prev = row
    return selection


def _quoted(value: str) -> str:
    # The search language has no escape for a double quote inside a quoted value.
    value = value.replace('"', "")
    return f'"{value}"' if any(ch.isspace() for ch in value) or not value else value


def compose_query(text: str, deck: str | None = None, kind: str | None = None, state: str | None = None,
                  tags: str = "") -> str:
    """The search box text plus one term per active filter."""
    parts = [text.strip()] if text.strip() else []
    if deck:
        parts.append(f"deck:{_quoted(deck)}")
    if kind:
        parts.append(f"kind:{kind}")
    if state:
        parts.append(f"is:{state}")
    for tag in tags.replace(",", " ").split():
        parts.append(f"{'-' if tag.startswith('-') else ''}tag:{_quoted(tag.lstrip('-#'))}")
    return " ".join(parts)
