#!/usr/bin/env bash
# DESIGN.md §8 benchmark: `ps -a` over N containers through the command bus in-process vs the docker CLI.
# Usage: scripts/bench-ps.sh [CONTAINERS=300] [ROUNDS=30]   (needs a running engine: scripts/test-env.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -B -q -ntp -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
    -pl benchmarks -am
exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" dev.stevedore.bench.PsBenchmark "$@"
