"""Invented evaluation answers for the demo seed and ``simulate-evaluations``.

Each event gets a *tone*: a typical rating per question (a strong day, a day let down by
its venue, a day that felt rushed), and each respondent a leniency of their own, so the
charts of different events differ the way real ones do instead of all looking alike.
Comments match the respondent's ratings and never name anyone.
"""

from __future__ import annotations

import random

from server.services.evaluations import QUESTIONS

Tone = dict[str, float]  # question id -> the typical rating at this event

PRAISE: tuple[str, ...] = (
    "Really useful case studies; I will use the curriculum sequencing tool next week.",
    "Great facilitation, plenty of time to talk to colleagues from other phases.",
    "The pre-reading made the discussion much richer.",
    "Clear links to the framework, and practical.",
    "Excellent venue and lunch, thank you.",
    "The best session so far: I left with three things to try with my middle leaders.",
    "Hearing how a primary colleague runs line management changed how I think about mine.",
    "Well paced, and the facilitators knew when to let a discussion run.",
)
MIXED: tuple[str, ...] = (
    "Would have liked more on managing difficult conversations.",
    "Good content, but the afternoon felt rushed.",
    "Useful day; the room was cold after lunch.",
    "Too much time in the same small groups.",
    "Parking was difficult; the content itself was relevant.",
    "More secondary examples would help those of us in large schools.",
)
CRITICAL: tuple[str, ...] = (
    "The room was too small for the group and hard to hear in.",
    "Much of this repeated the online module.",
    "Started late and we lost the final activity.",
)


def event_tone(rng: random.Random) -> Tone:
    """A typical rating per question for one event, mostly between 3.3 and 4.8."""
    base = rng.uniform(3.7, 4.6)
    tone = {key: base + rng.uniform(-0.4, 0.4) for key, _ in QUESTIONS}
    if rng.random() < 0.3:  # one thing that let the day down (often the venue)
        weak = "venue" if rng.random() < 0.6 else rng.choice([k for k, _ in QUESTIONS])
        tone[weak] -= rng.uniform(0.7, 1.3)
    return tone


def draw_ratings(rng: random.Random, tone: Tone) -> dict[str, int]:
    """One respondent's ratings: the event's tone, their own leniency, and some noise."""
    leniency = rng.gauss(0, 0.45)
    return {key: min(5, max(1, round(tone[key] + leniency + rng.gauss(0, 0.6))))
            for key, _ in QUESTIONS}


def draw_comment(rng: random.Random, ratings: dict[str, int], chance: float = 0.3) -> str:
    """A free-text comment in keeping with the ratings, or "" (most people write none)."""
    if rng.random() >= chance:
        return ""
    average = sum(ratings.values()) / len(ratings)
    pool = PRAISE if average >= 4 else MIXED if average >= 3 else CRITICAL
    return rng.choice(pool)
