#!/bin/sh
# The OpenSSL catalogue of src/model/failure.c against the installed
# OpenSSL: every X509_V_ERR_ name it gives is defined in
# <openssl/x509_vfy.h> with the number it gives, and the text it gives is
# the one `openssl verify` prints for that number (checked for the errors a
# run's export makes openssl report: expired, not yet valid, revoked, CRL
# has expired). Needs libssl-dev (the header) and openssl (make deps).
set -eu
h=/usr/include/openssl/x509_vfy.h
src=src/model/failure.c
fail() { echo "check_openssl_names: FAIL: $*" >&2; exit 1; }
[ -r "$h" ] || fail "$h is missing (make deps installs libssl-dev)"
[ -r "$src" ] || fail "run from the repository root"
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
# each row: { ERR_x, "X509_V_ERR_NAME", number, "text", ...
tr '\n' ' ' <"$src" | grep -o '"X509_V_ERR_[A-Z_]*", [0-9]*, *"[^"]*"' >"$d/rows" || true
n=$(wc -l <"$d/rows")
[ "$n" -ge 13 ] || fail "found $n catalogue rows in $src, want at least 13"
while IFS= read -r row; do
    name=$(printf '%s' "$row" | sed 's/^"\([A-Z_0-9]*\)".*/\1/')
    num=$(printf '%s' "$row" | sed 's/^"[A-Z_0-9]*", \([0-9]*\),.*/\1/')
    grep -Eq "^# *define $name $num\$" "$h" || fail "$name is not $num in $h: $(grep -E "define $name " "$h")"
done <"$d/rows"
echo "  ok: $n names and numbers match $h"
bin=${MTLS_SIM:-./mtls-sim}
[ -x "$bin" ] || fail "$bin is not built"
clock=1736935200
checked=0
for sc in short-lived:10 clock-skew:9 revoked-client-cert:23 stale-crl:12; do
    name=${sc%%:*} num=${sc##*:}
    rm -rf "$d/e"
    "$bin" --batch --seed 2 --scenario "$name" --export "$d/e" >/dev/null 2>&1 || true
    # clock-skew: the server's clock is 10 minutes behind
    at=$clock
    [ "$name" = clock-skew ] && at=$((clock - 600))
    openssl verify -attime "$at" -crl_check -CRLfile "$d/e/crl.pem" -CAfile "$d/e/ca.pem" \
        "$d/e/client.pem" >"$d/v" 2>&1 && fail "$name: openssl verify accepted client.pem"
    text=$(sed -n "s/^error $num at 0 depth lookup: //p" "$d/v")
    [ -n "$text" ] || fail "$name: openssl did not report error $num: $(cat "$d/v")"
    grep -q "\"X509_V_ERR_[A-Z_]*\", $num, *\"$text\"" "$d/rows" ||
        fail "$name: openssl says '$text' for $num; the catalogue does not"
    checked=$((checked + 1))
done
echo "  ok: $checked texts are the ones openssl verify prints (10, 9, 23, 12)"
echo "check_openssl_names: all passed"
