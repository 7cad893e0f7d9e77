#!/usr/bin/env bash
# DESIGN.md §8 benchmark: container death -> notification posted, p99 < 500 ms.
# Containers are killed at a steady rate on the real engine; the exit watcher posts each alert to a fake chat
# platform (a JDK HTTP server on 127.0.0.1); latency = engine's die event time (timeNano) -> alert received.
# Usage: scripts/bench-exit-alerts.sh [CONTAINERS=200] [KILLS_PER_SECOND=10]   (needs scripts/test-env.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -B -q -ntp -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
    -pl benchmarks -am
exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
    dev.stevedore.bench.ExitAlertBenchmark "$@"
