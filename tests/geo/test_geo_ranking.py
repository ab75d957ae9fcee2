"""Candidate ranking on hand-made mentions: document context, admin cues, commas, NULL."""

from __future__ import annotations

from sitroom.geo.context import add_colocation_features
from sitroom.geo.ranking import Ranker, RankerConfig, static_features
from sitroom.geo.recognize import Mention
from sitroom.records import Toponym


def mention(
    text: str,
    start: int,
    *,
    label: str = "GPE",
    cue: str | None = None,
    country: str | None = None,
    lookup: str | None = None,
) -> Mention:
    return Mention(
        Toponym(start, start + len(text), text), label, lookup or text, cue=cue, country=country
    )


def chosen_ids(places) -> list[int | None]:
    return [p.chosen.geonameid if p.chosen else None for p in places]


def test_syrian_context_picks_the_syrian_qusayr(gaz) -> None:
    text = "Syrian troops entered Qusayr near Homs."
    ranker = Ranker(gaz)
    mentions = [
        mention("Syrian", 0, label="DEMONYM", country="SY", lookup="SY"),
        mention("Qusayr", 22),
        mention("Homs", 34),
    ]
    places, countries = ranker.resolve(mentions, ["SY"], text)
    assert chosen_ids(places) == [163843, 173322, 169577]
    assert countries[0] == "SY"
    assert places[1].alternatives[0].geonameid == 173322
    assert 0.5 < places[1].confidence <= 1.0


def test_egyptian_context_moves_a_fuzzy_match(gaz) -> None:
    text = "Egypt said the port of Quseir reopened."
    ranker = Ranker(gaz)
    places, _ = ranker.resolve([mention("Egypt", 0), mention("Quseir", 23)], [], text)
    assert chosen_ids(places) == [357994, 360531]


def test_admin_cue_prefers_the_governorate(gaz) -> None:
    ranker = Ranker(gaz)
    text = "fighting in Homs province"
    places, _ = ranker.resolve([mention("Homs", 12, cue="ADM1")], [], text)
    assert chosen_ids(places) == [169575]
    plain, _ = ranker.resolve([mention("Homs", 12)], [], text)
    assert chosen_ids(plain) == [169577]  # plain "Homs" is the city


def test_comma_region_resolves_a_small_namesake(gaz) -> None:
    ranker = Ranker(gaz)
    text = "Paris, Tenn. is quiet."
    places, countries = ranker.resolve([mention("Paris", 0), mention("Tenn.", 7)], [], text)
    assert chosen_ids(places) == [4647963, 4662168]
    assert countries == ["US"]
    alone, _ = ranker.resolve([mention("Paris", 0)], [], "Paris is quiet.")
    assert chosen_ids(alone) == [2988507]


def test_repeated_name_keeps_its_confident_reading(gaz) -> None:
    ranker = Ranker(gaz)
    text = "Paris, Tenn. voted. Later Paris counted."
    places, _ = ranker.resolve(
        [mention("Paris", 0), mention("Tenn.", 7), mention("Paris", 26)], [], text
    )
    assert chosen_ids(places)[2] == 4647963


def test_weak_match_gets_the_null_candidate(gaz) -> None:
    ranker = Ranker(gaz)
    places, countries = ranker.resolve([mention("May", 0, label="PROPN")], [], "May ended.")
    assert chosen_ids(places) == [None]
    assert places[0].alternatives and countries == []


def test_unknown_name_has_no_candidates(gaz) -> None:
    places, _ = Ranker(gaz).resolve([mention("Atlantis", 0)], [], "Atlantis")
    assert places[0].chosen is None and places[0].alternatives == []


def test_static_features_mark_kind_and_cue(gaz) -> None:
    candidates = gaz.lookup("Homs")
    static_features(mention("Homs", 0, cue="ADM1"), candidates)
    by_code = {c.feature_code: c.features for c in candidates}
    assert by_code["ADM1"]["cue_admin_match"] == 1.0
    assert by_code["PPL"]["cue_admin_mismatch"] == 1.0
    assert 0.0 < by_code["PPL"]["pop"] < 1.0


def test_weights_come_from_the_data_table() -> None:
    config = RankerConfig.from_table()
    assert config.weights["context_country"] > 0 > config.weights["match_fuzzy"]
    assert config.top_k >= 1


def test_unknown_name_resolves_through_the_place_it_is_named_after(gaz) -> None:
    places, _ = Ranker(gaz).resolve([mention("Western Homs", 0)], [], "Western Homs")
    assert places[0].chosen is not None and places[0].chosen.country == "SY"
    assert "match_partial" in places[0].chosen.features


def test_colocation_support_between_names(gaz) -> None:
    gaz = gaz
    groups = {"paris": gaz.lookup("Paris"), "tennessee": gaz.lookup("Tennessee")}
    add_colocation_features(groups)
    by_id = {c.geonameid: c.features for c in groups["paris"]}
    assert by_id[4647963].get("admin1_support", 0) > 0  # Paris, Tennessee shares the state
    assert "admin1_support" not in by_id[2988507]
    assert "near_support" not in by_id[4647963]  # about 200 km from the state's point
    lebanon = {"lebanon": gaz.lookup("Lebanon"), "tennessee": gaz.lookup("Tennessee")}
    add_colocation_features(lebanon)
    near = {c.geonameid: c.features.get("near_support", 0) for c in lebanon["lebanon"]}
    assert near[4636045] > 0 and near[272103] == 0


def test_belief_support_discounts_unlikely_namesake_clusters(gaz) -> None:
    groups = {"paris": gaz.lookup("Paris"), "tennessee": gaz.lookup("Tennessee")}
    for c in groups["paris"]:  # a first pass that firmly prefers Paris, France
        c.score = 5.0 if c.country == "FR" else 0.0
    for c in groups["tennessee"]:
        c.score = 1.0
    add_colocation_features(groups)
    tn = next(c for c in groups["tennessee"] if c.feature_code == "ADM1")
    assert tn.features["admin1_support"] > 0  # some reading of Paris lies in Tennessee ...
    assert tn.features.get("admin1_belief", 0) < 0.01  # ... but it is hardly believed


def test_county_support_links_a_town_and_its_county() -> None:
    from sitroom.geo.gazetteer import GazetteerEntry, InMemoryGazetteer

    gaz = InMemoryGazetteer(
        [
            GazetteerEntry(
                1, "Elmford", 36.3, -88.3, "US", "Tennessee", "Oak County", "P", "PPL", 900
            ),
            GazetteerEntry(2, "Elmford", 40.1, -83.1, "US", "Ohio", "Ash County", "P", "PPL", 5000),
            GazetteerEntry(
                3, "Oak County", 36.4, -88.2, "US", "Tennessee", "Oak County", "A", "ADM2", 30000
            ),
        ]
    )
    groups = {"elmford": gaz.lookup("Elmford"), "oak county": gaz.lookup("Oak County")}
    add_colocation_features(groups)
    support = {c.geonameid: c.features.get("admin2_support", 0) for c in groups["elmford"]}
    assert support[1] > 0 and support[2] == 0
