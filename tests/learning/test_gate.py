"""The regression gate: which sets it reads, and what it calls higher, lower and unmatched."""

from pipeline.learning.gate import compare, spent_sets


def run(accuracies: dict[tuple[str, str], float], errors: list[tuple[str, str, str]] = ()) -> dict:
    return {
        "scores": [{"split": s, "behaviour": b, "accuracy": a} for (s, b), a in accuracies.items()],
        "errors": [{"split": s, "call_id": c, "behaviour": b} for s, c, b in errors],
    }


def test_spent_sets_are_read_in_order_and_sealed_ones_never(tmp_path):
    for name in ("dev", "heldout", "heldout-2", "heldout-10", "heldout-3", "heldout-11", "notes"):
        (tmp_path / name).mkdir()
    for name in ("heldout-2", "heldout-10", "heldout-3"):
        (tmp_path / name / "SPENT.md").write_text("measured once\n")
    # heldout-11 has no SPENT.md: sealed, so the gate must not read it
    assert [p.name for p in spent_sets(tmp_path)] == ["dev", "heldout", "heldout-2", "heldout-3", "heldout-10"]


def test_a_lower_accuracy_fails_the_gate_whatever_rises_elsewhere():
    before = run({("dev", "budget"): 0.90, ("heldout-2", "budget"): 0.80}, [("heldout-2", "c1", "budget")])
    after = run({("dev", "budget"): 0.85, ("heldout-2", "budget"): 0.95}, [("dev", "c9", "budget")])
    result = compare(before, after)
    assert [(c.split, c.before, c.after) for c in result.lower] == [("dev", 0.90, 0.85)]
    assert [(c.split, c.before, c.after) for c in result.higher] == [("heldout-2", 0.80, 0.95)]
    assert result.fixed == [("heldout-2", "c1", "budget")]
    assert result.broken == [("dev", "c9", "budget")]
    assert not result.passed


def test_equal_or_higher_everywhere_passes():
    before = run({("dev", "budget"): 0.90, ("dev", "rivals"): 0.70})
    assert compare(before, run({("dev", "budget"): 0.90, ("dev", "rivals"): 0.75})).passed
    assert compare(before, before).passed


def test_runs_over_different_sets_do_not_pass():
    before = run({("dev", "budget"): 0.90})
    after = run({("dev", "budget"): 0.90, ("heldout-5", "budget"): 0.99})
    result = compare(before, after)
    assert result.unmatched == [("heldout-5", "budget")]
    assert not result.passed
