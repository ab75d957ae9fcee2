"""HTTP client for any OpenAI-compatible `/v1/chat/completions` server: concurrency limit, timeouts,
retries with exponential backoff (429/5xx, honoring Retry-After) and token usage counted.

The transport is a seam: pass `transport=` (e.g. `FakeLlm(...).transport()`, an in-memory
`httpx.MockTransport`) and no socket is opened.
"""

from __future__ import annotations

import email.utils
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from ..errors import LlmError

RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """Where and how to reach the server. `url` is the base (`http://host:8080` or `.../v1`)."""

    url: str
    model: str = "default"
    timeout_s: float = 60.0
    retries: int = 3
    max_concurrency: int = 4
    backoff_s: float = 0.5  # first retry waits this long, then twice as long each time
    max_backoff_s: float = 30.0  # a longer Retry-After is cut to this
    api_key: str | None = None


@dataclass(frozen=True, slots=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0


@dataclass(frozen=True, slots=True)
class ChatAnswer:
    """The assistant message content and the usage the server reported."""

    content: str
    usage: Usage
    attempts: int = 1


@dataclass(slots=True)
class ClientCounters:
    requests: int = 0  # HTTP requests sent, retries included
    retries: int = 0
    failures: int = 0  # calls that ended with LlmError
    prompt_tokens: int = 0
    completion_tokens: int = 0
    waited_s: float = 0.0  # time slept in backoff
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **deltas: float) -> None:
        with self.lock:
            for name, value in deltas.items():
                setattr(self, name, getattr(self, name) + value)


def completions_url(url: str) -> str:
    """`http://h:8080`, `http://h:8080/v1` or the full endpoint → the chat completions endpoint."""
    base = url.rstrip("/")
    if base.endswith("/chat/completions"):
        return base
    if not base.endswith("/v1"):
        base += "/v1"
    return base + "/chat/completions"


def retry_after_s(value: str | None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class LlmClient:
    """Thread-safe: at most `max_concurrency` requests are in flight at once across threads."""

    def __init__(
        self,
        config: ClientConfig,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config
        self.endpoint = completions_url(config.url)
        self.counters = ClientCounters()
        self._sleep = sleep
        self._slots = threading.BoundedSemaphore(max(1, config.max_concurrency))
        headers = {"Content-Type": "application/json"}
        if config.api_key:
            headers["Authorization"] = f"Bearer {config.api_key}"
        self._http = httpx.Client(
            transport=transport, timeout=httpx.Timeout(config.timeout_s), headers=headers
        )

    def close(self) -> None:
        self._http.close()

    def chat(self, body: dict[str, Any]) -> ChatAnswer:
        """POST one chat completion request; retry what is worth retrying; raise LlmError."""
        attempts = max(0, self.config.retries) + 1
        last = "no attempt"
        for attempt in range(attempts):
            wait: float | None = None
            try:
                with self._slots:
                    self.counters.add(requests=1)
                    response = self._http.post(self.endpoint, json=body)
            except httpx.TimeoutException:
                last = f"timed out after {self.config.timeout_s:g}s"
            except httpx.TransportError as exc:
                last = f"cannot reach {self.endpoint}: {exc.__class__.__name__}"
            else:
                if response.status_code == 200:
                    return self._answer(response, attempt + 1)
                last = f"HTTP {response.status_code} from {self.endpoint}"
                if response.status_code not in RETRY_STATUS:
                    break
                wait = retry_after_s(response.headers.get("Retry-After"))
            if attempt + 1 < attempts:
                if wait is None:
                    wait = self.config.backoff_s * (2**attempt)
                wait = min(wait, self.config.max_backoff_s)
                self.counters.add(retries=1, waited_s=wait)
                self._sleep(wait)
        self.counters.add(failures=1)
        raise LlmError(f"LLM request failed: {last}")

    def _answer(self, response: httpx.Response, attempts: int) -> ChatAnswer:
        try:
            payload = response.json()
            content = payload["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            self.counters.add(failures=1)
            raise LlmError("LLM server answered without a chat completion message") from exc
        raw_usage = payload.get("usage") or {}
        usage = Usage(
            prompt_tokens=int(raw_usage.get("prompt_tokens") or 0),
            completion_tokens=int(raw_usage.get("completion_tokens") or 0),
        )
        self.counters.add(
            prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens
        )
        return ChatAnswer(content=str(content or ""), usage=usage, attempts=attempts)


def completion_payload(content: str, *, prompt_tokens: int = 0, completion_tokens: int = 0) -> dict:
    """An OpenAI chat completion response body carrying `content` (for fakes and tests)."""
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


class FakeLlm:
    """An in-memory OpenAI-compatible server: `answer(request_body) -> content str | httpx.Response`.

    >>> fake = FakeLlm(lambda body: '{"events": [], "attributions": []}')
    >>> client = LlmClient(ClientConfig(url="http://fake"), transport=fake.transport())
    """

    def __init__(self, answer: Callable[[dict[str, Any]], str | httpx.Response]) -> None:
        self.answer = answer
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self._handle)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content or b"{}")
        with self._lock:
            self.requests.append(body)
        reply = self.answer(body)
        if isinstance(reply, httpx.Response):
            return reply
        return httpx.Response(
            200, json=completion_payload(reply, prompt_tokens=100, completion_tokens=20)
        )
