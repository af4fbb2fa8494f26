#!/bin/sh
# make bench: figures for the README. Public tools only. Not part of make test.
set -eu
make -s build/bench >/dev/null
echo "== handshake cost against its cryptographic floor"
build/bench 40
echo "== whole process: mtls-sim --batch --seed 1 > /dev/null"
n=20
t0=$(date +%s%N)
i=0
while [ $i -lt $n ]; do ./mtls-sim --batch --seed 1 >/dev/null; i=$((i + 1)); done
t1=$(date +%s%N)
awk -v ns=$((t1 - t0)) -v n=$n 'BEGIN { printf "batch_process_ms: %.2f\n", ns / n / 1e6 }'
if [ -f tests/bench_tui.sh ]; then
    echo "== interface"
    sh tests/bench_tui.sh
fi
