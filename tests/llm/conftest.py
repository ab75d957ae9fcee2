"""Fixtures for the LLM backend: a fake OpenAI-compatible server on 127.0.0.1 (a `http.server`
thread on a free port) with scripted replies, a hand-built analysis, and a private answer cache."""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sitroom.records import Analysis, Article, Event, Report, Sentence

TEXT = (
    "Gunmen attacked the village of Kalindo on Monday, killing five civilians. "
    "The army said it had arrested three suspects near Kalindo. "
    '"We will not rest until they are caught," the governor said.'
)


@dataclass
class Reply:
    status: int = 200
    content: str | None = None  # the assistant message (wrapped in a chat completion body)
    raw: bytes | None = None  # a body sent as is
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class FakeServer:
    """Replies are served in order; when the script runs out, `default` answers."""

    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.default = Reply(content='{"events": [], "attributions": []}')
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                with server.lock:
                    server.requests.append({"path": self.path, "body": body})
                    reply = server.replies.pop(0) if server.replies else server.default
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.raw is not None:
                    payload = reply.raw
                else:
                    payload = json.dumps(
                        {
                            "choices": [
                                {"message": {"role": "assistant", "content": reply.content or ""}}
                            ],
                            "usage": {"prompt_tokens": 120, "completion_tokens": 30},
                        }
                    ).encode()
                try:
                    self.send_response(reply.status)
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def push(self, *replies: Reply) -> None:
        with self.lock:
            self.replies.extend(replies)


@pytest.fixture
def fake_server():
    server = FakeServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def reply_type():
    return Reply


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Never touch ~/.cache in tests; no llm settings leak in from the environment."""
    monkeypatch.setenv("SITROOM_CACHE", str(tmp_path / "cache"))
    for name in ("URL", "MODEL", "CACHE", "TIMEOUT_S", "RETRIES", "MAX_CONCURRENCY", "API_KEY"):
        monkeypatch.delenv(f"SITROOM_LLM_{name}", raising=False)
    return tmp_path / "cache"


@pytest.fixture
def make_analysis():
    """An analysis of `text` as the rule stages would leave it: sentences and one rule event (an
    Attack triggered by "attacked") when `rule_event` is set."""

    def build(text: str = TEXT, *, rule_event: bool = True) -> Analysis:
        article = Article.from_text(text)
        analysis = Analysis(article=article)
        analysis.sentences = [
            Sentence(m.start(), m.end())
            for m in re.finditer(r'[^.!?"]*(?:"[^"]*")?[^.!?]*[.!?]', text)
            if m.group(0).strip()
        ]
        analysis.sentences = [
            Sentence(
                s.start + (len(text[s.start : s.end]) - len(text[s.start : s.end].lstrip())), s.end
            )
            for s in analysis.sentences
        ]
        if rule_event and "attacked" in article.text:
            start = article.text.index("attacked")
            first = analysis.sentences[0]
            analysis.events.append(
                Event(
                    id="rule-attack",
                    article_id=article.id,
                    event_type="Violence against civilians",
                    sub_event_type="Attack",
                    plover="ASSAULT",
                    confidence=0.6,
                    trigger=analysis.evidence(start, start + len("attacked")),
                    reports=[Report(article.id, None, None, None)],
                    sentence=first,
                )
            )
        return analysis

    return build


@pytest.fixture
def llm_settings(fake_server):
    """Settings as the stage reads them (getattr), before config.py grows the llm_* fields."""

    class _Settings:
        llm_url = fake_server.url
        llm_model = "fake-model"
        llm_timeout_s = 2.0
        llm_max_concurrency = 2
        llm_retries = 2
        llm_cache = True

    return _Settings()


@pytest.fixture
def span():
    """A span as a model would return it: `needle` in `text` (its `nth` occurrence), offsets
    shifted by `shift` to play a model that miscounts."""

    def make(needle: str, *, text: str = TEXT, nth: int = 0, shift: int = 0) -> dict:
        start = -1
        for _ in range(nth + 1):
            start = text.index(needle, start + 1)
        return {"text": needle, "start": start + shift, "end": start + len(needle) + shift}

    return make


@pytest.fixture
def answer():
    """The JSON an extraction answer carries."""

    def make(events: list | None = None, attributions: list | None = None) -> str:
        return json.dumps({"events": events or [], "attributions": attributions or []})

    return make


@pytest.fixture
def event_item():
    def make(sub: str, trigger: dict, **fields: object) -> dict:
        item = {
            "sub_event_type": sub,
            "trigger": trigger,
            "actor1": None,
            "actor2": None,
            "location": None,
            "date": None,
            "fatalities": None,
            "negated": False,
            "hypothetical": False,
            "confidence": 0.8,
        }
        item.update(fields)
        return item

    return make


@pytest.fixture
def sample_text() -> str:
    return TEXT
