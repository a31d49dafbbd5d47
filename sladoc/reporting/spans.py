"""Spans of time, and the arithmetic availability needs: union, difference, the first so
much of a set of spans, clipping to a period. The one place it is done, for the figures and
for the charts.

A span is ``(start, end)`` in whole microseconds since the epoch: integers make the union
and the difference exact, and minutes exact fractions of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from fractions import Fraction

Span = tuple[int, int]
Moments = tuple[datetime, datetime]
"""A span as two aware datetimes, as reports keep them."""

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
MINUTE = 60_000_000


def micros(moment: datetime) -> int:
    """An aware datetime as microseconds since the epoch."""
    return (moment - EPOCH) // timedelta(microseconds=1)


def moments(spans: Iterable[Span]) -> tuple[Moments, ...]:
    """Spans as datetimes in UTC."""
    return tuple(
        (EPOCH + timedelta(microseconds=s), EPOCH + timedelta(microseconds=e)) for s, e in spans
    )


def minutes(spans: Iterable[Span]) -> Fraction:
    """The spans' total length in minutes, exactly."""
    return Fraction(length(spans), MINUTE)


def clip(span: Span, window: Span) -> Span | None:
    """The part of ``span`` inside ``window``, or None."""
    start, end = max(span[0], window[0]), min(span[1], window[1])
    return (start, end) if start < end else None


def union(spans: Iterable[Span]) -> list[Span]:
    """Overlapping or touching spans merged into one, sorted."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def minus(spans: list[Span], cuts: list[Span]) -> list[Span]:
    """The parts of ``spans`` (sorted, disjoint) outside ``cuts`` (sorted, disjoint)."""
    out: list[Span] = []
    for start, end in spans:
        for cut_start, cut_end in cuts:
            if cut_end <= start or cut_start >= end:
                continue
            if cut_start > start:
                out.append((start, cut_start))
            start = max(start, cut_end)
            if start >= end:
                break
        if start < end:
            out.append((start, end))
    return out


def length(spans: Iterable[Span]) -> int:
    return sum(end - start for start, end in spans)


def first(spans: list[Span], amount: int) -> tuple[list[Span], list[Span]]:
    """The first ``amount`` microseconds of ``spans`` in time order, and the rest."""
    taken: list[Span] = []
    rest: list[Span] = []
    for start, end in spans:
        room = amount - length(taken)
        if room >= end - start:
            taken.append((start, end))
        elif room > 0:
            taken.append((start, start + room))
            rest.append((start + room, end))
        else:
            rest.append((start, end))
    return taken, rest
