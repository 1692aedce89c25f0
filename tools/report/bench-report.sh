#!/usr/bin/env bash
# Times `workbench report` over N run folders (default 1000): copies of one real run folder (its config.yaml,
# status.json, metrics.json, steps.csv, epochs.csv, model/provenance.json), spread over 30 experiment folders as a
# results folder of a study-sized project would be. Run from the repository root after `mvn -DskipTests package`:
#   tools/report/bench-report.sh results/demo/<run-id> [N]
# Prints the report command's own timing line and the wall time of the whole command (JVM start included).
set -euo pipefail
src=${1:?usage: tools/report/bench-report.sh RUN_DIR [N]}
n=${2:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 "$n"); do
  d="$work/results/experiment-$((i % 30))/run-$(printf %05d "$i")"
  mkdir -p "$d/model"
  cp "$src"/config.yaml "$src"/status.json "$src"/metrics.json "$src"/steps.csv "$src"/epochs.csv "$d"/
  [ -f "$src/model/provenance.json" ] && cp "$src/model/provenance.json" "$d/model/"
done
echo "$n run folders from $src ($(wc -l < "$src/steps.csv") lines of steps.csv each)"
start=$(date +%s.%N)
./workbench report "$work/results" --out "$work/report"
end=$(date +%s.%N)
echo "wall $(echo "$end - $start" | bc) s, $(ls "$work/report/pages" | wc -l) pages, $(du -sh "$work/report" | cut -f1)"
