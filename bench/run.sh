#!/usr/bin/env bash
# run.sh — the stancheck benchmark: builds Release, generates synthetic catalogues, times stancheck
# against parse-only, xmllint and xmllint --schematron in one run, and writes docs/performance.md.
#
# usage: bench/run.sh [--quick] [--runs N] [--systems N] [--file-systems N] [--sch-systems N]
#                     [--small N] [--work DIR] [--out FILE] [--no-build] [--report-only]
#   --quick          smoke run (5,000 systems; writes WORK/performance-quick.md unless --out)
#   --runs N         timed runs per measurement, the median is reported (default 3)
#   --systems N      directory catalogue size for the main case (default 100000)
#   --small N        smaller directory catalogue for the memory comparison (default 10000)
#   --file-systems N systems in the single-file catalogues (default 20000)
#   --sch-systems N  systems in the catalogue file compared with xmllint --schematron (default 5000;
#                    xmllint's time grows with the square of the failures, see docs/performance.md)
#   --work DIR       where catalogues and raw results go (default /tmp/stancheck-bench, with
#                    --quick /tmp/stancheck-bench-quick)
#   --out FILE       the report (default docs/performance.md; only the generated block is replaced)
#   --no-build       use the binaries already in the build directory
#   --report-only    only rewrite the report from the raw results already in the work directory
#
# The whole script is one brace group, so bash reads all of it before running any of it: editing
# this file while a run is in progress cannot derail that run.
{
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build-bench}
WORK=""
OUT=""
RUNS=3
N_MAIN=100000
N_SMALL=10000
N_FILE=20000
N_SCH=5000
SEED=42
AS_OF=2026-01-15
QUICK=0
BUILD_IT=1
REPORT_ONLY=0

while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) QUICK=1; N_MAIN=5000; N_SMALL=1000; N_FILE=2000; N_SCH=1000 ;;
    --runs) RUNS=$2; shift ;;
    --systems) N_MAIN=$2; shift ;;
    --small) N_SMALL=$2; shift ;;
    --file-systems) N_FILE=$2; shift ;;
    --sch-systems) N_SCH=$2; shift ;;
    --work) WORK=$2; shift ;;
    --out) OUT=$2; shift ;;
    --no-build) BUILD_IT=0 ;;
    --report-only) REPORT_ONLY=1 ;;
    -h|--help) sed -n '2,/^set /{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if [[ -z $WORK ]]; then
  if [[ $QUICK == 1 ]]; then WORK=/tmp/stancheck-bench-quick; else WORK=/tmp/stancheck-bench; fi
fi
if [[ $REPORT_ONLY == 1 ]] && grep -q $'^run.quick\t1$' "$WORK/meta.tsv" 2>/dev/null; then QUICK=1; fi
if [[ -z $OUT ]]; then
  if [[ $QUICK == 1 ]]; then OUT=$WORK/performance-quick.md; else OUT=$ROOT/docs/performance.md; fi
fi

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

if [[ $REPORT_ONLY == 0 ]]; then

# ---------------------------------------------------------------- tools
if [[ ! -x /usr/bin/time ]]; then
  log "installing GNU time (Debian package 'time')"
  apt-get install -y -qq time >/dev/null
fi
command -v xmllint >/dev/null || { log "installing xmllint (libxml2-utils)"; apt-get install -y -qq libxml2-utils >/dev/null; }

if [[ $BUILD_IT == 1 ]]; then
  log "building Release in $BUILD"
  # -Werror off here only: g++ 12 at -O3 reports false -Wrestrict positives inside libstdc++.
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTANCHECK_WERROR=OFF >/dev/null
  cmake --build "$BUILD" -j"$(nproc)" --target stancheck stancheck_gen parse_only packs_bench >/dev/null
fi
STANCHECK=$BUILD/stancheck
GEN=$BUILD/bench/stancheck_gen
PARSE=$BUILD/bench/parse_only
PACKS=$BUILD/bench/packs_bench
SCH=$ROOT/bench/schematron/subset.sch
SUBSET_PROFILE=$ROOT/bench/schematron/subset.rules
for b in "$STANCHECK" "$GEN" "$PARSE" "$PACKS"; do [[ -x $b ]] || { echo "run.sh: missing $b" >&2; exit 2; }; done

mkdir -p "$WORK"
RESULTS=$WORK/results.tsv
META=$WORK/meta.tsv
: >"$RESULTS"
: >"$META"
meta() { printf '%s\t%s\n' "$1" "$2" >>"$META"; }

# ---------------------------------------------------------------- catalogues
# gen NAME ARGS...: generates WORK/NAME once per (arguments, generator binary).
gen() {
  local name=$1; shift
  local dir=$WORK/$name stamp="$* seed=$SEED as-of=$AS_OF gen=$(stat -c %Y "$GEN")"
  if [[ -f $dir/.stamp && $(cat "$dir/.stamp") == "$stamp" ]]; then
    log "catalogue $name: reusing"
  else
    log "catalogue $name: generating ($*)"
    rm -rf "$dir"
    "$GEN" --seed "$SEED" --as-of "$AS_OF" --out "$dir" "$@" >"$WORK/gen-$name.json"
    echo "$stamp" >"$dir/.stamp"
  fi
  meta "gen.$name" "$(cat "$WORK/gen-$name.json")"
}
PASS_RATE=0.01  # "all-pass-ish": about one defective value in a hundred
gen dir-main --systems "$N_MAIN" --layout dir --defect-rate $PASS_RATE
gen dir-small --systems "$N_SMALL" --layout dir --defect-rate $PASS_RATE
gen file-pass --systems "$N_FILE" --layout file --no-artefacts --defect-rate $PASS_RATE
gen file-heavy --systems "$N_FILE" --layout file --no-artefacts --failure-heavy
gen sch-pass --systems "$N_SCH" --layout file --no-artefacts --defect-rate $PASS_RATE
gen sch-heavy --systems "$N_SCH" --layout file --no-artefacts --failure-heavy

# File lists (xmllint takes files, not directories); sizes for the memory ratios.
for c in dir-main dir-small; do
  find "$WORK/$c/systems" -name '*.xml' -print0 | sort -z >"$WORK/$c.files"
  meta "files.$c" "$(tr -cd '\0' <"$WORK/$c.files" | wc -c)"
done
for c in file-pass file-heavy sch-pass sch-heavy; do
  meta "bytes.$c.catalogue" "$(stat -c %s "$WORK/$c/catalogue.xml")"
  meta "bytes.$c.junit" "$(stat -c %s "$WORK/$c/catalogue-junit.xml")"
done

# ---------------------------------------------------------------- measuring
# measure ID CMD...: RUNS timed runs; wall time from the monotonic clock, peak RSS and CPU time
# (user + system, which a busy shared machine disturbs far less than wall time) from GNU time.
# stdout goes to WORK/out.ID (stancheck writes its JSON report there), stderr to WORK/err.ID.
measure() {
  local id=$1; shift
  local r rc t0 t1
  for ((r = 1; r <= RUNS; r++)); do
    t0=$(date +%s%N)
    rc=0
    /usr/bin/time -f '%M\t%U\t%S' -o "$WORK/time.out" "$@" >"$WORK/out.$id" 2>"$WORK/err.$id" || rc=$?
    t1=$(date +%s%N)
    printf '%s\t%d\t%d\t%s\t%d\n' "$id" "$r" "$((t1 - t0))" "$(tail -n 1 "$WORK/time.out")" "$rc" >>"$RESULTS"
  done
  log "$id: exit $rc, last run $(((t1 - t0) / 1000000)) ms"
}
SC="$STANCHECK audit --as-of $AS_OF --format json -q"
meta machine.load "$(cut -d' ' -f1-3 /proc/loadavg)"

# (a, b, d, e) the directory catalogue: parse-only, xmllint --noout, audit --jobs 1 and 2.
for c in dir-main dir-small; do
  measure "$c.parse" "$PARSE" "$WORK/$c/systems"
  measure "$c.xmllint" xargs -0 -a "$WORK/$c.files" xmllint --noout
  measure "$c.audit1" $SC --jobs 1 "$WORK/$c/systems"
  measure "$c.audit2" $SC --jobs 2 "$WORK/$c/systems"
done

# (a, b, d, e) the single catalogue file with its JUnit evidence, all-pass-ish and failure-heavy.
for c in file-pass file-heavy; do
  files=("$WORK/$c/catalogue.xml" "$WORK/$c/catalogue-junit.xml")
  measure "$c.parse" "$PARSE" "${files[@]}"
  measure "$c.xmllint" xmllint --noout "${files[@]}"
  measure "$c.audit1" $SC --jobs 1 "${files[@]}"
  measure "$c.audit2" $SC --jobs 2 "${files[@]}"
  measure "$c.parse-catalogue" "$PARSE" "$WORK/$c/catalogue.xml"
  measure "$c.audit1-catalogue" $SC --jobs 1 "$WORK/$c/catalogue.xml"
done

# (d') the floor: the same audits with a pack of no rules — everything but rule checking.
NO_RULES=$ROOT/bench/no-rules
for c in dir-main dir-small; do
  measure "$c.norules1" $SC --jobs 1 --rules "$NO_RULES" "$WORK/$c/systems"
done
for c in file-pass file-heavy; do
  measure "$c.norules1" $SC --jobs 1 --rules "$NO_RULES" "$WORK/$c/catalogue.xml" "$WORK/$c/catalogue-junit.xml"
done

# (e') the machine's own two-way ceiling: two independent --jobs 1 audits at once, against one
# alone (audit1 above). Nothing is shared between them but the machine (cores, caches, memory
# bandwidth), so 2 x one ÷ both is the most any two-thread run can gain here.
for c in dir-small file-pass; do
  if [[ $c == dir-small ]]; then args="$WORK/$c/systems"; else args="$WORK/$c/catalogue.xml $WORK/$c/catalogue-junit.xml"; fi
  measure "$c.pair1" bash -c "$SC --jobs 1 $args >/dev/null & $SC --jobs 1 $args >/dev/null & wait"
done

# (c) ISO Schematron with xmllint vs stancheck restricted to the same rules, on one catalogue file.
for c in sch-pass sch-heavy; do
  measure "$c.parse" "$PARSE" "$WORK/$c/catalogue.xml"
  measure "$c.schematron" xmllint --noout --schematron "$SCH" "$WORK/$c/catalogue.xml"
  measure "$c.subset1" $SC --jobs 1 --rules "$ROOT/rules" --rules "$SUBSET_PROFILE" --profile bench-schematron \
    "$WORK/$c/catalogue.xml"
done

# (f) loading and checking every shipped pack: in process (many iterations) and as a command.
"$PACKS" --iterations 200 "$ROOT/rules" >"$WORK/packs.json"
meta packs "$(cat "$WORK/packs.json")"
measure packs.lint "$STANCHECK" rules lint "$ROOT/rules"

# ---------------------------------------------------------------- machine and versions
meta machine.nproc "$(nproc)"
meta machine.cpu "$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
meta machine.mem "$(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
meta machine.kernel "$(uname -sr)"
meta machine.load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
meta version.stancheck "$("$STANCHECK" --version 2>&1 | head -n 1)"
meta version.gxx "$(g++ --version | head -n 1)"
meta version.pugixml "$(dpkg-query -W -f '${Version}' libpugixml-dev 2>/dev/null || echo unknown)"
meta version.libxml2 "$(xmllint --version 2>&1 | head -n 1)"
meta version.re2 "$(dpkg-query -W -f '${Version}' libre2-dev 2>/dev/null || echo unknown)"
meta version.commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" status --porcelain 2>/dev/null | grep -q . && echo ' (uncommitted changes)')"
meta run.date "$(date -u +%Y-%m-%dT%H:%MZ)"
meta run.runs "$RUNS"
meta run.quick "$QUICK"
meta run.seed "$SEED"
meta run.as_of "$AS_OF"
fi  # REPORT_ONLY

python3 - "$WORK" "$OUT" <<'PY'
import json, os, re, statistics, sys
work, out = sys.argv[1], sys.argv[2]
runs = {}
for line in open(os.path.join(work, 'results.tsv')):
    f = line.rstrip('\n').split('\t')
    if len(f) == 5:  # older results without CPU time
        f = f[:4] + ['0', '0'] + f[4:]
    i, r, ns, rss, user, sys_, rc = f
    runs.setdefault(i, []).append((int(ns) / 1e9, int(rss) if rss.isdigit() else 0, int(rc), float(user) + float(sys_)))
meta = {}
for line in open(os.path.join(work, 'meta.tsv')):
    k, _, v = line.rstrip('\n').partition('\t')
    meta[k] = v

def med(i):
    return statistics.median(r[0] for r in runs[i]) if i in runs else None
def cpu(i):
    return statistics.median(r[3] for r in runs[i]) if i in runs and any(r[3] for r in runs[i]) else None
def rss(i):
    return max(r[1] for r in runs[i]) * 1024 if i in runs else None
def spread(i):
    ts = [r[0] for r in runs.get(i, [])]
    return f"{min(ts):.2f}–{max(ts):.2f}" if ts else "n/a"
def sec(x):
    return "n/a" if x is None else (f"{x:.3f} s" if x < 10 else f"{x:.1f} s")
def mib(x):
    return "n/a" if x is None else f"{x / 2**20:,.0f} MiB"
def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b
def fx(x, digits=2):
    return "n/a" if x is None else f"{x:.{digits}f}×"
def stancheck_summary(i):
    try:
        with open(os.path.join(work, 'out.' + i)) as f:
            return json.load(f).get('summary', {})
    except (OSError, ValueError):
        return {}
def findings(i):
    f = stancheck_summary(i).get('findings')
    return sum(f.values()) if isinstance(f, dict) else None
def schematron_failures(i):
    try:
        with open(os.path.join(work, 'err.' + i), errors='replace') as f:
            return sum(1 for l in f if re.search(r' line \d+: ', l))
    except OSError:
        return None
def gen(name):
    return json.loads(meta.get('gen.' + name, '{}'))
def num(x):
    return "n/a" if x is None else f"{x:,}"

L = []
w = L.append
w(f"Measured {meta.get('run.date')} on {meta.get('machine.nproc')} cores ({meta.get('machine.cpu')}, "
  f"{meta.get('machine.mem')}, {meta.get('machine.kernel')}; load average {meta.get('machine.load')} before the first "
  f"measurement, {meta.get('machine.load_end', 'n/a')} after the last: the machine is shared). "
  f"Median of {meta.get('run.runs')} runs each (range in brackets); seed {meta.get('run.seed')}, as-of "
  f"{meta.get('run.as_of')}{'; **quick smoke run, not the reference sizes**' if meta.get('run.quick') == '1' else ''}.")
w("")
w(f"Versions: {meta.get('version.stancheck')} (commit {meta.get('version.commit')}), {meta.get('version.gxx')}, "
  f"pugixml {meta.get('version.pugixml')}, RE2 {meta.get('version.re2')}, {meta.get('version.libxml2')}.")
w("")
w("### Catalogues")
w("")
w("| catalogue | systems | files | bytes | defect rate | findings (stancheck, all packs) | JSON report bytes |")
w("|---|---:|---:|---:|---:|---:|---:|")
for c, files, size in [
    ('dir-main', meta.get('files.dir-main'), gen('dir-main').get('dir_bytes')),
    ('dir-small', meta.get('files.dir-small'), gen('dir-small').get('dir_bytes')),
    ('file-pass', '2', None), ('file-heavy', '2', None), ('sch-pass', '1', None), ('sch-heavy', '1', None)]:
    g = gen(c)
    if size is None:
        size = int(meta.get(f'bytes.{c}.catalogue', 0)) + (int(meta.get(f'bytes.{c}.junit', 0)) if files == '2' else 0)
    sch = c.startswith('sch')
    fnd = findings(c + '.audit1') if not sch else None
    try:
        jb = os.path.getsize(os.path.join(work, 'out.' + c + ('.subset1' if sch else '.audit1')))
    except OSError:
        jb = None
    w(f"| {c} | {num(g.get('systems'))} | {num(int(files)) if files else 'n/a'} | {num(int(size))} | "
      f"{g.get('defect_rate', 'n/a')}{' (failure-heavy)' if g.get('failure_heavy') else ''} | "
      f"{num(fnd) if fnd is not None else '– (subset: see below)'} | {num(jb)} |")
w("")
w("`dir-*`: one directory per system (description, one native/ATML/JUnit report, a 4774 label for about half of them). "
  "`file-*`: one catalogue file holding every system plus one JUnit file with every system's evidence. "
  "`sch-*`: the catalogue file alone, for the Schematron comparison.")
w("")
w("### Times and peak memory")
w("")
w("Wall time, median [range]; CPU = user + system time of the same runs (median).")
w("")
w("| catalogue | parse-only | xmllint --noout | stancheck --jobs 1 | stancheck --jobs 2 | audit ÷ parse-only, wall | CPU: parse-only / audit (jobs 1) | audit ÷ parse-only, CPU | peak RSS (jobs 1) |")
w("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
def cpus(a, b):
    return f"{sec(cpu(a))} / {sec(cpu(b))}"
for c in ['dir-main', 'dir-small', 'file-pass', 'file-heavy']:
    w(f"| {c} | {sec(med(c + '.parse'))} [{spread(c + '.parse')}] | {sec(med(c + '.xmllint'))} [{spread(c + '.xmllint')}] | "
      f"{sec(med(c + '.audit1'))} [{spread(c + '.audit1')}] | {sec(med(c + '.audit2'))} [{spread(c + '.audit2')}] | "
      f"{fx(ratio(med(c + '.audit1'), med(c + '.parse')))} | {cpus(c + '.parse', c + '.audit1')} | "
      f"{fx(ratio(cpu(c + '.audit1'), cpu(c + '.parse')))} | {mib(rss(c + '.audit1'))} |")
for c in ['file-pass', 'file-heavy']:
    w(f"| {c}, catalogue file only | {sec(med(c + '.parse-catalogue'))} | | {sec(med(c + '.audit1-catalogue'))} | | "
      f"{fx(ratio(med(c + '.audit1-catalogue'), med(c + '.parse-catalogue')))} | "
      f"{cpus(c + '.parse-catalogue', c + '.audit1-catalogue')} | "
      f"{fx(ratio(cpu(c + '.audit1-catalogue'), cpu(c + '.parse-catalogue')))} | {mib(rss(c + '.audit1-catalogue'))} |")
w("")
w("### The floor: an audit with no rules")
w("")
w("The same `--jobs 1` audits with a pack of no rules (`bench/no-rules/`): discovery, loading, test evidence, the merge and "
  "the JSON report of every system, but no rule checked. No speed-up of rule checking can take an audit below this.")
w("")
w("| catalogue | parse-only | audit, no rules | audit, all packs | no rules ÷ parse-only | all packs ÷ parse-only | share of the audit spent on rules and their findings |")
w("|---|---:|---:|---:|---:|---:|---:|")
for c in ['dir-main', 'dir-small', 'file-pass', 'file-heavy']:
    floor, full = med(c + '.norules1'), med(c + '.audit1')
    share = None if floor is None or full is None or full == 0 else (full - floor) / full
    w(f"| {c} | {sec(med(c + '.parse'))} | {sec(floor)} [{spread(c + '.norules1')}] | {sec(full)} | "
      f"{fx(ratio(floor, med(c + '.parse')))} | {fx(ratio(full, med(c + '.parse')))} | "
      f"{'n/a' if share is None else f'{share * 100:.0f} %'} |")
w("")
w("### Schematron (same rules, same file)")
w("")
w("| catalogue | parse-only | xmllint --schematron | stancheck, same rules (--jobs 1) | failures (Schematron / stancheck) | Schematron ÷ stancheck, wall | the same, CPU |")
w("|---|---:|---:|---:|---:|---:|---:|")
for c in ['sch-pass', 'sch-heavy']:
    w(f"| {c} | {sec(med(c + '.parse'))} | {sec(med(c + '.schematron'))} [{spread(c + '.schematron')}] | "
      f"{sec(med(c + '.subset1'))} [{spread(c + '.subset1')}] | {num(schematron_failures(c + '.schematron'))} / "
      f"{num(findings(c + '.subset1'))} | {fx(ratio(med(c + '.schematron'), med(c + '.subset1')), 1)} | "
      f"{fx(ratio(cpu(c + '.schematron'), cpu(c + '.subset1')), 1)} |")
w("")

packs = json.loads(meta.get('packs', '{}') or '{}')
packs_ms = packs.get('median_ms')
cat_bytes = int(meta.get('bytes.file-pass.catalogue', 0)) or None
heavy_bytes = int(meta.get('bytes.file-heavy.catalogue', 0)) or None
rss_small, rss_main = rss('dir-small.audit1'), rss('dir-main.audit1')
heavy_findings = findings('file-heavy.audit1')
def with_cpu(show, a, b):
    c = ratio(cpu(a), cpu(b))
    return lambda x: show(x) + ("" if c is None else f" (CPU {show(c)})")
targets = [
    ("1. audit, all packs ÷ parse-only, directory catalogue", "≤ 1.3×", ratio(med('dir-main.audit1'), med('dir-main.parse')), lambda x: x <= 1.3,
     with_cpu(fx, 'dir-main.audit1', 'dir-main.parse')),
    ("1. the same, single catalogue file + JUnit", "≤ 1.3×", ratio(med('file-pass.audit1'), med('file-pass.parse')), lambda x: x <= 1.3,
     with_cpu(fx, 'file-pass.audit1', 'file-pass.parse')),
    (f"2. failure-heavy file ({num(heavy_findings)} findings) ÷ parse-only", "≤ 1.5×", ratio(med('file-heavy.audit1'), med('file-heavy.parse')), lambda x: x <= 1.5,
     with_cpu(fx, 'file-heavy.audit1', 'file-heavy.parse')),
    ("3. xmllint --schematron ÷ stancheck, failure-heavy", "≥ 100×", ratio(med('sch-heavy.schematron'), med('sch-heavy.subset1')), lambda x: x >= 100,
     with_cpu(lambda x: fx(x, 1), 'sch-heavy.schematron', 'sch-heavy.subset1')),
    ("3. xmllint --schematron ÷ stancheck, all-pass", "> 1×", ratio(med('sch-pass.schematron'), med('sch-pass.subset1')), lambda x: x > 1,
     with_cpu(lambda x: fx(x, 1), 'sch-pass.schematron', 'sch-pass.subset1')),
    (f"4. peak RSS, directory catalogue: {num(gen('dir-main').get('systems'))} vs {num(gen('dir-small').get('systems'))} systems "
     f"({mib(rss_main)} vs {mib(rss_small)})", "flat (≤ 1.25×)", ratio(rss_main, rss_small), lambda x: x <= 1.25, fx),
    (f"4. peak RSS ÷ size, single catalogue file ({mib(cat_bytes)})", "≤ 5×", ratio(rss('file-pass.audit1-catalogue'), cat_bytes), lambda x: x <= 5, fx),
    (f"4. the same, failure-heavy file ({mib(heavy_bytes)})", "≤ 5×", ratio(rss('file-heavy.audit1-catalogue'), heavy_bytes), lambda x: x <= 5, fx),
    ("5. --jobs 1 ÷ --jobs 2, directory catalogue", "≥ 1.8×", ratio(med('dir-main.audit1'), med('dir-main.audit2')), lambda x: x >= 1.8, fx),
    ("5. the same, single file", "≥ 1.8×", ratio(med('file-pass.audit1'), med('file-pass.audit2')), lambda x: x >= 1.8, fx),
    ("5. the same, failure-heavy file", "≥ 1.8×", ratio(med('file-heavy.audit1'), med('file-heavy.audit2')), lambda x: x >= 1.8, fx),
    ("5. (the machine's ceiling) 2 × one --jobs 1 run ÷ two such runs at once, dir-small", "(for reference)",
     ratio(2 * med('dir-small.audit1') if med('dir-small.audit1') else None, med('dir-small.pair1')), lambda x: True, fx),
    ("5. (the machine's ceiling) the same, file-pass", "(for reference)",
     ratio(2 * med('file-pass.audit1') if med('file-pass.audit1') else None, med('file-pass.pair1')), lambda x: True, fx),
    (f"6. load and check all shipped packs, in process ({packs.get('packs', 'n/a')} packs, {packs.get('rules', 'n/a')} rules)", "≤ 50 ms",
     packs_ms, lambda x: x <= 50, lambda x: f"{x:.1f} ms"),
    ("6. `stancheck rules lint rules/`, whole process", "(for reference)", (med('packs.lint') or 0) * 1000 or None, lambda x: True, lambda x: f"{x:.0f} ms"),
]
w("### Targets")
w("")
w("Wall-time ratios decide; the CPU-time ratio of the same runs is given in parentheses.")
w("")
w("| target | goal | measured | met |")
w("|---|---|---:|---|")
for name, goal, value, ok, show in targets:
    w(f"| {name} | {goal} | {'n/a' if value is None else show(value)} | {'n/a' if value is None else ('yes' if ok(value) else '**no**')} |")
w("")
bad = []
for i, rs in sorted(runs.items()):
    allowed = {0, 1} if ('audit' in i or 'subset' in i) else ({0, 3} if 'schematron' in i else {0})
    for _, _, rc, _ in rs:
        if rc not in allowed:
            bad.append(f"{i} exited {rc}")
            break
if bad:
    w("Unexpected exit codes (see the raw results): " + "; ".join(bad) + ".")
    w("")
block = "\n".join(L)

begin, end = "<!-- bench:begin (generated by bench/run.sh; edit outside these markers) -->", "<!-- bench:end -->"
try:
    text = open(out).read()
except OSError:
    text = ""
if begin in text and end in text:
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    text = head + begin + "\n" + block + "\n" + end + tail
else:
    text = ("# Performance\n\n## Results\n\n" + begin + "\n" + block + "\n" + end + "\n")
with open(out + ".tmp", "w") as f:
    f.write(text)
os.replace(out + ".tmp", out)
PY
log "wrote $OUT"
exit
}
