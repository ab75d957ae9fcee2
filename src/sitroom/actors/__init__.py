"""Actors stage: finds who acts in an article (named groups, state forces, civilians) via the actor table.

See `sitroom.actors.stage.ActorStage`; the table lives in `sitroom/data/actors.yaml`.
"""
