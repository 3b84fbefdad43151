"""Metrics over graded results (never computed inside a grader): pass rates per check kind, tag and perturbation
with Wilson intervals, latency percentiles and cost per case, the paired comparison of variants, and the CI gate.

Inputs are the run's tables: ``results`` (one row per case, variant and check) and ``cases`` (one row per case and
variant: ``voice_to_voice_ms``, ``cost_usd``, ...). Skipped checks count in no rate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from rtkit.eval import stats

KIND_ORDER = ("tool_call", "no_call", "answer", "latency", "cost", "turn_taking", "judge", "session")


def _graded(results: pd.DataFrame) -> pd.DataFrame:
    return results[results["status"] != "skipped"]


def pass_rates(results: pd.DataFrame, by: str = "kind") -> pd.DataFrame:
    """Pass rate per ``by`` (``kind``, ``tag``, ``perturbation``) and variant, with the 95 % Wilson interval; ``by =
    "case"`` rates whole cases (a case passes when all its checks do)."""
    df = _graded(results)
    if by == "tag":
        df = df.assign(tag=df["tags"].fillna("").str.split()).explode("tag")
        df = df[df["tag"].astype(bool)]
    if by == "case":
        df = df.groupby(["variant", "case"], sort=False)["passed"].all().reset_index().assign(case="all cases")
    rows = []
    for (variant, key), g in df.groupby(["variant", by], sort=False):
        r = stats.wilson(int(g["passed"].sum()), len(g))
        rows.append(
            {"variant": variant, by: key, "passed": r.passed, "n": r.n, "rate": r.rate, "low": r.low, "high": r.high}
        )
    out = pd.DataFrame(rows, columns=["variant", by, "passed", "n", "rate", "low", "high"])
    if by == "kind":
        out["_o"] = out["kind"].map({k: i for i, k in enumerate(KIND_ORDER)}).fillna(99)
        out = out.sort_values(["_o", "variant"], kind="stable").drop(columns="_o")
    return out.reset_index(drop=True)


def latency_table(
    cases: pd.DataFrame, names: Sequence[str] = ("voice_to_voice_ms", "ttfb_ms", "response_ms")
) -> pd.DataFrame:
    """p50 / p90 of each case's worst latency, and the mean cost per case, per variant."""
    rows = []
    for variant, g in cases.groupby("variant", sort=False):
        row: dict[str, Any] = {"variant": variant, "cases": len(g)}
        for name in names:
            v = pd.to_numeric(g[name], errors="coerce").dropna() if name in g else pd.Series(dtype=float)
            row[f"{name}_p50"] = float(v.quantile(0.5)) if len(v) else np.nan
            row[f"{name}_p90"] = float(v.quantile(0.9)) if len(v) else np.nan
        row["cost_per_case_usd"] = float(pd.to_numeric(g["cost_usd"], errors="coerce").mean())
        rows.append(row)
    return pd.DataFrame(rows)


def _case_kind(results: pd.DataFrame) -> pd.DataFrame:
    """One row per (variant, case, kind): passed when every graded check of that kind passed."""
    return _graded(results).groupby(["variant", "case", "kind"], sort=False)["passed"].all().reset_index()


def compare(results: pd.DataFrame, cases: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """Each variant against the first, on the cases both ran: per check kind (and ``all`` = whole cases) the pass
    rate difference with McNemar's exact p-value and the discordant cases it rests on; the voice-to-voice latency
    and cost differences with paired bootstrap intervals. ``significant`` marks p < ``alpha`` (or an interval
    that excludes 0)."""
    variants = list(dict.fromkeys(results["variant"]))
    if len(variants) < 2:
        return pd.DataFrame()
    base = variants[0]
    ck = _case_kind(results)
    whole = _graded(results).groupby(["variant", "case"], sort=False)["passed"].all().reset_index().assign(kind="all")
    ck = pd.concat([ck, whole], ignore_index=True)
    rows = []
    for other in variants[1:]:
        for kind in [*dict.fromkeys(ck["kind"])]:
            a = ck[(ck["variant"] == base) & (ck["kind"] == kind)].set_index("case")["passed"]
            b = ck[(ck["variant"] == other) & (ck["kind"] == kind)].set_index("case")["passed"]
            common = a.index.intersection(b.index)
            if not len(common):
                continue
            m = stats.mcnemar(a[common].tolist(), b[common].tolist())
            ra, rb = float(a[common].mean()), float(b[common].mean())
            rows.append({
                "variant": other, "baseline": base, "metric": f"pass rate: {kind}", "baseline_value": ra,
                "value": rb, "difference": rb - ra, "low": np.nan, "high": np.nan, "p_value": m.p_value,
                "significant": m.p_value < alpha, "n": m.n, "discordant": m.discordant,
                "better": m.b_only, "worse": m.a_only,
            })  # fmt: skip
        for metric in ("voice_to_voice_ms", "cost_usd"):
            if metric not in cases:
                continue
            a = cases[cases["variant"] == base].set_index("case")[metric]
            b = cases[cases["variant"] == other].set_index("case")[metric]
            common = a.index.intersection(b.index)
            d = stats.paired_bootstrap(a[common].astype(float).tolist(), b[common].astype(float).tolist())
            if d.n == 0:
                continue
            rows.append({
                "variant": other, "baseline": base, "metric": metric,
                "baseline_value": float(a[common].astype(float).mean()), "value": float(b[common].astype(float).mean()),
                "difference": d.mean, "low": d.low, "high": d.high, "p_value": np.nan,
                "significant": d.significant, "n": d.n, "discordant": np.nan, "better": np.nan, "worse": np.nan,
            })  # fmt: skip
    return pd.DataFrame(rows)


def call_accuracy(results: pd.DataFrame) -> list[tuple[str, int, int]]:
    """Per variant (in run order), ``(variant, right, graded)`` over the tool-call and no-call checks: a BFCL run's
    accuracy (one such check per case)."""
    calls = _graded(results)
    calls = calls[calls["kind"].isin(["tool_call", "no_call"])]
    return [
        (str(v), int(calls.loc[calls["variant"] == v, "passed"].sum()), int((calls["variant"] == v).sum()))
        for v in dict.fromkeys(results["variant"])
    ]


def summarize(results: pd.DataFrame, cases: pd.DataFrame, alpha: float = 0.05) -> dict[str, Any]:
    """The ``eval`` block of ``summary.json``."""

    def records(df: pd.DataFrame) -> list[dict[str, Any]]:
        return [
            {str(k): (None if isinstance(v, float) and np.isnan(v) else v) for k, v in r.items()}
            for r in df.to_dict("records")
        ]

    return {
        "cases": int(cases["case"].nunique()) if len(cases) else 0,
        "variants": list(dict.fromkeys(cases["variant"])) if len(cases) else [],
        "checks": int(len(results)),
        "skipped": int((results["status"] == "skipped").sum()) if len(results) else 0,
        "by_kind": records(pass_rates(results, "kind")),
        "by_tag": records(pass_rates(results, "tag")),
        "by_perturbation": records(pass_rates(results[results["perturbation"].astype(bool)], "perturbation"))
        if "perturbation" in results and results["perturbation"].astype(bool).any()
        else [],
        "by_case": records(pass_rates(results, "case")),
        "latency": records(latency_table(cases)),
        "comparison": records(compare(results, cases, alpha)),
        "alpha": alpha,
    }


# -- the gate ------------------------------------------------------------------------------------------------------
@dataclass
class GateResult:
    """What the CI gate decided."""

    ok: bool
    lines: list[str]
    """One line per failed condition, and the regressed cases."""
    regressed: list[str]
    """Cases that passed in the baseline and fail now (a check of a failing kind)."""


def gate(
    results: pd.DataFrame,
    baseline: pd.DataFrame | None = None,
    fail_under: float | None = None,
    alpha: float = 0.05,
) -> GateResult:
    """Fail when a check kind's pass rate is significantly below the baseline's (paired on the same cases and
    checks: the regressions against the improvements, one-sided exact binomial test) or below ``fail_under``.
    Both runs are compared on their first variant."""
    lines: list[str] = []
    regressed: list[str] = []
    now = _first_variant(_graded(results))
    for kind, g in now.groupby("kind", sort=False):
        rate = float(g["passed"].mean())
        if fail_under is not None and rate < fail_under:
            counts = f"{int(g['passed'].sum())}/{len(g)}"
            lines.append(f"{kind}: pass rate {rate:.1%} ({counts}) is under --fail-under {fail_under:.1%}")
    if baseline is not None:
        base = _first_variant(_graded(baseline))
        joined = now.merge(base, on=["case", "check"], suffixes=("", "_base"))
        for kind, g in joined.groupby("kind", sort=False):
            worse = g[g["passed_base"] & ~g["passed"]]
            better = g[~g["passed_base"] & g["passed"]]
            p = stats.regression_p(len(worse), len(better))
            if len(worse) and p < alpha:
                cases = list(dict.fromkeys(worse["case"]))
                regressed += [c for c in cases if c not in regressed]
                lines.append(
                    f"{kind}: pass rate {g['passed'].mean():.1%} vs baseline {g['passed_base'].mean():.1%}: "
                    f"{len(worse)} regressed, {len(better)} improved (p = {p:.3g} < {alpha})"
                )
                for _, r in worse.iterrows():
                    lines.append(f"  regressed: {r['case']} {r['check']}: {r['reason']}")
    return GateResult(not lines, lines, regressed)


def _first_variant(df: pd.DataFrame) -> pd.DataFrame:
    if not len(df):
        return df
    return df[df["variant"] == df["variant"].iloc[0]]
