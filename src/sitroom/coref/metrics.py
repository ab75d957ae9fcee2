"""Coreference metrics MUC, B-cubed and CEAF-e (with an optimal cluster alignment) and CoNLL F1.

A clustering is a collection of clusters, each a set of hashable mention keys; functions return `Score`.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass

Cluster = frozenset[Hashable]


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F1 of one metric."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def as_clusters(clusters: Iterable[Iterable[Hashable]]) -> list[Cluster]:
    """Normalise to a list of non-empty frozensets (a mention in two clusters is a caller error)."""
    out = [frozenset(c) for c in clusters]
    seen: set[Hashable] = set()
    for cluster in out:
        if seen & cluster:
            raise ValueError("a mention belongs to two clusters")
        seen |= cluster
    return [c for c in out if c]


def _index(clusters: Sequence[Cluster]) -> dict[Hashable, int]:
    return {m: i for i, c in enumerate(clusters) for m in c}


def _muc_recall(key: Sequence[Cluster], response: Sequence[Cluster]) -> float:
    # Vilain et al. (1995): each key chain K needs |K| - 1 links; it keeps |K| - p(K) of them, where
    # p(K) counts the parts the response cuts K into (mentions the response lacks are parts alone).
    where = _index(response)
    found = needed = 0
    for cluster in key:
        parts = {where.get(m, ("missing", m)) for m in cluster}
        found += len(cluster) - len(parts)
        needed += len(cluster) - 1
    return found / needed if needed else 0.0


def muc(key: Collection[Iterable[Hashable]], response: Collection[Iterable[Hashable]]) -> Score:
    """MUC link-based score; singletons carry no links, so all-singleton sides score 0."""
    k, r = as_clusters(key), as_clusters(response)
    return Score(precision=_muc_recall(r, k), recall=_muc_recall(k, r))


def _b3_recall(key: Sequence[Cluster], response: Sequence[Cluster]) -> float:
    # Bagga & Baldwin (1998), mention-averaged: for each key mention, the share of its key cluster
    # that its response cluster also holds. Mentions the response lacks count as response singletons.
    where = _index(response)
    total = 0.0
    mentions = 0
    for cluster in key:
        for m in cluster:
            i = where.get(m)
            overlap = len(cluster & response[i]) if i is not None else 1
            total += overlap / len(cluster)
            mentions += 1
    return total / mentions if mentions else 0.0


def b_cubed(key: Collection[Iterable[Hashable]], response: Collection[Iterable[Hashable]]) -> Score:
    """B-cubed over mentions (singletons included, as in the CoNLL scorer)."""
    k, r = as_clusters(key), as_clusters(response)
    return Score(precision=_b3_recall(r, k), recall=_b3_recall(k, r))


def ceafe(key: Collection[Iterable[Hashable]], response: Collection[Iterable[Hashable]]) -> Score:
    """CEAF-e (Luo 2005): one-to-one cluster alignment maximising phi4 = 2|K∩R| / (|K|+|R|)."""
    k, r = as_clusters(key), as_clusters(response)
    if not k or not r:
        return Score(0.0, 0.0)
    total = 0.0
    for key_ids, resp_ids in _components(k, r):
        if len(key_ids) == 1 and len(resp_ids) == 1:
            a, b = k[key_ids[0]], r[resp_ids[0]]
            total += 2 * len(a & b) / (len(a) + len(b))
            continue
        sim = [[2 * len(k[i] & r[j]) / (len(k[i]) + len(r[j])) for j in resp_ids] for i in key_ids]
        total += sum(sim[i][j] for i, j in max_weight_matching(sim))
    return Score(precision=total / len(r), recall=total / len(k))


def _components(
    key: Sequence[Cluster], response: Sequence[Cluster]
) -> list[tuple[list[int], list[int]]]:
    """Connected parts of the key/response overlap graph: the alignment decomposes over them."""
    where = _index(response)
    parent = list(range(len(key)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[int, int] = {}  # response cluster -> one key cluster touching it
    for i, cluster in enumerate(key):
        for m in cluster:
            j = where.get(m)
            if j is None:
                continue
            if j in owner:
                parent[find(i)] = find(owner[j])
            else:
                owner[j] = i
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for i in range(len(key)):
        groups.setdefault(find(i), ([], []))[0].append(i)
    for j, i in owner.items():
        groups[find(i)][1].append(j)
    return [g for g in groups.values() if g[1]]


def max_weight_matching(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Optimal assignment maximising total weight of a rectangular matrix (Kuhn–Munkres, O(n²m)).

    Returns (row, column) pairs; with more rows than columns some rows stay unassigned.
    """
    n_rows = len(weights)
    n_cols = len(weights[0]) if n_rows else 0
    if not n_rows or not n_cols:
        return []
    transpose = n_rows > n_cols
    if transpose:
        weights = [list(col) for col in zip(*weights, strict=True)]
        n_rows, n_cols = n_cols, n_rows
    high = max(max(row) for row in weights)
    cost = [[high - w for w in row] for row in weights]  # minimise cost = maximise weight
    inf = float("inf")
    # Potentials u (rows), v (columns); match[j] = row assigned to column j (1-based, 0 = free).
    u = [0.0] * (n_rows + 1)
    v = [0.0] * (n_cols + 1)
    match = [0] * (n_cols + 1)
    way = [0] * (n_cols + 1)
    for row in range(1, n_rows + 1):
        match[0] = row
        j0 = 0
        minv = [inf] * (n_cols + 1)
        used = [False] * (n_cols + 1)
        while True:
            used[j0] = True
            i0 = match[j0]
            delta = inf
            j1 = 0
            for j in range(1, n_cols + 1):
                if used[j]:
                    continue
                cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                if cur < minv[j]:
                    minv[j] = cur
                    way[j] = j0
                if minv[j] < delta:
                    delta = minv[j]
                    j1 = j
            for j in range(n_cols + 1):
                if used[j]:
                    u[match[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if match[j0] == 0:
                break
        while j0:  # flip the augmenting path
            j1 = way[j0]
            match[j0] = match[j1]
            j0 = j1
    pairs = [(match[j] - 1, j - 1) for j in range(1, n_cols + 1) if match[j]]
    return [(c, r) for r, c in pairs] if transpose else pairs


@dataclass(frozen=True, slots=True)
class CorefScores:
    """The three metrics and their CoNLL average."""

    muc: Score
    b3: Score
    ceafe: Score

    @property
    def conll_f1(self) -> float:
        return (self.muc.f1 + self.b3.f1 + self.ceafe.f1) / 3

    def as_dict(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for name in ("muc", "b3", "ceafe"):
            score: Score = getattr(self, name)
            out[f"{name}_p"] = score.precision
            out[f"{name}_r"] = score.recall
            out[f"{name}_f1"] = score.f1
        out["conll_f1"] = self.conll_f1
        return out


def coref_scores(
    key: Collection[Iterable[Hashable]], response: Collection[Iterable[Hashable]]
) -> CorefScores:
    """MUC, B-cubed and CEAF-e of `response` against `key`."""
    k, r = as_clusters(key), as_clusters(response)
    return CorefScores(muc=muc(k, r), b3=b_cubed(k, r), ceafe=ceafe(k, r))
