import pytest

from sitroom.errors import UnknownStage
from sitroom.records import Analysis, Article
from sitroom.registry import STAGES, register, run_batch, stage_class


def test_every_registered_stage_imports_and_has_its_name():
    for name in STAGES:
        cls = stage_class(name)
        assert cls.name == name


def test_unknown_stage():
    with pytest.raises(UnknownStage):
        stage_class("nope")


class Upper:
    name = "upper"

    def __init__(self, *, resources=None, settings=None):
        pass

    def __call__(self, analysis):
        analysis.notes.append(analysis.article.text.upper())
        return analysis


def test_register_and_run_a_custom_stage(monkeypatch):
    monkeypatch.setitem(STAGES, "upper", "placeholder")  # restored after the test
    register("upper", f"{__name__}:Upper")
    stage = stage_class("upper")()
    out = list(
        run_batch(stage, [Analysis(Article.from_text("ab")), Analysis(Article.from_text("c"))])
    )
    assert [a.notes for a in out] == [["AB"], ["C"]]
