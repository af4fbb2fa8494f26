#!/bin/sh
# Every unit test, and the program's batch mode, under valgrind memcheck:
# any error or leak fails the run.
set -u
pass=0 fail=0
# run OK_MAX CMD...: CMD under valgrind; 99 is valgrind's own verdict, exit
# statuses up to OK_MAX are the program's (mtls-sim exits 1 when a scenario
# ends the handshake with an alert; a unit test must exit 0).
run() {
    ok_max=$1; shift
    valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible "$@" >/dev/null 2>build/valgrind.log
    rc=$?
    if [ "$rc" -le "$ok_max" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)); echo "valgrind FAILED (exit $rc): $*" >&2; tail -30 build/valgrind.log >&2
    fi
}
export TAMPER_STRIDE=37 # the tamper test flips every 37th byte under valgrind, every byte elsewhere
for t in "$@"; do run 0 "$t"; done
if [ -x ./mtls-sim ]; then
    run 1 ./mtls-sim --version
    if ./mtls-sim --help | grep -q -- '--batch'; then
        run 1 ./mtls-sim --batch --seed 1
        run 1 ./mtls-sim --batch --seed 2 --format json --ems
        run 1 ./mtls-sim --batch --seed 3 --kx transport --scenario key-leak
        run 1 ./mtls-sim --batch --seed 1 --format markdown
        run 1 ./mtls-sim --seed 1 --keys "nnnnnnn<enter>eq" --screen-dump build/valgrind-screen.txt
        run 1 ./mtls-sim --seed 1 --keys "snnn<enter>mcaiq" --screen-dump build/valgrind-screen.txt
        run 1 ./mtls-sim --seed 1 --scenario key-leak --kx transport --keys "Ge<enter>q" \
            --screen-dump build/valgrind-screen.txt
    fi
fi
echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
