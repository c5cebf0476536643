"""The answer read against the prepared one, as HTML: marks in place, everything escaped (no Qt needed)."""

from __future__ import annotations

from flashdeck.core.coverage import coverage
from flashdeck.ui.rehearse.against import prepared_html, transcript_html, word_term

POINTS = (("Situation", "The Lisbon office lost two of its five engineers in May."),
          ("Task", "I had to keep the payroll export running."),
          ("Action", "I wrote a runbook and trained the support desk."),
          ("Result", "No export failed that summer; 40% fewer tickets."))


def test_words_meet_as_the_coverage_check_meets_them() -> None:
    assert word_term("engineers") == word_term("engineer")
    assert word_term("forty") == word_term("40")
    assert word_term("the") is None


def test_each_point_is_marked_covered_or_missed_with_the_words_said() -> None:
    said = "in May our Lisbon office lost two engineers so I wrote a runbook and trained the desk"
    checked = coverage(said, POINTS, ordered=True)
    html = prepared_html(POINTS, checked)
    assert [p.covered for p in checked] == [True, False, True, False]
    assert html.count("✓") == 2 and html.count("✗") == 2
    assert '600">Lisbon</span>' in html and '600">runbook</span>' in html
    assert '600">payroll</span>' not in html  # the Task was not said: its words stay plain


def test_the_transcript_names_where_each_beat_began() -> None:
    said = "so the Lisbon office lost engineers and then I wrote a runbook for the desk"
    checked = coverage(said, POINTS, ordered=True)
    html = transcript_html(said, checked, beats=[label for label, _ in POINTS])
    assert html.index("[Situation]") < html.index("Lisbon</span>") < html.index("[Action]") < html.index("runbook")
    assert "[Task]" not in html and "[Result]" not in html


def test_talking_points_without_labels_and_before_an_analysis() -> None:
    lines = (("Name the metric first", "Name the metric first"), ("Say what you would change", "Say what you "
                                                                  "would change"))
    html = prepared_html(lines, None)
    assert "·" in html and "✓" not in html and "<b>" not in html  # a line is its own label: shown once
    assert "no prepared beats" in prepared_html((), None)


def test_a_transcript_is_text_never_markup() -> None:
    said = "<img src=x onerror=alert(1)> the Lisbon office & <b>engineers</b>"
    checked = coverage(said, POINTS, ordered=True)
    html = transcript_html(said, checked, beats=("Situation",))
    assert "<img" not in html and "<b>engineers" not in html and "&lt;img" in html and "&amp;" in html
    assert "<script" not in prepared_html((("Situation", "<script>x</script> Lisbon"),), checked)
