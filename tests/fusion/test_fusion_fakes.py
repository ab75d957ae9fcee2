"""FA-KES pairing gold: same governorate, dates within 2 days, same cause of death.

Hand-made rows only (the benchmark itself reads ../shared and is run by hand).
"""

from __future__ import annotations

from sitroom.fusion.fakes import gold_pairs


def _row(date: str, place: str, cause: str) -> dict:
    return {"date": date, "location": place, "event": {"cause_of_death": cause}}


def test_gold_pairs_need_place_cause_and_close_dates():
    rows = [
        _row("2017-04-15", "aleppo", "explosion"),
        _row("2017-04-17", "Aleppo", "explosion"),  # 2 days later: same incident
        _row("2017-04-18", "aleppo", "explosion"),  # 3 days after the first
        _row("2017-04-15", "aleppo", "shooting"),  # other cause
        _row("2017-04-15", "idlib", "explosion"),  # other governorate
    ]
    assert gold_pairs(rows) == {(0, 1), (1, 2)}
