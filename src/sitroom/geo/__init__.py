"""Geoparsing: toponym recognition, gazetteer candidates and their ranking into places.

`GeoStage` (registry name "geo") is the entry point; `open_gazetteer` gives the default gazetteer.
"""
