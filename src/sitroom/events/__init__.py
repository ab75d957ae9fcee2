"""Events stage: ACLED-typed events (with PLOVER) from trigger cues, with actors, place, date, fatalities.

See `sitroom.events.stage.EventStage`; cue tables live in `sitroom/data/event_cues.yaml` and `event_flags.yaml`.
"""
