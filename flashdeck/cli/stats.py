"""``flashdeck stats``, ``optimize`` and ``plan``: the figures, the personal FSRS fit, the interview plan."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from flashdeck.cli.common import Command, UserError, open_collection, print_json

if TYPE_CHECKING:
    from flashdeck.collection.optimize import OptimizeResult, TradeoffRow
    from flashdeck.collection.stats_results import BasicStats, FullStats

__all__ = ["COMMANDS", "add_parsers", "optimize_payload", "stats_payload"]


def add_parsers(sub: Any) -> None:
    stats = sub.add_parser("stats", help="collection statistics")
    stats.add_argument("--deck", help="only this deck (and its sub-decks) for the detailed figures")
    stats.add_argument("--year", type=int, metavar="YYYY", help="the heatmap's calendar year (default: last 365 days)")
    stats.add_argument("--json", action="store_true")

    optimize = sub.add_parser("optimize", help="fit FSRS parameters to your own review history")
    optimize.add_argument("--dry-run", action="store_true", help="fit and compare, but keep the current parameters")
    optimize.add_argument("--tradeoff", action="store_true",
                          help="also show the daily load at a few desired retentions (simulated)")
    optimize.add_argument("--json", action="store_true")

    plan = sub.add_parser("plan", help="the day-by-day plan until your interview")
    when = plan.add_mutually_exclusive_group()
    when.add_argument("--interview-date", metavar="YYYY-MM-DD", help="set the interview date first")
    when.add_argument("--clear", action="store_true", help="forget the interview date")
    plan.add_argument("--json", action="store_true")


def stats_payload(stats: BasicStats, full: FullStats) -> dict[str, Any]:
    """What ``stats --json`` prints: the summary keys first (scripts rely on them), then the detailed figures."""
    return {**stats.to_dict(), **{k: v for k, v in full.to_dict().items() if k != "study_day"}}


def optimize_payload(result: OptimizeResult, tradeoff: list[TradeoffRow] | None) -> dict[str, Any]:
    payload = result.to_dict()
    if tradeoff is not None:
        payload["tradeoff"] = [row.to_dict() for row in tradeoff]
    return payload


def cmd_stats(args: argparse.Namespace) -> int:
    with open_collection(args) as col:
        stats = col.stats()
        full = col.stats_full(args.deck, year=args.year)
    if args.json:
        print_json(stats_payload(stats, full))
        return 0
    from flashdeck.core.stats_text import text_report

    # The Stats screen's sections, in its order, with its sentences.
    print("\n".join(text_report(stats.to_dict(), full)))
    return 0


def cmd_optimize(args: argparse.Namespace) -> int:
    with open_collection(args) as col:
        result = col.optimize(apply=not args.dry_run)
        tradeoff = col.retention_tradeoff() if args.tradeoff else None
    if args.json:
        print_json(optimize_payload(result, tradeoff))
        return 0
    print(result.reason)
    if result.before is not None and result.after is not None:
        print(f"log loss {result.before.log_loss:.4f} → {result.after.log_loss:.4f}, "
              f"RMSE {result.before.rmse:.4f} → {result.after.rmse:.4f} ({result.reviews} reviews)")
    for row in tradeoff or []:
        print(f"retention {row.retention:.2f}: {row.reviews_per_day:.0f} reviews, "
              f"{row.minutes_per_day:.0f} min a day")
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    from datetime import date

    with open_collection(args) as col:
        if args.interview_date:
            try:
                day = date.fromisoformat(args.interview_date)
            except ValueError:
                raise UserError(f"not a date: {args.interview_date!r} (use YYYY-MM-DD)") from None
            col.set_interview_date(day)
        elif args.clear:
            col.set_interview_date(None)
        plan = col.study_plan()
    if args.json:
        print_json(plan.to_dict())
        return 0
    window = plan.final_window
    if plan.interview_date is None or window is None:
        print("no interview date set (flashdeck plan --interview-date YYYY-MM-DD)")
        return 0
    print(f"interview on {plan.interview_date.isoformat()}: {plan.days_left} days left; "
          f"{plan.new_remaining} new cards to meet, {plan.new_per_day} a day")
    for entry in plan.days:
        mark = "  (final review)" if entry.final_window else ""
        print(f"{entry.day.isoformat()}  {entry.reviews:>4} reviews  {entry.new:>4} new{mark}")
    covered = ("every card comes back" if window.cards_seen >= plan.cards
               else f"{window.cards_seen} of {plan.cards} cards come back")
    print(f"final review {window.first.isoformat()} to {window.last.isoformat()}: {covered} "
          "(if every card due is answered, as projected here)")
    return 0


COMMANDS: dict[str, Command] = {"stats": cmd_stats, "optimize": cmd_optimize, "plan": cmd_plan}
