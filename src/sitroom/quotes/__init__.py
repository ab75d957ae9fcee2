"""Attribution: who said what (speaker, cue, content), to which outlet, when, about which events.

Entry point: `QuoteStage` in `sitroom.quotes.stage` (registry name "quotes").
"""
