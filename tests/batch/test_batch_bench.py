"""The batch benchmark's synthetic corpus: distinct articles made from the bundled examples."""

from __future__ import annotations

import pytest

from sitroom.batch.bench import examples_folder, synthetic_rows


@pytest.mark.skipif(examples_folder() is None, reason="no examples/ folder in this checkout")
def test_synthetic_rows_are_distinct_and_keep_metadata():
    rows = synthetic_rows(20)
    assert len(rows) == 20
    assert len({r["text"] for r in rows}) == 20  # ingest would de-duplicate identical texts
    assert all(r["published"] and r["title"] for r in rows)
    assert "---" not in rows[0]["text"]  # front matter is metadata, not text
