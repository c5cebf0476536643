"""Texts spoken by flite at test time (no audio is committed), and a word error rate to judge the transcripts."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

# About two minutes in flite's "rms" voice. 16 "I" (with "I'm"), 8 "we".
STORY = """\
Last year I was leading the payments team at a small company. We had a problem. Our checkout page was slow, \
and about twelve percent of customers left before they paid. My task was to find the cause and fix it within \
one quarter, without stopping the work on new features.
First I measured everything. I added tracing to every request, and I found that the page made forty calls to \
the database. I showed the numbers to the team, and we agreed on a plan. We split the work into three parts. \
I wrote the cache for the product data myself. Two engineers moved the tax service into a separate process, \
and I reviewed every change with them. We also removed old code that nobody used. Every week I shared a short \
report with the product manager, so she knew what we were doing and why.
There were problems on the way. The cache gave wrong prices once, in a test, and I stopped the release. \
I wrote a test that compared the cache with the database every hour, and we found the bug in two days. \
I also asked the support team to tell us about any strange orders.
In the end the page loaded in three hundred milliseconds instead of two seconds. The number of people who left \
the checkout fell from twelve percent to five percent, and sales grew by about one million dollars a year. \
The team kept the tests and the reports, and we now use the same method for every new page. I learned that \
clear numbers make it easy to agree on a plan, and that a small team can move fast when everyone knows the goal.
When I look back, I think the most important step was the first one. I did not guess. I measured, and then \
we decided together what to do first. Today the payments team runs the same checks every month, and they \
have not seen a slow page since then.
"""

# Four "um", three "uh", one "er", one "you know", one "like".
FILLERS = """\
So, um, I joined the team in the spring. Uh, we had a big problem with the release. Um, I talked to my manager. \
And, uh, we decided to ship it later. I think, um, that was the right call. Er, the result was good. \
Um, we saved two weeks. You know, the team was happy. Uh, I learned a lot. It was, like, a big change for us.
"""
FILLER_TRUTH = {"um": 4, "uh": 3, "er": 1, "you know": 1, "like": 1}

SHORT = "We shipped the new search page in two weeks."


def words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.casefold())


def word_error_rate(reference: Sequence[str], hypothesis: Sequence[str]) -> float:
    """(substitutions + deletions + insertions) / reference length: Levenshtein distance over words."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, 1):
        current = [i]
        for j, hyp in enumerate(hypothesis, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref != hyp)))
        previous = current
    return previous[-1] / max(1, len(reference))


def speak(text: str, out: Path, *, rate: int | None = None, channels: int = 1, flac: bool = False,
          voice: str = "rms", stretch: float = 1.0) -> Path:
    """flite's speech (``voice``: rms, slt, awb or kal16) into ``out``; sox converts rate, channels, format.

    ``stretch`` slows the voice down (1.3: about 130 words a minute, a candidate's pace, instead of flite's 170).
    """
    flite, sox = shutil.which("flite"), shutil.which("sox")
    assert flite and sox, "flite and sox are needed (apt-get install flite sox; .ci/run installs them)"
    raw = out.with_name(out.stem + "-flite.wav")
    text_file = out.with_name(out.stem + ".txt")
    text_file.write_text(text, encoding="utf-8")
    stretched = ["--setf", f"duration_stretch={stretch}"] if stretch != 1.0 else []
    subprocess.run([flite, "-voice", voice, *stretched, "-f", str(text_file), "-o", str(raw)], check=True)
    target = out.with_suffix(".flac") if flac else out
    args = [sox, str(raw)]
    args += ["-r", str(rate)] if rate else []
    args += ["-c", str(channels), str(target)]
    subprocess.run(args, check=True)
    return target


_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _say_int(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    for size, name in ((1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand"), (100, "hundred")):
        if n >= size:
            rest = n % size
            return f"{_say_int(n // size)} {name}" + ("" if rest == 0 else " " + _say_int(rest))
    return str(n)


def _say_number(match: re.Match[str]) -> str:
    currency, digits, percent = match.group(1), match.group(2).replace(",", ""), match.group(3)
    whole, _, fraction = digits.partition(".")
    said = _say_int(int(whole)) + ("" if not fraction else " point " + " ".join(_ONES[int(d)] for d in fraction))
    return said + (" percent" if percent else "") + (" dollars" if currency else "")


def spoken(text: str) -> str:
    """Digits as words ("$80,000" → "eighty thousand dollars", "0.4%" → "zero point four percent"), so a
    transcript that writes numbers as digits is compared word for word with the text that was spoken."""
    out = re.sub(r"(\$)?(\d[\d,]*(?:\.\d+)?)(%)?", _say_number, text)
    return re.sub(r"eighty thousand dollars dollars", "eighty thousand dollars", out)


def normalised_words(text: str) -> list[str]:
    """Words for a word error rate: numbers spoken out, British spellings as the recogniser writes them."""
    british = {"colour": "color", "colours": "colors", "colour-coded": "color-coded", "sceptical": "skeptical",
               "mr": "mister", "mrs": "missus"}
    return [british.get(w, w) for w in words(spoken(text).replace("-", " "))]
