#!/usr/bin/env bash
# Where the CPU goes while the benchmark runs: a system-wide perf profile, split by process and, inside the services, by
# the library whose code was running (docs/benchmark.md, "Where a warm order's CPU goes").
#
#   DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 tests/OrderSystem.Benchmarks/system.sh up
#   eval "$(tests/OrderSystem.Benchmarks/system.sh env)"
#   dotnet run -c Release --project tests/OrderSystem.Benchmarks -- --duration 60 --clients 16 --only closed
#   tests/OrderSystem.Benchmarks/profile.sh 20      # in a second shell, once the closed loop has started
#
# The two variables let perf name JIT-compiled methods (a perf map per process; W^X double-mapping hides the code from
# perf otherwise). Writing the map slows the JIT, so profile warm services only. Needs perf (Debian: linux-perf) and root
# or kernel.perf_event_paranoid <= 0 for a system-wide profile.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seconds="${1:-20}"
out="${PROFILE_DIR:-$here/results/profile-$(date +%Y%m%d-%H%M%S)}"
command -v perf >/dev/null || { echo "perf is not installed (Debian: apt-get install linux-perf)" >&2; exit 1; }
mkdir -p "$out"

# Name the processes now: services may be gone by the time the samples are read.
for dir in /proc/[0-9]*; do
  pid="${dir#/proc/}"
  cmd="$({ tr '\0' ' ' <"$dir/cmdline"; } 2>/dev/null || true)"  # a process may end while we look
  case "$cmd" in
    *OrderSystem.Benchmarks*) name=benchmark ;;
    *OrderSystem.*.dll*) name="$(grep -o 'OrderSystem\.[A-Za-z]*\.dll' <<<"$cmd" | head -1 | cut -d. -f2)" ;;
    *beam.smp*) name=rabbitmq ;;
    *postgres*) name=postgresql ;;
    *) continue ;;
  esac
  printf '%s\t%s\n' "$pid" "$name"
done >"$out/processes.tsv"

echo "recording every CPU for $seconds s into $out/perf.data" >&2
perf record -F 499 -g -a -o "$out/perf.data" -- sleep "$seconds" 2>"$out/perf-record.log" >/dev/null
perf script -i "$out/perf.data" -F comm,pid,ip,sym,dso 2>/dev/null \
  | python3 "$here/perf_by_library.py" "$out/processes.tsv" | tee "$out/summary.txt"
