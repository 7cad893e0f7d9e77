#!/usr/bin/env bash
# DESIGN.md §8 benchmark: follow a container printing >= 100k lines/s for 30 s through logs -f, the stream pump and a
# loopback fake platform sink. Prints lines ingested/s, heap growth after GC (target < 64 MB), posts+edits per minute
# and the most calls in any window of the platform's rule (Slack 1/s, Discord 5/5 s), and whether the omitted count
# is exact (the container prints a number of lines known in advance).
# Usage: scripts/bench-follow.sh [SECONDS=30] [LINES_PER_SECOND=150000] [slack|discord]
#        (needs a running engine and the test image: scripts/test-env.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -B -q -ntp -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
    -pl benchmarks -am
exec java -Xmx512m -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
    dev.stevedore.bench.FollowBenchmark "$@"
