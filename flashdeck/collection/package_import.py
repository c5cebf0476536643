"""Writing what a package adds beyond notes: review history, card states, suspensions, media.

Called by ``Collection`` inside the import's one transaction, after the notes
and cards are written. For each card with an Anki history:

- no reviews here yet: every Anki answer becomes a review log row and the card
  gets the state that replaying them through our scheduler gives;
- reviews here that are all in the package (an earlier import of it, or of an
  older export): only the answers not yet here are added, and the state is
  replayed from the whole history, so importing the same package again changes nothing;
- reviews here that the package does not have (studied in FlashDeck since): the
  card keeps its own history and state, and a warning says how many cards were left so.

Replays run without fuzzing, so the same package always gives the same states.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from flashdeck.collection.media import StagedMedia, media_dir
from flashdeck.core.scheduling import Scheduler
from flashdeck.interchange.anki_import import PackageResult
from flashdeck.interchange.history import replay
from flashdeck.storage import package_rows

if TYPE_CHECKING:
    from flashdeck.collection.importing import ImportPlan, ImportReport
    from flashdeck.collection.protocol import CollectionLike
    from flashdeck.storage.store import Store, Tx

__all__ = ["describe", "finish_media", "stage_media", "write_history"]

def write_history(store: Store, tx: Tx, plan: ImportPlan, scheduler: Scheduler) -> None:
    """Import the package's review history into the open transaction ``tx``; counts go to the report."""
    result, report = plan.result, plan.report
    if not isinstance(result, PackageResult):
        return
    scheduler = Scheduler(replace(scheduler.settings, enable_fuzzing=False))
    guids = sorted({guid for guid, _ord in result.histories})
    card_ids = package_rows.card_ids_by_guid(tx, guids)
    existing = package_rows.review_times(tx, sorted(card_ids.values()))
    added_notes = {p.guid for p in plan.notes if p.action == "add"}
    log_rows: list[tuple[Any, ...]] = []
    suspend: list[int] = []
    kept_local = no_card = cards_updated = 0
    for (guid, ordinal), history in result.histories.items():
        card_id = card_ids.get((guid, ordinal))
        if card_id is None:
            no_card += 1  # the note's fields do not make this card here
            continue
        if history.suspended and guid in added_notes:
            suspend.append(card_id)
        replayed = replay(scheduler, history.reviews)
        here = existing.get(card_id, set())
        if here - {r.time_ms for r in replayed}:
            kept_local += 1
            continue
        new = [r for r in replayed if r.time_ms not in here]
        if not new:
            continue
        for r in new:
            b, a = r.before, r.after
            log_rows.append((card_id, r.time_ms, int(r.rating), r.duration_ms, int(b.phase), b.step, b.stability,
                             b.difficulty, b.due, b.last_review, int(a.phase), a.step, a.stability, a.difficulty,
                             a.due))
        store.restore_card(tx, card_id, replayed[-1].after)
        cards_updated += 1
    store.insert_reviews(tx, log_rows)
    if suspend:
        store.set_suspended(tx, suspend, True)
    report.package = {**(report.package or {}), "reviews_imported": len(log_rows),
                      "cards_with_history": cards_updated, "cards_suspended": len(suspend)}
    if kept_local:
        report.warnings.append(f"{kept_local} card(s) have reviews here that the package lacks: "
                               "their FlashDeck history and schedule were kept")
    if no_card:
        report.warnings.append(f"{no_card} Anki card(s) have no matching FlashDeck card (a field it needs is "
                               "empty); their reviews were not imported")


def describe(plan: ImportPlan) -> None:
    """What a package brings beyond notes, in the plan's report (also for a dry run)."""
    result = plan.result
    if isinstance(result, PackageResult):
        plan.report.package = {"reviews": result.reviews, "media_files": len(result.media)}


def stage_media(col: CollectionLike, plan: ImportPlan) -> StagedMedia | None:
    """Unpack the package's media beside the media folder, before the transaction (None: no media)."""
    result = plan.result
    if not isinstance(result, PackageResult) or not result.media:
        return None
    return StagedMedia.stage(result.package_path, result.media, media_dir(col))


def finish_media(staged: StagedMedia, report: ImportReport) -> None:
    """After the commit: move the media in and count what happened."""
    outcome = staged.commit()
    report.package = {**(report.package or {}), "media_added": outcome.added}
    if outcome.conflicts:
        shown = ", ".join(outcome.conflicts[:5]) + (" …" if len(outcome.conflicts) > 5 else "")
        report.warnings.append(f"{len(outcome.conflicts)} media file(s) already exist with other content and "
                               f"were kept as they were: {shown}")
