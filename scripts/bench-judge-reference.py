#!/usr/bin/env python3
"""The reference beside `warroom-bench judge`: scipy and numpy doing the judge's work on the same samples.

A benchmark reference only: warroom never runs this. Usage: bench-judge-reference.py DATA RESULTS [EVALUATIONS ROUNDS]
DATA is the samples `warroom-bench judge --data` wrote, RESULTS the figures `--results` wrote. Per metric, as the
judge does: both sides' median and mean, the choice of test (counts when every value is a whole number >= 0 and at
least half are 0 or 1), then either
  ranks:  mannwhitneyu (two-sided, asymptotic, continuity), the Hodges-Lehmann shift and Bauer's interval from every
          difference canary - baseline (np.subtract.outer, np.partition at the three or four ranks needed),
          levene(center="median"), and the exceedances beyond the baseline's extremes by the tolerance with their
          hypergeometric chance;
  counts: binomtest(k, k + j, e1 / (e1 + e2)) and its exact proportion_ci, mapped to the rate ratio.
Timed as the judge is (best round's mean of EVALUATIONS evaluations, default 20, over ROUNDS rounds, default 15),
printed per metric per evaluation. Then checks both did the same work: the same test, sample and exceedance counts
and U exactly; p-values within 1e-7; shift, interval and Brown-Forsythe statistic within 1e-9 relative. Exits 1
when any differ. The last line is the figure: `scipy: X ms per metric per evaluation`.
"""
import json
import math
import sys
import time
import warnings

try:
    import numpy as np
    import scipy
    from scipy import stats
except ImportError as error:
    sys.exit(f"bench-judge-reference: {error}; install it with `python3 -m pip install scipy`")

warnings.filterwarnings("ignore")


def uses_counts(test, values):
    if test != "auto":
        return test == "counts"
    if not np.all((values >= 0) & (values == np.round(values)) & (values < 1e12)):
        return False
    return np.count_nonzero(values <= 1) * 2 >= len(values)


def judge(metric, confidence, z):
    """One metric's work, as the judge does it; returns its figures."""
    canary, baseline, tolerance = metric["canaryArray"], metric["baselineArray"], metric["tolerance"]
    baseline_median = np.median(baseline)
    baseline_mean = np.mean(baseline)
    np.median(canary)
    np.mean(canary)
    level = abs(baseline_median) if baseline_median != 0 else abs(baseline_mean)
    allowed = tolerance * level
    n, m = len(canary), len(baseline)
    if uses_counts(metric["test"], np.concatenate((canary, baseline))):
        k = int(np.sum(np.round(canary)))
        j = int(np.sum(np.round(baseline)))
        e1, e2 = float(n), float(m)
        test = stats.binomtest(k, k + j, e1 / (e1 + e2))
        interval = test.proportion_ci(confidence_level=confidence, method="exact")
        scale = e2 / e1

        def ratio(q):
            return math.inf if q >= 1 else q / (1 - q) * scale

        return {"test": "counts", "canarySamples": n, "baselineSamples": m, "canaryCount": k, "baselineCount": j,
                "p": test.pvalue, "lower": ratio(interval.low), "upper": ratio(interval.high)}
    rank = stats.mannwhitneyu(canary, baseline, alternative="two-sided", method="asymptotic", use_continuity=True)
    count = n * m
    k = max(0, math.floor(count / 2 - z * math.sqrt(count * (n + m + 1) / 12)))
    middle = [count // 2 - 1, count // 2] if count % 2 == 0 else [count // 2]
    differences = np.partition(np.subtract.outer(canary, baseline).ravel(), [k, count - k - 1] + middle)
    shift = float(np.mean(differences[middle]))
    spread = stats.levene(canary, baseline, center="median")
    top, bottom = baseline.max(), baseline.min()
    above = int(np.count_nonzero(canary - top > allowed))
    below = int(np.count_nonzero(bottom - canary > allowed))
    return {"test": "rank", "canarySamples": n, "baselineSamples": m, "u": float(rank.statistic), "p": float(rank.pvalue),
            "shift": shift, "lower": float(differences[k]), "upper": float(differences[count - k - 1]),
            "spreadStatistic": float(spread.statistic), "spreadP": float(spread.pvalue), "above": above, "below": below,
            "pAbove": stats.hypergeom(n + m, n, above).pmf(above), "pBelow": stats.hypergeom(n + m, n, below).pmf(below)}


def differs(name, warroom, reference, relative):
    if warroom is None or reference is None:
        return None if warroom is reference else f"{name}: warroom {warroom}, scipy {reference}"
    if math.isinf(warroom) or math.isinf(reference) or math.isnan(warroom) or math.isnan(reference):
        return None if repr(float(warroom)) == repr(float(reference)) else f"{name}: warroom {warroom}, scipy {reference}"
    gap = abs(warroom - reference)
    limit = relative * max(1.0, abs(reference)) if relative else 1e-7
    return None if gap <= limit else f"{name}: warroom {warroom!r}, scipy {reference!r} (differ by {gap:.3g})"


def main():
    data = json.load(open(sys.argv[1], encoding="utf-8"))
    warroom = json.load(open(sys.argv[2], encoding="utf-8"))
    evaluations = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 15
    confidence = data["confidence"]
    metrics = data["metrics"]
    for metric in metrics:
        metric["canaryArray"] = np.array(metric["canary"], dtype=float)
        metric["baselineArray"] = np.array(metric["baseline"], dtype=float)

    best = math.inf
    figures = None
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(evaluations):
            # The normal quantile is the interval's, worked out per evaluation as the judge does.
            z = stats.norm.ppf(1 - (1 - confidence) / 2)
            figures = [judge(metric, confidence, z) for metric in metrics]
        best = min(best, time.perf_counter() - start)
    per_metric = best * 1000 / evaluations / len(metrics)

    problems = []
    # warroom writes infinities and NaN as strings, which JSON lacks.
    special = {"inf": math.inf, "-inf": -math.inf, "nan": math.nan}
    by_name = {figure["metric"]: {key: special.get(value, value) if isinstance(value, str) else value
                                  for key, value in figure.items()} for figure in warroom["metrics"]}
    for metric, ours in zip(metrics, figures):
        theirs = by_name.get(metric["name"])
        if theirs is None:
            problems.append(f"{metric['name']}: warroom has no verdict")
            continue
        found = []
        for key in ["test", "canarySamples", "baselineSamples", "canaryCount", "baselineCount", "u", "above", "below"]:
            if theirs.get(key) != ours.get(key):
                found.append(f"{key}: warroom {theirs.get(key)!r}, scipy {ours.get(key)!r}")
        for key in ["p", "spreadP", "pAbove", "pBelow"]:
            found.append(differs(key, theirs.get(key), ours.get(key), None))
        for key in ["shift", "lower", "upper", "spreadStatistic"]:
            found.append(differs(key, theirs.get(key), ours.get(key), 1e-9))
        found = [f for f in found if f]
        problems += [f"{metric['name']}: {f}" for f in found]
        if ours["test"] == "rank":
            words = (f"U {ours['u']:.1f} p {ours['p']:.6g} HL {ours['shift']:+.6g} [{ours['lower']:.6g}, {ours['upper']:.6g}] "
                     f"BF {ours['spreadStatistic']:.6g} (p {ours['spreadP']:.4g}) beyond {ours['above']} above {ours['below']} below")
        else:
            words = (f"counts {ours['canaryCount']} vs {ours['baselineCount']}, p {ours['p']:.6g}, "
                     f"rate ratio [{ours['lower']:.6g}, {ours['upper']:.6g}]")
        print(f"  {metric['name']:<16} {'agrees' if not found else 'DIFFERS':<7} {ours['canarySamples']}/{ours['baselineSamples']}  {words}")
    if problems:
        print("warroom and scipy differ:", *problems, sep="\n  ", file=sys.stderr)
    print(f"scipy {scipy.__version__}, numpy {np.__version__}: "
          f"{len(metrics)} metrics, best of {rounds} rounds of {evaluations}")
    print(f"scipy: {per_metric:.4f} ms per metric per evaluation")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
