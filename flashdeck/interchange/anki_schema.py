"""The legacy Anki collection schema (schema 11) that ``collection.anki2`` in a package uses.

Every Anki since 2.1 imports it; writing it needs no protobuf and no zstd. The
statements and the default deck options are what Anki itself writes for a
"support older Anki versions" export.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "DEFAULT_COL_CONF",
    "DEFAULT_DECK_CONF",
    "INSERT_CARD",
    "INSERT_COL",
    "INSERT_NOTE",
    "SCHEMA_SQL",
    "SCHEMA_VERSION",
    "legacy_deck",
]

# Anki's schema, not ours: its SQL stays beside the format (tests/test_layering.py allows it here).
SCHEMA_VERSION = 11

SCHEMA_SQL = """
CREATE TABLE col (
  id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL, scm integer NOT NULL,
  ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL, ls integer NOT NULL,
  conf text NOT NULL, models text NOT NULL, decks text NOT NULL, dconf text NOT NULL, tags text NOT NULL
);
CREATE TABLE notes (
  id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL, mod integer NOT NULL,
  usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL, sfld integer NOT NULL,
  csum integer NOT NULL, flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE cards (
  id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL, ord integer NOT NULL,
  mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL, queue integer NOT NULL,
  due integer NOT NULL, ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL,
  lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL, odid integer NOT NULL,
  flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE revlog (
  id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL, ease integer NOT NULL,
  ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL, time integer NOT NULL,
  type integer NOT NULL
);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
"""

# The rows an export writes, in the column order above: the collection's one ``col`` row (crt, mod, scm, ver, conf,
# models, decks, dconf), then the notes and cards.
INSERT_COL = "INSERT INTO col VALUES (1, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?, '{}')"
INSERT_NOTE = "INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)"
INSERT_CARD = "INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"

DEFAULT_COL_CONF: dict[str, Any] = {
    "activeDecks": [1], "addToCur": True, "collapseTime": 1200, "curDeck": 1, "curModel": None,
    "dueCounts": True, "estTimes": True, "newSpread": 0, "nextPos": 1, "schedVer": 2, "sortBackwards": False,
    "sortType": "noteFld", "timeLim": 0,
}

DEFAULT_DECK_CONF: dict[str, Any] = {
    "id": 1, "mod": 0, "name": "Default", "usn": 0, "maxTaken": 60, "autoplay": True, "timer": 0,
    "replayq": True, "dyn": False,
    "new": {"bury": False, "delays": [1.0, 10.0], "initialFactor": 2500, "ints": [1, 4, 0], "order": 1,
            "perDay": 20},
    "rev": {"bury": False, "ease4": 1.3, "ivlFct": 1.0, "maxIvl": 36500, "perDay": 200, "hardFactor": 1.2},
    "lapse": {"delays": [10.0], "leechAction": 1, "leechFails": 8, "minInt": 1, "mult": 0.0},
}


def legacy_deck(deck_id: int, name: str, mod: int, description: str = "") -> dict[str, Any]:
    return {
        "id": deck_id, "mod": mod, "name": name, "usn": -1, "lrnToday": [0, 0], "revToday": [0, 0],
        "newToday": [0, 0], "timeToday": [0, 0], "collapsed": False, "browserCollapsed": False,
        "desc": description, "dyn": 0, "conf": 1, "extendNew": 0, "extendRev": 0,
    }
