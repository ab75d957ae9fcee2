"""The "llm" stage (after "quotes"): sends sentence windows to an OpenAI-compatible server, grounds
every returned field in the text, and merges with the rule-based events and attributions.

A no-op unless a server URL is configured (`--llm URL` / `llm_url` / `$SITROOM_LLM_URL`). A failed,
timed-out or malformed answer costs that window only: the article keeps its rule-based output.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx

from ..records import Analysis, Attribution, Event, Evidence
from .cache import AnswerCache, cache_key
from .client import ChatAnswer, ClientConfig, LlmClient, LlmError
from .grounding import Grounder, GroundingStats
from .merge import merge_attributions, merge_events, merge_weights, to_attribution, to_event
from .prompt import (
    Chunk,
    MalformedAnswer,
    ParsedAnswer,
    chunk_text,
    parse_answer,
    prompt_spec,
    request_body,
)

# Settings field → environment variable read when the field is not (yet) part of Settings.
_OPTIONS: dict[str, tuple[str, type]] = {
    "llm_url": ("SITROOM_LLM_URL", str),
    "llm_model": ("SITROOM_LLM_MODEL", str),
    "llm_timeout_s": ("SITROOM_LLM_TIMEOUT_S", float),
    "llm_max_concurrency": ("SITROOM_LLM_MAX_CONCURRENCY", int),
    "llm_retries": ("SITROOM_LLM_RETRIES", int),
    "llm_cache": ("SITROOM_LLM_CACHE", str),
    "llm_price_prompt": ("SITROOM_LLM_PRICE_PROMPT", float),
    "llm_price_completion": ("SITROOM_LLM_PRICE_COMPLETION", float),
}


@dataclass(frozen=True, slots=True)
class LlmOptions:
    url: str | None = None
    model: str = "default"
    timeout_s: float = 60.0
    max_concurrency: int = 4
    retries: int = 3
    cache: bool = True
    price_prompt: float = 0.0  # USD per million prompt tokens (0 for a local server)
    price_completion: float = 0.0  # USD per million completion tokens


def llm_options(settings: Any) -> LlmOptions:
    """Read the llm_* settings, falling back on $SITROOM_LLM_* for fields Settings lacks."""
    values: dict[str, Any] = {}
    for name, (env, kind) in _OPTIONS.items():
        if settings is not None and hasattr(settings, name):
            value = getattr(settings, name)
        else:
            value = os.environ.get(env) or None
        if value is None:
            continue
        if name == "llm_cache":
            value = str(value).lower() not in ("0", "false", "no", "off")
        else:
            value = kind(value)
        values[name.removeprefix("llm_")] = value
    return LlmOptions(**values)


@dataclass(slots=True)
class LlmStats:
    """What the stage did and spent: shown by `sitroom bench llm` and readable on the stage."""

    articles: int = 0
    chunks: int = 0
    cached: int = 0
    failed: int = 0  # windows whose request failed (after retries)
    malformed: int = 0  # windows whose answer was not the JSON asked for
    invalid_items: int = 0  # items of the wrong shape inside a well-formed answer
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    events_llm: int = 0
    events_both: int = 0
    attributions_llm: int = 0
    attributions_both: int = 0
    grounding: GroundingStats = field(default_factory=GroundingStats)

    def as_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "grounding"}
        out["cost_usd"] = round(self.cost_usd, 6)
        out["grounding"] = self.grounding.as_dict()
        return out


class LlmStage:
    name = "llm"

    def __init__(
        self,
        *,
        resources: Any = None,
        settings: Any = None,
        transport: httpx.BaseTransport | None = None,
        cache: AnswerCache | None = None,
        sleep: Any = None,
    ) -> None:
        self.resources = resources
        self.options = llm_options(settings)
        self.stats = LlmStats()
        self._lock = threading.Lock()  # windows are asked from worker threads
        self.client: LlmClient | None = None
        self.cache: AnswerCache | None = None
        if self.options.url:
            config = ClientConfig(
                url=self.options.url,
                model=self.options.model,
                timeout_s=self.options.timeout_s,
                retries=self.options.retries,
                max_concurrency=self.options.max_concurrency,
                api_key=os.environ.get("SITROOM_LLM_API_KEY") or None,
            )
            extra = {"sleep": sleep} if sleep is not None else {}
            self.client = LlmClient(config, transport=transport, **extra)
            self.cache = (
                cache if cache is not None else (AnswerCache() if self.options.cache else None)
            )

    @property
    def enabled(self) -> bool:
        return self.client is not None

    def __call__(self, analysis: Analysis) -> Analysis:
        return next(iter(self.pipe([analysis])))

    def pipe(self, analyses: Any) -> list[Analysis]:
        batch = list(analyses)
        if self.client is None:
            return batch
        spec = prompt_spec()
        jobs: list[tuple[Analysis, Chunk]] = []
        for analysis in batch:
            self.stats.articles += 1
            for chunk in chunk_text(
                analysis.article.text,
                analysis.sentences,
                window=spec.window_sentences,
                overlap=spec.window_overlap,
                max_chars=spec.max_chunk_chars,
            ):
                jobs.append((analysis, chunk))
        self.stats.chunks += len(jobs)
        workers = max(1, min(self.options.max_concurrency, len(jobs)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sitroom-llm") as pool:
            answers = list(pool.map(lambda job: self._ask(job[0], job[1]), jobs))
        per_article: dict[int, list[tuple[Chunk, ParsedAnswer]]] = {}
        for (analysis, chunk), answer in zip(jobs, answers, strict=True):
            if answer is not None:
                per_article.setdefault(id(analysis), []).append((chunk, answer))
        for analysis in batch:
            self._merge(analysis, per_article.get(id(analysis), []))
        return batch

    def _ask(self, analysis: Analysis, chunk: Chunk) -> ParsedAnswer | None:
        """One window: cache, request, parse. Any failure is noted on the analysis, never raised."""
        assert self.client is not None
        spec = prompt_spec()
        key = cache_key(self.options.model, spec.version, chunk.text)
        answer: ChatAnswer | None = self.cache.get(key) if self.cache is not None else None
        if answer is not None:
            self._count(cached=1)
        else:
            try:
                answer = self.client.chat(request_body(chunk, model=self.options.model, spec=spec))
            except LlmError as exc:
                self._count(failed=1)
                analysis.notes.append(f"llm: window {chunk.start}-{chunk.end}: {exc}")
                return None
            usage = answer.usage
            cost = (
                usage.prompt_tokens * self.options.price_prompt
                + usage.completion_tokens * self.options.price_completion
            ) / 1e6
            self._count(
                prompt_tokens=usage.prompt_tokens,
                completion_tokens=usage.completion_tokens,
                cost_usd=cost,
            )
        try:
            parsed = parse_answer(answer.content)
        except MalformedAnswer as exc:
            self._count(malformed=1)
            analysis.notes.append(f"llm: window {chunk.start}-{chunk.end}: malformed answer, {exc}")
            return None
        if answer.attempts and self.cache is not None:  # only well-formed fresh answers are kept
            self.cache.put(
                key, model=self.options.model, prompt_version=spec.version, answer=answer
            )
        self._count(invalid_items=parsed.invalid_items)
        return parsed

    def _count(self, **deltas: float) -> None:
        with self._lock:
            for name, value in deltas.items():
                setattr(self.stats, name, getattr(self.stats, name) + value)

    def _merge(self, analysis: Analysis, answers: list[tuple[Chunk, ParsedAnswer]]) -> None:
        article = analysis.article
        subs = frozenset(prompt_spec().sub_event_types)
        weights = merge_weights()
        events: list[Event] = []
        attributions: list[Attribution] = []
        for chunk, parsed in answers:
            grounder = Grounder(article, chunk, sub_event_types=subs)
            for raw in parsed.events:
                grounded = grounder.event(raw)
                if grounded is not None:
                    events.append(to_event(analysis, grounded, weights))
            for raw_quote in parsed.attributions:
                quote = grounder.attribution(raw_quote)
                if quote is not None:
                    attributions.append(to_attribution(analysis, quote, weights))
            self.stats.grounding.merge(grounder.stats)
        # the promise, checked once more on the final records: nothing off the text is stored
        events = [e for e in events if all(_on_text(article.text, ev) for ev in _event_evidence(e))]
        attributions = [
            a for a in attributions if all(_on_text(article.text, ev) for ev in _quote_evidence(a))
        ]
        if not events and not attributions:
            return
        analysis.events = merge_events(analysis.events, events)
        analysis.attributions = merge_attributions(analysis.attributions, attributions, weights)
        self.stats.events_llm += sum(e.method == "llm" for e in analysis.events)
        self.stats.events_both += sum(e.method == "both" for e in analysis.events)
        self.stats.attributions_llm += sum(a.method == "llm" for a in analysis.attributions)
        self.stats.attributions_both += sum(a.method == "both" for a in analysis.attributions)
        _link(analysis)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.cache is not None:
            self.cache.close()


def _on_text(text: str, evidence: Evidence) -> bool:
    return 0 <= evidence.start < evidence.end <= len(text) and (
        text[evidence.start : evidence.end] == evidence.text
    )


def _event_evidence(event: Event) -> list[Evidence]:
    out = [event.trigger]
    for actor in event.actors:
        out.extend(actor.evidence)
    for part in (event.location, event.date, event.fatalities):
        if part is not None:
            out.extend(part.evidence)
    return out


def _quote_evidence(attribution: Attribution) -> list[Evidence]:
    out = [attribution.content]
    if attribution.cue is not None:
        out.append(attribution.cue)
    if attribution.speaker is not None:
        out.extend(attribution.speaker.evidence)
    return out


def _link(analysis: Analysis) -> None:
    """Tie new attributions and events together the way the quotes stage does (idempotent)."""
    try:
        from ..quotes.lexicon import cue_table
        from ..quotes.linking import link_events
    except ImportError:  # the quotes package is optional for this stage
        return
    link_events(
        analysis.attributions,
        analysis.events,
        min_actor_names=cue_table().event_link_min_actor_names,
    )
