#!/usr/bin/env bash
# DESIGN.md §8 / CASES.md P22 benchmark: Discord interaction → defer-callback latency of /docker ps interactions sent
# by a loopback fake Discord to the real JDA while every engine call is stalled 10 s. Prints p50/p90/p99/max;
# target p99 < 100 ms.
# Usage: scripts/bench-discord-ack.sh [INTERACTIONS=200] [GAP_MS=5]   (needs a running engine: scripts/test-env.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -B -q -ntp -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
    -pl benchmarks -am
exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" dev.stevedore.bench.DiscordAckBenchmark "$@"
