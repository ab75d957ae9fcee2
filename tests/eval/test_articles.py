"""The `articles` task: date lines, governorate spellings and the scorer on hand-made cases."""

import datetime as dt

from sitroom.eval import articles

GOLD = [
    {
        "id": "1",
        "date": "2016-07-02",
        "location": "deir ezzor",
        "event": {"cause_of_death": "shelling", "nb_civilians": 20, "nb_noncivilians": 5},
    },
    {
        "id": "2",
        "date": "2015-02-23",
        "location": "hasakeh",
        "event": {"cause_of_death": "shooting", "nb_civilians": 0, "nb_noncivilians": 10},
    },
    {
        "id": "3",
        "date": "2017-04-04",
        "location": "damascus",
        "event": {"cause_of_death": "unknown", "nb_civilians": 3, "nb_noncivilians": 0},
    },
]


def test_dateline_forms():
    assert articles.dateline_date("Sun 16 Apr 2017 Blast hits convoy") == dt.date(2017, 4, 16)
    assert articles.dateline_date("Posted on April 19 2017 by a reporter") == dt.date(2017, 4, 19)
    assert articles.dateline_date("Date of publication 10 July 2016 Text") == dt.date(2016, 7, 10)
    assert articles.dateline_date("Published February 23, 2015 Ten people") == dt.date(2015, 2, 23)
    assert articles.dateline_date("No date here at all.") is None
    assert articles.dateline_date("x" * 200 + " 3 May 2016") is None  # too far from the top


def test_governorate_spellings():
    assert articles.governorate("Deir ez-Zor") == articles.governorate("deir ezzor")
    assert articles.governorate("Al-Hasakah Governorate") == "hasakeh"
    assert articles.governorate("Rif Dimashq") == "damascus"
    assert articles.governorate("Latakia") == articles.governorate("lattakia")
    assert articles.governorate("Tartus") == "tartous"


def test_perfect_scores_one():
    preds = [
        {
            "id": "1",
            "published": "2016-07-02",
            "admin1": "Dayr az Zawr",
            "fatalities": 25,
            "event_type": "Explosions/Remote violence",
        },
        {
            "id": "2",
            "published": "2015-02-23",
            "admin1": "Al-Hasakah",
            "fatalities": 10,
            "event_type": "Battles",
        },
        {
            "id": "3",
            "published": "2017-04-04",
            "admin1": "Rif Dimashq",
            "fatalities": 3,
            "event_type": None,
        },
    ]
    metrics = articles.score(GOLD, preds)
    assert metrics == {k: 1.0 for k in metrics}


def test_wrong_scores_zero():
    preds = [
        {
            "id": "1",
            "published": "2016-07-03",
            "admin1": "Aleppo",
            "fatalities": 40,
            "event_type": "Battles",
        },
        {
            "id": "2",
            "published": None,
            "admin1": None,
            "fatalities": None,
            "event_type": "Explosions/Remote violence",
        },
    ]
    metrics = articles.score(GOLD, preds)
    assert metrics == {k: 0.0 for k in metrics}


def test_within_ten_percent():
    preds = [
        {"id": "1", "fatalities": 27},
        {"id": "2", "fatalities": 10},
        {"id": "3", "fatalities": 0},
    ]
    metrics = articles.score(GOLD, preds)
    assert metrics["fatalities_accuracy"] == 1 / 3
    assert metrics["fatalities_within10"] == 2 / 3


def test_predict_reads_the_date_line(full_pipeline):
    record = {
        "id": "z",
        "title": "Air strikes kill 7 in Idlib",
        "outlet": "wire",
        "text": "Mon 4 Jul 2016 Air strikes kill 7 in Idlib. Air strikes killed seven civilians "
        "in the town of Saraqeb on Monday, a monitor said.",
    }
    (row,) = list(articles.predict([record], pipeline=full_pipeline))
    assert row["published"] == "2016-07-04"
    assert row["event_type"] == "Explosions/Remote violence"
    assert row["fatalities"] == 7
