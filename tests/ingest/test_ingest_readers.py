"""Readers: every source kind, CLI metadata precedence, and each bad-input case."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from sitroom.errors import BadInput
from sitroom.ingest import count_sources, parse_published, plan_sources, read_sources

BODY = "Rebels shelled the river port of Eastfield on Sunday, the governor said."
OTHER = "Police dispersed a rally outside the parliament in Westmoor with tear gas."


def items(*sources, **kw):
    return list(read_sources([str(s) for s in sources], **kw))


def test_plain_text_file(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("\n" + BODY + "\r\n")
    (item,) = items(f)
    assert item.skip_reason is None and item.line is None
    assert item.article.text == BODY
    assert item.article.source == str(f) and item.article.published is None


def test_front_matter_sets_metadata_and_body_offsets(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(
        "---\ntitle: Port shelled\noutlet: River Times\npublished: 2023-07-02\n"
        "url: https://example.org/port\nauthor: ignored\n---\n" + BODY + "\n"
    )
    (item,) = items(f)
    a = item.article
    assert (a.title, a.outlet, a.published, a.url) == (
        "Port shelled",
        "River Times",
        dt.date(2023, 7, 2),
        "https://example.org/port",
    )
    assert a.text == BODY and a.text[0:6] == "Rebels"


def test_front_matter_that_yaml_refuses_is_read_line_by_line(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("---\ntitle: Eastfield: day two\npublished: 2023-07-03\n---\n" + BODY)
    (item,) = items(f)
    assert item.article.title == "Eastfield: day two"
    assert item.article.published == dt.date(2023, 7, 3)


def test_dashes_without_known_keys_are_text(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("---\nBreaking news\n---\n" + BODY)
    (item,) = items(f)
    assert item.article.text.startswith("---\nBreaking news")


def test_command_line_metadata_wins(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("---\noutlet: River Times\npublished: 2023-07-02\n---\n" + BODY)
    (item,) = items(f, published=dt.date(2023, 8, 1), outlet="Wire")
    assert (item.article.published, item.article.outlet) == (dt.date(2023, 8, 1), "Wire")
    g = tmp_path / "b.txt"
    g.write_text(OTHER)
    (item,) = items(g, published=dt.date(2023, 8, 1), outlet="Wire")
    assert (item.article.published, item.article.outlet) == (dt.date(2023, 8, 1), "Wire")


def test_missing_path_raises_before_anything_is_read(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(BODY)
    with pytest.raises(BadInput, match="nowhere.txt"):
        read_sources([str(good), str(tmp_path / "nowhere.txt")])  # not even iterated


def test_url_is_planned_not_read_as_a_path():
    (planned,) = plan_sources(["https://example.org/news"])
    assert (planned.reader, planned.path, planned.url) == ("url", None, "https://example.org/news")


def test_empty_file_is_skipped(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_text("  \n\n")
    (item,) = items(f)
    assert item.article is None and item.skip_reason == f"{f}: empty file"


def test_binary_file_is_skipped(tmp_path):
    f = tmp_path / "photo.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (item,) = items(f)
    assert item.article is None and "binary" in item.skip_reason and str(f) in item.skip_reason


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_legacy_encoded_file(tmp_path, encoding):
    text = "Caf\u00e9 staff in S\u00e3o Tom\u00e9 fled after gunfire near the d\u00e9p\u00f4t, residents said."
    f = tmp_path / "legacy.txt"
    f.write_bytes(text.encode(encoding))
    (item,) = items(f)
    assert item.article.text == text


def test_oversize_article_is_skipped(tmp_path):
    f = tmp_path / "long.txt"
    f.write_text(BODY * 3)
    (item,) = items(f, max_chars=100)
    assert item.article is None
    assert item.skip_reason.endswith(f"too large ({len(BODY * 3)} chars > 100)")


def test_jsonl_with_a_malformed_line(tmp_path):
    f = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": BODY, "outlet": "A"}),
        "{not json",
        "",
        json.dumps({"text": OTHER}),
    ]
    f.write_text("\n".join(lines) + "\n")
    got = items(f)
    assert [i.line for i in got] == [1, 2, 4]
    assert got[0].article.outlet == "A" and got[2].article.text == OTHER
    assert got[1].article is None
    assert got[1].skip_reason.startswith(f"{f}:2: invalid JSON")


def test_jsonl_record_problems(tmp_path):
    f = tmp_path / "feed.jsonl"
    rows = [{"title": "no text"}, [1, 2], {"text": ""}, {"text": BODY, "published": "last week"}]
    f.write_text("\n".join(json.dumps(r) for r in rows))
    reasons = [i.skip_reason for i in items(f)]
    assert reasons[0] == f"{f}:1: no 'text' field with a string"
    assert reasons[1] == f"{f}:2: expected a JSON object, got list"
    assert reasons[2] == f"{f}:3: no 'text' field with a string"
    assert reasons[3] == f"{f}:4: bad published value 'last week' (expected YYYY-MM-DD)"


def test_json_object_and_list(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(
        json.dumps({"text": BODY, "title": "T", "url": "u", "published": "2022-01-05T10:00:00Z"})
    )
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": OTHER, "dct": "2021-02-03"}, {"body": 3}]))
    got = items(one, many)
    assert got[0].article.published == dt.date(2022, 1, 5) and got[0].article.url == "u"
    assert got[1].article.published == dt.date(2021, 2, 3)
    assert got[2].skip_reason == f"{many}: item 2: no 'text' field with a string"


def test_invalid_json_file(tmp_path):
    f = tmp_path / "broken.json"
    f.write_text('{"text": ')
    (item,) = items(f)
    assert item.skip_reason.startswith(f"{f}: invalid JSON")


def test_html_file(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(
        "<html><head><title>Port shelled - River Times</title>"
        '<meta property="og:site_name" content="River Times">'
        '<meta property="article:published_time" content="2023-07-02T09:00:00Z"></head>'
        f"<body><nav>Home | World</nav><article><h1>Port shelled</h1><p>{BODY}</p>"
        f"<p>{OTHER}</p></article><footer>All rights reserved</footer></body></html>"
    )
    (item,) = items(f)
    a = item.article
    assert BODY in a.text and OTHER in a.text and "rights reserved" not in a.text
    assert a.title == "Port shelled" and a.outlet == "River Times"
    assert a.published == dt.date(2023, 7, 2)


def test_short_html_falls_back_to_plain_text(tmp_path):
    f = tmp_path / "brief.htm"
    f.write_text("<html><body><script>var x = 1;</script><div>Curfew lifted.</div></body></html>")
    (item,) = items(f)
    assert item.article.text == "Curfew lifted."


def test_directory_is_recursive_sorted_and_filtered(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Zeta text about a raid.")
    (tmp_path / "a.txt").write_text("Alpha text about a clash.")
    (tmp_path / "notes.md").write_text("not an article")
    (tmp_path / ".hidden" / "c.txt").write_text("hidden")
    (tmp_path / "b" / "y.jsonl").write_text(json.dumps({"text": "Yankee text about a strike."}))
    got = items(tmp_path)
    assert [i.article.text.split()[0] for i in got] == ["Alpha", "Yankee", "Zeta"]
    assert count_sources([str(tmp_path)]) == 3


def test_same_file_twice_is_read_once(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(BODY)
    assert len(items(f, tmp_path)) == 1


def test_stdin_text_and_jsonl():
    (item,) = list(read_sources(["-"], stdin=io.StringIO(BODY + "\n")))
    assert item.article.text == BODY and item.source == "stdin"
    lines = "\n".join(json.dumps({"text": t}) for t in (BODY, OTHER))
    got = list(read_sources(["-"], stdin=io.StringIO(lines)))
    assert [i.article.text for i in got] == [BODY, OTHER] and [i.line for i in got] == [1, 2]


def test_stdin_binary_bytes_are_skipped():
    class Binary(io.StringIO):
        buffer = io.BytesIO(b"\x00\x01\x02binary")

    (item,) = list(read_sources(["-"], stdin=Binary()))
    assert item.article is None and "binary" in item.skip_reason


def test_bad_published_in_front_matter_is_skipped_with_reason(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("---\npublished: 2023-13-45\n---\n" + BODY)
    (item,) = items(f)
    assert item.article is None
    assert item.skip_reason == f"{f}: bad published value '2023-13-45' (expected YYYY-MM-DD)"


def test_parse_published():
    assert parse_published("2024-12-11") == dt.date(2024, 12, 11)
    assert parse_published("2024-12-11T08:30:00+02:00") == dt.date(2024, 12, 11)
    assert parse_published(None) is None
    assert parse_published("2024-12-11 23:59") == dt.date(2024, 12, 11)
    for bad in ("11/12/2024", "2024-02-30", "yesterday", "2024-12-11junk", "2024-12-11T99"):
        with pytest.raises(BadInput, match="bad published value"):
            parse_published(bad)


def test_malformed_warc_is_skipped_not_read_as_text(tmp_path):
    f = tmp_path / "crawl.warc"
    f.write_text("WARC/1.0\nWARC-Type: response\n\n<html>...</html>")
    (item,) = items(f)
    assert item.article is None and "truncated or corrupt WARC" in item.skip_reason
