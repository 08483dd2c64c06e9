#!/usr/bin/env bash
# Scaling figures of Benchmarks/README.md ("Scale"): builds drai-scale and the reference kernels
# (../shared/reference-kernels, copied to a temporary folder) with the same flags, then runs
# them one after the other, twice, so that each product figure has its kernel figure from the
# same run. Usage: bash Benchmarks/scale.sh [portable|native]
set -euo pipefail
cd "$(dirname "$0")"
flavour="${1:-portable}"
flags=()
scratch=.build
if [ "$flavour" = native ]; then
  flags=(-Xswiftc -target-cpu -Xswiftc native -Xswiftc -DDRAI_FMA)
  scratch=.build-native
fi
reference="${REFERENCE_KERNELS:-../../shared/reference-kernels}"
[ -d "$reference" ] || { echo "reference kernels not found at $reference (set REFERENCE_KERNELS)"; exit 1; }
work=$(mktemp -d)
cp -r "$reference" "$work/rk"
kernel_flags=()
[ "$flavour" = native ] && kernel_flags=(-Xswiftc -target-cpu -Xswiftc native -Xswiftc -DUSE_FMA)
(cd "$work/rk" && swift build -c release --scratch-path .b "${kernel_flags[@]}" >/dev/null)
swift build -c release --product drai-scale --scratch-path "$scratch" "${flags[@]}" >/dev/null
echo "# $flavour build, $(date -u +%Y-%m-%dT%H:%MZ), $(lscpu | sed -n 's/^Model name: *//p')"
for round in 1 2; do
  echo "# round $round"
  CALIB_CPU=1 "$work/rk/.b/release/calib" quick
  "$scratch/release/drai-scale" "${@:2}"
done
rm -rf "$work"
