"""The articles task keeps the governorate of the article's own country when the main event's
place resolved to a namesake abroad."""

from sitroom.eval.articles import _first_admin1, _in_home
from sitroom.records import Analysis, Article, Candidate, Place, Toponym


def _place(name: str, country: str, admin1: str) -> Place:
    chosen = Candidate(1, name, 0.0, 0.0, country, admin1, feature_class="P", feature_code="PPL")
    return Place(Toponym(0, len(name), name), chosen, 0.9)


def test_first_admin1_prefers_the_home_country():
    analysis = Analysis(article=Article.from_text("Clashes near Aleppo."))
    analysis.country_context = ["SY"]
    analysis.places = [_place("Clashes", "GB", "Scotland"), _place("Aleppo", "SY", "Aleppo")]
    assert _first_admin1(analysis, home_only=True) == "Aleppo"
    assert _first_admin1(analysis) == "Scotland"
    assert _in_home("SY", analysis) and not _in_home("GB", analysis)


def test_without_a_home_country_every_place_counts():
    analysis = Analysis(article=Article.from_text("Clashes near Aleppo."))
    assert _in_home("GB", analysis)
