"""Delivery feedback from transcripts: fillers, pronouns, numbers, coverage, pace, the suggested grade."""

from __future__ import annotations

from flashdeck.core.delivery import (
    count_fillers,
    coverage,
    coverage_fraction,
    find_numbers,
    i_we_counts,
    keywords,
    lexical_words,
    suggest_grade,
    talking_points,
    tokenize,
    words_per_minute,
)
from flashdeck.core.stemmer import stem


def test_tokenize_keeps_number_marks() -> None:
    assert tokenize("We cut p99 to 300ms, saved $1,200 (30%) — 10x faster. I'm sure.") == [
        "we", "cut", "p", "99", "to", "300ms", "saved", "$1,200", "30%", "10x", "faster", "i'm", "sure"]


def test_sound_fillers() -> None:
    tokens = tokenize("um so uh we er erm decided umm to hmm ship")
    assert count_fillers(tokens) == {"um": 2, "uh": 1, "er": 2, "hmm": 1}
    assert lexical_words(tokens) == ["so", "we", "decided", "to", "ship"]


def test_like_counts_only_as_a_filler() -> None:
    meant = "i like the team we would like more it looks like rain something like that i really like it"
    assert count_fillers(tokenize(meant))["like"] == 0
    filler = "it was like a big change and like we shipped like in a week"
    assert count_fillers(tokenize(filler))["like"] == 3


def test_you_know_counts_only_as_a_filler() -> None:
    assert count_fillers(tokenize("you know the team was happy and you know we won"))["you know"] == 2
    meant = "do you know the answer if you know how and you know what i mean"
    assert count_fillers(tokenize(meant))["you know"] == 0


def test_i_and_we() -> None:
    tokens = tokenize("I led it. I'm proud; I've learned. We shipped, we're done, we'll see. Me, us, our team.")
    assert i_we_counts(tokens) == (3, 3)


def test_numbers_and_metrics() -> None:
    tokens = tokenize("we cut latency from two seconds to three hundred milliseconds and grew sales by "
                      "twelve percent or one point five million dollars in one quarter the first one 300ms $40 10x")
    assert find_numbers(tokens) == ["two seconds", "three hundred milliseconds", "twelve percent",
                                    "one point five million dollars", "one quarter", "300ms", "$40", "10x"]
    # As Whisper writes them: digits with the scale as a word, each one figure with its unit.
    written = tokenize("We served 2 million requests a day, 40% faster, in 3 months, $1.5 billion and 10 thousand "
                       "downloads")
    assert find_numbers(written) == ["2 million requests", "40%", "3 months", "$1.5 billion",
                                     "10 thousand downloads"]


def test_stemmer_meets_word_forms() -> None:
    assert {stem(w) for w in ("measure", "measured", "measures", "measuring")} == {"measur"}
    assert stem("generalizations") == "gener" and stem("caresses") == "caress" and stem("ponies") == "poni"


def test_keywords_skip_stopwords_blanks_and_markup() -> None:
    assert keywords("**I measured** the [metric] of every request, and we cached it.") == [
        "measur", "request", "cach"]
    assert keywords("Cut errors from 3 percent to 0.4%; saved forty thousand dollars") == [
        "cut", "error", "#3", "percent", "#0.4", "save", "#40000", "dollar"]


def test_coverage_checklist() -> None:
    points = [
        ("Situation", "Our checkout page was slow and customers abandoned carts."),
        ("Action", "I added tracing, found forty database calls, built a cache."),
        ("Result", "Latency fell to 300 ms; conversion rose twelve percent."),
    ]
    said = tokenize("the checkout was slow so i traced every request found the database calls and cached it")
    checklist = coverage(said, points)
    assert [p.covered for p in checklist] == [True, True, False]
    assert "checkout" in checklist[0].matched and "cach" in checklist[1].matched
    assert checklist[2].to_dict()["missing"] == ["latenc", "fell", "#300", "convers", "rose", "#12", "percent"]
    assert coverage_fraction(checklist) == 2 / 3
    assert coverage_fraction([]) is None


def test_talking_points_per_kind() -> None:
    story = {"title": "T", "situation": "S text", "task": "", "action": "A text", "result": "R text"}
    assert [label for label, _ in talking_points("story", story)] == ["Situation", "Action", "Result"]
    assert talking_points("question", {"great": "- Names the trade-off\n- Gives a metric"}) == [
        ("Names the trade-off", "Names the trade-off"), ("Gives a metric", "Gives a metric")]
    assert talking_points("pitch", {"text": "I build data tools. I want scale."}) == [
        ("I build data tools.", "I build data tools."), ("I want scale.", "I want scale.")]
    assert talking_points("concept", {"term": "x"}) == []


def test_pace() -> None:
    assert words_per_minute(300, 120) == 150 and words_per_minute(10, 0) == 0


def test_suggested_grade_rules() -> None:
    window = (120, 180)
    assert suggest_grade(150, 380, target=window, coverage=1.0, fillers=2).grade == 4
    assert suggest_grade(150, 5, target=window).grade == 1
    assert suggest_grade(150, 380, target=window, coverage=0.3).grade == 1
    assert suggest_grade(150, 380, target=window, coverage=0.6).grade == 2
    assert suggest_grade(150, 380, target=window, coverage=0.8).grade == 3
    assert suggest_grade(150, 380, target=window, coverage=0.75, missed=["Result"]).reasons == (
        "covered 75% of the points (missed: Result)",)
    assert suggest_grade(190, 380, target=window).grade == 3  # 10 s over: at most Good
    over = suggest_grade(260, 380, target=window)
    assert over.grade == 2 and over.reasons == ("80 s too long",)
    assert suggest_grade(150, 380, target=window, fillers=10).grade == 3  # 4 a minute
    assert suggest_grade(150, 380, target=window, fillers=25).grade == 2  # 10 a minute
    assert suggest_grade(150, 380, target=window, longest_pause_s=4.2).grade == 3
    assert suggest_grade(150, 380).to_dict() == {"grade": 4, "reasons": []}
