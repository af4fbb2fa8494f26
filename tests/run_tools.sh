#!/bin/sh
# Checks from outside: each tests/check_*.sh drives the real binary and the
# real openssl, tshark and tmux, and exits non-zero on the first wrong answer.
set -u
pass=0 fail=0
for c in tests/check_*.sh; do
    [ -f "$c" ] || continue
    echo "== $c"
    if sh "$c"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAILED: $c" >&2; fi
done
echo "tools: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
