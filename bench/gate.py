"""The quality gate: a fast subset of every benchmark, against stored baselines.

Each benchmark in ``bench/`` has a ``gate_figures()`` that runs its own
scoring on a small fixed part of its data in ``../shared/data`` and returns
the figures (0-100, higher is better).  This module runs them and compares
each figure with its baseline in ``bench/gate.json``: a figure below
baseline - tolerance is a failure; one above baseline + tolerance is a note
asking for the baseline to be refreshed (so that the gate keeps the gain).
Quality only: the gate never asserts speed (times are printed, for planning).

``make test`` runs the same comparison under pytest
(``tests/test_quality_gate.py``).  By hand::

    .venv/bin/python bench/gate.py                 # measure and compare; exit 1 on a drop
    .venv/bin/python bench/gate.py --only timex    # some benchmarks only
    .venv/bin/python bench/gate.py --refresh       # measure and rewrite the baselines

Refresh deliberately, after a change that is meant to move a figure, and say
in the commit message which figures moved and why.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = ROOT.parent / "shared" / "data"
BASELINE = BENCH / "gate.json"

#: Benchmark -> the folders of ../shared/data its subset reads.
NEEDS: dict[str, tuple[str, ...]] = {
    "attribution": ("polnear-dev",),
    "cluster": ("ecbplus-dev", "multinews-dev"),
    "entities": ("ecbplus-dev",),
    "ingest": ("multinews-dev",),
    "same_fact": ("msrp-train",),
    "stance": ("fnc1-dev",),
    "summarize": ("multinews-dev",),
    "timex": ("timebank", "ecbplus-dev"),
}

#: Tolerance, in points, of a figure new to the baseline file.  Every subset
#: is deterministic (two runs give the same figures to the last digit), so the
#: tolerance is not there for noise: it absorbs floating-point and library
#: differences between machines.  Half a point: on the smallest subsets one
#: more error already fails (1 of 36 places is 2.8 points), on the larger
#: ones a change may cost an item or two (1 of 400 ingested articles is 0.25
#: point), and a broad regression fails everywhere.
DEFAULT_TOLERANCE = 0.5

ABOUT = (
    "Baselines of the quality gate (bench/gate.py; run by tests/test_quality_gate.py in "
    "`make test`). Each benchmark's fast subset gives figures on a 0-100 scale, higher "
    "is better. A figure below baseline - tolerance fails the gate; above baseline + "
    "tolerance, the gate asks for a refresh. Rewrite with `make gate-refresh` only "
    "after a change meant to move a figure, and say why in the commit."
)
TOLERANCE_WHY = (
    "Points. The subsets are deterministic, so the tolerance only absorbs floating-point "
    "and library differences between machines. Half a point: on the smallest subsets one "
    "more error already fails (1 of 36 places = 2.8 points), on the larger ones a change "
    "may cost an item or two (1 of 400 ingested articles = 0.25 point), and a broad "
    "regression fails everywhere."
)


def bench_module(name: str) -> ModuleType:
    """``bench/<name>.py`` as a module (bench/ is a folder of scripts, not a package)."""
    key = f"storyline_bench_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, BENCH / f"{name}.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {BENCH / f'{name}.py'}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def missing_data(name: str) -> list[Path]:
    """The data folders ``name``'s subset needs that are absent."""
    return [DATA / folder for folder in NEEDS[name] if not (DATA / folder).is_dir()]


def subset_description(name: str) -> str:
    """What the subset is: the docstring of the benchmark's ``gate_figures``."""
    doc = inspect.getdoc(bench_module(name).gate_figures) or ""
    return " ".join(doc.split())


def measure(name: str) -> tuple[dict[str, float], float]:
    """Run ``name``'s subset: (figures, seconds it took)."""
    started = time.perf_counter()
    figures = bench_module(name).gate_figures()
    return {k: float(v) for k, v in figures.items()}, time.perf_counter() - started


@dataclass(frozen=True, slots=True)
class Verdict:
    """One figure against its baseline."""

    benchmark: str
    figure: str
    baseline: float
    tolerance: float
    value: float | None  # None: the benchmark no longer gives this figure

    @property
    def dropped(self) -> bool:
        return self.value is None or self.value < self.baseline - self.tolerance

    @property
    def rose(self) -> bool:
        return self.value is not None and self.value > self.baseline + self.tolerance

    def message(self) -> str:
        name = f"{self.benchmark}.{self.figure}"
        if self.value is None:
            return f"{name}: no longer measured (baseline {self.baseline:.2f})"
        change = f"baseline {self.baseline:.2f}, now {self.value:.2f} ({self.delta:+.2f})"
        if self.dropped:
            return f"{name} dropped below the gate: {change}, tolerance {self.tolerance}"
        if self.rose:
            return f"{name} rose: {change}; keep the gain with `make gate-refresh`"
        return f"{name}: {change}"

    @property
    def delta(self) -> float:
        return 0.0 if self.value is None else self.value - self.baseline


def compare(name: str, figures: dict[str, float], baseline: dict[str, Any]) -> list[Verdict]:
    """Every figure of ``name``'s baseline entry against the measured ``figures``."""
    entry = baseline["benchmarks"][name]
    return [
        Verdict(name, figure, float(value), float(entry["tolerance"][figure]), figures.get(figure))
        for figure, value in entry["baseline"].items()
    ]


def unbaselined(name: str, figures: dict[str, float], baseline: dict[str, Any]) -> list[str]:
    """Figures the benchmark gives that the baseline file does not hold yet."""
    stored = baseline["benchmarks"].get(name, {}).get("baseline", {})
    return sorted(set(figures) - set(stored))


def benchmarks() -> list[str]:
    """The benchmarks with a subset (tests/test_quality_gate.py checks that each
    defines gate_figures and has a baseline)."""
    return sorted(NEEDS)


def load_baseline() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BASELINE.read_text(encoding="utf-8"))
    return data


def write_baseline(measured: dict[str, tuple[dict[str, float], float]]) -> None:
    """Rewrite the baselines of the measured benchmarks, keeping their tolerances."""
    old = load_baseline() if BASELINE.exists() else {"benchmarks": {}}
    entries: dict[str, Any] = dict(old.get("benchmarks", {}))
    for name, (figures, _seconds) in measured.items():
        tolerances = entries.get(name, {}).get("tolerance", {})
        entries[name] = {
            "subset": subset_description(name),
            "data": [f"../shared/data/{folder}" for folder in NEEDS[name]],
            "baseline": {figure: round(value, 4) for figure, value in figures.items()},
            "tolerance": {figure: tolerances.get(figure, DEFAULT_TOLERANCE) for figure in figures},
        }
    payload = {
        "_about": ABOUT,
        "_tolerance": TOLERANCE_WHY,
        "benchmarks": {name: entries[name] for name in sorted(entries)},
    }
    BASELINE.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refresh", action="store_true", help="rewrite the baselines")
    parser.add_argument("--only", default="", help="comma-separated benchmarks (default: all)")
    args = parser.parse_args(argv)
    chosen = [n.strip() for n in args.only.split(",") if n.strip()] or benchmarks()
    unknown = sorted(set(chosen) - set(NEEDS))
    if unknown:
        parser.error(f"no subset for {', '.join(unknown)}; known: {', '.join(benchmarks())}")
    if not DATA.is_dir():
        print(f"{DATA} is absent: the gate scores the shared evaluation data", file=sys.stderr)
        return 2
    baseline = load_baseline() if BASELINE.exists() else {"benchmarks": {}}
    measured: dict[str, tuple[dict[str, float], float]] = {}
    dropped = 0
    for name in chosen:
        missing = missing_data(name)
        if missing:
            print(f"{name}: skipped, {', '.join(map(str, missing))} absent")
            continue
        figures, seconds = measure(name)
        measured[name] = (figures, seconds)
        print(f"{name} ({seconds:.1f} s)")
        if name not in baseline["benchmarks"]:
            for figure, value in figures.items():
                print(f"  {figure:28} {value:8.2f}  (no baseline yet)")
            continue
        for verdict in compare(name, figures, baseline):
            mark = "FAIL" if verdict.dropped else "rose" if verdict.rose else "ok"
            value = "-" if verdict.value is None else f"{verdict.value:8.2f}"
            print(f"  {verdict.figure:28} {value:>8} baseline {verdict.baseline:8.2f}  {mark}")
            dropped += verdict.dropped and not args.refresh
        for figure in unbaselined(name, figures, baseline):
            print(f"  {figure:28} {figures[figure]:8.2f}  (no baseline yet)")
    total = sum(seconds for _, seconds in measured.values())
    print(f"total {total:.1f} s")
    if args.refresh:
        write_baseline(measured)
        print(f"wrote {BASELINE.relative_to(ROOT)}")
        return 0
    if dropped:
        print(f"{dropped} figure(s) dropped below the gate", file=sys.stderr)
    return 1 if dropped else 0


if __name__ == "__main__":
    raise SystemExit(main())
