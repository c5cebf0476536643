"""Coverage that can fail, measured on our own four STAR answers (tests/answers.py) as text.

Each answer told whole covers all four beats; told with its Action or its Result left out, that
beat is missed; another candidate's story scores at most one beat of four. Paraphrases (other
words, same facts) keep at least half. The same cases through flite and the recogniser are in
bench/bench_analysis.py (docs/performance.md).
"""

from __future__ import annotations

import pytest
from answers import ANSWERS, Answer

from flashdeck.core.coverage import coverage, coverage_fraction, number_value
from flashdeck.core.rehearsal import STAR_BEATS


def _points(answer: Answer) -> list[tuple[str, str]]:
    return [(beat, answer.card[beat.lower()]) for beat in STAR_BEATS]


def _covered(answer: Answer, text: str) -> dict[str, bool]:
    return {p.label: p.covered for p in coverage(text, _points(answer), ordered=True)}


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda a: a.key)
def test_the_whole_story_covers_every_beat(answer: Answer) -> None:
    assert all(_covered(answer, answer.text).values())


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda a: a.key)
def test_a_story_without_its_result_misses_the_result(answer: Answer) -> None:
    without_result = _covered(answer, answer.without(3))
    assert not without_result["Result"] and without_result["Situation"] and without_result["Action"]


def test_a_story_without_its_action_mostly_misses_the_action() -> None:
    # A limit, measured: an Action told in passing in the Result ("the comparison job is now used by
    # two other teams") can still count. Three of the four stories lose their Action.
    missed = [not _covered(answer, answer.without(2))["Action"] for answer in ANSWERS]
    assert sum(missed) >= 3


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda a: a.key)
def test_a_paraphrase_still_counts_and_another_story_does_not(answer: Answer) -> None:
    paraphrased = coverage_fraction(coverage(answer.paraphrase, _points(answer), ordered=True))
    assert paraphrased is not None and paraphrased >= 0.5
    for other in ANSWERS:
        if other is not answer:
            unrelated = coverage_fraction(coverage(other.text, _points(answer), ordered=True))
            assert unrelated is not None and unrelated <= 0.25


def test_beats_must_come_in_order() -> None:
    answer = ANSWERS[0]
    # The Result told first, then the rest: the Result's figures were said before the Situation.
    result_first = " ".join([answer.spoken[3], *answer.spoken[:3]])
    assert _covered(answer, result_first)["Result"] is False
    assert {p.label: p.covered for p in coverage(result_first, _points(answer))}["Result"] is True  # unordered


def test_numbers_meet_whatever_way_they_are_said() -> None:
    assert number_value(["forty"]) == number_value(["40"]) == number_value(["40%"]) == 40
    assert number_value(["2", "million"]) == number_value(["two", "million"]) == 2_000_000
    assert number_value(["one", "point", "five", "million"]) == 1_500_000
    assert number_value(["$80,000"]) == number_value(["eighty", "thousand"]) == 80_000
    assert number_value(["half"]) == 0.5 and number_value(["team"]) is None
    points = [("Result", "Latency 40 percent lower")]
    assert coverage("the latency fell by forty percent", points)[0].covered
    assert coverage("latency dropped by 40%", points)[0].covered
