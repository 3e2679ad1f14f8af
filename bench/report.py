#!/usr/bin/env python3
"""Turns one run's raw output (bench/work/raw/<run>) into bench/results/<date>-<dataset>.md (+ .json), adds the
small -> large growth table from the latest result of the other data set, and copies both into bench/README.md
between the results markers. Usage: report.py RAW_DIR BENCH_DIR"""
import glob
import json
import os
import re
import sys

RAW, BENCH = sys.argv[1], sys.argv[2]
RESULTS = os.path.join(BENCH, "results")
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"


def read_env(path):
    values = {}
    if os.path.exists(path):
        for line in open(path):
            if "=" in line:
                key, value = line.rstrip("\n").split("=", 1)
                values[key] = value.strip("'")
    return values


def parse_result(line):
    return {k: v for k, v in re.findall(r"(\w+)=(\S+)", line or "")}


def num(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


machine = read_env(os.path.join(RAW, "machine.env"))
dataset = machine["dataset"]
runs = {}
for db in ("h2", "postgres"):
    path = os.path.join(RAW, db, "results.tsv")
    if not os.path.exists(path):
        continue
    meta = read_env(os.path.join(RAW, db, "meta.env"))
    rows = []
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        row = {"id": f[0], "group": f[1], "state": f[2], "check": f[3], "conns": int(f[4]),
               "bytes": f[5], "lines": f[6], "label": f[7]}
        r = parse_result(f[8] if len(f) > 8 else "")
        for key in ("p50_ms", "p90_ms", "p99_ms", "max_ms", "rps", "requests", "non2xx", "socket_errors", "timeouts",
                    "seconds"):
            row[key] = num(r.get(key))
        row["statuses"] = r.get("statuses", "")
        row["foreign_cpu_s"] = num(r.get("foreign_cpu_s"))
        if row["state"] == "measured" and not row["requests"]:
            row["state"] = "too-slow"
        elif row["state"] == "measured" and ((row["non2xx"] or 0) > 0 or (row["socket_errors"] or 0) > 0
                                           or (row["timeouts"] or 0) > 0 or row["rps"] is None):
            row["state"] = "invalid"
        rows.append(row)
    post = parse_result(meta.get("posts_result", ""))
    statuses = dict(s.split(":") for s in post.get("statuses", "").split(",") if ":" in s)
    created = int(statuses.get("201", 0))
    as_int = lambda key: int(meta.get(key, 0) or 0)
    posts = {"rps_201": created / float(post["seconds"]) if post.get("seconds") else None,
             "created_201": created, "requests": int(post.get("requests", 0)),
             "p50_ms": num(post.get("p50_ms")), "p99_ms": num(post.get("p99_ms")),
             "statuses": post.get("statuses", ""), "timeouts": int(post.get("timeouts", 0)),
             "socket_errors": int(post.get("socket_errors", 0)), "acked": as_int("post_acked"),
             "unparsed": as_int("post_acked_unparsed"), "rows": as_int("post_rows"),
             "distinct_rows": as_int("post_distinct_rows"), "lost": as_int("post_lost"),
             "duplicated": as_int("post_duplicated"), "rows_without_201": as_int("post_rows_without_201"),
             "incident": meta.get("posts_incident"), "foreign_cpu_s": num(post.get("foreign_cpu_s")),
             "seconds": num(post.get("seconds"))}
    runs[db] = {"meta": meta, "rows": rows, "posts": posts}


def fmt_share(share):
    if share is None:
        return "–"
    return f"**{share:.0f} %**" if share >= 10 else f"{share:.0f} %"


def fmt(value, digits=1):
    if value is None:
        return "–"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


TARGETS = {  # id -> (metric, limit, applies to large only)
    "incident-100": ("p99_ms", 50, False),
    "list-first": ("p99_ms", 100, True), "list-deep": ("p99_ms", 100, True),
    "list-q-first": ("p99_ms", 100, True), "list-q-deep": ("p99_ms", 100, True),
    "ledger-default": ("p99_ms", 100, True), "ledger-overdue": ("p99_ms", 100, True),
    "ledger-owner": ("p99_ms", 100, True),
    "export-5000": ("p99_ms", 300, False),
    # the target is for PostgreSQL; H2 reads the text columns (README "Search")
    "search-selective": ("p99_ms", 150, True), "search-api-selective": ("p99_ms", 150, True),
}


def others(foreign_s, seconds):
    """The share of the machine (all cores) that other processes used while this was measured."""
    if foreign_s is None or not seconds:
        return None
    return 100.0 * foreign_s / (float(seconds) * int(machine.get("nproc", 1)))


def target_text(row):
    if row["id"] not in TARGETS:
        return ""
    metric, limit, large_only = TARGETS[row["id"]]
    value = row.get(metric)
    if row["state"] == "too-slow":
        return f"p99 < {limit} ms: **missed** (slower than the run)"
    if row["state"] != "measured" or value is None:
        return f"p99 < {limit} ms: –"
    if large_only and dataset != "large":
        return f"p99 < {limit} ms (at large)"
    return f"p99 < {limit} ms: {'met' if value < limit else '**missed**'}"


def table(db, run):
    rows = run["rows"]
    base = next((r for r in rows if r["id"] == "static" and r["state"] == "measured"), None)
    out = ["| Measurement | clients | p50 ms | p99 ms | req/s | p50 ÷ static | p99 ÷ static | req/s ÷ static "
           "| non-2xx | others' CPU | checked response | target |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for r in rows:
        if r["state"] == "not-available":
            out.append(f"| {r['label']} | {r['conns']} | not available ({r['check']}) | | | | | | | | | {target_text(r)} |")
            continue
        if r["state"] == "too-slow":
            out.append(f"| {r['label']} | {r['conns']} | **no answer completed within the {machine['seconds_per_run']} s run** "
                       f"| | | | | | | | {r['check']}, {int(r['bytes']):,} B | {target_text(r)} |")
            continue
        if r["state"] == "invalid" and r["rps"] is None:
            out.append(f"| {r['label']} | {r['conns']} | **invalid: answered {r['check']}** | | | | | | | | | |")
            continue
        ratio = lambda key: (r[key] / base[key]) if base and r[key] and base[key] else None
        flag = (f" **(invalid: {int(r['non2xx'] or 0)} non-2xx, {int(r['socket_errors'] or 0)} socket errors, "
                f"{int(r['timeouts'] or 0)} timeouts > 10 s)**") if r["state"] == "invalid" else ""
        checked = f"{r['check']}, {int(r['bytes']):,} B" + (f", {int(r['lines']):,} lines" if r["group"] in ("ledger", "export") else "")
        out.append(f"| {r['label']}{flag} | {r['conns']} | {fmt(r['p50_ms'], 2)} | {fmt(r['p99_ms'], 2)} | {fmt(r['rps'])} "
                   f"| {fmt(ratio('p50_ms'))} | {fmt(ratio('p99_ms'))} | {fmt(ratio('rps'), 3)} "
                   f"| {int(r['non2xx'] or 0)} | {fmt_share(others(r['foreign_cpu_s'], r['seconds'] if 'seconds' in r else None))} "
                   f"| {checked} | {target_text(r)} |")
    return "\n".join(out)


def vitals(db, run):
    m, p = run["meta"], run["posts"]
    start_s = int(m.get("startup_ms", 0)) / 1000
    rss_after = int(m.get("rss_after_load_mb", 0) or 0)
    post_target = ""
    if db == "postgres":
        ok = p["rps_201"] is not None and p["rps_201"] >= 1000 and p["lost"] == 0 and p["duplicated"] == 0
        post_target = f" Target ≥ 1,000/s with none lost or duplicated: {'met' if ok else '**missed**'}."
    lines = [
        f"- Bulk load of the `{dataset}` data set: {int(m.get('load_ms', 0)) / 1000:.1f} s; database size {m.get('db_size_mb', '?')} MB.",
        f"- Start-up to a healthy `/actuator/health` (with the data): {start_s:.1f} s "
        f"(target < 10 s: {'met' if start_s < 10 else '**missed**'}).",
        f"- Resident memory (VmRSS): {m.get('rss_after_start_mb', '?')} MB after start-up, {rss_after} MB after the load "
        f"({'JVM options: ' + machine['java_opts'] if machine.get('java_opts') else 'default JVM settings'}; target < 600 MB after the `large` load: "
        f"{('met' if rss_after < 600 else '**missed**') if dataset == 'large' else 'applies at large'}).",
        f"- Timeline posts, 32 clients for {machine.get('post_seconds', '30')} s to one incident ({p['incident']}): "
        f"**{fmt(p['rps_201'])} created/s** (201s: {p['created_201']:,} of {p['requests']:,} requests; statuses {p['statuses']}; "
        f"timeouts {p['timeouts']}, socket errors {p['socket_errors']}), p50 {fmt(p['p50_ms'], 2)} ms, p99 {fmt(p['p99_ms'], 2)} ms"
        f"{'' if others(p['foreign_cpu_s'], p['seconds']) is None else '; others used ' + fmt_share(others(p['foreign_cpu_s'], p['seconds'])) + ' of the CPU meanwhile'}. "
        f"Rows afterwards: {p['rows']:,} ({p['distinct_rows']:,} distinct texts); each 201's text checked against them: "
        f"**lost {p['lost']}, duplicated {p['duplicated']}**; {p['rows_without_201']} rows whose answer wrk did not "
        f"count (in flight when it stopped){'; 201s without a readable text: ' + str(p['unparsed']) if p['unparsed'] else ''}.{post_target}",
        f"- Signed-in session still valid after the load: {'yes' if m.get('session_still_valid') == '200' else 'NO (' + m.get('session_still_valid', '?') + ')'}; "
        f"ERROR lines in the app log: {m.get('app_log_errors', '?')}.",
    ]
    return "\n".join(lines)


def growth(db, small, large):
    by_id = {r["id"]: r for r in small["rows"]}
    out = ["| Measurement | p50 small → large (ms) | p50 × | p99 small → large (ms) | p99 × | req/s × |",
           "|---|---:|---:|---:|---:|---:|"]
    for r in large["rows"]:
        s = by_id.get(r["id"])
        if not s or r["state"] != "measured" or s["state"] != "measured":
            out.append(f"| {r['label']} | not measured in both | | | | |")
            continue
        g = lambda key: r[key] / s[key] if r[key] and s[key] else None
        out.append(f"| {r['label']} | {fmt(s['p50_ms'], 2)} → {fmt(r['p50_ms'], 2)} | {fmt(g('p50_ms'), 2)} "
                   f"| {fmt(s['p99_ms'], 2)} → {fmt(r['p99_ms'], 2)} | {fmt(g('p99_ms'), 2)} | {fmt(g('rps'), 2)} |")
    ps, pl = small["posts"], large["posts"]
    if ps["rps_201"] and pl["rps_201"]:
        out.append(f"| Timeline posts (created/s) | {fmt(ps['rps_201'])} → {fmt(pl['rps_201'])} /s | | "
                   f"{fmt(ps['p99_ms'], 2)} → {fmt(pl['p99_ms'], 2)} | {fmt(pl['p99_ms'] / ps['p99_ms'], 2)} | {fmt(pl['rps_201'] / ps['rps_201'], 2)} |")
    out.append("")
    out.append("At `small` (100 incidents, 4 list pages) page 500 is past the last page, an empty page: compare the "
               "first pages for growth with volume. Compare the static asset's row to see how alike the conditions of the "
               "two runs were.")
    ms, ml = small["meta"], large["meta"]
    note = out[-1:]
    del out[-2:]
    out.append(f"| Start-up to healthy (s) | {int(ms.get('startup_ms', 0)) / 1000:.1f} → {int(ml.get('startup_ms', 0)) / 1000:.1f} | | | | |")
    out.append(f"| RSS after the load (MB) | {ms.get('rss_after_load_mb')} → {ml.get('rss_after_load_mb')} | | | | |")
    return "\n".join(out + [""] + note)


# ---- this run
stamp = machine["date"]
# who else used the machine: cpu_watch.py's totals (foreign = processes that are not this run's)
share = others(num(machine.get("cpu_foreign_s")), num(machine.get("watch_seconds")))
loads = f"load average {machine.get('loadavg_before')} before, {machine.get('loadavg_after')} after"
if share is None:
    conditions = ("**Conditions not recorded** (a run before cpu_watch.py): " + loads + "; other engineers may have "
                  "been building and testing on the same 2-core machine.")
elif share < 3:
    conditions = (f"**Quiet machine:** other processes used {share:.1f} % of the CPU during the run ({loads}: the "
                  "run itself, wrk and PostgreSQL on the same cores).")
else:
    conditions = (f"**Shared machine:** other processes (other engineers' builds and tests) used {share:.0f} % of the "
                  f"CPU during the run, busiest: {machine.get('cpu_foreign_top') or '–'}; {loads}. The column "
                  "\"others' CPU\" gives their share while each figure was measured (bold: 10 % or more, the figure "
                  "is too slow by about that much or more).")
header = [f"## `{dataset}` data set, {stamp} (run {machine['run_id']})", "", conditions, "",
          f"- Commit `{machine['commit']}`; machine: {machine['nproc']} cores ({machine.get('cpu')}), {machine['mem_total']} memory; "
          f"{machine['java']}; PostgreSQL {machine['postgres']}; {machine['wrk']}; JVM options: "
          f"{machine.get('java_opts') or 'none (defaults)'}.",
          f"- Every figure: wrk, {machine['seconds_per_run']} s after a warm-up, on loopback from a second process, "
          "2 threads (1 for a single client); latency p50/p99 from wrk's histogram; ratios are to the static asset "
          "measured in the same run on the same database.", ""]
body = []
for db, run in runs.items():
    body += [f"### {'PostgreSQL' if db == 'postgres' else 'H2 (embedded file)'}", "", table(db, run), "", vitals(db, run), ""]
report = "\n".join(header + body)

os.makedirs(RESULTS, exist_ok=True)
label = machine.get("label", "")
# a labelled run (e.g. another heap setting) gets its own file and stays out of the README and the growth table
base_name = os.path.join(RESULTS, f"{stamp}-{dataset}" + (f"-{label}" if label else ""))
json.dump({"machine": machine, "runs": runs}, open(base_name + ".json", "w"), indent=1, default=str)

# ---- growth: against the latest result of the other data set (per database)
other = "small" if dataset == "large" else "large"
growth_md = ""
candidates = sorted(glob.glob(os.path.join(RESULTS, f"*-{other}.json")))
if candidates:
    previous = json.load(open(candidates[-1]))
    parts = []
    for db in runs:
        if db in previous["runs"]:
            small, large = (previous["runs"][db], runs[db]) if other == "small" else (runs[db], previous["runs"][db])
            parts += [f"### Growth `small` → `large`, {'PostgreSQL' if db == 'postgres' else 'H2'} "
                      f"({os.path.basename(candidates[-1])[:10]} and {stamp} runs; × = large ÷ small)", "",
                      growth(db, small, large), ""]
    growth_md = "\n".join(parts)
open(base_name + ".md", "w").write(report + ("\n" + growth_md if growth_md else ""))

def demote(text):
    """One heading level down: the report's sections sit under the README's "## Results"."""
    return "\n".join("#" + line if line.startswith("##") else line for line in text.split("\n"))


# ---- README: the latest tables of each data set, plus the growth table
readme_path = os.path.join(BENCH, "README.md")
readme = open(readme_path).read()
if BEGIN in readme and END in readme and not label:
    latest, growths = [], []
    for name in ("small", "large"):
        files = sorted(glob.glob(os.path.join(RESULTS, f"*-{name}.md")), key=os.path.getmtime)
        if files:
            text = open(files[-1]).read()
            main, _, rest = text.partition("\n### Growth")
            latest.append(demote(main.rstrip()))
            if rest:
                growths.append((os.path.getmtime(files[-1]), "### Growth" + rest))
    if growths:
        latest.append(demote(max(growths)[1].rstrip()))
    section = f"{BEGIN}\n" + "\n\n".join(latest) + f"\n{END}"
    readme = readme[:readme.index(BEGIN)] + section + readme[readme.index(END) + len(END):]
    open(readme_path, "w").write(readme)
print(base_name + ".md")
