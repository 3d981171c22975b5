"""What every benchmark pair shares: timing a process with its peak memory, alternating two
sides run by run, medians, and the results file the driver turns into RESULTS.md.

Each side is a separate process, measured from outside: wall time, and the peak resident set
size of that one child (os.wait4's rusage, "Maximum resident set size" of /usr/bin/time -v).
A Python peer also prints one JSON line with the seconds of its own phases, measured inside it
after its imports; the tables use those (the work), so the peer's interpreter start-up is never
held against it, while gridpin's figures are its whole process.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build/release/gridpin")
PYTHON = os.path.join(ROOT, "bench/.venv/bin/python")
DATA = os.path.join(ROOT, "bench/data")
RESULTS = os.path.join(DATA, "results")


def run(cmd, quiet=True):
    """Runs `cmd` (a list) and returns seconds, peak memory in MiB, and what it printed on
    standard output; fails loudly, with its standard error, when it fails."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT)
        # wait4 gives this one child's rusage: its own peak memory, not the running maximum
        # over every child that RUSAGE_CHILDREN keeps.
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0); err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if proc.returncode != 0:
        sys.stderr.write(stderr)
        raise SystemExit(f"FAILED ({proc.returncode}): {' '.join(cmd)}")
    if not quiet:
        sys.stderr.write(stderr)
    return {"seconds": seconds, "peak_mib": usage.ru_maxrss / 1024, "stdout": stdout, "stderr": stderr}


def peer_phases(result):
    """The JSON line a Python peer printed last: its phases in seconds and anything it counted."""
    lines = [l for l in result["stdout"].splitlines() if l.startswith("{")]
    if not lines:
        raise SystemExit("the peer printed no JSON line")
    return json.loads(lines[-1])


def gridpin_timings(result):
    """The phases `gridpin join --timings -` wrote to standard error (one JSON line)."""
    lines = [l for l in result["stderr"].splitlines() if l.startswith("{")]
    if not lines:
        raise SystemExit("gridpin wrote no timings")
    return json.loads(lines[-1])


def alternate(sides, runs, label):
    """Runs each side once per run, in turn, `runs` times. `sides` is a list of (name, cmd);
    returns {name: [result, …]}."""
    got = {name: [] for name, _ in sides}
    for i in range(runs):
        for name, cmd in sides:
            r = run(cmd)
            got[name].append(r)
            sys.stderr.write(f"  {label} run {i + 1}/{runs}: {name} {r['seconds']:.2f} s, {r['peak_mib']:.0f} MiB\n")
    return got


def median(values):
    return statistics.median(values)


def load():
    """The one-minute load average now, so that a noisy figure can be read for what it is."""
    return os.getloadavg()[0]


def save(pair, result):
    """Writes a pair's figures for the report."""
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, f"{pair}.json"), "w") as f:
        json.dump(result, f, indent=1)


def dataset():
    """The data the driver generated (bench/data/dataset.json): the street folder, the points files."""
    with open(os.path.join(DATA, "dataset.json")) as f:
        return json.load(f)


def runs():
    return int(os.environ.get("BENCH_RUNS", "3"))
