#!/usr/bin/env bash
# Issue #11's measurements in one run: throughput next to a bare Kestrel endpoint (wrk and a .NET client),
# latency at half the /greet rate (open loop), memory per idle conversation and per event, disk, cold start.
# Installs wrk (Debian package) and dotnet-gcdump (a .NET tool, for the GC heap figures) when missing, builds
# Release, and prints Markdown tables ready for docs/benchmarks.md.
#
#   bench/throughput.sh                                   # the default run (~10 minutes on 2 idle cores)
#   bench/throughput.sh --server /path/to/RasaOrleans.Server.dll --collection-age 00:02:00 --soak 120
#
# Every option goes to every mode (a mode ignores the ones it does not know): --server, --collection-age;
# throughput: --duration 8 --rounds 2 --connections 32 --conversations 1000 --latency-duration 15;
# memory: --idle-conversations 20000 --idle-wait (collection age + 70 s) --soak 60 --soak-conversations 2000
#         --after-wait (as --idle-wait); coldstart: --starts 5.
# ONLY=throughput|memory|coldstart runs one mode.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null; then
  sudo_cmd=""
  if [ "$(id -u)" != 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update && $sudo_cmd apt-get install -y wrk
fi

tools="${TMPDIR:-/tmp}/rasa-orleans-bench-tools"
if [ ! -x "$tools/dotnet-gcdump" ]; then
  dotnet tool install dotnet-gcdump --version 10.0.750501 --tool-path "$tools" >/dev/null \
    || echo "dotnet-gcdump could not be installed: GC heap figures are left out"
fi
gcdump=()
if [ -x "$tools/dotnet-gcdump" ]; then gcdump=(--gcdump "$tools/dotnet-gcdump"); fi

dotnet build -c Release src/RasaOrleans.Server -v q -nologo
dotnet build -c Release bench/RasaOrleans.Benchmarks -v q -nologo
bench=bench/RasaOrleans.Benchmarks/bin/Release/net10.0/RasaOrleans.Benchmarks.dll

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
for mode in throughput memory coldstart; do
  if [ -n "${ONLY:-}" ] && [ "$ONLY" != "$mode" ]; then continue; fi
  echo
  echo "## $mode"
  if [ "$mode" = memory ]; then
    dotnet "$bench" "$mode" "${gcdump[@]}" "$@"
  else
    dotnet "$bench" "$mode" "$@"
  fi
done
echo
echo "finished $(date -u '+%H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
