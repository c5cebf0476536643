"""The one façade every front end uses (GUI, CLI, tests, benchmarks) and the managers behind it.

``Collection`` (``facade.py``) opens a collection and is the only way in: one
transaction per user action. Its managers, one concern per module: ``importing``
(plans and applies imports), ``rehearsing`` (spoken attempts and their files), ``mocking``
(mock interviews: the plan, the answers as they come, grades as reviews, the report),
``stats``, ``planning`` (the interview plan), ``optimize`` (personal FSRS
parameters), ``browsing``, ``undo``, ``checks``, ``backup``/``backup_check``/
``restoring``, ``files`` (the folders beside a collection), ``bundled`` (the
shipped decks) and ``failures`` (every failure as one line for the user). A manager is given
the façade typed as ``protocol.CollectionLike`` and never imports it (pyproject's import-linter
contracts keep the package acyclic); ``views`` and ``stats_results`` hold the values reads return.
The errors a user reads are the ``flashdeck.core.errors`` family, re-exported here.
"""

from flashdeck.collection.facade import UNDO_STEPS, CardView, Collection, DeckSummary, ImportReport
from flashdeck.core.errors import CardChanged, FlashDeckError, InvalidInput, NotFound
from flashdeck.storage.store import CardChangedError

__all__ = ["UNDO_STEPS", "CardChanged", "CardChangedError", "CardView", "Collection", "DeckSummary",
           "FlashDeckError", "ImportReport", "InvalidInput", "NotFound"]
