#!/bin/sh
# Run each unit-test program; every one must pass. cmocka prints its own
# "[  PASSED  ] N test(s)." lines; the last line sums the tests of all programs.
# A program that prints no cmocka summary did not run its tests (it died, or
# is not a cmocka program) and counts as failed, and so does a run that was
# given no program at all.
set -u
tests=0 failed=0 bad=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
[ "$#" -gt 0 ] || { echo "${STAGE:-unit}: no test program was given" >&2; echo "${STAGE:-unit}: 0 passed, 1 failed"; exit 1; }
for t in "$@"; do
    "$t" >"$log" 2>&1
    rc=$?
    cat "$log"
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
    tests=$((tests + ${p:-0}))
    failed=$((failed + ${f:-0}))
    if [ "$rc" -ne 0 ] || [ "${p:-0}" -eq 0 ]; then
        bad=$((bad + 1))
        [ -n "$f" ] || failed=$((failed + 1)) # it died before cmocka could count
        echo "FAILED: $t (exit $rc, ${p:-no} tests passed)" >&2
    fi
done
echo "${STAGE:-unit}: $tests passed, $failed failed"
[ "$bad" -eq 0 ] && [ "$tests" -ge "$#" ]
