"""Acronyms shared by actors of two countries, and corps names that only name one country's force
in articles about that country."""


def _names(analysis):
    return [(m.text, m.actor.name) for m in analysis.actors]


def test_shared_acronym_follows_the_article_country(analyze):
    ukraine = analyze("NAF units fired mortars at the village.", country="UA", events_stage=False)
    assert ("NAF units", "NAF: United Armed Forces of Novorossiya") in _names(ukraine)
    nigeria = analyze("NAF jets struck the camp.", country="NG", events_stage=False)
    assert ("NAF jets", "Military Forces of Nigeria") in _names(nigeria)


def test_local_corps_name_only_in_its_country(analyze):
    brazil = analyze(
        "Military Police officers raided the favela.", country="BR", events_stage=False
    )
    assert any(name == "Military Forces of Brazil Military Police" for _, name in _names(brazil))
    elsewhere = analyze(
        "Military Police officers raided the camp.", country="KE", events_stage=False
    )
    names = [name for _, name in _names(elsewhere)]
    assert "Military Forces of Brazil Military Police" not in names
    assert "Police Forces of Kenya" in names


def test_faction_names_follow_the_unit_after_country_style(analyze):
    a = analyze("LNA forces shelled the suburb.", country="LY", events_stage=False)
    assert any(name == "Military Forces of Libya Haftar Faction" for _, name in _names(a))
