"""Unit tests of the LLM backend's parts with httpx.MockTransport: client retries and usage,
grounding, chunking, the request body and answer parsing, the bench's refusal without a server."""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest

from sitroom.errors import BadInput
from sitroom.llm.client import (
    ClientConfig,
    FakeLlm,
    LlmClient,
    LlmError,
    completion_payload,
    completions_url,
    retry_after_s,
)
from sitroom.llm.grounding import locate, numbers_in
from sitroom.llm.prompt import (
    Chunk,
    MalformedAnswer,
    RawSpan,
    chunk_text,
    parse_answer,
    prompt_spec,
    request_body,
)
from sitroom.records import Sentence


def _client(handler, **config):
    sleeps: list[float] = []
    client = LlmClient(
        ClientConfig(url="http://llm.test", **config),
        transport=httpx.MockTransport(handler),
        sleep=sleeps.append,
    )
    return client, sleeps


def test_completions_url_forms():
    assert completions_url("http://h:8080") == "http://h:8080/v1/chat/completions"
    assert completions_url("http://h:8080/v1/") == "http://h:8080/v1/chat/completions"
    assert completions_url("http://h/v1/chat/completions") == "http://h/v1/chat/completions"


def test_retry_after_seconds_and_http_date():
    assert retry_after_s("4") == 4.0
    assert retry_after_s(None) is None and retry_after_s("soon") is None
    later = email.utils.formatdate(time.time() + 60, usegmt=True)
    assert 50 < retry_after_s(later) <= 60


def test_usage_counted_and_key_sent(monkeypatch):
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("authorization"))
        return httpx.Response(
            200, json=completion_payload("{}", prompt_tokens=7, completion_tokens=3)
        )

    client, _ = _client(handler, api_key="sk-test")
    answer = client.chat({"model": "m", "messages": []})
    client.chat({"model": "m", "messages": []})
    assert answer.content == "{}" and answer.usage.prompt_tokens == 7
    assert client.counters.prompt_tokens == 14 and client.counters.completion_tokens == 6
    assert seen == ["Bearer sk-test", "Bearer sk-test"]


def test_client_error_is_not_retried():
    client, sleeps = _client(lambda r: httpx.Response(400, json={"error": "bad schema"}))
    with pytest.raises(LlmError, match="HTTP 400"):
        client.chat({})
    assert sleeps == [] and client.counters.requests == 1 and client.counters.failures == 1


def test_backoff_doubles_and_is_capped():
    client, sleeps = _client(
        lambda r: httpx.Response(503, headers={"Retry-After": "3600"}), retries=2, max_backoff_s=5
    )
    with pytest.raises(LlmError):
        client.chat({})
    assert sleeps == [5, 5]
    replies = iter([httpx.Response(500), httpx.Response(500), httpx.Response(500)])
    client, sleeps = _client(lambda r: next(replies), retries=2, backoff_s=0.25)
    with pytest.raises(LlmError):
        client.chat({})
    assert sleeps == [0.25, 0.5]


def test_connect_error_and_timeout_retried():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            raise httpx.ConnectError("refused", request=request)
        if len(calls) == 2:
            raise httpx.ReadTimeout("slow", request=request)
        return httpx.Response(200, json=completion_payload("ok"))

    client, sleeps = _client(handler, retries=2)
    assert client.chat({}).content == "ok" and len(sleeps) == 2


def test_answer_without_message_is_an_error():
    client, _ = _client(lambda r: httpx.Response(200, json={"choices": []}))
    with pytest.raises(LlmError, match="without a chat completion"):
        client.chat({})


def test_fake_llm_records_requests():
    fake = FakeLlm(lambda body: '{"events": [], "attributions": []}')
    client = LlmClient(ClientConfig(url="http://fake"), transport=fake.transport())
    assert parse_answer(client.chat({"model": "x"}).content).events == []
    assert fake.requests == [{"model": "x"}]


CHUNK_TEXT = "Rebels shelled Dara. Dara burned. Nobody was hurt."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (RawSpan(text="shelled", start=7, end=14), (7, 14, True)),
        (RawSpan(text="shelled", start=0, end=7), (7, 14, False)),  # re-anchored
        (RawSpan(text="shelled"), (7, 14, False)),  # no offsets at all
        (RawSpan(text="Dara", start=40, end=44), "ambiguous"),
        (RawSpan(text="Dara", start=21, end=25), (21, 25, True)),  # right offsets settle it
        (RawSpan(text="shelled Dara town"), "not_in_text"),
        (RawSpan(text="SHELLED"), "not_in_text"),  # case counts
        (RawSpan(text="  ", start=0, end=2), "empty"),
        (RawSpan(text="burned", start=126, end=132), (26, 32, True)),  # article offsets
    ],
)
def test_locate(raw, expected):
    chunk = Chunk(100, 100 + len(CHUNK_TEXT), CHUNK_TEXT)
    assert locate(raw, chunk) == expected


def test_numbers_in():
    assert numbers_in("killing 1,200 people") == {1200}
    assert numbers_in("five civilians") == {5}
    assert numbers_in("a dozen soldiers") == {12}
    assert numbers_in("nobody was hurt") == {0}
    assert numbers_in("several people") == set()


def test_chunks_are_overlapping_sentence_windows():
    sentences = [Sentence(i * 10, i * 10 + 9) for i in range(7)]
    text = "".join("sentence.\n" for _ in range(7))
    chunks = chunk_text(text, sentences, window=3, overlap=1, max_chars=1000)
    assert [(c.start, c.end) for c in chunks] == [(0, 29), (20, 49), (40, 69)]
    assert all(text[c.start : c.end] == c.text for c in chunks)
    short = chunk_text(text, sentences, window=3, overlap=1, max_chars=15)
    assert [(c.start, c.end) for c in short][:2] == [(0, 9), (10, 19)]  # one sentence each
    assert short[-1].end == 69


def test_chunks_without_parse_use_punctuation():
    text = "One thing happened. Then another! And a third?"
    chunks = chunk_text(text, [], window=2, overlap=0, max_chars=1000)
    assert [c.text for c in chunks] == ["One thing happened. Then another!", " And a third?"]


def test_request_body_is_schema_constrained():
    body = request_body(Chunk(0, 4, "Text"), model="m")
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    assert set(fmt["json_schema"]["schema"]["required"]) == {"events", "attributions"}
    assert "Attack" in body["messages"][1]["content"] and body["messages"][1]["content"].endswith(
        "Text\n"
    )
    assert prompt_spec().version >= 1


def test_parse_answer_drops_bad_items_and_rejects_bad_answers():
    parsed = parse_answer(
        '```json\n{"events": [{"sub_event_type": "Attack"}, {"sub_event_type": "Attack",'
        ' "trigger": {"text": "x"}}], "attributions": [{"direct": true}]}\n```'
    )
    assert len(parsed.events) == 1 and parsed.invalid_items == 2
    for bad in ("", "nope", "[]", '{"events": {}}'):
        with pytest.raises(MalformedAnswer):
            parse_answer(bad)


def test_bench_needs_a_server(monkeypatch):
    from sitroom.llm.bench import run

    monkeypatch.delenv("SITROOM_LLM_URL", raising=False)
    with pytest.raises(BadInput, match="SITROOM_LLM_URL"):
        run(corpus=None, n=1)
