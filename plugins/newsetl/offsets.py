"""Find the spans near an offset range without scanning every span of the article.

Comparing each quote with every other quote or entity of its article is quadratic in the length of
the article: one long text holds thousands of each. ``OffsetIndex`` sorts the spans once and a
lookup touches only the spans that start before the range's end and may still reach its start.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class OffsetIndex(Generic[T]):
    """Items with [start, end) offsets, indexed by start.

    ``near`` walks back from the range's end while some earlier item may still reach the range
    (the running maximum of the ends), so its cost is the items around the range, whatever the
    length of the article. ``touched`` counts the items it looked at (for the tests of linear cost).
    """

    def __init__(self, items: Sequence[T], start: Callable[[T], int], end: Callable[[T], int]) -> None:
        order = sorted(range(len(items)), key=lambda k: start(items[k]))
        self.items = [items[k] for k in order]
        self.order = order
        self.starts = [start(item) for item in self.items]
        self.ends = [end(item) for item in self.items]
        self.reach = list(accumulate(self.ends, max))  # the furthest end of the items up to each one
        self.touched = 0

    def near(self, start: int, end: int) -> list[T]:
        """The items with ``item.start <= end`` and ``item.end >= start``, in the order given.

        A superset of the items overlapping or containing [start, end): callers keep their own test.
        """
        found = []
        k = bisect_right(self.starts, end) - 1
        while k >= 0 and self.reach[k] >= start:
            self.touched += 1
            if self.ends[k] >= start:
                found.append(k)
            k -= 1
        return [self.items[k] for k in sorted(found, key=self.order.__getitem__)]
