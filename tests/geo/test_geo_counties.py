"""Estimated county (admin2) membership of cities in the embedded gazetteer build."""

from __future__ import annotations

from sitroom.geo.build import _CountyIndex


def test_city_takes_the_nearest_county_of_its_own_state() -> None:
    index = _CountyIndex(
        {
            "US.TN": [(36.3, -88.3, "Henry County"), (35.1, -90.0, "Shelby County")],
            "US.KY": [(36.4, -88.2, "Calloway County")],
        }
    )
    assert index("US.TN", 36.30, -88.33) == "Henry County"
    assert index("US.TN", 35.15, -89.9) == "Shelby County"
    assert index("US.KY", 36.30, -88.33) == "Calloway County"  # never across a state line
    assert index("US.XX", 36.30, -88.33) is None
