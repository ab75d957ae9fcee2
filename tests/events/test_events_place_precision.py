"""Event location precision: the finest consistent place of the event's sentence wins, and a village
the gazetteer lacks keeps its name with the coordinates of the region written after it."""


def test_town_beats_its_province_written_after_it(analyze, fakes):
    text = "On 3 May, in Kessara, Varden, residents protested against water cuts."
    places = [
        fakes.place(text, "Kessara", lat=10.0, lon=20.0, country="SY", admin1="Varden"),
        fakes.place(text, "Varden", lat=11.0, lon=21.0, country="SY", admin1="Varden", code="ADM1"),
    ]
    a = analyze(text, places=places, country="SY")
    (event,) = a.events
    assert event.location.name == "Kessara"
    assert event.location.geo_precision == 1


def test_district_beats_the_town_named_as_its_province(analyze, fakes):
    text = "Warplanes struck Majdal district (Tarsun) on Friday."
    places = [
        fakes.place(text, "Majdal", lat=15.0, lon=45.0, country="YE", admin1="Tarsun", code="ADM2"),
        fakes.place(text, "Tarsun", lat=15.4, lon=45.3, country="YE", admin1="Tarsun"),
    ]
    a = analyze(text, places=places, country="YE")
    event = next(e for e in a.events if e.event_type == "Explosions/Remote violence")
    assert event.location.name == "Majdal"


def test_village_missing_from_gazetteer_takes_region_coordinates(analyze, fakes):
    text = "Rebels fired mortars at army positions near Dobrivka, Varden."
    places = [
        fakes.place(text, "Varden", lat=11.0, lon=21.0, country="UA", admin1="Varden", code="ADM1"),
    ]
    a = analyze(text, places=places, country="UA")
    (event,) = a.events
    loc = event.location
    assert loc.name == "Dobrivka"
    assert (loc.lat, loc.lon) == (11.0, 21.0)
    assert loc.geo_precision == 3  # a province's centroid, said honestly
    assert loc.geonameid is None
    ev = loc.evidence[0]
    assert a.article.text[ev.start : ev.end] == "Dobrivka"


def test_namesake_abroad_gives_way_to_the_region_after_it(analyze, fakes):
    text = "Militias clashed with government forces in Abu Karim (Velta) on Monday."
    places = [
        fakes.place(text, "Abu Karim", lat=34.0, lon=131.0, country="JP", admin1="Yamaguchi"),
        fakes.place(text, "Velta", lat=32.9, lon=13.2, country="LY", admin1="Velta", code="PPLC"),
    ]
    a = analyze(text, places=places, country="LY")
    (event,) = a.events
    loc = event.location
    assert loc.name == "Abu Karim"
    assert (loc.lat, loc.lon) == (32.9, 13.2)
    assert loc.country == "LY"
    assert loc.geo_precision == 2  # near a town


def test_neighbourhood_named_colonia_is_not_the_town(analyze, fakes):
    text = "On 2 May, in Kessara, Varden, a man was found dead in Colonia Las Flores."
    places = [
        fakes.place(text, "Kessara", lat=10.0, lon=20.0, country="MX", admin1="Varden"),
        fakes.place(text, "Varden", lat=11.0, lon=21.0, country="MX", admin1="Varden", code="ADM1"),
        fakes.place(text, "Colonia Las Flores", lat=40.0, lon=-74.0, country="US", admin1="NJ"),
    ]
    a = analyze(text, places=places, country="MX")
    event = a.events[0]
    assert event.location.name == "Kessara"


def test_list_of_places_is_no_region_chain(analyze, fakes):
    text = "Protesters marched in Kessara, Ostrel and Varden on Sunday."
    places = [
        fakes.place(text, "Kessara", lat=10.0, lon=20.0, country="SY", admin1="Varden"),
        fakes.place(text, "Ostrel", lat=10.5, lon=20.5, country="SY", admin1="Varden"),
        fakes.place(text, "Varden", lat=11.0, lon=21.0, country="SY", admin1="Varden", code="ADM1"),
    ]
    a = analyze(text, places=places, country="SY")
    event = a.events[0]
    assert event.location.name in ("Kessara", "Ostrel")
