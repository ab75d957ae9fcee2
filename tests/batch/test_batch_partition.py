"""Partitioning: files grouped, WARC and JSONL split into record ranges that cover every record once."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.batch import PlanOptions, plan_partitions
from sitroom.batch.task import read_partition
from sitroom.errors import BadInput
from sitroom.ingest import read_sources


def _lines(items) -> list[tuple[str, int | None, str | None]]:
    return [(i.source, i.line, i.article.id if i.article else i.skip_reason) for i in items]


def test_ranges_cover_every_record_exactly_once(corpus):
    parts = plan_partitions(corpus, options=PlanOptions(records_per_partition=2))
    kinds = [(p.reader, p.first, p.count) for p in parts]
    # JSONL: 6 lines in ranges of 2; WARC: 6 records; the text folder: one group
    assert kinds == [("jsonl", 1, 2), ("jsonl", 3, 2), ("jsonl", 5, None),
                     ("warc", 1, 2), ("warc", 3, 2), ("warc", 5, None), ("files", 1, None)]  # fmt: skip
    read = []
    for part in parts:
        read += _lines(read_partition(part, published=None, outlet=None, max_chars=100_000))
    assert read == _lines(read_sources(corpus))  # same items, same order, none twice


def test_ids_are_deterministic_and_follow_content_and_options(corpus):
    first = plan_partitions(corpus, options=PlanOptions(records_per_partition=3))
    assert [p.id for p in first] == [p.id for p in plan_partitions(corpus, options=PlanOptions(3))]
    assert len({p.id for p in first}) == len(first)
    salted = plan_partitions(corpus, options=PlanOptions(records_per_partition=3, salt="v2"))
    assert not {p.id for p in salted} & {p.id for p in first}
    jsonl = Path(corpus[0])
    jsonl.write_text(jsonl.read_text() + '{"text": "One more line about shelling."}\n')
    changed = plan_partitions(corpus, options=PlanOptions(records_per_partition=3))
    assert [p.id for p in changed if p.reader != "jsonl"] == [
        p.id for p in first if p.reader != "jsonl"
    ]
    assert not {p.id for p in changed if p.reader == "jsonl"} & {p.id for p in first}


def test_small_files_are_grouped(tmp_path):
    for n in range(5):
        (tmp_path / f"{n}.txt").write_text(f"Clashes in village {n}.")
    parts = plan_partitions([str(tmp_path)], options=PlanOptions(files_per_partition=2))
    assert [len(p.paths) for p in parts] == [2, 2, 1]
    assert parts[0].label().endswith("(+1 files)")


def test_same_bytes_twice_are_one_partition(tmp_path):
    (tmp_path / "a.txt").write_text("Shelling hit the market.")
    (tmp_path / "b.txt").write_text("Shelling hit the market.")
    parts = plan_partitions(
        [str(tmp_path / "a.txt"), str(tmp_path / "a.txt")],
        options=PlanOptions(files_per_partition=1),
    )
    assert len(parts) == 1


def test_damaged_warc_ends_in_an_open_range_that_reports_it(tmp_path, batch_helpers):
    pages = [(f"https://x.example/{n}", "text/html", batch_helpers.page(n, "Rivertown"))
             for n in range(4)]  # fmt: skip
    warc = batch_helpers.write_warc(tmp_path / "cut.warc.gz", pages)
    data = warc.read_bytes()
    warc.write_bytes(data[: len(data) - 40])  # the last record is cut short
    parts = plan_partitions([str(warc)], options=PlanOptions(records_per_partition=2))
    assert parts[-1].count is None
    items = [i for p in parts for i in read_partition(p, published=None, outlet=None,
                                                      max_chars=10_000)]  # fmt: skip
    assert _lines(items) == _lines(read_sources([str(warc)]))
    assert any("truncated or corrupt" in (i.skip_reason or "") for i in items)


def test_urls_and_stdin_are_refused(tmp_path):
    with pytest.raises(BadInput, match="files only"):
        plan_partitions(["https://news.example/a"])
    with pytest.raises(BadInput, match="no such file"):
        plan_partitions([str(tmp_path / "missing.jsonl")])
