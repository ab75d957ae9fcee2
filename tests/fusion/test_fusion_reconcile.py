"""Field reconciliation edge cases: reports dated only by their article's publication date.

Disjoint publication-date intervals must give a union with a recorded date conflict, not a crash.
"""

from __future__ import annotations

import datetime as dt

from sitroom.fusion.reconcile import DATE_RULE_DISAGREE, reconcile
from sitroom.fusion.records import EventReport


def test_reports_dated_by_publication_only_reconcile_to_a_union():
    reports = [
        EventReport(event_id=f"e{i}", article_id=f"a{i}", event_type="Battles", published=day)
        for i, day in enumerate((dt.date(2017, 4, 1), dt.date(2017, 4, 9)))
    ]
    fused = reconcile("f1", reports, originals={})
    assert fused.date is not None
    assert fused.date["rule"] == DATE_RULE_DISAGREE
    assert (fused.date["earliest"], fused.date["latest"]) == ("2017-04-01", "2017-04-09")
    assert [c.field for c in fused.conflicts] == ["date"]
    assert sorted(v.value for v in fused.conflicts[0].values) == ["2017-04-01", "2017-04-09"]
