"""The LLM request and answer: sentence-window chunks, the JSON-schema constrained chat body, and the
parse of an answer into typed (still ungrounded) records. Prompt text and schema: data/llm_prompt.yaml.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ..data import load_table
from ..records import Sentence


@dataclass(frozen=True, slots=True)
class PromptSpec:
    version: int
    system: str
    user: str
    schema: dict[str, Any]
    window_sentences: int
    window_overlap: int
    max_chunk_chars: int
    temperature: float
    max_tokens: int
    sub_event_types: tuple[str, ...]


@cache
def prompt_spec() -> PromptSpec:
    raw = load_table("llm_prompt")
    subs = tuple(load_table("event_cues")["sub_event_types"])
    return PromptSpec(
        version=int(raw["version"]),
        system=raw["system"],
        user=raw["user"],
        schema=raw["schema"],
        window_sentences=max(1, int(raw["window_sentences"])),
        window_overlap=max(0, int(raw["window_overlap"])),
        max_chunk_chars=int(raw["max_chunk_chars"]),
        temperature=float(raw["temperature"]),
        max_tokens=int(raw["max_tokens"]),
        sub_event_types=subs,
    )


@dataclass(frozen=True, slots=True)
class Chunk:
    """A window of whole sentences: `text == article.text[start:end]`."""

    start: int
    end: int
    text: str


def chunk_text(
    text: str, sentences: list[Sentence], *, window: int, overlap: int, max_chars: int
) -> list[Chunk]:
    """Windows of `window` sentences, each sharing `overlap` sentences with the one before; a window
    is cut short at the last sentence that keeps it under `max_chars` (one longer sentence is cut)."""
    spans = [(s.start, s.end) for s in sentences if s.end > s.start] or _rough_sentences(text)
    chunks: list[Chunk] = []
    index = 0
    while index < len(spans):
        start = spans[index][0]
        last = index
        while last + 1 < min(len(spans), index + window):
            if spans[last + 1][1] - start > max_chars:
                break
            last += 1
        end = min(spans[last][1], start + max_chars)
        chunks.append(Chunk(start, end, text[start:end]))
        if last + 1 >= len(spans):
            break
        index = max(index + 1, last + 1 - overlap)
    return chunks


_ROUGH_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'”’)]*)?")


def _rough_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans without a parse (the nlp stage did not run): end punctuation and newlines."""
    spans = [(m.start(), m.end()) for m in _ROUGH_SENTENCE.finditer(text) if m.group(0).strip()]
    return spans or [(0, len(text))]


def request_body(chunk: Chunk, *, model: str, spec: PromptSpec | None = None) -> dict[str, Any]:
    """An OpenAI chat completions body whose answer is constrained by `response_format` json_schema."""
    spec = spec or prompt_spec()
    user = spec.user.format(sub_event_types="; ".join(spec.sub_event_types), text=chunk.text)
    return {
        "model": model,
        "temperature": spec.temperature,
        "max_tokens": spec.max_tokens,
        "messages": [
            {"role": "system", "content": spec.system},
            {"role": "user", "content": user},
        ],
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "sitroom_extraction", "strict": True, "schema": spec.schema},
        },
    }


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class RawSpan(_Lenient):
    """A span as the model returned it: offsets are into the chunk text and may be wrong."""

    text: str
    start: int | None = None
    end: int | None = None


class RawFatalities(RawSpan):
    value: int


class RawEvent(_Lenient):
    sub_event_type: str
    trigger: RawSpan
    actor1: RawSpan | None = None
    actor2: RawSpan | None = None
    location: RawSpan | None = None
    date: RawSpan | None = None
    fatalities: RawFatalities | None = None
    negated: bool = False
    hypothetical: bool = False
    confidence: float | None = None


class RawAttribution(_Lenient):
    speaker: RawSpan | None = None
    cue: RawSpan | None = None
    content: RawSpan
    direct: bool = False


@dataclass(slots=True)
class ParsedAnswer:
    """Items that had the right shape, and how many did not (dropped and counted)."""

    events: list[RawEvent]
    attributions: list[RawAttribution]
    invalid_items: int = 0


class MalformedAnswer(ValueError):
    """The answer is not a JSON object with `events` / `attributions` lists."""


_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.S)


def parse_answer(content: str) -> ParsedAnswer:
    """JSON → typed items; a malformed item is dropped (counted), a malformed answer raises."""
    fenced = _FENCE.match(content)  # some servers wrap JSON in a code fence despite the schema
    try:
        data = json.loads(fenced.group(1) if fenced else content)
    except json.JSONDecodeError as exc:
        raise MalformedAnswer(f"not JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise MalformedAnswer("not a JSON object")
    events_raw, attributions_raw = data.get("events", []), data.get("attributions", [])
    if not isinstance(events_raw, list) or not isinstance(attributions_raw, list):
        raise MalformedAnswer("events/attributions are not lists")
    parsed = ParsedAnswer([], [])
    for item in events_raw:
        try:
            parsed.events.append(RawEvent.model_validate(item))
        except ValidationError:
            parsed.invalid_items += 1
    for item in attributions_raw:
        try:
            parsed.attributions.append(RawAttribution.model_validate(item))
        except ValidationError:
            parsed.invalid_items += 1
    return parsed
