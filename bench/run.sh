#!/usr/bin/env bash
# bench/run.sh SUITE [args]: the one entry point for the project's benchmarks.
# Suites: runtime, hash, index, search, files, watch, all. Prints `name: value unit` per figure.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Bench/Bench.csproj -c Release -o bench/out/bin -v q -nologo >/dev/null
exec dotnet bench/out/bin/Spacedrive.Bench.dll "$@"
