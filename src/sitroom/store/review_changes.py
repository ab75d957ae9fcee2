"""The fields an analyst may edit, their checks, and how an edit is laid over an event's JSON.

Partial objects merge into the field (keeping its evidence); edited fields are listed under `edited`.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from ..errors import BadInput

EDITABLE = (
    "event_type",
    "sub_event_type",
    "plover",
    "actors",
    "location",
    "date",
    "fatalities",
    "flags",
    "confidence",
)


def _check_changes(changes: dict[str, Any]) -> None:
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise BadInput(f"cannot edit {', '.join(unknown)}; editable: {', '.join(EDITABLE)}")
    if "event_type" in changes and not (
        isinstance(changes["event_type"], str) and changes["event_type"].strip()
    ):
        raise BadInput("event_type must be a non-empty string")
    loc = changes.get("location")
    if loc is not None:
        if not isinstance(loc, dict):
            raise BadInput("location must be an object or null")
        for key, bound in (("lat", 90), ("lon", 180)):
            value = loc.get(key)
            if value is not None and (
                not isinstance(value, int | float) or not -bound <= value <= bound
            ):
                raise BadInput(f"location.{key} must be a number within ±{bound}")
    date = changes.get("date")
    if date is not None:
        try:
            dt.date.fromisoformat(str((date or {}).get("value")))
        except (ValueError, AttributeError):
            raise BadInput("date.value must be YYYY-MM-DD") from None
    fat = changes.get("fatalities")
    if fat is not None and not (isinstance(fat, dict) and isinstance(fat.get("value"), int)):
        raise BadInput("fatalities must be an object with an integer value, or null")
    conf = changes.get("confidence")
    if conf is not None and not (isinstance(conf, int | float) and 0 <= conf <= 1):
        raise BadInput("confidence must be within [0, 1]")


def apply_changes(event: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A new event JSON with `changes` laid over it; edited fields are listed under `edited`."""
    _check_changes(changes)
    out = copy.deepcopy(event)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}  # partial edit of a field keeps its evidence
        else:
            out[key] = value
    fat = changes.get("fatalities")
    if isinstance(fat, dict) and "value" in fat and not {"low", "high"} & set(fat):
        out["fatalities"]["low"] = out["fatalities"]["high"] = fat["value"]
    out["edited"] = sorted(set(out.get("edited") or []) | set(changes))
    return out
