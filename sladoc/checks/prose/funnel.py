"""Funnel figures in prose: sales quota, marketing's share, average deal, close rate, and
the number of leads promised.

The quota is the money amount that is not the deal size, its period the window written with
it ("per quarter", "monthly", "triwulan"); the deal size is the amount written with "average
deal", "deal size", "contract value", "nilai transaksi rata-rata"; the close rate is the
percentage written with "close", "closes", "tingkat penutupan"; the share is the percentage
written with "marketing" / "pemasaran" (100% when none is); the leads promised are a number
followed by "leads", "MQLs", "SQLs" or "prospek", with their own period or the quota's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, InvalidOperation

from sladoc.checks.lazy import LazyPattern
from sladoc.checks.prose.common import percents, windows

MAY_HOLD = ("lead", "mql", "sql", "prospek")
_MONEY = LazyPattern(
    r"(?:(?<!\w)(?:USD|US\$|IDR|Rp\.?|EUR|SGD|\$|€)\s?(?P<a>\d[\d.,]*)(?:\s*(?P<sa>juta|miliar|"
    r"million|k|m)(?!\w))?)"
    r"|(?:(?<![\w.,])(?P<b>\d[\d.,]*)\s*(?P<sb>juta|miliar|million|k)?\s*(?:USD|IDR|EUR|SGD|"
    r"rupiah|dollars?)(?!\w))",
    re.IGNORECASE,
)
_SCALE = {
    "juta": 10**6,
    "million": 10**6,
    "m": 10**6,
    "miliar": 10**9,
    "k": 10**3,
}
_DEAL = re.compile(
    r"(?:average\s+(?:deal|contract|order|sale)|deal\s+size|contract\s+value|deals?\s+average|"
    r"nilai\s+(?:transaksi|kontrak|penjualan)\s+rata-rata|rata-rata\s+(?:nilai\s+)?"
    r"(?:transaksi|kontrak))",
    re.IGNORECASE,
)
_CLOSE = re.compile(
    r"(?:clos(?:e|es|ing)|win\s+rate|conversion|penutupan|konversi|closing)", re.IGNORECASE
)
_BARE_PERIOD = re.compile(
    r"(?<!\w)(month|quarter|year|bulan|triwulan|kuartal|tahun)(?!\w)", re.IGNORECASE
)
_BARE_NAMES = {
    "month": "month",
    "bulan": "month",
    "quarter": "quarter",
    "triwulan": "quarter",
    "kuartal": "quarter",
    "year": "year",
    "tahun": "year",
}
_MARKETING = re.compile(r"(?:marketing|pemasaran)", re.IGNORECASE)
_LEADS = LazyPattern(
    r"(?<![\w.,])(?P<n>\d[\d.,]*)\s+(?:(?:new|qualified|sales|marketing|accepted|"
    r"berkualitas|baru)[\s-]+){0,3}(?:(?:sales|marketing)\s+)?(?:qualified\s+)?"
    r"(?P<w>leads?|MQLs?|SQLs?|prospek)(?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Funnel:
    quota: Decimal
    period: str | None
    share: Decimal  # percent
    deal: Decimal
    close_rate: Decimal  # percent
    leads: Decimal
    leads_period: str | None
    start: int  # the leads promised
    end: int

    def needed(self, period: str | None) -> Decimal:
        """Leads needed over ``period`` (the quota's when None)."""
        customers = (self.quota * self.share / 100 / self.deal).to_integral_value(ROUND_CEILING)
        leads = (customers * 100 / self.close_rate).to_integral_value(ROUND_CEILING)
        if period is None or self.period is None or period == self.period:
            return leads
        per_year = {"month": 12, "quarter": 4, "year": 1, "week": 52}
        if period not in per_year or self.period not in per_year:
            return leads
        return leads * per_year[self.period] / per_year[period]


def _amount(match: re.Match[str], language: str) -> Decimal | None:
    digits = match["a"] or match["b"]
    scale = (match["sa"] or match["sb"] or "").lower()
    digits = digits.rstrip(".,")
    if language == "id" or re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):
        digits = digits.replace(".", "").replace(",", ".")
    else:
        digits = digits.replace(",", "")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    return value * _SCALE.get(scale, 1)


def _near(pattern: re.Pattern[str], text: str, start: int, end: int, reach: int) -> int | None:
    """How far ``pattern`` is from text[start:end] (None beyond ``reach`` characters)."""
    best = None
    for match in pattern.finditer(text, max(0, start - reach), min(len(text), end + reach)):
        distance = max(0, match.start() - end, start - match.end())
        if best is None or distance < best:
            best = distance
    return best


def read(text: str, language: str) -> Funnel | None:
    if "%" not in text or not _CLOSE.search(text):
        return None
    leads = list(_LEADS.finditer(text))
    money = [(m, _amount(m, language)) for m in _MONEY.finditer(text)]
    money = [(m, v) for m, v in money if v is not None and v > 0]
    if not leads or len(money) < 2:
        return None
    deal = min(
        money,
        key=lambda item: _near(_DEAL, text, item[0].start(), item[0].end(), 40) or 10**6,
    )
    if _near(_DEAL, text, deal[0].start(), deal[0].end(), 40) is None:
        return None
    quota = next((item for item in money if item is not deal), None)
    if quota is None:
        return None
    found = [p for p in percents(text, language) if 0 < p.value <= 100]
    close = min(found, key=lambda p: _near(_CLOSE, text, p.start, p.end, 40) or 10**6, default=None)
    if close is None or _near(_CLOSE, text, close.start, close.end, 40) is None:
        return None
    share_options = [
        p
        for p in found
        if p is not close and _near(_MARKETING, text, p.start, p.end, 60) is not None
    ]
    share = share_options[0].value if share_options else Decimal(100)
    stated = leads[-1]
    try:
        count = Decimal(stated["n"].replace(",", "").replace(".", ""))
    except InvalidOperation:
        return None
    spans = windows(text)
    quota_window = min(
        (
            w
            for w in spans
            if abs(w.start - quota[0].end()) <= 40 or abs(quota[0].start() - w.end) <= 40
        ),
        key=lambda w: min(abs(w.start - quota[0].end()), abs(quota[0].start() - w.end)),
        default=None,
    )
    if quota_window is None:  # "The monthly revenue target", "Quarterly quota:"
        before = text[max(0, quota[0].start() - 40) : quota[0].start()]
        inline = windows(before)
        bare = _BARE_PERIOD.findall(before)
        quota_period = (
            inline[-1].period if inline else _BARE_NAMES[bare[-1].lower()] if bare else None
        )
    else:
        quota_period = quota_window.period
    after = [w for w in spans if 0 <= w.start - stated.end() <= 20]
    leads_period = after[0].period if after else None
    if deal[1] is None or quota[1] is None:  # pragma: no cover - filtered above
        return None
    return Funnel(
        quota[1],
        quota_period,
        share,
        deal[1],
        close.value,
        count,
        leads_period,
        stated.start(),
        stated.end(),
    )
