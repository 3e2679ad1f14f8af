#!/usr/bin/env python3
"""Who else used the CPU during a run. Samples every process's CPU time (/proc/<pid>/stat) every 2 s until
SIGTERM (meanwhile OUT.live holds the foreign CPU seconds so far), then writes KEY=VALUE lines to OUT: the CPU seconds of the run (the app, wrk, PostgreSQL, this harness)
and of everything else ("foreign": other engineers' builds and tests), and the busiest foreign commands.
Usage: cpu_watch.py OUT [MARKER...]; a process is the run's when its command line holds a marker."""
import os
import signal
import sys
import time

OUT, MARKERS = sys.argv[1], sys.argv[2:] + ["postgres", "wrk", "cpu_watch", "curl", "psql"]
TICK = os.sysconf("SC_CLK_TCK")
seen = {}          # pid -> (cpu ticks at last sample, is the run's, short name)
used = {}          # short name -> ticks (foreign), plus totals
totals = {"run": 0, "foreign": 0}
start = time.time()
first_sweep = [True]


def sample():
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks = int(fields[11]) + int(fields[12])
            if pid not in seen:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
                mine = any(m in cmd for m in MARKERS) or not cmd
                name = " ".join(w for w in cmd.split()[:6] if not w.startswith("-"))[:90]
                # a process already running when the watch began counts from then; a later one from its start
                seen[pid] = (ticks if first_sweep[0] else 0, mine, name)
            before, mine, name = seen[pid]
            delta = max(ticks - before, 0)
            seen[pid] = (ticks, mine, name)
            totals["run" if mine else "foreign"] += delta
            if not mine:
                used[name] = used.get(name, 0) + delta
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            pass
    first_sweep[0] = False
    with open(OUT + ".live.tmp", "w") as f:   # read by run.sh around each measurement
        f.write(f"{totals['foreign'] / TICK:.1f}\n")
    os.replace(OUT + ".live.tmp", OUT + ".live")


def finish(*_):
    sample()
    seconds = time.time() - start
    top = sorted(used.items(), key=lambda kv: -kv[1])[:3]
    with open(OUT, "w") as f:
        f.write(f"watch_seconds={seconds:.0f}\n")
        f.write(f"cpu_run_s={totals['run'] / TICK:.0f}\n")
        f.write(f"cpu_foreign_s={totals['foreign'] / TICK:.0f}\n")
        f.write("cpu_foreign_top='" + "; ".join(f"{n} ({t / TICK:.0f} s)" for n, t in top if t > TICK)
                .replace("'", "") + "'\n")
    sys.exit(0)


signal.signal(signal.SIGTERM, finish)
signal.signal(signal.SIGINT, finish)
while True:
    sample()
    time.sleep(2)
