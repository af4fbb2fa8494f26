#!/bin/sh
# Checks from outside: each tests/check_*.sh drives the real binary and the
# real openssl, tshark and tmux, and exits non-zero on the first wrong answer.
# A check that cannot run its tool fails; it never skips. Each script counts
# as one case; the stage fails if it found none.
set -u
pass=0 fail=0 given=0
for c in tests/check_*.sh; do
    [ -f "$c" ] || continue
    given=$((given + 1))
    echo "== $c"
    if sh "$c" </dev/null; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAILED: $c" >&2; fi
done
echo "tools: $pass passed, $fail failed"
[ "$given" -gt 0 ] && [ "$fail" -eq 0 ] && [ "$pass" -eq "$given" ]
