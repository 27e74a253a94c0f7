#!/usr/bin/env bash
# html_screenshot.sh — renders the HTML audit report in headless Chromium and checks it: the page
# loads with no script error, no console error and no blocked request, and the verdict matrix is
# drawn; for a 100,000-system catalogue too. Screenshots are left in the output dir to look at.
#
# Usage: tests/html_screenshot.sh [TEST_BINARY] [OUT_DIR]
#   TEST_BINARY  the doctest binary (default: $STANCHECK_TESTS or build/stancheck_tests)
#   OUT_DIR      where the HTML files and screenshots go (default: a fresh temp dir)
# Exits 0 with "SKIP" when no Chromium is installed (Debian: apt-get install chromium).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-${STANCHECK_TESTS:-$root/build/stancheck_tests}}
out=${2:-$(mktemp -d /tmp/stancheck-html.XXXXXX)}
browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
  echo "SKIP: no chromium found (apt-get install -y chromium)"
  exit 0
fi
[ -x "$bin" ] || { echo "no test binary at $bin (build stancheck_tests first)" >&2; exit 2; }
mkdir -p "$out"
STANCHECK_HTML_OUT="$out" "$bin" -tc='html report files*' >/dev/null

flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --hide-scrollbars
       --enable-logging=stderr --v=0 --virtual-time-budget=20000)
fail=0
for page in sample large; do
  html="$out/$page.html"
  dom="$out/$page.dom.html"
  log="$out/$page.log"
  "$browser" "${flags[@]}" --dump-dom "file://$html" >"$dom" 2>"$log" || true
  "$browser" "${flags[@]}" --window-size=1400,2400 --screenshot="$out/$page.png" "file://$html" \
    >/dev/null 2>>"$log" || true
  problems=()
  grep -q '<html[^>]* data-ready="' "$dom" || problems+=("the script did not finish (no data-ready)")
  if grep -q 'data-error="' "$dom"; then problems+=("script error: $(grep -o 'data-error="[^"]*"' "$dom")"); fi
  grep -q '<td class="v[0-4]"' "$dom" || problems+=("no verdict matrix cell rendered")
  if grep -Eiq 'Uncaught|CONSOLE\(.*\)\] "[^"]*(error|refused)|Refused to (load|connect|execute|apply)' "$log"; then
    problems+=("console: $(grep -Ei 'Uncaught|CONSOLE|Refused to' "$log" | head -3)")
  fi
  [ -s "$out/$page.png" ] || problems+=("no screenshot")
  if [ ${#problems[@]} -eq 0 ]; then
    echo "ok: $page.html ($(wc -c <"$html") bytes) rendered; screenshot $out/$page.png"
  else
    fail=1
    echo "FAIL: $page.html"
    printf '  %s\n' "${problems[@]}"
  fi
done
# Drill-down: opening #system=ID shows that system's findings with clause, fix and waiver.
dom="$out/drilldown.dom.html"
"$browser" "${flags[@]}" --dump-dom "file://$out/sample.html#system=FRA-UAV-0001" >"$dom" 2>/dev/null || true
if grep -q 'waived by W-2026-001 (not counted)' "$dom" && grep -q 'clause: STANAG 5516' "$dom" &&
   grep -q 'fix: declare the operating band' "$dom"; then
  echo "ok: drill-down for FRA-UAV-0001 shows clauses, fix hints and the waiver"
else
  fail=1
  echo "FAIL: drill-down for FRA-UAV-0001 not rendered"
fi
exit $fail
