#!/bin/sh
# The CRLs mtls-sim exports (crl.pem, RFC 5280 §5), read and checked by the
# openssl CLI: the signature verifies with ca.pem; `openssl verify
# -crl_check` accepts the client certificate in the default run, says
# "certificate revoked" in revoked-client-cert and "CRL has expired" in
# stale-crl, as the program's own server decided in the same runs.
# Run from the repository root after `make mtls-sim`. MTLS_SIM names another
# binary (default ./mtls-sim).
set -eu
bin=${MTLS_SIM:-./mtls-sim}
clock=1736935200 # the seeded clock: 2025-01-15 10:00:00 UTC
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
fail() { echo "check_crl: FAIL: $*" >&2; exit 1; }
ok() { echo "  ok: $*"; }
n=0

[ -x "$bin" ] || fail "$bin is not built"
command -v openssl >/dev/null || fail "openssl is not installed (make deps)"

# export one run; $1 the scenario ("" none), $2 its exit status
export_run() {
    rm -rf "$d/e"
    rc=0
    if [ -n "$1" ]; then
        "$bin" --batch --seed 7 --scenario "$1" --export "$d/e" >"$d/out" 2>"$d/err" || rc=$?
    else
        "$bin" --batch --seed 7 --export "$d/e" >"$d/out" 2>"$d/err" || rc=$?
    fi
    [ "$rc" -eq "$2" ] || fail "--scenario '$1' --export: exit $rc, want $2: $(cat "$d/err")"
    [ -s "$d/e/crl.pem" ] || fail "--scenario '$1': no crl.pem"
    mode=$(stat -c %a "$d/e/crl.pem")
    [ "$mode" = 644 ] || fail "crl.pem has mode $mode, want 644 (it holds no secret)"
}

export_run "" 0
openssl crl -in "$d/e/crl.pem" -CAfile "$d/e/ca.pem" -verify -noout >"$d/v" 2>&1 ||
    fail "openssl crl -verify: $(cat "$d/v")"
grep -q 'verify OK' "$d/v" || fail "openssl crl -verify did not say verify OK: $(cat "$d/v")"
ok "openssl crl -CAfile ca.pem -verify: the CRL's Ed25519 signature verifies"; n=$((n + 1))
openssl crl -in "$d/e/crl.pem" -noout -text >"$d/t" 2>&1 || fail "openssl crl -text: $(cat "$d/t")"
for want in 'Version 2 (0x1)' 'Signature Algorithm: ED25519' 'CN = mtls-sim Classroom CA' \
    'Last Update: Jan 15 09:00:00 2025 GMT' 'Next Update: Jan 22 09:00:00 2025 GMT' \
    'X509v3 Authority Key Identifier' 'X509v3 CRL Number' 'No Revoked Certificates.'; do
    grep -q "$want" "$d/t" || fail "openssl crl -text lacks '$want': $(cat "$d/t")"
done
ok "openssl crl -text: v2, Ed25519, the CA as issuer, thisUpdate/nextUpdate, AKID, CRL number"
n=$((n + 1))
openssl verify -attime "$clock" -crl_check -CRLfile "$d/e/crl.pem" -CAfile "$d/e/ca.pem" \
    "$d/e/client.pem" >"$d/v" 2>&1 || fail "openssl verify -crl_check client.pem: $(cat "$d/v")"
ok "openssl verify -crl_check: client.pem is not revoked"; n=$((n + 1))

export_run revoked-client-cert 1
grep -q 'certificate_revoked (44)' "$d/out" || fail "revoked-client-cert: no certificate_revoked"
serial=$(openssl x509 -in "$d/e/client.pem" -noout -serial | cut -d= -f2)
openssl crl -in "$d/e/crl.pem" -noout -text >"$d/t" 2>&1
grep -qi "Serial Number: $serial" "$d/t" || fail "the CRL does not list the client's serial $serial"
if openssl verify -attime "$clock" -crl_check -CRLfile "$d/e/crl.pem" -CAfile "$d/e/ca.pem" \
    "$d/e/client.pem" >"$d/v" 2>&1; then
    fail "openssl verify accepted the revoked client.pem"
fi
grep -q 'certificate revoked' "$d/v" || fail "openssl verify did not say revoked: $(cat "$d/v")"
ok "revoked-client-cert: the CRL lists serial $serial; openssl verify: certificate revoked"
n=$((n + 1))

export_run stale-crl 1
grep -q 'certificate_unknown (46)' "$d/out" || fail "stale-crl: no certificate_unknown"
if openssl verify -attime "$clock" -crl_check -CRLfile "$d/e/crl.pem" -CAfile "$d/e/ca.pem" \
    "$d/e/client.pem" >"$d/v" 2>&1; then
    fail "openssl verify accepted a stale CRL"
fi
grep -q 'CRL has expired' "$d/v" || fail "openssl verify did not say CRL has expired: $(cat "$d/v")"
ok "stale-crl: openssl verify -crl_check: CRL has expired (X509_V_ERR_CRL_HAS_EXPIRED)"
n=$((n + 1))

"$bin" --batch --seed 7 --scenario stale-crl --revocation soft >"$d/out" 2>&1 ||
    fail "stale-crl --revocation soft did not complete: $(tail -3 "$d/out")"
grep -q 'WARN  client certificate: revocation: CRL up to date' "$d/out" ||
    fail "stale-crl --revocation soft: no WARN line"
ok "stale-crl --revocation soft: completes, with the warning on screen"; n=$((n + 1))

[ "$n" -eq 6 ] || fail "ran $n checks, want 6"
echo "check_crl: all passed ($n checks)"
