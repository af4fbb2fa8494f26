#!/bin/sh
# Run each unit-test binary; every one must pass. cmocka prints its own
# "[  PASSED  ] N test(s)." lines; the last line here sums them up.
set -u
pass=0 fail=0
for t in "$@"; do
    if "$t"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAILED: $t" >&2; fi
done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
