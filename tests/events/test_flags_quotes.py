"""Quoted background claims ("had fought alongside ...", "was fighting ...") are not current events."""


def _clash(analysis):
    return next(e for e in analysis.events if e.sub_event_type == "Armed clash")


def test_quoted_pluperfect_claim_is_historical(analyze):
    text = 'A spokesman said the movement "had fought alongside the army and the people."'
    assert _clash(analyze(text)).flags.historical


def test_quoted_progressive_claim_is_historical(analyze):
    text = '"Rather, the movement was fighting armed gangs in the hills," the spokesman said.'
    assert _clash(analyze(text)).flags.historical


def test_unquoted_report_stays_current(analyze):
    text = "The army clashed with armed gangs in the hills near the town."
    assert not _clash(analyze(text)).flags.historical
