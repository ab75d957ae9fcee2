"""Fixtures of the geo tests: a tiny hand-made gazetteer (invented populations, real points)."""

from __future__ import annotations

import pytest

from sitroom.geo.gazetteer import GazetteerEntry, InMemoryGazetteer


@pytest.fixture
def gaz() -> InMemoryGazetteer:
    """Two places called Qusayr (Syria, Egypt), Homs as city and governorate, three countries,
    a Paris in France and one in Tennessee, the state of Tennessee, and an Iowa village."""
    return InMemoryGazetteer(
        [
            GazetteerEntry(
                173322,
                "Al Quşayr",
                34.5078,
                36.58029,
                "SY",
                "Homs",
                None,
                "P",
                "PPL",
                41062,
                ("Al Qusayr", "Qusayr", "Qusair"),
            ),
            GazetteerEntry(
                360531,
                "Al Quşayr",
                26.10611,
                34.27716,
                "EG",
                "Red Sea",
                None,
                "P",
                "PPL",
                24653,
                ("Al Qusayr", "El Quseir", "Quseir"),
            ),
            GazetteerEntry(
                169577,
                "Homs",
                34.72405,
                36.72559,
                "SY",
                "Homs",
                None,
                "P",
                "PPL",
                775404,
                ("Hims",),
            ),
            GazetteerEntry(
                169575,
                "Homs",
                34.6,
                37.3,
                "SY",
                "Homs",
                None,
                "A",
                "ADM1",
                1063969,
                ("Homs Governorate",),
            ),
            GazetteerEntry(163843, "Syria", 35.0, 38.0, "SY", None, None, "A", "PCLI", 16906283),
            GazetteerEntry(
                272103, "Lebanon", 33.83333, 35.83333, "LB", None, None, "A", "PCLI", 6848925
            ),
            GazetteerEntry(
                4636045, "Lebanon", 36.2, -86.3, "US", "Tennessee", None, "P", "PPL", 30262
            ),
            GazetteerEntry(357994, "Egypt", 27.0, 30.0, "EG", None, None, "A", "PCLI", 98423595),
            GazetteerEntry(
                2988507,
                "Paris",
                48.85341,
                2.3488,
                "FR",
                "Île-de-France",
                None,
                "P",
                "PPLC",
                2138551,
            ),
            GazetteerEntry(
                4647963, "Paris", 36.302, -88.3267, "US", "Tennessee", None, "P", "PPL", 10150
            ),
            GazetteerEntry(
                4662168,
                "Tennessee",
                35.75,
                -86.25,
                "US",
                "Tennessee",
                None,
                "A",
                "ADM1",
                6829174,
                ("Tenn.",),
            ),
            GazetteerEntry(4866000, "May", 41.0, -93.0, "US", "Iowa", None, "P", "PPL", 600),
        ]
    )
