"""The quality gate (bench/gate.py): each benchmark's fast subset against bench/gate.json.

A figure below its baseline minus its tolerance fails, naming the figure, the
baseline and the new value.  A figure above baseline plus tolerance passes
with a note after the run asking for ``make gate-refresh``.  Quality only:
the subsets' times are shown, never asserted.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

from tests.conftest import GATE_NOTES, ROOT


def _gate() -> ModuleType:
    if "storyline_bench_gate" in sys.modules:
        return sys.modules["storyline_bench_gate"]
    spec = importlib.util.spec_from_file_location(
        "storyline_bench_gate", ROOT / "bench" / "gate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gate = _gate()
BASELINE = gate.load_baseline()


def test_every_benchmark_subset_has_a_baseline_and_a_tolerance() -> None:
    assert sorted(BASELINE["benchmarks"]) == gate.benchmarks()
    for name, entry in BASELINE["benchmarks"].items():
        assert entry["baseline"], name
        assert set(entry["tolerance"]) == set(entry["baseline"]), name
        assert all(0 <= t <= 2 for t in entry["tolerance"].values()), name  # small, in points


def test_every_benchmark_script_with_a_subset_is_in_the_gate() -> None:
    scripts = sorted(p.stem for p in (ROOT / "bench").glob("*.py") if p.stem != "gate")
    with_subset = [
        n for n in scripts if "def gate_figures(" in (ROOT / "bench" / f"{n}.py").read_text()
    ]
    assert with_subset == gate.benchmarks()


def test_a_drop_fails_naming_the_figure_and_a_rise_asks_for_a_refresh() -> None:
    baseline = {
        "benchmarks": {
            "x": {
                "baseline": {"f1": 60.0, "gone": 50.0, "up": 40.0},
                "tolerance": {"f1": 0.5, "gone": 0.5, "up": 0.5},
            }
        }
    }
    verdicts = {
        v.figure: v for v in gate.compare("x", {"f1": 59.4, "up": 41.0, "new": 1.0}, baseline)
    }
    assert verdicts["f1"].dropped and not verdicts["f1"].rose
    assert verdicts["f1"].message() == (
        "x.f1 dropped below the gate: baseline 60.00, now 59.40 (-0.60), tolerance 0.5"
    )
    assert verdicts["gone"].dropped and "no longer measured" in verdicts["gone"].message()
    assert verdicts["up"].rose and not verdicts["up"].dropped
    assert "make gate-refresh" in verdicts["up"].message()
    within = gate.compare("x", {"f1": 59.6, "gone": 50.0, "up": 40.4}, baseline)
    assert not any(v.dropped or v.rose for v in within)
    assert gate.unbaselined("x", {"f1": 1.0, "new": 1.0}, baseline) == ["new"]


@pytest.mark.slow
@pytest.mark.parametrize("name", gate.benchmarks())
def test_quality_does_not_drop_below_the_baseline(name: str) -> None:
    if not gate.DATA.is_dir():
        pytest.skip(f"{gate.DATA} is absent: the quality gate scores the shared evaluation data")
    missing = gate.missing_data(name)
    if missing:
        pytest.skip(f"{name}'s subset needs {', '.join(map(str, missing))}, which is absent")
    figures, seconds = gate.measure(name)
    verdicts = gate.compare(name, figures, BASELINE)
    GATE_NOTES.append(f"{name}: {len(verdicts)} figures in {seconds:.1f} s")
    GATE_NOTES.extend(f"  {v.message()}" for v in verdicts if v.rose)
    GATE_NOTES.extend(
        f"  {name}.{f}: {figures[f]:.2f}, no baseline yet (make gate-refresh)"
        for f in gate.unbaselined(name, figures, BASELINE)
    )
    dropped = [v.message() for v in verdicts if v.dropped]
    assert not dropped, "\n".join(dropped)
