"""Optional LLM backend: any OpenAI-compatible chat server, every returned field grounded in the
article text or dropped, merged with the rule-based events and attributions (`method`).

Enable it with `sitroom --llm URL --llm-model NAME ingest ...`, the `llm_url` / `llm_model` settings,
or `$SITROOM_LLM_URL` / `$SITROOM_LLM_MODEL`; add the "llm" stage after "quotes". Without a URL the
stage does nothing. The request is `POST {URL}/v1/chat/completions` with `response_format:
{"type": "json_schema", ...}` (schema in `data/llm_prompt.yaml`), so any server that constrains
output to a JSON schema works:

- llama.cpp: `llama-server -m model.gguf --port 8080` → `--llm http://127.0.0.1:8080`
  (it turns `response_format.json_schema` into a grammar).
- vLLM: `vllm serve Qwen/Qwen2.5-7B-Instruct --port 8000` → `--llm http://127.0.0.1:8000
  --llm-model Qwen/Qwen2.5-7B-Instruct` (guided decoding from the schema).
- Ollama: `ollama serve` → `--llm http://127.0.0.1:11434 --llm-model qwen2.5:7b` (its `/v1`
  OpenAI-compatible endpoint accepts `response_format` json_schema as structured output).
- A hosted OpenAI-compatible API: `--llm https://api.example.com/v1`, key in `$SITROOM_LLM_API_KEY`
  (sent as a Bearer token), prices in `$SITROOM_LLM_PRICE_PROMPT` / `_COMPLETION` (USD per million
  tokens) to have the cost counted.

Answers are cached by (model, prompt version, text hash) in `$SITROOM_CACHE/llm.sqlite` (default
`~/.cache/sitroom`); `SITROOM_LLM_CACHE=0` turns the cache off. `sitroom bench llm` compares the
eval metrics of rules-only and rules+LLM on a dev file (see `sitroom.llm.bench`).
"""

from __future__ import annotations

__all__ = ["LlmStage"]


def __getattr__(name: str) -> object:  # keep `import sitroom.llm` free of httpx until used
    if name == "LlmStage":
        from .stage import LlmStage

        return LlmStage
    raise AttributeError(name)
