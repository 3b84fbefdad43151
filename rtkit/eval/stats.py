"""Statistics of graded results, from ``scipy.stats``: the Wilson interval of a pass rate, McNemar's exact test of a
paired pass/fail difference (a binomial test on the discordant pairs), a paired bootstrap interval of a mean
difference, and a one-sided test of regressions against improvements (the CI gate)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class Rate:
    """A pass rate with its 95 % Wilson interval."""

    passed: int
    n: int
    low: float
    high: float

    @property
    def rate(self) -> float:
        return self.passed / self.n if self.n else float("nan")


def wilson(passed: int, n: int, confidence: float = 0.95) -> Rate:
    """Pass rate and Wilson score interval (``scipy.stats.binomtest(...).proportion_ci(method="wilson")``)."""
    if n == 0:
        return Rate(0, 0, float("nan"), float("nan"))
    ci = stats.binomtest(passed, n).proportion_ci(confidence_level=confidence, method="wilson")
    return Rate(passed, n, float(ci.low), float(ci.high))


@dataclass(frozen=True)
class McNemar:
    """Paired pass/fail comparison of B against A on the same cases."""

    n: int
    """Pairs compared."""
    a_only: int
    """Cases A passed and B failed."""
    b_only: int
    """Cases B passed and A failed."""
    p_value: float

    @property
    def discordant(self) -> int:
        """The pairs the judgement rests on."""
        return self.a_only + self.b_only


def mcnemar(a: Sequence[bool], b: Sequence[bool]) -> McNemar:
    """McNemar's exact test: under no difference the discordant pairs split 50/50 (two-sided binomial test)."""
    if len(a) != len(b):
        raise ValueError(f"paired results of different lengths: {len(a)} and {len(b)}")
    x, y = np.asarray(a, dtype=bool), np.asarray(b, dtype=bool)
    a_only, b_only = int((x & ~y).sum()), int((~x & y).sum())
    p = float(stats.binomtest(b_only, a_only + b_only, 0.5).pvalue) if a_only + b_only else 1.0
    return McNemar(len(x), a_only, b_only, p)


@dataclass(frozen=True)
class Difference:
    """Mean of paired differences (B - A) with a bootstrap interval."""

    mean: float
    low: float
    high: float
    n: int

    @property
    def significant(self) -> bool:
        return self.n > 1 and (self.low > 0 or self.high < 0)


def paired_bootstrap(a: Sequence[float], b: Sequence[float], confidence: float = 0.95, seed: int = 0) -> Difference:
    """Mean of ``b - a`` over pairs where both are known, with a percentile bootstrap interval
    (``scipy.stats.bootstrap`` resampling the pairs)."""
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    keep = ~(np.isnan(x) | np.isnan(y))
    d = (y - x)[keep]
    if len(d) == 0:
        return Difference(float("nan"), float("nan"), float("nan"), 0)
    if len(d) == 1 or np.all(d == d[0]):
        return Difference(float(d.mean()), float(d.min()), float(d.max()), len(d))
    res = stats.bootstrap(
        (d,),
        np.mean,
        confidence_level=confidence,
        n_resamples=2000,
        method="percentile",
        rng=np.random.default_rng(seed),
    )
    return Difference(float(d.mean()), float(res.confidence_interval.low), float(res.confidence_interval.high), len(d))


def regression_p(worse: int, better: int) -> float:
    """p-value that ``worse`` regressions against ``better`` improvements (checks that changed between two runs
    of the same cases) are more than chance: a one-sided exact binomial test; 1 when nothing changed."""
    n = worse + better
    return float(stats.binomtest(worse, n, 0.5, alternative="greater").pvalue) if n else 1.0
