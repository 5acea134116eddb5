#!/usr/bin/env python3
"""Times full builds of policypress and Hugo on the same synthetic sites.

Called by bench/run.sh, which builds policypress in release mode, installs
the pinned Hugo into bench/.venv and makes sure GNU time is there. For each
size, the two generators build in alternation (policypress, Hugo,
policypress, …) so that a busy neighbour on the machine slows both alike;
each run is measured by `/usr/bin/time -v` (wall time and peak resident
memory). Prints a Markdown table to stdout; progress goes to stderr.
"""

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
AS_OF = "2026-11-25"


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def commit():
    """The commit the benchmark was run on, marked when the tree has changes."""
    try:
        head = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"],
                              check=True, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", HERE, "status", "--porcelain", "--untracked-files=no"],
                               check=True, capture_output=True, text=True).stdout.strip()
        return head + (" with uncommitted changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"


def timed(cmd):
    """Runs `cmd` under GNU time; returns (wall seconds, peak RSS in KiB,
    CPU seconds: user + system, which a busy machine disturbs less).

    The files the previous run wrote are flushed to disk first (`sync`, not
    timed): otherwise a run pays for the write-back of the one before it,
    which is the other generator's every other time."""
    subprocess.run(["sync"], check=False)
    r = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"error: {' '.join(cmd)} failed (exit {r.returncode}):\n{r.stderr[-3000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", r.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", r.stderr))
    h, m, s = wall.groups()
    return int(h or 0) * 3600 + int(m) * 60 + float(s), int(rss.group(1)), cpu


def count_html(folder):
    return sum(f.endswith(".html") for _, _, files in os.walk(folder) for f in files)


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    ram = 0
    try:
        with open("/proc/meminfo") as f:
            ram = int(f.readline().split()[1]) // 1024 // 1024
    except OSError:
        pass
    return f"{os.cpu_count()} × {cpu}, {ram} GiB RAM, {platform.system()} {platform.release()}"


def version_of(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "unknown"



def mib(kib):
    return f"{kib / 1024:.0f} MiB"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pp", required=True, help="the release build of policypress")
    ap.add_argument("--hugo", required=True, help="the Hugo binary")
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--flavours", default="edits",
                    help="comma-separated gen.py flavours, each at every size (edits, rewrites, mixed)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default=os.path.join(ROOT, "target", "bench"))
    ap.add_argument("--no-hugo", action="store_true", help="time policypress only")
    ap.add_argument("--hugo-changelogs", action="store_true")
    ap.add_argument("--baseline", help="another policypress build (an earlier commit's) to time in "
                    "alternation with --pp on the same sites, with the ratio taken run by run")
    ap.add_argument("--baseline-name", default="baseline", help="what the table calls --baseline")
    a = ap.parse_args()

    os.makedirs(a.work, exist_ok=True)
    rows, medians, paired = [], {}, {}
    flavours = a.flavours.split(",")
    for flavour, size in [(f, int(s)) for f in flavours for s in a.sizes.split(",")]:
        tag = str(size) if flavour == "edits" else f"{flavour}-{size}"
        site = os.path.join(a.work, f"site-{tag}")
        gen = [sys.executable, os.path.join(HERE, "gen.py"), "--pages", str(size), "--out", site,
               "--flavour", flavour]
        if a.hugo_changelogs:
            gen.append("--hugo-changelogs")
        log(subprocess.run(gen, check=True, capture_output=True, text=True).stdout.strip())
        pp_out = os.path.join(a.work, f"out-pp-{tag}")
        hugo_out = os.path.join(a.work, f"out-hugo-{tag}")
        for d in (pp_out, hugo_out):
            shutil.rmtree(d, ignore_errors=True)
        pp_cmd = [a.pp, "build", "--site", os.path.join(site, "policypress"), "--out", pp_out, "--as-of", AS_OF]
        hugo_cmd = [a.hugo, "--source", os.path.join(site, "hugo"), "--destination", hugo_out,
                    "--cleanDestinationDir", "--quiet"]
        tools = [("policypress", pp_cmd)] + ([] if a.no_hugo else [("Hugo", hugo_cmd)])
        base_out = os.path.join(a.work, f"out-baseline-{tag}")
        if a.baseline:
            shutil.rmtree(base_out, ignore_errors=True)
            tools.append((a.baseline_name, [a.baseline, "build", "--site", os.path.join(site, "policypress"),
                                            "--out", base_out, "--as-of", AS_OF]))
        # One untimed run each: fills the page cache and the output folder,
        # so every timed run replaces an existing site, as a rebuild does.
        for _, cmd in tools:
            timed(cmd)
        results = {name: [] for name, _ in tools}
        # The 1-minute load average over this site's runs: a wall time is
        # only read beside the load it was taken under.
        loads = [os.getloadavg()[0]]
        for i in range(a.runs):
            for name, cmd in tools:
                results[name].append(timed(cmd))
                loads.append(os.getloadavg()[0])
            log(f"  {tag}: run {i + 1}/{a.runs}: " + ", ".join(
                f"{n} {results[n][-1][0]:.2f} s" for n, _ in tools))
        pages = {"policypress": count_html(pp_out), "Hugo": count_html(hugo_out),
                 a.baseline_name: count_html(base_out)}
        if a.baseline:
            # Paired: each run of policypress against the baseline's run of
            # the same round, so a drift in the machine's speed moves both
            # sides of a ratio alike.
            pairs = list(zip(results["policypress"], results[a.baseline_name]))
            paired[(flavour, size)] = (
                statistics.median(p[0] / b[0] for p, b in pairs),
                min(p[0] / b[0] for p, b in pairs), max(p[0] / b[0] for p, b in pairs),
                statistics.median(p[2] / b[2] for p, b in pairs),
                pages["policypress"], pages[a.baseline_name], min(loads), max(loads))
        for name, _ in tools:
            wall = statistics.median(t for t, _, _ in results[name])
            rss = max(r for _, r, _ in results[name])
            cpu = statistics.median(c for _, _, c in results[name])
            medians[(name, flavour, size)] = (wall, rss, cpu)
        for name, _ in tools:
            wall, rss, cpu = medians[(name, flavour, size)]
            ratio = ""
            if name == "policypress" and ("Hugo", flavour, size) in medians:
                hw, hr, hc = medians[("Hugo", flavour, size)]
                ratio = f"{wall / hw:.2f}× wall, {cpu / hc:.2f}× CPU, {rss / hr:.2f}× memory"
            rows.append(f"| {size:,} | {flavour} | {name} | {pages[name]:,} | {wall:.3f} s | {cpu:.2f} s | {mib(rss)} | {min(loads):.1f}–{max(loads):.1f} | {ratio} |")

    sizes = [int(s) for s in a.sizes.split(",")]
    print(f"## Benchmark, {dt.date.today().isoformat()}\n")
    print(f"- machine: {machine()}")
    print(f"- policypress: {version_of([a.pp, '--version'])} (release build of commit {commit()})")
    if not a.no_hugo:
        print(f"- Hugo: {version_of([a.hugo, 'version']).split(' BuildDate')[0]}")
    print(f"- rustc: {version_of(['rustc', '--version'])}")
    print(f"- median of {a.runs} runs each, in alternation; peak memory is the largest of the runs")
    print(f"- load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} (wall times mean little when it is above the number of cores)\n")
    print("- flavour: how a version relates to the one before (bench/gen.py --flavour): "
          "edits changes some sections, rewrites writes every version afresh\n")
    print("| site | flavour | generator | HTML pages | wall time (median) | CPU user+sys (median) | peak memory | load average (1 min) | policypress / Hugo |")
    print("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in rows:
        print(r)
    if paired:
        print(f"\npolicypress against {a.baseline_name} ({version_of([a.baseline, '--version'])}, {a.baseline}), "
              "run by run (each policypress run over the baseline's run of the same round; median, min–max):\n")
        print("| site | flavour | wall ratio | CPU ratio | HTML pages (policypress / baseline) | wall ratio per page | load average (1 min) |")
        print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
        for (flavour, size), (w, lo, hi, c, pp_pages, b_pages, l0, l1) in paired.items():
            per_page = w * b_pages / pp_pages if pp_pages else float("nan")
            print(f"| {size:,} | {flavour} | {w:.3f}× ({lo:.3f}–{hi:.3f}) | {c:.3f}× | {pp_pages:,} / {b_pages:,} | {per_page:.3f}× | {l0:.1f}–{l1:.1f} |")
    if len(sizes) >= 2:
        small, big = sizes[0], sizes[-1]
        for flavour in flavours:
            for name in ("policypress", "Hugo"):
                if (name, flavour, small) in medians and (name, flavour, big) in medians:
                    print(f"\n{name} ({flavour}): {big:,}/{small:,} time ratio "
                          f"{medians[(name, flavour, big)][0] / medians[(name, flavour, small)][0]:.1f}", end="")
        print()


if __name__ == "__main__":
    main()
