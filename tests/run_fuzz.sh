#!/bin/sh
# The fuzz smoke run of make test: each libFuzzer target given runs RUNS
# seeded inputs. A target passes only when libFuzzer itself says it finished
# all of them ("Done RUNS runs"); a crash, a sanitizer report or a target that
# never started fails the stage.
set -u
runs=${FUZZ_RUNS:-4000}
pass=0 fail=0
[ "$#" -gt 0 ] || { echo "fuzz smoke: no target was given" >&2; echo "fuzz: 0 passed, 1 failed"; exit 1; }
for f in "$@"; do
    name=${f##*/}
    corpus=build/corpus-$name
    log=build/$name.log
    mkdir -p "$corpus"
    "$f" -seed=1 -runs="$runs" -max_len=2048 "$corpus" >"$log" 2>&1 </dev/null
    rc=$?
    done=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
    if [ "$rc" -eq 0 ] && [ "${done:-0}" -eq "$runs" ]; then
        pass=$((pass + 1))
        echo "fuzz smoke: $name: $done runs, no crash"
    else
        fail=$((fail + 1))
        tail -30 "$log" >&2
        echo "FAILED: $name (exit $rc, ${done:-no} runs done of $runs)" >&2
    fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -eq "$#" ]
