"""Ingest orchestration with a fake pipeline: idempotence, reprocessing, per-article failures."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import sitroom.pipeline
from sitroom.errors import ArticleSkipped, BadInput, ResourceError, StoreError
from sitroom.ingest import ingest

TEXTS = [
    "Militants ambushed an army convoy near Lakeside, officials said.",
    "Protesters blocked the main road into Hillview on Friday.",
    "Troops retook the border crossing at Stonebridge after heavy fighting.",
    "Farmers marched peacefully through Greenvale demanding water rights.",
    "A drone strike hit a warehouse in Portmere overnight.",
    "Villagers fled Ashford after clashes between two armed groups.",
]


def write_jsonl(path, texts):
    path.write_text("\n".join(json.dumps({"text": t, "outlet": "Wire"}) for t in texts) + "\n")
    return str(path)


def test_ingest_adds_then_re_ingest_adds_nothing(tmp_path, store, pipeline):
    src = write_jsonl(tmp_path / "feed.jsonl", TEXTS)
    first = ingest([src], store=store, pipeline=pipeline, published=dt.date(2024, 5, 1))
    assert (first.seen, first.added, first.unchanged, first.skipped) == (6, 6, 0, 0)
    assert pipeline.calls == 1 and pipeline.batches == [4, 2]  # one stream, batched
    stats = store.stats()
    second = ingest([src], store=store, pipeline=pipeline)
    assert (second.seen, second.added, second.reprocessed, second.unchanged) == (6, 0, 0, 6)
    assert store.stats() == stats
    assert pipeline.batches == [4, 2]  # nothing re-analysed
    assert {a["published"] for a in store.articles()} == {"2024-05-01"}


def test_same_text_twice_in_one_run_is_stored_once(tmp_path, store, pipeline):
    (tmp_path / "a.txt").write_text(TEXTS[0])
    (tmp_path / "b.txt").write_text("  " + TEXTS[0] + "\n")
    report = ingest([str(tmp_path)], store=store, pipeline=pipeline)
    assert (report.added, report.unchanged) == (1, 1)
    assert store.stats()["articles"] == 1


def test_new_pipeline_version_reprocesses_and_replaces_rows(tmp_path, store, pipeline, monkeypatch):
    src = write_jsonl(tmp_path / "feed.jsonl", TEXTS[:2])
    ingest([src], store=store, pipeline=pipeline)
    monkeypatch.setattr(sitroom.pipeline, "pipeline_version", lambda: "0.0.0+changed")
    report = ingest([src], store=store, pipeline=pipeline)
    assert (report.added, report.reprocessed, report.unchanged) == (0, 2, 0)
    stats = store.stats()
    assert (stats["articles"], stats["events"], stats["evidence"]) == (2, 2, 2)
    assert all(
        store.has_article(a["id"], pipeline_version="0.0.0+changed") for a in store.articles()
    )


def test_force_reprocesses(tmp_path, store, pipeline):
    src = write_jsonl(tmp_path / "feed.jsonl", TEXTS[:3])
    ingest([src], store=store, pipeline=pipeline)
    report = ingest([src], store=store, pipeline=pipeline, force=True)
    assert (report.reprocessed, report.unchanged) == (3, 0)
    assert store.stats()["events"] == 3


def test_pipeline_failure_on_one_article_does_not_stop_the_batch(tmp_path, store, pipeline):
    texts = TEXTS[:2] + ["EXPLODE goes the stage on this text."] + TEXTS[2:]
    src = write_jsonl(tmp_path / "feed.jsonl", texts)
    report = ingest([src], store=store, pipeline=pipeline)
    assert (report.seen, report.added, report.skipped) == (7, 6, 1)
    assert report.errors == [f"{src}:3: pipeline failed: RuntimeError: stage crashed"]
    (error,) = store.errors()
    assert (error["source"], error["line"]) == (src, 3) and error["article_id"]
    statuses = sorted(a["status"] for a in store.articles())
    assert statuses == ["ok"] * 6 + ["skipped"]
    # The failed article is tried again next time (it was not processed by this version).
    again = ingest([src], store=store, pipeline=pipeline)
    assert (again.unchanged, again.skipped) == (6, 1)
    assert len(store.errors()) == 1


def test_a_stage_declining_an_article_is_a_skip(tmp_path, store, make_pipeline):
    pipe = make_pipeline(error=ArticleSkipped("not English"))
    src = write_jsonl(tmp_path / "feed.jsonl", [TEXTS[0], "EXPLODE ici, en fran\u00e7ais."])
    report = ingest([src], store=store, pipeline=pipe)
    assert (report.added, report.skipped) == (1, 1)
    assert report.errors == [f"{src}:2: skipped: not English"]


def test_a_missing_model_stops_the_run(tmp_path, store, make_pipeline):
    pipe = make_pipeline(error=ResourceError("spaCy model is not installed"), fail_on="")
    src = write_jsonl(tmp_path / "feed.jsonl", TEXTS[:2])
    with pytest.raises(ResourceError):
        ingest([src], store=store, pipeline=pipe)
    assert store.stats()["errors"] == 0


def test_broken_span_from_the_pipeline_is_recorded_not_stored(tmp_path, store, pipeline):
    src = write_jsonl(tmp_path / "feed.jsonl", [TEXTS[0], "MISPRINT in the trigger evidence here."])
    report = ingest([src], store=store, pipeline=pipeline)
    assert (report.added, report.skipped) == (1, 1)
    assert "does not match" in report.errors[0] and report.errors[0].startswith(f"{src}:2:")
    assert store.stats()["events"] == 1


def test_reader_skips_are_recorded(tmp_path, store, pipeline):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02\x03")
    (tmp_path / "ok.txt").write_text(TEXTS[0])
    (tmp_path / "feed.jsonl").write_text('{"text": "Shelling resumed in Northfield."}\n{oops\n')
    report = ingest([str(tmp_path)], store=store, pipeline=pipeline)
    assert (report.seen, report.added, report.skipped) == (5, 2, 3)
    reasons = {e["reason"] for e in store.errors()}
    assert f"{tmp_path / 'empty.txt'}: empty file" in reasons
    assert any(r.startswith(f"{tmp_path / 'feed.jsonl'}:2: invalid JSON") for r in reasons)


def test_missing_path_stores_nothing(tmp_path, store, pipeline):
    src = write_jsonl(tmp_path / "feed.jsonl", TEXTS)
    with pytest.raises(BadInput):
        ingest([src, str(tmp_path / "missing.txt")], store=store, pipeline=pipeline)
    assert store.stats()["articles"] == 0 and pipeline.calls == 0


def test_progress_reaches_the_total(tmp_path, store, pipeline):
    src = write_jsonl(tmp_path / "feed.jsonl", TEXTS)
    seen: list[tuple[int, int | None]] = []
    ingest([src], store=store, pipeline=pipeline, on_progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (6, 6) and len(seen) == 6
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_store_failure_is_not_an_article_failure(tmp_path, store, pipeline):
    src = write_jsonl(tmp_path / "feed.jsonl", TEXTS[:2])

    class BrokenStore:
        def __getattr__(self, name):
            return getattr(store, name)

        def save(self, analysis, *, pipeline_version):
            raise StoreError("disk full")

    with pytest.raises(StoreError, match="disk full"):
        ingest([src], store=BrokenStore(), pipeline=pipeline)


@pytest.mark.slow
def test_real_nlp_stage_end_to_end(tmp_path, store):
    from sitroom.pipeline import Pipeline

    src = write_jsonl(tmp_path / "feed.jsonl", TEXTS[:3])
    pipe = Pipeline(stages=["nlp"])
    report = ingest([src], store=store, pipeline=pipe)
    assert (report.added, report.skipped) == (3, 0)
    assert store.stats()["articles_ok"] == 3
