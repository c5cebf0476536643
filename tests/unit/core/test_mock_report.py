"""The mock interview's report rows, its JSON and its self-contained HTML page."""

from __future__ import annotations

from html.parser import HTMLParser

from flashdeck.core.mock import PlannedQuestion
from flashdeck.core.mock_report import FollowUpRow, ReportRow, report_html, report_json
from flashdeck.core.rehearsal import Lap

STORY = PlannedQuestion(7, "Tell me about a <conflict> & how you solved it", (120, 180), "story", "Why then?",
                        ("Situation", "Task", "Action", "Result"))
PITCH = PlannedQuestion(9, "Your 30-second pitch", (25, 35), "pitch")
ANALYSIS = {
    "duration_s": 150.0, "wpm": 131.4, "transcript": "I <script>alert(1)</script> led the team & we shipped",
    "fillers": {"total": 3, "counts": {"um": 2, "like": 1}, "approximate": ["um"]},
    "i_count": 5, "we_count": 2, "numbers": ["40 percent"],
    "coverage": {"fraction": 0.75, "points": [{"point": "Situation", "covered": True},
                                              {"point": "Result", "covered": False}]},
    "suggested_grade": {"grade": 3, "reasons": ["covered 75% of the points (missed: Result)"]},
}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _rows() -> list[ReportRow]:
    laps = (Lap("Situation", 0, 20), Lap("Task", 20, 35), Lap("Action", 35, 130), Lap("Result", 130, 150))
    return [
        ReportRow.of(0, STORY, duration_s=150.0, laps=laps, analysis=ANALYSIS, grade=2,
                     follow_up=FollowUpRow("Why then?", 31.0, "because the peak was close")),
        ReportRow.of(1, PITCH, duration_s=41.2, analysis=None),
        ReportRow.of(2, PlannedQuestion(11, "Why us?", None), duration_s=None),
    ]


def test_rows_carry_the_figures_scripts_rely_on() -> None:
    story, pitch, unanswered = _rows()
    assert story.in_target is True and pitch.in_target is False and unanswered.in_target is None
    assert story.zone_text == "on target" and pitch.zone_text == "over" and unanswered.zone_text == "not answered"
    assert story.suggested == 3 and story.grade == 2 and story.coverage == 0.75
    assert story.points == [("Situation", True), ("Result", False)]
    assert story.beat_notes() == []  # 35 s of set-up, action 63 %, a 20 s result: nothing off
    assert report_json(_rows())["questions"][0] == {
        "card_id": 7, "prompt": STORY.prompt, "duration_s": 150.0, "in_target": True,
        "transcript": ANALYSIS["transcript"], "coverage": 0.75, "suggested": 3, "grade": 2}
    assert report_json(_rows())["questions"][1]["transcript"] is None


def test_the_html_page_is_self_contained_escaped_and_complete() -> None:
    page = report_html(_rows(), when="Thu 3 Dec 2026, 09:30", decks=["Stories & <pitches>"])
    parsed = _Collector()
    parsed.feed(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "link" not in parsed.tags
    assert "audio" not in parsed.tags and "src=" not in page and "http" not in page.split("</style>")[0]
    text = "".join(parsed.text)
    assert "I <script>alert(1)</script> led the team & we shipped" in text  # the transcript, as text
    assert "Tell me about a <conflict> & how you solved it" in text
    assert "Stories & <pitches>" in text
    assert "2:30" in text and "on target" in text and "0:41" in text and "over" in text
    assert "Suggested grade: 3 Good" in text and "Your grade: 2 Hard" in text
    assert "um 2" in text and "“I” 5" in text and "40 percent" in text and "75%" in text
    assert "Follow-up: Why then?" in text and "because the peak was close" in text
    assert "Not analysed" in text and "Not answered." in text
    assert "2 of 3 questions answered · 1 on target" in text
    assert "@media print" in page
