"""When to try the server again: exponential backoff with full jitter, capped.

Pure policy, no clocks and no threads: the caller asks for the next delay and waits it out
however it likes (the UI with a timer). "Full jitter" (AWS architecture blog, 2015) spreads
laptops that lost the same Wi-Fi over the whole window instead of having them all knock at
once when it comes back.

    backoff = Backoff()            # 5 s, 10 s, 20 s … up to 5 min, each drawn from [0, cap]
    delay = backoff.next_delay()   # after a failure
    delay = backoff.next_delay(retry_after=30)  # a 429 said "not before 30 s"
    backoff.reset()                # after a success
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

BASE_SECONDS = 5.0
CAP_SECONDS = 300.0
# Never probe more often than this, whatever the jitter draws: a busy loop helps nobody.
FLOOR_SECONDS = 1.0


@dataclass
class Backoff:
    base: float = BASE_SECONDS
    cap: float = CAP_SECONDS
    floor: float = FLOOR_SECONDS
    rng: random.Random = field(default_factory=random.Random)
    attempts: int = 0

    def ceiling(self) -> float:
        """The upper bound of the window the next delay is drawn from."""
        return min(self.cap, self.base * 2 ** min(self.attempts, 32))

    def next_delay(self, retry_after: float | None = None) -> float:
        """Seconds to wait before the next try; counts one more failure.

        A server's ``Retry-After`` is honoured as a minimum (and may exceed the cap: the
        server knows best when it will take us again)."""
        drawn = max(self.floor, self.rng.uniform(0.0, self.ceiling()))
        self.attempts += 1
        if retry_after is not None and retry_after > 0:
            return max(drawn, float(retry_after))
        return drawn

    def reset(self) -> None:
        self.attempts = 0
