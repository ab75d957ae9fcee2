"""Event location from the way a report nests its places: "X village of Y district", "X area of Y
city", the opening frame, namesakes abroad, and the report's place when no event is found."""

import dataclasses


def test_village_of_a_district_is_the_event_place(analyze, fakes):
    text = "On 3 May, militants attacked a checkpoint in Deh Baraki village of Sarkani district, Varden."
    places = [
        fakes.place(text, "Varden", lat=11.0, lon=21.0, country="AF", admin1="Varden", code="ADM1"),
    ]
    a = analyze(text, places=places, country="AF")
    loc = a.events[0].location
    assert loc.name == "Deh Baraki"
    assert (loc.lat, loc.lon) == (11.0, 21.0)


def test_area_of_a_city_is_coded_to_the_city(analyze, fakes):
    text = "On 4 May, workers held a protest in Palmira area of Kessara city against unpaid wages."
    places = [
        fakes.place(text, "Palmira", lat=24.0, lon=72.0, country="IN", admin1="Ostrel"),
        fakes.place(text, "Kessara", lat=21.0, lon=72.8, country="IN", admin1="Varden"),
    ]
    a = analyze(text, places=places, country="IN")
    assert a.events[0].location.name == "Kessara"


def test_country_gives_way_to_a_finer_place_even_unresolved(analyze, fakes):
    text = "Troops of Kessaria and Ostrelia exchanged fire in Tarbul sector area (Varden district)."
    places = [
        fakes.place(text, "Kessaria", lat=20.0, lon=78.0, country="IN", code="PCLI"),
        fakes.place(text, "Ostrelia", lat=30.0, lon=70.0, country="PK", code="PCLI"),
    ]
    a = analyze(text, places=places, country="IN")
    assert a.events[0].location.name == "Tarbul"


def test_front_axis_in_a_province_countryside_is_the_place(analyze, fakes):
    text = "On 13 April, clashes took place between rebels and regime forces on Tell Marun axis in Varden countryside."
    places = [
        fakes.place(text, "Varden", lat=36.2, lon=37.1, country="SY", admin1="Varden", code="ADM1"),
    ]
    a = analyze(text, places=places, country="SY")
    loc = a.events[0].location
    assert loc.name == "Tell Marun"
    assert loc.country == "SY"


def test_opening_frame_beats_a_neighbourhood_told_later(analyze, fakes):
    text = (
        "On 2 May, in Kessara, Varden, residents gathered. "
        "Police fired tear gas at protesters near the Ostrel roundabout."
    )
    places = [
        fakes.place(text, "Kessara", lat=10.0, lon=20.0, country="MX", admin1="Varden"),
        fakes.place(text, "Varden", lat=11.0, lon=21.0, country="MX", admin1="Varden", code="ADM1"),
        fakes.place(text, "Ostrel", lat=40.0, lon=-74.0, country="MX", admin1="Other"),
    ]
    a = analyze(text, places=places, country="MX")
    located = [e.location.name for e in a.events if e.location is not None]
    assert located and set(located) == {"Kessara"}


def test_town_put_abroad_beside_a_surer_home_place_is_a_namesake(analyze, fakes):
    text = "On 28 April, gunmen attacked soldiers in Aunor (Konduga area, Varden) and killed three."
    aunor = fakes.place(text, "Aunor", lat=50.3, lon=3.5, country="FR", admin1="Nord")
    places = [
        dataclasses.replace(aunor, confidence=0.5),
        fakes.place(text, "Varden", lat=11.8, lon=13.1, country="NG", admin1="Varden", code="ADM1"),
    ]
    a = analyze(text, places=places, country="NG")
    loc = a.events[0].location
    assert loc.name == "Aunor"
    assert loc.country == "NG"
    assert (loc.lat, loc.lon) == (11.8, 13.1)


def test_town_outside_the_province_written_after_it_is_a_namesake(analyze, fakes):
    text = "On 28 April, an airstrike killed a farmer in Kohdaman district, Varden."
    places = [
        fakes.place(text, "Kohdaman", lat=34.0, lon=62.0, country="AF", admin1="Ostrel"),
        fakes.place(text, "Varden", lat=36.7, lon=70.8, country="AF", admin1="Varden", code="ADM1"),
    ]
    a = analyze(text, places=places, country="AF")
    loc = a.events[0].location
    assert loc.name == "Kohdaman"
    assert (loc.lat, loc.lon) == (36.7, 70.8)


def test_company_name_is_no_place(analyze, fakes):
    text = "On 8 May, workers of Aminor Company in Varden held a protest against unpaid salaries."
    places = [
        fakes.place(text, "Varden", lat=30.0, lon=50.0, country="IR", admin1="Varden", code="ADM1"),
    ]
    a = analyze(text, places=places, country="IR")
    assert a.events[0].location.name == "Varden"


def test_report_without_event_is_still_placed(analyze, fakes):
    from sitroom.events.placing import report_location

    text = "On 27 April, in Kessara, Varden, traders met the governor to discuss the curfew."
    places = [
        fakes.place(text, "Kessara", lat=10.0, lon=20.0, country="BR", admin1="Varden"),
        fakes.place(text, "Varden", lat=11.0, lon=21.0, country="BR", admin1="Varden", code="ADM1"),
    ]
    a = analyze(text, places=places, country="BR")
    assert not a.events  # nothing happened: the product stores no event
    loc = report_location(a)
    assert loc is not None and loc.name == "Kessara"
    assert report_location(analyze("No places here at all.")) is None


def test_head_word_of_a_longer_name_stands_for_the_whole_name(analyze, fakes):
    text = "On 9 May, gunmen shot and killed a shepherd in Wadi Sarkum, Varden."
    places = [
        fakes.place(text, "Wadi", lat=60.0, lon=8.0, country="NO", admin1="Viken"),
        fakes.place(text, "Varden", lat=33.0, lon=40.0, country="SY", admin1="Varden", code="ADM1"),
    ]
    a = analyze(text, places=places, country="SY")
    loc = a.events[0].location
    assert loc.name == "Wadi Sarkum"
    assert loc.country == "SY"
