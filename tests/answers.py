"""Four STAR answers of about two minutes, written for these tests (not from any user's document).

Each has the card a candidate would have written (Situation/Task/Action/Result in
note style), the answer as spoken (four paragraphs: S, T, A, R) with planted
fillers, numbers and "I"/"we", and a paraphrase that tells the same story in
other words. The truth of each (fillers, numbers, I/we) is counted from the text
by ``truth`` so it cannot drift from what is said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ANSWERS", "Answer", "fluent", "truth"]


@dataclass(frozen=True)
class Answer:
    key: str
    card: dict[str, str]  # situation, task, action, result (the note's fields)
    spoken: tuple[str, str, str, str]  # what is said for S, T, A, R
    paraphrase: str
    numbers: tuple[str, ...]  # each figure as said, one entry per figure

    @property
    def text(self) -> str:
        return " ".join(self.spoken)

    def without(self, beat: int) -> str:
        """The answer with one beat (0 S … 3 R) left out."""
        return " ".join(p for i, p in enumerate(self.spoken) if i != beat)


ANSWERS: tuple[Answer, ...] = (
    Answer(
        key="warehouse",
        card={
            "situation": "Regional warehouse, night shift picking errors, 3 percent of orders shipped wrong.",
            "task": "Cut picking errors before the holiday peak; owned the scanner rollout.",
            "action": "Shadowed pickers; barcode scanners at every bay; colour-coded shelves; trained the "
                      "night leads; daily error board.",
            "result": "Errors down from 3 percent to 0.4 percent; refunds fell by 80 thousand dollars a quarter.",
        },
        spoken=(
            "So, um, two years ago I ran the night shift at a regional warehouse outside Leeds. We shipped "
            "about nine thousand orders a night, and, uh, roughly 3 percent of them went out wrong. Customers "
            "got the wrong size, the wrong colour, sometimes, like, somebody else's parcel entirely.",
            "My manager asked me to cut those picking errors before the holiday peak, which was about 3 months "
            "away. I owned the whole thing, from the budget to the rollout, and, you know, I knew the night "
            "team would be sceptical.",
            "First I spent a week walking the floor with the pickers. Um, I timed them, I watched where they "
            "hesitated, and I found that most mistakes happened at bays where two products looked almost the "
            "same. So we put barcode scanners at every bay, and the scanner beeped twice when the item did not "
            "match the order. I also, uh, colour coded the shelves, so similar items sat on different colours. "
            "Then I trained the four night leads myself, and they trained everyone else. Every morning we put "
            "the error count on a whiteboard by the canteen, and, um, the teams started competing to keep it "
            "low. When one picker kept making errors, I sat with her for an hour and we found her scanner was "
            "faulty, so it was not her fault at all.",
            "By the peak, errors were down from 3 percent to 0.4 percent. Refunds fell by about 80 thousand "
            "dollars a quarter, and the day shift copied the whole system in the spring. Uh, what I took from "
            "it is that the people doing the work usually know where the problem is, if you watch them first.",
        ),
        paraphrase=(
            "I led nights at a distribution centre where one order in thirty was picked incorrectly. Before the "
            "Christmas rush I had to bring that down. I observed the staff, installed scanning at each location, "
            "gave the racks different colours and coached the supervisors, with a daily board showing mistakes. "
            "Mistakes dropped below half a percent and we saved eighty thousand a quarter in refunds."
        ),
        numbers=("two years", "nine thousand orders", "3 percent", "3 months", "a week", "four", "an hour",
                 "3 percent", "0.4 percent", "80 thousand dollars"),
    ),
    Answer(
        key="migration",
        card={
            "situation": "Billing service on an old database; 2 million requests a day; outages monthly.",
            "task": "Lead the migration to managed Postgres with zero downtime.",
            "action": "Dual writes behind a flag; nightly comparison job; moved traffic 5 percent at a time; "
                      "rollback drill with on-call.",
            "result": "Migrated in 6 weeks, no downtime; p99 latency 40 percent lower; hosting cost halved.",
        },
        spoken=(
            "Um, at my last company I worked on the billing service, which handled about 2 million requests "
            "a day. It ran on an old self-hosted database, and, like, once a month something went down and "
            "we lost an evening to it.",
            "I was asked to lead the move to a managed Postgres service, and the one rule was zero downtime, "
            "because, uh, billing cannot just stop for an hour.",
            "So I wrote a plan with my two colleagues and we agreed on dual writes. Every change went to both "
            "databases, behind a feature flag I could switch off in seconds. Um, I built a nightly job that "
            "compared the two and mailed us every row that differed. The first week it found, you know, about "
            "two hundred differences, mostly time zones, and we fixed them one by one. Then we moved reads "
            "over 5 percent at a time. Before each step I ran a rollback drill with whoever was on call, so "
            "they knew exactly what to do at three in the morning. Uh, at 50 percent we saw a slow query, and "
            "I rolled back, added an index, and tried again the next day.",
            "We finished in 6 weeks with no downtime at all. The p99 latency dropped by 40 percent, and the "
            "hosting bill was cut in half. Um, we have not had a billing outage since, and the comparison job "
            "is now used by two other teams.",
        ),
        paraphrase=(
            "Our invoicing system sat on a fragile self-run database and kept failing about monthly. I was made "
            "lead for moving it onto hosted Postgres without any outage. We wrote to both stores at once with a "
            "switch to turn it off, checked them against each other every night, shifted reads gradually and "
            "practised reverting with the on-call engineers. It took six weeks, nothing went down, slowest "
            "responses got forty percent faster and hosting costs halved."
        ),
        numbers=("2 million requests", "once a month", "an hour", "two", "seconds", "the first week",
                 "two hundred", "5 percent", "three", "50 percent", "6 weeks", "40 percent", "half", "two"),
    ),
    Answer(
        key="clinic",
        card={
            "situation": "Community clinic, patients waited 45 minutes; volunteers quitting.",
            "task": "Redesign the check-in so waits stay under 15 minutes.",
            "action": "Mapped every step; text message reminders; pre-filled forms; triage nurse at the door; "
                      "weekly volunteer huddle.",
            "result": "Average wait 12 minutes; no-shows down a third; volunteer turnover halved.",
        },
        spoken=(
            "Uh, a few years back I volunteered as coordinator at a community clinic. Patients waited about "
            "45 minutes just to be seen at the desk, and, um, our volunteers were quitting because people "
            "were angry with them all the time.",
            "The director asked me to redesign check in, and we set ourselves a target: nobody waits more than "
            "15 minutes. I had, like, no budget, so whatever I did had to be cheap.",
            "I started by mapping every step a patient went through, with a stopwatch, for two full days. Um, "
            "it turned out the desk spent most of its time on forms people could have filled in at home. So we "
            "sent text message reminders the day before, with a link to the form, and I got a local printer "
            "to donate pre filled paper copies for people without phones. We also put a triage nurse at the "
            "door, so urgent cases skipped the queue entirely. And, you know, I started a weekly huddle with "
            "the volunteers, twenty minutes every Friday, where they told me what was still going wrong. Uh, "
            "two of the best ideas came from those huddles, not from me.",
            "After 4 months the average wait was 12 minutes. No shows fell by about a third because of the "
            "reminders, and volunteer turnover was cut in half. Um, the director later rolled the same check "
            "in out to their second site.",
        ),
        paraphrase=(
            "At a free health centre people queued three quarters of an hour at reception and helpers kept "
            "leaving. I was tasked with rebuilding arrivals so nobody waited beyond a quarter of an hour. I "
            "charted the whole patient journey, reminded patients by SMS, had forms completed in advance, "
            "stationed a nurse at the entrance for triage and held a short weekly meeting with the helpers. "
            "Waits averaged twelve minutes, missed appointments fell by a third and helper churn halved."
        ),
        numbers=("45 minutes", "15 minutes", "two full days", "the day before", "twenty minutes", "two",
                 "4 months", "12 minutes", "a third", "half", "second"),
    ),
    Answer(
        key="launch",
        card={
            "situation": "Mobile app launch slipping; designers and engineers blaming each other.",
            "task": "As product owner, get the launch out by the conference date.",
            "action": "Cut scope to 3 core features; shared backlog; daily 15 minute stand-up; I wrote the "
                      "release checklist; weekly demo to the founders.",
            "result": "Launched 2 days early; 10 thousand downloads first month; 4.6 star rating.",
        },
        spoken=(
            "So this was at a start up that made a mobile app for, uh, booking sports courts. The launch kept "
            "slipping, and the designers and the engineers were, like, blaming each other in every meeting.",
            "I was the product owner, and my job was simple to say: get the app out before the big industry "
            "conference, which was 8 weeks away. Um, if we missed it we would lose our best chance at press.",
            "The first thing I did was cut the scope. We had twelve features planned, and I took them to the "
            "founders and argued for just 3 core ones: search, booking and payment. Uh, that was a hard "
            "conversation, you know, because two of the cut features were the chief executive's favourites. "
            "Then we moved everyone onto one shared backlog, so designers and engineers saw the same list. We "
            "held a daily 15 minute stand up, standing up for real. I wrote the release checklist myself, "
            "with about forty items, and every Friday we showed a demo to the founders, so, um, there were no "
            "surprises at the end.",
            "We launched 2 days before the conference. In the first month we had 10 thousand downloads and a "
            "4.6 star rating. Uh, and the two teams still use the shared backlog today.",
        ),
        paraphrase=(
            "A start-up's court booking app kept missing its release date while design and engineering argued. "
            "Owning the product, I had to ship it in time for the trade show. I trimmed it down to searching, "
            "reserving and paying, merged both teams onto a single list of work, ran quick daily check-ins, "
            "drafted the go-live list and demoed to the founders each week. It went live ahead of the show, "
            "passed ten thousand installs in month one and is rated four point six."
        ),
        numbers=("8 weeks", "twelve features", "3 core", "two", "15 minute", "forty items", "2 days",
                 "the first month", "10 thousand downloads", "4.6 star"),
    ),
)

def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.casefold())


def truth(text: str) -> dict[str, int]:
    """What was planted: um, uh, "like" and "you know" used as fillers (set off by commas), "I" and "we"."""
    words = _words(text)
    return {
        "um": words.count("um"), "uh": words.count("uh"),
        "like": len(re.findall(r", like,", text)), "you know": len(re.findall(r"(?i)\byou know,", text)),
        "i": sum(w in {"i", "i'm", "i've", "i'd"} for w in words),
        "we": words.count("we"),
    }


def fluent(text: str) -> str:
    """The same answer with every planted filler taken out: what a fluent speaker says."""
    out = re.sub(r",? ?\b(?:um|uh)\b,?", "", text, flags=re.IGNORECASE)
    out = re.sub(r", like,", "", out)
    out = re.sub(r",? you know,", "", out)
    return re.sub(r"\s{2,}", " ", out).strip()
