#!/usr/bin/env python3
"""Writes golden files for SynodRobustTests (run: crosscheck/robust/generate_goldens.sh).

References: ByzFL 0.0.11 (numpy path, float64 inputs) for every rule it has; independent NumPy
implementations (in this file) for Krum/Multi-Krum with n-f-2 neighbours and for Bulyan (El Mhamdi
et al. 2018, recursive Krum with max(1, |S|-f-2) neighbours); Google's dp-accounting 0.6.0 for RDP.
Inputs are float32 values (stored exactly as float64 JSON numbers).
Cases whose selection is ambiguous (tied scores between non-identical vectors at the selection
boundary) are skipped for selection rules and counted in the manifest.
"""
import itertools, json, math, os, sys
import numpy as np
import byzfl
from absl import logging as absl_logging
absl_logging.set_verbosity(absl_logging.ERROR)
import dp_accounting
from dp_accounting import dp_event, rdp
from dp_accounting.rdp import rdp_privacy_accountant as rdp_mod
from scipy.stats import norm

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "SynodRobustTests", "Resources")
rng = np.random.default_rng(20261122)


def make_input(kind, n, d):
    if kind == "gaussian":
        X = rng.standard_normal((n, d))
    elif kind == "outliers":
        X = rng.standard_normal((n, d))
        k = max(1, n // 4)
        X[:k] = X[:k] * 1e3 + 50.0
    elif kind == "duplicates":
        X = rng.standard_normal((n, d))
        for i in range(1, n, 3):
            X[i] = X[i - 1]
    elif kind == "ties":
        X = rng.integers(-3, 4, size=(n, d)).astype(np.float64)
    else:
        raise ValueError(kind)
    X = X[rng.permutation(n)]
    return X.astype(np.float32).astype(np.float64)


def sqdist(X):
    return ((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=2)


def krum_scores(X, k):
    D = sqdist(X)
    n = len(X)
    return np.array([np.sort(np.delete(D[i], i))[:k].sum() for i in range(n)])


def unique_selection(X, scores, m):
    """Selected indices if the m lowest scores are unambiguous (ties only among identical rows)."""
    order = np.argsort(scores, kind="stable")
    chosen = order[:m]
    if m < len(X):
        boundary = scores[order[m - 1]]
        tied_in = [i for i in range(len(X)) if scores[i] == boundary and i in chosen]
        tied_out = [i for i in range(len(X)) if scores[i] == boundary and i not in chosen]
        for a in tied_in:
            for b in tied_out:
                if not np.array_equal(X[a], X[b]):
                    return None
    return sorted(int(i) for i in chosen)


def krum_pick(X, scores):
    """Index of the Krum winner (first among identical tied rows), None if ambiguous."""
    best = scores.min()
    tied = [i for i in range(len(X)) if scores[i] == best]
    if any(not np.array_equal(X[tied[0]], X[t]) for t in tied):
        return None
    return int(tied[0])


def nnm_ambiguous(X, f):
    n = len(X)
    if f == 0:
        return False
    D = sqdist(X)
    for i in range(n):
        order = np.argsort(D[i], kind="stable")
        inside, outside = D[i, order[n - f - 1]], D[i, order[n - f]]
        if inside == outside:
            tied = [j for j in range(n) if D[i, j] == inside]
            if any(not np.array_equal(X[tied[0]], X[t]) for t in tied):
                return True
    return False


def bulyan(X, f):
    """Independent Bulyan (El Mhamdi et al. 2018): recursive Krum selects theta = n - 2f rows, then
    each coordinate averages the beta = n - 4f selected values closest to the median. Every way of
    breaking tied Krum scores is followed; None if the possible selections give different outputs,
    or if values that differ lie at the same distance from the median at the beta boundary. So a
    golden never depends on a tie-break rule. The selection reported is the one of the smallest
    indices among those giving the output."""
    n = len(X)
    theta, beta = n - 2 * f, n - 4 * f
    D = sqdist(X)
    memo = {}

    def selections(remaining):
        # The possible sets of rows still unselected once theta rows have been selected.
        if n - len(remaining) == theta:
            return {remaining}
        if remaining not in memo:
            k = max(1, len(remaining) - f - 2)
            scores = {i: sum(sorted(D[i, j] for j in remaining if j != i)[:k]) for i in remaining}
            best = min(scores.values())
            memo[remaining] = set().union(*(selections(remaining - {i}) for i in remaining if scores[i] == best))
        return memo[remaining]

    outputs = {}
    for left in selections(frozenset(range(n))):
        sel = sorted(int(i) for i in set(range(n)) - left)
        S = X[sel]
        med = np.median(S, axis=0)
        out = np.empty(X.shape[1])
        for c in range(X.shape[1]):
            col = S[:, c]
            distance = np.abs(col - med[c])
            keys = np.lexsort((col, distance))
            if beta < len(col) and distance[keys[beta]] == distance[keys[beta - 1]]:
                if len({float(v) for v in col[distance == distance[keys[beta]]]}) > 1:
                    return None
            out[c] = col[keys[:beta]].mean()
        outputs.setdefault(tuple(out), []).append(sel)
    if len(outputs) != 1:
        return None
    (out, sels), = outputs.items()
    return np.array(out), min(sels)


def mda_unique(X, f):
    n = len(X)
    D = np.sqrt(sqdist(X))
    best, sets = None, []
    for S in itertools.combinations(range(n), n - f):
        diam = max((D[i, j] for i in S for j in S), default=0.0)
        if best is None or diam < best:
            best, sets = diam, [S]
        elif diam == best:
            sets.append(S)
    means = [X[list(S)].mean(axis=0) for S in sets]
    if any(not np.array_equal(means[0], m) for m in means):
        return None
    return sorted(sets[0])


def emit_vector(v):
    return [float(x) for x in np.asarray(v, dtype=np.float64)]


def aggregator_goldens():
    inputs, cases, skipped = [], [], 0
    shapes = [(5, 1), (6, 3), (7, 17), (9, 8), (10, 70), (11, 33), (12, 130), (15, 9)]
    kinds = ["gaussian", "outliers", "duplicates", "ties"]
    for (n, d), kind in itertools.product(shapes, kinds):
        fmax = (n - 1) // 2
        f = int(rng.integers(0, fmax + 1))
        X = make_input(kind, n, d)
        iid = f"{kind}-{n}x{d}-f{f}"
        inputs.append({"id": iid, "n": n, "d": d, "f": f, "kind": kind, "data": [emit_vector(r) for r in X]})

        def add(rule, params, out, selected=None, reference="byzfl 0.0.11"):
            cases.append({"input": iid, "rule": rule, "params": params, "output": emit_vector(out),
                          "selected": selected, "reference": reference})

        add("average", {}, byzfl.Average()(X))
        add("median", {}, byzfl.Median()(X))
        add("trimmed-mean", {}, byzfl.TrMean(f=f)(X))
        add("geometric-median", {"nu": "0.1", "iterations": "3", "tolerance": "0", "start": "zero"},
            byzfl.GeometricMedian(nu=0.1, T=3)(X))
        add("geometric-median", {"nu": "0.1", "iterations": "100", "tolerance": "0", "start": "zero"},
            byzfl.GeometricMedian(nu=0.1, T=100)(X))
        add("centered-clipping", {"tau": "100", "iterations": "1"}, byzfl.CenteredClipping(tau=100.0, L=1)(X))
        cc = byzfl.CenteredClipping(tau=0.1, L=3)
        first = cc(X)
        add("centered-clipping", {"tau": "0.1", "iterations": "3"}, first)
        second = cc(X[::-1].copy())
        add("stateful-centered-clipping-second-call", {"tau": "0.1", "iterations": "3"}, second,
            reference="byzfl 0.0.11 (second call of one instance, on the reversed input)")
        if nnm_ambiguous(X, f):
            skipped += 1
        else:
            mixed = byzfl.NNM(f=f)(X)
            add("nnm+average", {}, byzfl.Average()(mixed))
            add("nnm+trimmed-mean", {}, byzfl.TrMean(f=f)(mixed))
            add("nnm+median", {}, byzfl.Median()(mixed))
        # Krum / Multi-Krum, ByzFL's n-f-1 neighbours.
        if n - f - 1 >= 1:
            scores = krum_scores(X, n - f - 1)
            out = byzfl.Krum(f=f)(X)
            pick = krum_pick(X, scores)
            if pick is None:
                skipped += 1
            else:
                assert np.array_equal(out, X[pick])
                add("krum", {"neighbours": "n-f-1"}, out, [pick])
            sel = unique_selection(X, scores, n - f)
            if sel is None:
                skipped += 1
            else:
                out = byzfl.MultiKrum(f=f)(X)
                assert np.allclose(out, X[sel].mean(axis=0), rtol=1e-12, atol=1e-12)
                add("multi-krum", {"neighbours": "n-f-1"}, out, sel)
        # Krum / Multi-Krum, the paper's n-f-2 (independent NumPy).
        if n >= 2 * f + 3:
            scores = krum_scores(X, n - f - 2)
            pick = krum_pick(X, scores)
            if pick is None:
                skipped += 1
            else:
                add("krum", {"neighbours": "n-f-2"}, X[pick], [pick], reference="independent numpy (n-f-2)")
            sel = unique_selection(X, scores, n - f)
            if sel is None:
                skipped += 1
            else:
                add("multi-krum", {"neighbours": "n-f-2"}, X[sel].mean(axis=0), sel,
                    reference="independent numpy (n-f-2)")
        # MDA (ByzFL exhaustive search).
        sel = mda_unique(X, f)
        if sel is None:
            skipped += 1
        else:
            out = byzfl.MDA(f=f)(X)
            assert np.allclose(out, X[sel].mean(axis=0), rtol=1e-12, atol=1e-12)
            add("mda", {}, out, sel)
        # Bulyan (independent NumPy), with the largest f it allows.
        fb = (n - 3) // 4
        result = bulyan(X, fb)
        if result is None:
            skipped += 1
        else:
            out, sel = result
            cases.append({"input": iid, "rule": "bulyan", "params": {}, "f": fb, "output": emit_vector(out),
                          "selected": sel, "reference": "independent numpy (El Mhamdi et al. 2018)"})
    return {"inputs": inputs, "cases": cases, "skipped_ambiguous": skipped}


def attack_goldens():
    out = []
    for n_honest, d, f in [(5, 4, 2), (8, 16, 3), (12, 7, 5)]:
        H = rng.standard_normal((n_honest, d)).astype(np.float32).astype(np.float64)
        n = n_honest + f
        s = n // 2 + 1 - f
        z = float(norm.ppf((n - s) / n))
        entry = {"honest": [emit_vector(r) for r in H], "n": n, "f": f,
                 "sign-flip": emit_vector(byzfl.SignFlipping()(H)),
                 "ipm-2": emit_vector(byzfl.InnerProductManipulation(tau=2.0)(H)),
                 "alie-1.5": emit_vector(byzfl.ALittleIsEnough(tau=1.5)(H)),
                 "alie-paper-z": z,
                 "alie-paper": emit_vector(byzfl.ALittleIsEnough(tau=z)(H)),
                 "mimic-1": emit_vector(byzfl.Mimic(epsilon=1)(H))}
        out.append(entry)
    return out


def dp_goldens():
    orders = list(rdp_mod.DEFAULT_RDP_ORDERS)
    per_order, eps = [], []
    for sigma in [0.5, 0.8, 1.0, 1.1, 2.0, 4.0, 10.0]:
        for q in [1e-4, 1e-3, 256 / 60000, 0.01, 0.1, 0.5, 1.0]:
            r = rdp_mod._compute_rdp_poisson_subsampled_gaussian(q, sigma, orders)
            # JSON has no infinity: null marks an order dp-accounting excludes (series did not converge).
            per_order.append({"sigma": sigma, "q": q, "rdp": [float(x) if np.isfinite(x) else None for x in r]})
            for steps in [1, 100, 14100]:
                for delta in [1e-5, 1e-6]:
                    acc = rdp.RdpAccountant()
                    acc.compose(dp_event.SelfComposedDpEvent(
                        dp_event.PoissonSampledDpEvent(q, dp_event.GaussianDpEvent(sigma)), steps))
                    e, o = acc.get_epsilon_and_optimal_order(delta)
                    eps.append({"sigma": sigma, "q": q, "steps": steps, "delta": delta,
                                "epsilon": float(e), "order": float(o)})
    return {"orders": [float(o) for o in orders], "per_order": per_order, "epsilon": eps,
            "reference": f"dp-accounting {dp_accounting.__version__ if hasattr(dp_accounting, '__version__') else '0.6.0'} RdpAccountant"}


def main():
    os.makedirs(OUT, exist_ok=True)
    agg = aggregator_goldens()
    agg["attacks"] = attack_goldens()
    agg["versions"] = {"byzfl": "0.0.11", "numpy": np.__version__}
    with open(os.path.join(OUT, "byzfl_goldens.json"), "w") as fh:
        json.dump(agg, fh, separators=(",", ":"), allow_nan=False)
    with open(os.path.join(OUT, "rdp_goldens.json"), "w") as fh:
        json.dump(dp_goldens(), fh, separators=(",", ":"), allow_nan=False)
    print(f"{len(agg['cases'])} aggregation cases ({agg['skipped_ambiguous']} ambiguous skipped), "
          f"{len(agg['inputs'])} inputs")


if __name__ == "__main__":
    main()
