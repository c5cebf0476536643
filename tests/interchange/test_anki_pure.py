"""The pure parts: media name rules, the protobuf reader, history replay, field text mapping."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from interchange.anki_builders import protobuf_media

from flashdeck.core.scheduling import CardState, Phase, Rating, Scheduler, SchedulerSettings
from flashdeck.interchange import wire
from flashdeck.interchange.apkg_read import _modern_media, check_media_name
from flashdeck.interchange.history import replay
from flashdeck.interchange.kinds_map import anki_to_markdown, markdown_to_anki

DAY = 86_400_000
T0 = int(datetime(2026, 1, 5, 9, 0, tzinfo=UTC).timestamp() * 1000)


@pytest.mark.parametrize("name", ["paste-1a2b.jpg", "résumé.png", "sound 1.mp3", "a.b.c.png"])
def test_plain_names_are_accepted(name: str) -> None:
    assert check_media_name(name) is None


def test_protobuf_media_list_and_truncation() -> None:
    data = protobuf_media(["a.png", "b.mp3"])
    assert _modern_media(data) == [("0", "a.png"), ("1", "b.mp3")]
    with pytest.raises(ValueError, match="runs past the end"):
        list(wire.fields(data[:-3]))
    with pytest.raises(ValueError, match="truncated varint"):
        wire.read_varint(b"\xff\xff", 0)


def test_replay_skips_manual_rows_and_restarts_after_a_reset() -> None:
    scheduler = Scheduler(SchedulerSettings(enable_fuzzing=False))
    rows = [(T0, 3, 0, 5000), (T0 + DAY, 3, 1, 4000), (T0 + 2 * DAY, 0, 5, 0),  # set due date: skipped
            (T0 + 3 * DAY, 0, 4, 0),  # Forget: start again
            (T0 + 4 * DAY, 1, 0, 3000)]
    replayed = replay(scheduler, rows)
    assert [r.rating for r in replayed] == [Rating.GOOD, Rating.GOOD, Rating.AGAIN]
    assert replayed[2].before == CardState()
    direct = scheduler.review(CardState(), Rating.AGAIN, datetime.fromtimestamp((T0 + 4 * DAY) / 1000, UTC))
    assert replayed[2].after == direct and direct.phase == Phase.LEARNING


def test_field_text_round_trip() -> None:
    text = "Line one\nline two\n\n**bold** <img src=\"a.png\">"
    assert anki_to_markdown(markdown_to_anki(text)) == text
    assert anki_to_markdown("<div>a</div><div>b&nbsp;c</div>") == "a\nb c"
