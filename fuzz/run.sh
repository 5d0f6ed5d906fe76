#!/usr/bin/env bash
# Time-bounded fuzzing of the loaders, the SPARQL guard and parameter binding.
# Usage: fuzz/run.sh [SECONDS] [extra arguments for fuzz/wpskg_fuzz.py]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
exec "${PYTHON:-python3}" fuzz/wpskg_fuzz.py --seconds "$seconds" "$@"
