"""Terminal rendering of stored records: event tables, the evidence view of one event, quotes."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .errors import BadInput


def dump(rows: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    raise BadInput(f"unknown format {fmt!r}; choose from table, json, jsonl")


def _flags(event: dict[str, Any]) -> str:
    return ",".join(k for k, v in (event.get("flags") or {}).items() if v)


def _actors(event: dict[str, Any]) -> str:
    parts = []
    for actor in event.get("actors") or []:
        mark = {"actor1": "", "actor2": "→ ", "assoc": "+ "}.get(actor.get("role", ""), "")
        parts.append(f"{mark}{actor['name']}")
    return "\n".join(parts)


def events_table(events: list[dict[str, Any]]) -> Table:
    table = Table(title=f"{len(events)} events", show_lines=False, expand=True)
    for column in ("id", "type / sub-type", "actors", "place", "date", "dead", "conf", "flags"):
        table.add_column(column, overflow="fold")
    for event in events:
        loc = event.get("location") or {}
        date = event.get("date") or {}
        fat = event.get("fatalities") or {}
        table.add_row(
            event["id"][:10],
            f"{event['event_type']}\n[dim]{event['sub_event_type']}[/dim]",
            _actors(event),
            ", ".join(x for x in (loc.get("name"), loc.get("country")) if x),
            date.get("value", ""),
            str(fat.get("value", "")) if fat else "",
            f"{event.get('confidence', 0):.2f}",
            _flags(event),
        )
    return table


def quotes_table(quotes: list[dict[str, Any]]) -> Table:
    table = Table(title=f"{len(quotes)} attributions", expand=True)
    for column in ("id", "speaker", "kind", "via", "direct", "content", "events"):
        table.add_column(column, overflow="fold")
    for quote in quotes:
        speaker = quote.get("speaker") or {}
        table.add_row(
            quote["id"][:10],
            speaker.get("name", "?"),
            speaker.get("kind", ""),
            quote.get("via") or "",
            "yes" if quote.get("direct") else "no",
            quote["content"]["text"][:160],
            str(len(quote.get("events") or [])),
        )
    return table


def articles_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title=f"{len(rows)} articles", expand=True)
    for column in ("id", "title", "outlet", "published", "status"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            row["id"],
            row.get("title") or "",
            row.get("outlet") or "",
            str(row.get("published") or ""),
            row.get("status") or "",
        )
    return table


def errors_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title=f"{len(rows)} skipped or failed", expand=True)
    for column in ("source", "line", "reason"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            str(row.get("source") or ""), str(row.get("line") or ""), row.get("reason", "")
        )
    return table


def _in_context(text: str, start: int, end: int, width: int = 90) -> Text:
    """The evidence words highlighted inside their surrounding text."""
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    snippet = Text("…" if start > width else "", style="dim")
    snippet.append(left, style="dim")
    snippet.append(text[start:end], style="bold reverse")
    snippet.append(right, style="dim")
    if end + width < len(text):
        snippet.append("…", style="dim")
    return snippet


def _value_of(event: dict[str, Any], field: str) -> str:
    if field in ("event_type", "trigger"):
        return f"{event['event_type']} / {event['sub_event_type']}"
    value = event.get(field)
    if isinstance(value, dict):
        keep = (
            "name",
            "value",
            "earliest",
            "latest",
            "geonameid",
            "country",
            "admin1",
            "confidence",
        )
        return ", ".join(f"{k}={value[k]}" for k in keep if value.get(k) not in (None, ""))
    return str(value) if value is not None else ""


def event_detail(event: dict[str, Any], evidence: list[dict[str, Any]], article: Any) -> Group:
    """Every field of the event, each followed by the words of the article that support it."""
    head = Text(f"{event['event_type']} / {event['sub_event_type']}", style="bold")
    head.append(f"   id {event['id']}  confidence {event.get('confidence', 0):.2f}")
    flags = _flags(event)
    if flags:
        head.append(f"  flags: {flags}", style="yellow")
    parts: list[Any] = [head]
    for row in evidence:
        field = row["field"]
        label = Text(f"{field}: ", style="cyan")
        if field.startswith("actor"):
            label.append(row.get("text", ""))
        else:
            label.append(_value_of(event, field))
        body = _in_context(article.text, row["start"], row["end"]) if article else Text(row["text"])
        parts.append(
            Panel(
                body,
                title=label,
                title_align="left",
                subtitle=f"chars {row['start']}-{row['end']}",
                subtitle_align="right",
            )
        )
    for report in event.get("reports") or []:
        parts.append(
            Text(
                f"report: {report.get('outlet') or '?'} {report.get('published') or ''} "
                f"{report.get('url') or ''} (article {report['article_id']})",
                style="dim",
            )
        )
    if event.get("claims"):
        parts.append(Text(f"claims: {', '.join(event['claims'])}", style="dim"))
    return Group(*parts)
