#!/usr/bin/env python3
"""Test vectors for concur's FSRS-6 observer, from the reference Python
implementation (`pip install fsrs`, 6.x).

Each hand-made history is a list of graded log lines (day offset, concur
grade 0-5, kind). It is replayed through the Python
scheduler with its default parameters, no learning or relearning steps and
no fuzzing; the stability, difficulty and retrievability on a later date are
written as JSON to stdout:

    python3 -m venv /tmp/fsrsvenv && /tmp/fsrsvenv/bin/pip install fsrs
    /tmp/fsrsvenv/bin/python scripts/fsrs_vectors.py > tests/fixtures/fsrs_vectors.json

The Python scheduler counts elapsed days as whole 24-hour periods between
two reviews; concur counts calendar days between the dates of two lines
(a review at 23:00 and one at 08:00 the next morning are 1 day apart for
concur, 0 for Python). So that both count the same, the n-th line of a
history is at 01:00 UTC plus n minutes on its day (times only grow) and
recall is asked at 23:59 UTC. Not run by CI: the fixture is committed.
"""

import json
from importlib.metadata import version
from datetime import date, datetime, timedelta, timezone

import fsrs
from fsrs import Card, Rating, Scheduler

START = date(2026, 1, 5)

# (name, [(day, grade 0-5, kind)], check day)
HISTORIES = [
    ("one good", [(0, 4, "review")], 10),
    ("steady goods and an easy",
     [(0, 4, "review"), (3, 4, "review"), (10, 4, "review"), (30, 5, "review")], 60),
    ("a lapse and recovery",
     [(0, 4, "review"), (4, 4, "review"), (15, 1, "review"), (16, 4, "review"),
      (25, 4, "review")], 40),
    ("same-day re-asks",
     [(0, 1, "review"), (0, 2, "drill"), (0, 4, "drill"), (1, 4, "review")], 10),
    ("a long gap",
     [(0, 4, "review"), (2, 3, "review"), (400, 4, "review")], 500),
    ("every grade",
     [(0, 0, "review"), (1, 1, "review"), (2, 3, "review"), (5, 2, "review"),
      (6, 4, "review"), (20, 5, "review")], 30),
    ("easy then forgotten",
     [(0, 5, "review"), (1, 0, "review"), (1, 4, "drill"), (1, 4, "cram"),
      (3, 4, "review")], 12),
    ("hard all along",
     [(0, 3, "review"), (1, 3, "review"), (3, 3, "review"), (8, 4, "review")], 9),
    ("a long mixed history",
     [(0, 4, "review"), (1, 4, "review"), (6, 3, "review"), (14, 2, "review"),
      (14, 4, "drill"), (15, 4, "review"), (21, 5, "cram"), (35, 4, "review"),
      (80, 1, "review"), (80, 3, "drill"), (80, 5, "drill"), (81, 4, "review"),
      (95, 4, "prep")], 120),
    ("a same-day lapse in review",
     [(0, 4, "review"), (5, 4, "review"), (20, 0, "review"), (20, 3, "drill"),
      (20, 4, "drill"), (22, 4, "review")], 50),
    ("preps before the day",
     [(0, 4, "review"), (7, 4, "review"), (30, 4, "prep"), (33, 5, "prep")], 35),
]


def rating(grade):
    """concur's grade to an FSRS rating: 0-2 Again, 3 Hard, 4 Good, 5 Easy."""
    if grade <= 2:
        return Rating.Again
    return [Rating.Hard, Rating.Good, Rating.Easy][grade - 3]


def at(day, minutes, hour=1):
    d = START + timedelta(days=day)
    return datetime(d.year, d.month, d.day, hour, tzinfo=timezone.utc) + timedelta(minutes=minutes)


def vector(name, lines, check):
    scheduler = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    card = Card()
    for n, (day, grade, _kind) in enumerate(lines):
        card, _ = scheduler.review_card(card, rating(grade), at(day, n))
    check_at = at(check, 59, hour=23)
    return {
        "name": name,
        "lines": [
            {"at": at(day, n).isoformat(timespec="milliseconds"), "grade": grade, "kind": kind}
            for n, (day, grade, kind) in enumerate(lines)
        ],
        "date": check_at.date().isoformat(),
        "stability": card.stability,
        "difficulty": card.difficulty,
        "recall": scheduler.get_card_retrievability(card, check_at),
    }


def main():
    out = {
        "generator": "scripts/fsrs_vectors.py",
        "python_fsrs": version("fsrs"),
        "histories": [vector(*h) for h in HISTORIES],
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
