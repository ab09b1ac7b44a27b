#!/usr/bin/env bash
# One short check of the -Pcuda build on a GPU machine (about 5 minutes on 16 cores with a warm Maven repo):
#   1. the GPU (nvidia-smi) and whether nd4j-cuda-11.6 1.0.0-M2.1 has machine code for it,
#   2. ParameterAveragingTrainerTest under -Pcuda, and the ND4J backend it loaded,
#   3. LSTM language-model training steps/s (bench/run lstm-steps) on CUDA and on the CPU backend of the same
#      DL4J version (-Pdl4j-m21), with the ratio.
# Without a usable GPU it runs the CPU half and the -Pcuda compile, and says what it skipped.
#
# Maven runs offline (-o): the machine needs JDK 17, Maven 3.8+ and a local repository that already holds the
# -Pcuda and -Pdl4j-m21 dependencies and the build plugins. Make one on a machine with network access:
#   bench/gpu-check.sh --prepare-repo DIR      (about 1.2 GB; 3 GB with GPU_CHECK_REDIST=1)
# then run with M2_REPO=DIR. Environment:
#   M2_REPO=DIR          local Maven repository to use (default: Maven's, ~/.m2/repository)
#   GPU_CHECK_REDIST=1   add -Pcuda-redist (bytedeco's CUDA 11.6 libraries, a 1.83 GB jar) for machines without
#                        a system CUDA 11.6 (libcublas.so.11, libcusolver.so.11)
#   GPU_CHECK_FORCE=1    try the GPU even when its compute capability has no machine code in the backend
#   SMALL_STEPS=300 LARGE_STEPS=100   LSTM steps timed per size
# Output: bench/target/gpu-check/ (or $OUT when set): gpu-check.log and summary.txt.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
redist=""
[[ "${GPU_CHECK_REDIST:-0}" == 1 ]] && redist=",cuda-redist"
repo=()
[[ -n "${M2_REPO:-}" ]] && repo=("-Dmaven.repo.local=$M2_REPO")

if [[ "${1:-}" == "--prepare-repo" ]]; then
  dir="$(mkdir -p "$2" && cd "$2" && pwd)"
  set -e
  # CPU test run: plugins, surefire's JUnit provider, core M2.1 + nd4j-native M2.1.
  mvn -B -Dmaven.repo.local="$dir" -Pdl4j-m21 -pl engines,models,pipelines -am test \
    -Dtest=ParameterAveragingTrainerTest -Dsurefire.failIfNoSpecifiedTests=false
  # The CUDA backend (601 MB jar) and everything bench needs, without running anything.
  mvn -B -Dmaven.repo.local="$dir" -Pcuda"$redist" -pl bench -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=/dev/null
  du -sh "$dir"
  exit 0
fi

out="${OUT:-$root/bench/target/gpu-check}"
work="$root/bench/target/gpu-check"
mkdir -p "$out" "$work"
log="$out/gpu-check.log"
summary="$out/summary.txt"
: >"$summary"
exec > >(tee -a "$log") 2>&1
note() { echo "$*" | tee -a "$summary"; }
mvn_o() { mvn -B -o -q "${repo[@]}" "$@"; }

note "== gpu-check $(date -u +%FT%TZ) on $(hostname), $(nproc) cores"
v="$(java -version 2>&1)" || { note "java not found: install JDK 17"; exit 2; }
note "${v%%$'\n'*}"
v="$(mvn -B -v 2>/dev/null)" || { note "mvn not found: install Maven 3.8+"; exit 2; }
note "$(echo "${v%%$'\n'*}" | sed 's/\x1b\[[0-9;]*m//g')"

# nd4j-cuda-11.6 1.0.0-M2.1's libnd4jcuda.so carries SASS for sm_37,50,52,60,61,70,75,80,86 and no PTX, so
# it runs on compute capability 3.7 to 8.9 (8.9 runs the 8.6 code) and not on 9.x (Hopper: H100, H200) or newer.
gpu=1
if ! nvidia-smi --query-gpu=name,compute_cap,driver_version,memory.total --format=csv,noheader >"$work/gpu.txt" 2>&1; then
  note "no usable nvidia-smi: $(head -1 "$work/gpu.txt"); CUDA steps skipped"
  gpu=0
else
  note "GPU: $(head -1 "$work/gpu.txt")"
  nvidia-smi | tee -a "$log" >/dev/null
  cap="$(head -1 "$work/gpu.txt" | cut -d, -f2 | tr -d ' ')"
  if [[ "${cap%%.*}" -ge 9 && "${GPU_CHECK_FORCE:-0}" != 1 ]]; then
    note "compute capability $cap: nd4j-cuda-11.6 1.0.0-M2.1 has no code for it (sm_37..sm_86, no PTX);"
    note "CUDA steps skipped (GPU_CHECK_FORCE=1 tries anyway)"
    gpu=0
  fi
fi

lstm() { # $1 = label, $2 = classpath file
  timeout 240 java -Xmx6g @conf/jvm.options -Dlog4j2.configurationFile=conf/log4j2.properties \
    -cp "bench/target/classes:$(cat "$2")" dev.dlpipe.bench.Bench lstm-steps --size small \
    --steps "${SMALL_STEPS:-300}" >"$work/lstm-$1.txt" 2>&1
  timeout 240 java -Xmx6g @conf/jvm.options -Dlog4j2.configurationFile=conf/log4j2.properties \
    -cp "bench/target/classes:$(cat "$2")" dev.dlpipe.bench.Bench lstm-steps --size large \
    --steps "${LARGE_STEPS:-100}" >>"$work/lstm-$1.txt" 2>&1
  echo "exit $?" >>"$work/lstm-$1.txt"
  cat "$work/lstm-$1.txt" >>"$log"
  grep -m1 '^ND4J backend' "$work/lstm-$1.txt" | cut -c1-160 | sed "s/^/[$1] /" | tee -a "$summary"
  grep '^lstm-steps' "$work/lstm-$1.txt" | sed "s/^/[$1] /" | tee -a "$summary"
}

SECONDS=0
note "-- build -Pcuda$redist (core 1.0.0-M2.1, dl4j-spark 1.0.0-M2, nd4j-cuda-11.6)"
if ! mvn_o -Pcuda"$redist" -pl bench -am compile dependency:build-classpath \
  -Dmdep.outputFile="$work/cp-cuda.txt" -Dmdep.includeScope=compile; then
  note "-Pcuda build FAILED (see $log)"
  exit 1
fi
note "   built in ${SECONDS}s"

if [[ $gpu == 1 ]]; then
  SECONDS=0
  note "-- ParameterAveragingTrainerTest under -Pcuda$redist"
  timeout 300 mvn -B -o "${repo[@]}" -Pcuda"$redist" -pl engines,models,pipelines -am test \
    -Dtest=ParameterAveragingTrainerTest -Dsurefire.failIfNoSpecifiedTests=false >"$work/test-cuda.txt" 2>&1
  rc=$?
  cat "$work/test-cuda.txt" >>"$log"
  reports=pipelines/target/surefire-reports
  grep -E 'Tests run:|BUILD' "$work/test-cuda.txt" | tail -2 | tee -a "$summary"
  grep -hE 'Loaded \[.*Backend\]|Backend used|Device Name|CUDA device|compute capability|Exception|Error:' \
    "$reports"/*ParameterAveragingTrainerTest*-output.txt 2>/dev/null | sort -u | head -12 | tee -a "$summary"
  note "   test exit $rc in ${SECONDS}s"
  SECONDS=0
  note "-- LSTM steps on CUDA"
  lstm cuda "$work/cp-cuda.txt"
  note "   in ${SECONDS}s"
fi

SECONDS=0
note "-- build -Pdl4j-m21 (CPU backend, same DL4J version) and LSTM steps on CPU"
if mvn_o -Pdl4j-m21 -pl bench -am compile dependency:build-classpath \
  -Dmdep.outputFile="$work/cp-cpu.txt" -Dmdep.includeScope=compile; then
  lstm cpu "$work/cp-cpu.txt"
else
  note "-Pdl4j-m21 build FAILED (see $log)"
fi
note "   in ${SECONDS}s"

if [[ $gpu == 1 ]]; then
  for size in small large; do
    c="$(grep "^lstm-steps $size" "$work/lstm-cuda.txt" | grep -oE '[0-9.]+ ms/step' | cut -d' ' -f1)"
    p="$(grep "^lstm-steps $size" "$work/lstm-cpu.txt" | grep -oE '[0-9.]+ ms/step' | cut -d' ' -f1)"
    [[ -n "$c" && -n "$p" ]] && note "$size: CPU $p ms/step, CUDA $c ms/step, CUDA speed-up $(awk "BEGIN{printf \"%.2f\", $p / $c}")x"
  done
fi
note "== done; log: $log"
