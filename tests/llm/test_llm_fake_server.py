"""The llm stage against a fake OpenAI-compatible server on 127.0.0.1: grounded and ungrounded
answers, malformed JSON, timeouts, 429 with Retry-After, 500 then success, caching."""

from __future__ import annotations

from sitroom.llm.stage import LlmStage
from sitroom.records import Evidence


def _stage(settings, **kw):
    sleeps: list[float] = []
    stage = LlmStage(settings=settings, sleep=sleeps.append, **kw)
    return stage, sleeps


def _all_evidence(analysis) -> list[Evidence]:
    out: list[Evidence] = []
    for e in analysis.events:
        out.append(e.trigger)
        for a in e.actors:
            out.extend(a.evidence)
        for part in (e.location, e.date, e.fatalities):
            if part is not None:
                out.extend(part.evidence)
    for q in analysis.attributions:
        out.append(q.content)
        if q.cue is not None:
            out.append(q.cue)
        if q.speaker is not None:
            out.extend(q.speaker.evidence)
    return out


def test_grounded_answer_merges_with_rules(
    fake_server, reply_type, llm_settings, make_analysis, span, answer, event_item
):
    fake_server.push(
        reply_type(
            content=answer(
                [
                    event_item(
                        "Attack",
                        span("attacked"),
                        actor1=span("Gunmen"),
                        location=span("Kalindo", shift=3),  # wrong offsets, text twice
                        fatalities={"value": 5, **span("five civilians")},
                    ),
                    event_item("Arrests", span("arrested"), actor1=span("The army")),
                ],
                [
                    {
                        "speaker": span("the governor"),
                        "cue": span("said", nth=1),
                        "content": span("We will not rest until they are caught,"),
                        "direct": True,
                    }
                ],
            )
        )
    )
    stage, _ = _stage(llm_settings)
    analysis = stage(make_analysis())
    stage.close()

    attack = next(e for e in analysis.events if e.sub_event_type == "Attack")
    assert attack.method == "both" and attack.id == "rule-attack"
    assert attack.fatalities is not None and attack.fatalities.value == 5
    assert attack.confidence > 0.6
    assert [a.name for a in attack.actors] == ["Gunmen"]
    # "Kalindo" occurs twice and its offsets were wrong: ambiguous, so no location was taken
    assert attack.location is None
    arrests = next(e for e in analysis.events if e.sub_event_type == "Arrests")
    assert arrests.method == "llm" and arrests.event_type == "Strategic developments"
    assert arrests.confidence <= 0.6
    [quote] = analysis.attributions
    assert quote.method == "llm" and quote.direct and quote.speaker.name == "the governor"
    text = analysis.article.text
    assert all(text[ev.start : ev.end] == ev.text for ev in _all_evidence(analysis))
    g = stage.stats.grounding
    assert g.rejected == {"ambiguous": 1}
    assert g.grounded == g.fields - 1
    assert stage.stats.prompt_tokens == 120 and stage.stats.completion_tokens == 30
    request = fake_server.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["body"]["model"] == "fake-model"
    assert request["body"]["response_format"]["type"] == "json_schema"


def test_every_ungrounded_field_is_rejected_and_counted(
    fake_server, reply_type, llm_settings, make_analysis, span, answer, event_item
):
    invented = {"text": "Burkina Faso army", "start": 0, "end": 17}
    events = [
        # kept, with two bad fields: actor2 invented, date ambiguous after wrong offsets
        event_item(
            "Attack",
            span("attacked"),
            actor1=span("Gunmen", shift=1),  # wrong offsets, unique: re-anchored
            actor2=invented,
            location={"text": "Kalindo", "start": 500, "end": 507},  # ambiguous
            fatalities={"value": 7, **span("five civilians")},  # the span does not say 7
        ),
        # dropped: trigger not in the text (its grounded actor goes with it)
        event_item(
            "Armed clash", {"text": "clashed", "start": 3, "end": 10}, actor1=span("Gunmen")
        ),
        # dropped: a type outside the taxonomy
        event_item("Massacre", span("killing")),
    ]
    attributions = [
        {
            "speaker": invented,
            "cue": span("said"),
            "content": {"text": "peace is near"},
            "direct": False,
        },
        {
            "speaker": None,
            "cue": {"text": "said", "start": 1, "end": 5},
            "content": span("it had arrested three suspects"),
            "direct": False,
        },
    ]
    fake_server.push(reply_type(content=answer(events, attributions)))
    stage, _ = _stage(llm_settings)
    analysis = stage(make_analysis())

    g = stage.stats.grounding
    planted_ungrounded = (
        8  # actor2, location, fatalities, "clashed", "Massacre", speaker, content, cue
    )
    assert g.rejected == {
        "not_in_text": 4,  # actor2, "clashed", the invented speaker, "peace is near"
        "ambiguous": 2,  # location "Kalindo" and cue "said", both with wrong offsets
        "value_not_in_span": 1,  # 7 read off "five civilians"
        "unknown_type": 1,  # "Massacre"
        "with_record": 4,  # grounded fields of the three dropped records
    }
    assert g.ungrounded - g.rejected["with_record"] == planted_ungrounded  # 100 % rejected
    assert (g.fields, g.exact, g.reanchored) == (16, 3, 1)
    assert (g.records_kept, g.records_dropped) == (2, 3)
    assert g.fields == g.grounded + g.ungrounded  # every field counted exactly once
    strings = {ev.text for ev in _all_evidence(analysis)}
    for bad in ("Burkina Faso army", "clashed", "peace is near", "killing"):
        assert bad not in strings
    attack = next(e for e in analysis.events if e.sub_event_type == "Attack")
    assert attack.method == "both"
    assert attack.fatalities is None and attack.location is None
    assert [a.name for a in attack.actors] == ["Gunmen"]
    assert {e.sub_event_type for e in analysis.events} == {"Attack"}
    [quote] = analysis.attributions
    assert quote.cue is None and quote.content.text == "it had arrested three suspects"
    assert g.reanchored == 1


def test_malformed_answers_never_crash_a_batch(
    fake_server, reply_type, llm_settings, make_analysis, span, answer, event_item
):
    good = answer([event_item("Arrests", span("arrested"))])
    fake_server.push(
        reply_type(content="Sure! Here are the events: {not json"),
        reply_type(content='{"events": "none", "attributions": []}'),
        reply_type(content='["a list"]'),
        reply_type(content=good),
        reply_type(raw=b'{"no": "choices"}'),
    )

    class OneAtATime(type(llm_settings)):
        llm_max_concurrency = 1  # replies are served in order: keep the windows in order too
        llm_retries = 0

    stage, _ = _stage(OneAtATime())
    stage.cache = None  # five copies of one text: each must reach the server
    batch = [make_analysis() for _ in range(5)]
    out = stage.pipe(batch)

    assert len(out) == 5
    assert stage.stats.malformed == 3 and stage.stats.failed == 1
    for analysis in out:  # every article keeps its rule-based event
        assert any(e.id == "rule-attack" and e.method == "rules" for e in analysis.events)
    with_llm = [a for a in out if any(e.method == "llm" for e in a.events)]
    assert len(with_llm) == 1
    noted = [a for a in out if any(n.startswith("llm:") for n in a.notes)]
    assert len(noted) == 4


def test_timeout_is_noted_and_rules_kept(fake_server, reply_type, make_analysis):
    fake_server.push(reply_type(content='{"events": [], "attributions": []}', delay=1.5))

    class Slow:
        llm_url = fake_server.url
        llm_model = "m"
        llm_timeout_s = 0.2
        llm_retries = 0
        llm_cache = False

    stage, _ = _stage(Slow())
    analysis = stage(make_analysis())
    assert stage.stats.failed == 1
    assert any("timed out" in n for n in analysis.notes)
    assert [e.method for e in analysis.events] == ["rules"]


def test_429_honours_retry_after(
    fake_server, reply_type, llm_settings, make_analysis, span, answer, event_item
):
    fake_server.push(
        reply_type(status=429, raw=b'{"error": "slow down"}', headers={"Retry-After": "3"}),
        reply_type(content=answer([event_item("Arrests", span("arrested"))])),
    )
    stage, sleeps = _stage(llm_settings)
    analysis = stage(make_analysis())
    assert sleeps == [3.0]
    assert stage.client.counters.requests == 2 and stage.client.counters.retries == 1
    assert any(e.method == "llm" for e in analysis.events)


def test_500_then_success_backs_off(
    fake_server, reply_type, llm_settings, make_analysis, span, answer, event_item
):
    fake_server.push(
        reply_type(status=500, raw=b"oops"),
        reply_type(status=503, raw=b"busy"),
        reply_type(content=answer([event_item("Arrests", span("arrested"))])),
    )
    stage, sleeps = _stage(llm_settings)
    analysis = stage(make_analysis())
    assert sleeps == [0.5, 1.0]  # exponential backoff without Retry-After
    assert stage.stats.failed == 0
    assert any(e.method == "llm" for e in analysis.events)


def test_retries_exhausted_keeps_rules(fake_server, reply_type, llm_settings, make_analysis):
    fake_server.push(*[reply_type(status=502, raw=b"bad gateway") for _ in range(3)])
    stage, sleeps = _stage(llm_settings)
    analysis = stage(make_analysis())
    assert len(sleeps) == 2 and stage.stats.failed == 1
    assert any("HTTP 502" in n for n in analysis.notes)
    assert [e.method for e in analysis.events] == ["rules"]


def test_answers_are_cached_by_model_prompt_and_text(
    fake_server, reply_type, llm_settings, make_analysis, span, answer, event_item, private_cache
):
    fake_server.default = reply_type(content=answer([event_item("Arrests", span("arrested"))]))
    first, _ = _stage(llm_settings)
    first(make_analysis())
    first.close()
    assert len(fake_server.requests) == 1 and first.stats.prompt_tokens == 120

    second, _ = _stage(llm_settings)
    analysis = second(make_analysis())
    second.close()
    assert len(fake_server.requests) == 1  # answered from the cache
    assert second.stats.cached == 1 and second.stats.prompt_tokens == 0
    assert any(e.method == "llm" for e in analysis.events)
    assert (private_cache / "llm.sqlite").is_file()

    class OtherModel(type(llm_settings)):
        llm_model = "other-model"

    third, _ = _stage(OtherModel())
    third(make_analysis())
    third.close()
    assert len(fake_server.requests) == 2


def test_malformed_answers_are_not_cached(fake_server, reply_type, llm_settings, make_analysis):
    fake_server.default = reply_type(content="not json")
    for _ in range(2):
        stage, _ = _stage(llm_settings)
        stage(make_analysis())
        stage.close()
    assert len(fake_server.requests) == 2


def test_no_server_configured_is_a_no_op(make_analysis):
    stage = LlmStage(settings=None)
    analysis = make_analysis()
    before = list(analysis.events)
    assert not stage.enabled
    assert stage(analysis).events == before and stage.stats.chunks == 0


def test_server_url_from_environment(monkeypatch, fake_server, make_analysis):
    monkeypatch.setenv("SITROOM_LLM_URL", fake_server.url + "/v1")
    monkeypatch.setenv("SITROOM_LLM_MODEL", "env-model")
    stage = LlmStage(settings=object())  # a Settings without llm_* fields yet
    stage(make_analysis())
    assert fake_server.requests[0]["body"]["model"] == "env-model"
