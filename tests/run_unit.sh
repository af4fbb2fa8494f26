#!/bin/sh
# Run each unit-test program; every one must pass. cmocka prints its own
# "[  PASSED  ] N test(s)." lines; the last line sums the tests of all programs.
set -u
tests=0 failed=0 bad=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t in "$@"; do
    "$t" >"$log" 2>&1
    rc=$?
    cat "$log"
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
    tests=$((tests + ${p:-0}))
    failed=$((failed + ${f:-0}))
    if [ "$rc" -ne 0 ]; then
        bad=$((bad + 1))
        [ -n "$f" ] || failed=$((failed + 1)) # it died before cmocka could count
        echo "FAILED: $t (exit $rc)" >&2
    fi
done
echo "unit: $tests passed, $failed failed"
[ "$bad" -eq 0 ]
