"""report.py - turns bench/run.sh's results.tsv into the tables of docs/BENCHMARKS.md.

Usage: report.py RESULTS.tsv SUMMARY.txt BENCHMARKS.md
The part of BENCHMARKS.md between the markers below is replaced; the rest is kept."""
import sys

START, END = "<!-- bench results: start -->", "<!-- bench results: end -->"


def load(path):
    rows = {}
    for line in open(path, encoding="utf-8"):
        cells = line.rstrip("\n").split("\t")
        rows[(int(cells[0]), cells[1])] = cells[2:]
    return rows


def verdict(ok):
    return "met" if ok else "**missed**"


def targets(rows):
    out = ["| measure | target | measured | |", "| --- | --- | --- | --- |"]
    cj = rows.get((10000, "ceiling-json"))
    words = rows.get((10000, "json_words"))
    if cj and words:
        ratio, p99 = float(cj[5]), float(words[2])
        errors = int(words[3]) + int(cj[3])
        floor = rows.get((10000, "floor-json"))
        bound = ("; the floor (one jansson value a request, no database): %.0f%%, p99 %.2f ms"
                 % (float(floor[5]), float(floor[2]))) if floor else ""
        out.append("| JSON search, 10k orgs, %s | ≥ 50%% of nginx; p99 ≤ 10 ms; 0 errors | %.0f%% of nginx; p99 %.2f ms; %d errors%s | %s |"
                   % ("64 connections", ratio, p99, errors, bound, verdict(ratio >= 50 and p99 <= 10 and errors == 0)))
    ch = rows.get((10000, "ceiling-html"))
    if ch:
        out.append("| HTML results page, 10k orgs | ≥ 40%% of nginx | %.0f%% of nginx | %s |"
                   % (float(ch[5]), verdict(float(ch[5]) >= 40)))
    small, big = rows.get((1000, "mix")), rows.get((100000, "mix"))
    if small and big:
        growth = float(big[1]) / max(float(small[1]), 0.001)
        out.append("| p50 latency growth, 1k → 100k orgs | ≤ 3× | %.2f× (%s → %s ms) | %s |"
                   % (growth, small[1], big[1], verdict(growth <= 3)))
    rss = rows.get((100000, "rss"))
    if rss:
        mib = int(rss[0]) / 1024
        out.append("| server peak RSS under load, 100k orgs | ≤ 64 MiB | %.1f MiB | %s |" % (mib, verdict(mib <= 64)))
    imp = rows.get((100000, "import"))
    if imp:
        sec = int(imp[0]) / 1000
        cpu = (" (CPU %s s; time the hypervisor gave to others meanwhile: %s s)" % (imp[1], imp[2])
               if len(imp) > 2 else "")
        out.append("| import of 100k orgs | ≤ 15 s | %.1f s%s | %s |" % (sec, cpu, verdict(sec <= 15)))
    ready = rows.get((100000, "ready"))
    if ready:
        first = " (median of 5 starts; the first, right after the import: %s ms)" % ready[1] if len(ready) > 1 else ""
        out.append("| `serve` ready to answer, 100k orgs | ≤ 300 ms | %s ms%s | %s |"
                   % (ready[0], first, verdict(int(ready[0]) <= 300)))
    return out


def kinds(rows):
    out = ["| kind (10k orgs) | requests/s | p50 ms | p99 ms | errors | server CPU ms/request |",
           "| --- | --- | --- | --- | --- | --- |"]
    for kind in ["json_words", "json_filters", "json_near", "html_results", "html_detail", "home", "mix"]:
        r = rows.get((10000, kind))
        if r:
            out.append("| %s | %s | %s | %s | %s | %s |" % (kind, r[0], r[1], r[2], r[3], cell(r, 4)))
    for kind in ["json", "html"]:
        r = rows.get((10000, "ceiling-" + kind))
        if r:
            out.append("| same %s bytes: directory / nginx | %s / %s | | %s | %s | %s |"
                       % (kind.upper(), r[0], r[4], r[2], r[3], cell(r, 6)))
    r = rows.get((10000, "floor-json"))
    if r:
        out.append("| same JSON bytes: floor (bench/floor.c) / nginx | %s / %s | %s | %s | %s | %s |"
                   % (r[0], r[4], r[1], r[2], r[3], r[6]))
    return out


def cell(row, i):
    """Column i of a row, or nothing when an older run did not record it."""
    return row[i] if len(row) > i else ""


def scaling(rows):
    out = ["| organizations | mix requests/s | p50 ms | p99 ms | server CPU ms/request | peak RSS MiB | import s | serve ready ms | search image ms |",
           "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for n in sorted({k[0] for k in rows}):
        mix, rss, imp, ready, image = (rows.get((n, k)) for k in ("mix", "rss", "import", "ready", "image"))
        if mix:
            out.append("| %d | %s | %s | %s | %s | %.1f | %.1f | %s | %s |" % (
                n, mix[0], mix[1], mix[2], cell(mix, 4), int(rss[0]) / 1024 if rss else 0,
                int(imp[0]) / 1000 if imp else 0, ready[0] if ready else "",
                image[0] if image else ""))
    return out


def main(results, summary, doc):
    rows = load(results)
    head = open(summary, encoding="utf-8").read().splitlines()[:3]
    speed = rows.get((0, "speed"))
    block = [START, "", "Last run: " + head[0].lstrip("# "), "", head[1] + ";", head[2] + "."] + \
            (["", "Speed check (SHA-256 of 512 MiB, to compare runs on a machine whose speed varies): "
              "%s s before the run, %s s after." % (speed[0], speed[1])] if speed else []) + \
            ["", "### Targets", ""] + targets(rows) + ["", "### Each kind of request", ""] + kinds(rows) + \
            ["", "### Scaling", ""] + scaling(rows) + ["", END]
    text = open(doc, encoding="utf-8").read()
    if START in text and END in text:
        text = text[:text.index(START)] + "\n".join(block) + text[text.index(END) + len(END):]
    else:
        text += "\n" + "\n".join(block) + "\n"
    open(doc, "w", encoding="utf-8").write(text)
    print("\n".join(targets(rows)))


if __name__ == "__main__":
    main(*sys.argv[1:4])
