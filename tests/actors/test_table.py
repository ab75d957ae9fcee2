"""The actor table loads, is consistent, and names generic actors with their country."""

from sitroom.actors.table import INTER_BY_KIND, _with_plurals, load_actor_table


def test_table_loads_with_unique_names_and_valid_codes():
    table = load_actor_table()
    names = [n.actor.name for n in table.named]
    assert len(names) == len(set(names))
    for entry in table.named:
        assert entry.actor.inter in range(1, 9), entry.actor.name
        assert entry.actor.kind in INTER_BY_KIND, entry.actor.name
    assert table.country_name("SY") == "Syria"
    assert table.country_name("CD") == "Democratic Republic of Congo"


def test_generic_template_with_and_without_country():
    table = load_actor_table()
    police = table.by_key["police"]
    assert police.actor("KE", "Kenya").name == "Police Forces of Kenya"
    assert police.actor(None, None).name == "Police Forces"
    assert table.by_key["protesters"].actor(None, None).name == "Protesters"


def test_plurals_are_added():
    assert set(_with_plurals(["soldier", "militia", "policeman", "armed men"])) == {
        "soldier",
        "soldiers",
        "militia",
        "militias",
        "policeman",
        "policemen",
        "armed men",
    }
