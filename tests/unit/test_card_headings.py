"""A competency guide's signals read "Why it matters", not "Definition" (issue #14), through the Collection."""

from __future__ import annotations

from pathlib import Path

from flashdeck.collection import Collection

GUIDE = Path(__file__).resolve().parent.parent / "data" / "competency" / "bias_for_action_amazon.txt"


def test_imported_signals_and_pitfalls_are_headed_by_their_role(col: Collection) -> None:
    col.import_file(GUIDE)
    signal = col.card(col.search("kind:concept tag:signal")[0])
    _front, back = signal.render()
    assert "signal" in signal.tags
    assert "<h4>Why it matters</h4>" in back and "<h4>Definition</h4>" not in back
    _front, pitfall = col.card(col.search("tag:pitfall")[0]).render()
    assert "<h4>Why it hurts</h4>" in pitfall
    # The value itself is still defined as a definition.
    (value,) = [c for c in col.search("kind:concept -tag:signal -tag:pitfall -tag:framing -tag:level")
                if col.card(c).fields["term"] == "Bias for Action"]
    assert "<h4>Definition</h4>" in col.card(value).render()[1]
