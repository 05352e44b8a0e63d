"""The retry policy: exponential, fully jittered, capped, and honouring Retry-After."""

from __future__ import annotations

import random

from sync.backoff import Backoff


def seeded(**kwargs: float) -> Backoff:
    return Backoff(rng=random.Random(1234), **kwargs)  # type: ignore[arg-type]


def test_the_window_doubles_from_five_seconds_up_to_five_minutes():
    backoff = seeded()
    ceilings = []
    for _ in range(10):
        ceilings.append(backoff.ceiling())
        backoff.next_delay()
    assert ceilings == [5, 10, 20, 40, 80, 160, 300, 300, 300, 300]


def test_every_delay_is_drawn_from_the_whole_window_and_never_below_the_floor():
    backoff = seeded()
    for _ in range(200):
        ceiling = backoff.ceiling()
        delay = backoff.next_delay()
        assert backoff.floor <= delay <= max(ceiling, backoff.floor)


def test_jitter_spreads_laptops_that_failed_together():
    draws = {round(Backoff(rng=random.Random(seed), attempts=6).next_delay()) for seed in range(50)}
    assert len(draws) > 30  # not all at the same moment


def test_the_same_seed_gives_the_same_delays():
    first, second = seeded(), seeded()
    assert [first.next_delay() for _ in range(8)] == [second.next_delay() for _ in range(8)]


def test_retry_after_is_a_minimum_even_beyond_the_cap():
    backoff = seeded()
    assert backoff.next_delay(retry_after=42) >= 42
    assert backoff.next_delay(retry_after=900) == 900


def test_a_success_starts_again_from_the_smallest_window():
    backoff = seeded()
    for _ in range(5):
        backoff.next_delay()
    backoff.reset()
    assert backoff.attempts == 0 and backoff.ceiling() == 5
    assert backoff.next_delay() <= 5


def test_many_failures_do_not_overflow():
    backoff = seeded(attempts=10_000)  # type: ignore[arg-type]
    assert backoff.ceiling() == 300
