"""Article near-duplicates (syndicated and re-published copies) by MinHash LSH over word shingles.

Band keys live in SQLite (`fusion_lsh`), so checking one new article costs the same at any store size.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from .config import DedupConfig
from .records import ArticleCopy
from .sql import Conn

_WORD = re.compile(r"\w+", re.UNICODE)
SCHEME = "affine32"  # datasketch 2 hashing scheme; stored signatures are read back with it


@lru_cache(maxsize=4)
def _template(num_perm: int, seed: int) -> MinHash:
    """One MinHash whose permutations every signature reuses (building them is the costly part)."""
    return MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME)


@lru_cache(maxsize=4)
def bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) that datasketch picks for this Jaccard threshold."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def shingles(text: str, *, size: int) -> set[bytes]:
    """Lower-cased word k-grams (a short text yields its whole word sequence as one shingle)."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str, *, config: DedupConfig) -> MinHash:
    template = _template(config.num_perm, config.seed)
    sig = MinHash(
        num_perm=config.num_perm,
        seed=config.seed,
        permutations=template.permutations,
        scheme=SCHEME,
    )
    sig.update_batch(list(shingles(text, size=config.shingle_words)))
    return sig


def band_keys(sig: MinHash, *, config: DedupConfig) -> list[bytes]:
    b, r = bands(config.threshold, config.num_perm)
    values = sig.hashvalues
    return [
        hashlib.blake2b(values[i * r : (i + 1) * r].tobytes(), digest_size=8).digest()
        for i in range(b)
    ]


def _from_blob(blob: bytes, *, config: DedupConfig, dtype: np.dtype) -> MinHash:
    template = _template(config.num_perm, config.seed)
    values = np.frombuffer(blob, dtype=dtype)
    return MinHash(
        seed=config.seed, hashvalues=values, permutations=template.permutations, scheme=SCHEME
    )


def find_original(
    conn: Conn, article_id: str, sig: MinHash, *, config: DedupConfig
) -> ArticleCopy | None:
    """The indexed article this one copies (the original of its group), or None."""
    keys = band_keys(sig, config=config)
    rows = conn.execute(
        "SELECT DISTINCT l.article_id, a.original_id, a.signature FROM fusion_lsh l"
        " JOIN fusion_articles a ON a.article_id = l.article_id WHERE "
        + " OR ".join("(l.band = ? AND l.key = ?)" for _ in keys),
        [v for pair in enumerate(keys) for v in pair],
    ).fetchall()
    best: ArticleCopy | None = None
    for other, original, blob in rows:
        if other == article_id:
            continue
        other_sig = _from_blob(blob, config=config, dtype=sig.hashvalues.dtype)
        jaccard = float(sig.jaccard(other_sig))
        if jaccard >= config.threshold and (best is None or jaccard > best.jaccard):
            best = ArticleCopy(article_id, original or other, jaccard)
    return best


def index_article(
    conn: Conn,
    article_id: str,
    text: str,
    *,
    pipeline_version: str | None,
    config: DedupConfig,
) -> ArticleCopy | None:
    """Record an article's signature and band keys; return the copy link if it duplicates one."""
    sig = signature(text, config=config)
    copy = find_original(conn, article_id, sig, config=config)
    forget_article(conn, article_id)
    conn.execute(
        "INSERT INTO fusion_articles (article_id, pipeline_version, original_id, jaccard, signature)"
        " VALUES (?, ?, ?, ?, ?)",
        (
            article_id,
            pipeline_version,
            copy.original_id if copy else None,
            copy.jaccard if copy else None,
            sig.hashvalues.tobytes(),
        ),
    )
    conn.executemany(
        "INSERT INTO fusion_lsh (band, key, article_id) VALUES (?, ?, ?)",
        [(i, key, article_id) for i, key in enumerate(band_keys(sig, config=config))],
    )
    return copy


def forget_article(conn: Conn, article_id: str) -> None:
    conn.execute("DELETE FROM fusion_lsh WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM fusion_articles WHERE article_id = ?", (article_id,))


def originals(conn: Conn, article_ids: list[str]) -> dict[str, str]:
    """article id → the original it copies (itself when it is an original or unknown)."""
    found = {a: a for a in article_ids}
    if not article_ids:
        return found
    marks = ",".join("?" * len(article_ids))
    for article_id, original in conn.execute(
        f"SELECT article_id, original_id FROM fusion_articles WHERE article_id IN ({marks})",
        article_ids,
    ):
        if original:
            found[article_id] = original
    return found
