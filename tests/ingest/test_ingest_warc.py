"""WARC archives: HTML responses become articles; non-HTML, non-English and broken records get reasons."""

from __future__ import annotations

import gzip

from sitroom.ingest import count_sources, ingest, read_sources


def test_warc_pages_become_articles_with_url_and_crawl_date(tmp_path, make_warc, make_page):
    path = make_warc(
        tmp_path / "crawl.warc.gz",
        [(f"https://news.example/{n}", "text/html; charset=utf-8", make_page(n)) for n in range(3)],
    )
    items = list(read_sources([str(path)]))
    assert [i.skip_reason for i in items] == [None, None, None]
    assert [i.line for i in items] == [3, 5, 7]  # record numbers: warcinfo, then request/response
    first = items[0].article
    assert first.url == "https://news.example/0" and first.title == "Report 0"
    assert str(first.published) == "2024-05-03" and "checkpoint 0" in first.text
    assert count_sources([str(path)]) is None  # unknown until read: the bar shows the rate only


def test_non_html_and_non_english_are_skipped_with_reasons(
    tmp_path, make_warc, make_page, store, pipeline
):
    pages = [
        ("https://news.example/a", "text/html", make_page(1)),
        ("https://news.example/doc.pdf", "application/pdf", b"%PDF-1.4 ..."),
        ("https://news.example/img", "image/png", b"\x89PNG...."),
        ("https://news.example/fr", "text/html; charset=utf-8", make_page(2, language="fr")),
        ("https://news.example/blank", "text/html", "<html><body></body></html>"),
        ("https://news.example/b", "text/html; charset=latin-1", make_page(3).encode("latin-1")),
    ]
    path = make_warc(tmp_path / "mixed.warc", pages, gzip=False)
    report = ingest([str(path)], store=store, pipeline=pipeline)
    assert (report.seen, report.added, report.skipped) == (6, 2, 4)
    assert report.reasons == {
        "not HTML": 2,
        "not English": 1,
        "empty page": 1,
    } or report.reasons == {
        "not HTML": 2,
        "not English": 1,
        "no text in the page": 1,
    }
    errors = {e["line"]: e["reason"] for e in store.errors()}
    assert errors[5].endswith("not HTML (application/pdf)")
    assert errors[9].endswith("not English (language: fr)")
    french = [a for a in store.articles() if a["status"] == "skipped"]
    assert len(french) == 1 and french[0]["url"] == "https://news.example/fr"  # kept, not dropped


def test_http_error_responses_are_skipped(tmp_path, make_warc, make_page):
    path = make_warc(tmp_path / "e.warc.gz", [("https://x.example/", "text/html", make_page(1))],
                     status="404 Not Found")  # fmt: skip
    (item,) = read_sources([str(path)])
    assert item.article is None and item.skip_reason.endswith("HTTP status 404")


def test_truncated_warc_keeps_what_came_before(tmp_path, make_warc, make_page, store, pipeline):
    pages = [(f"https://news.example/{n}", "text/html", make_page(n)) for n in range(6)]
    whole = make_warc(tmp_path / "whole.warc.gz", pages).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    report = ingest([str(cut)], store=store, pipeline=pipeline)
    assert 1 <= report.added < 6 and report.skipped == 1
    assert "truncated or corrupt WARC" in report.errors[0]


def test_gzip_garbage_and_malformed_header(tmp_path, store, pipeline):
    garbage = tmp_path / "garbage.warc.gz"
    garbage.write_bytes(gzip.compress(b"not a warc at all\r\n\r\n") + b"\x00junk")
    header = tmp_path / "header.warc"
    header.write_bytes(b"WARC/1.0\r\nWARC-Type response\r\nContent-Length: abc\r\n\r\n<html>")
    report = ingest([str(garbage), str(header)], store=store, pipeline=pipeline)
    assert report.added == 0 and report.reasons["truncated or corrupt WARC"] == 2
    sources = {e["source"] for e in store.errors() if "truncated or corrupt" in e["reason"]}
    assert sources == {str(garbage), str(header)}
