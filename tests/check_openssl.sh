#!/bin/sh
# Our certificates against the openssl CLI, both ways:
#  (a) what mtls-sim exports, openssl parses and verifies, keys and all;
#  (b) what openssl makes, our parser and verifier (build/tool_certcheck)
#      accept, and what it makes with RSA or P-256 keys, we refuse.
# Run from the repository root after `make mtls-sim build/tool_certcheck`.
# MTLS_SIM names another binary to export with (default ./mtls-sim).
set -eu
bin=${MTLS_SIM:-./mtls-sim}
tool=build/tool_certcheck
clock=1736935200 # the seeded clock: 2025-01-15 10:00:00 UTC
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
fail() { echo "check_openssl: FAIL: $*" >&2; exit 1; }
ok() { echo "  ok: $*"; }

[ -x "$bin" ] || fail "$bin is not built"
[ -x "$tool" ] || fail "$tool is not built"

echo "(a) the exported classroom PKI, read by openssl"
"$bin" --seed 7 --export "$d/e" >/dev/null 2>"$d/err" || fail "--seed 7 --export: $(cat "$d/err")"
for f in ca.pem server.pem client.pem server.key client.key server-chain.pem client-chain.pem \
    server-root.pem client-root.pem ca-server-issuing.pem ca-client-issuing.pem; do
    [ -s "$d/e/$f" ] || fail "export did not write $f"
done
for c in ca server client; do
    openssl x509 -noout -text -in "$d/e/$c.pem" >"$d/$c.txt" 2>"$d/err" ||
        fail "openssl cannot parse $c.pem: $(cat "$d/err")"
    grep -q 'Signature Algorithm: ED25519' "$d/$c.txt" || fail "$c.pem is not signed with Ed25519"
done
ok "openssl x509 parses ca.pem, server.pem, client.pem"

# each leaf with the intermediates its side sends (-untrusted) against its root
v() {
    openssl verify -attime "$clock" -CAfile "$d/e/ca.pem" -untrusted "$d/e/${2%.pem}-chain.pem" \
        -purpose "$1" "$d/e/$2" >"$d/out" 2>&1
}
v sslserver server.pem || fail "openssl verify -purpose sslserver server.pem: $(cat "$d/out")"
ok "openssl verify -purpose sslserver server.pem"
v sslclient client.pem || fail "openssl verify -purpose sslclient client.pem: $(cat "$d/out")"
ok "openssl verify -purpose sslclient client.pem"
if v sslclient server.pem; then fail "openssl accepts server.pem as a client certificate"; fi
grep -q 'unsuitable certificate purpose' "$d/out" || fail "server.pem as client: $(cat "$d/out")"
ok "openssl refuses server.pem for sslclient (unsuitable certificate purpose)"

for who in server client; do
    openssl pkey -in "$d/e/$who.key" -pubout >"$d/$who.kpub" 2>"$d/err" ||
        fail "openssl cannot read $who.key: $(cat "$d/err")"
    openssl x509 -in "$d/e/$who.pem" -pubkey -noout >"$d/$who.cpub"
    cmp -s "$d/$who.kpub" "$d/$who.cpub" || fail "$who.key does not match $who.pem"
done
ok "server.key and client.key hold the keys of their certificates"

grep -q 'DNS:server.classroom.example' "$d/server.txt" || fail "server SAN: no DNS:server.classroom.example"
grep -q 'URI:spiffe://classroom.example/student' "$d/client.txt" ||
    fail "client SAN: no URI:spiffe://classroom.example/student"
ok "SANs: DNS:server.classroom.example, URI:spiffe://classroom.example/student"

"$bin" --seed 7 --export "$d/e2" >/dev/null 2>&1 || fail "second --seed 7 export"
"$bin" --seed 8 --export "$d/e3" >/dev/null 2>&1 || fail "--seed 8 export"
for f in ca.pem server.pem client.pem server.key client.key; do
    cmp -s "$d/e/$f" "$d/e2/$f" || fail "two --seed 7 exports differ in $f"
    if cmp -s "$d/e/$f" "$d/e3/$f"; then fail "--seed 7 and --seed 8 give the same $f"; fi
done
ok "the same seed exports byte-identical files; another seed different ones"

# every exported chain, in both shapes of the hierarchy: the root alone does
# not verify a leaf whose intermediate is missing; root + intermediate does
chains() { # dir
    for who in server client client-partner; do
        [ -s "$1/$who-chain.pem" ] && [ -s "$1/$who-root.pem" ] || fail "$1: no $who chain or root"
        openssl verify -attime "$clock" -CAfile "$1/$who-root.pem" -untrusted "$1/$who-chain.pem" \
            "$1/$who.pem" >"$d/out" 2>&1 || fail "$1: openssl verify -untrusted $who-chain.pem: $(cat "$d/out")"
        grep -q ": OK\$" "$d/out" || fail "$1: $who: $(cat "$d/out")"
    done
}
chains "$d/e"
ok "openssl verify -CAfile ROOT -untrusted CHAIN on server, client and client-partner"
if openssl verify -attime "$clock" -CAfile "$d/e/ca.pem" "$d/e/server.pem" >"$d/out" 2>&1; then
    fail "openssl verifies server.pem without its intermediate"
fi
grep -q 'unable to get local issuer certificate' "$d/out" || fail "no intermediate: $(cat "$d/out")"
ok "without the intermediate openssl cannot build the path (unable to get local issuer certificate)"
n=$(grep -c 'BEGIN CERTIFICATE' "$d/e/server-chain.pem")
[ "$n" = 2 ] || fail "server-chain.pem holds $n certificates, want 2 (leaf, intermediate)"
openssl x509 -noout -text -in "$d/e/ca-server-issuing.pem" >"$d/i.txt"
grep -q 'CA:TRUE, pathlen:0' "$d/i.txt" || fail "the intermediate is not CA:TRUE, pathlen:0"
ok "server-chain.pem is leaf + intermediate; the intermediate is CA:TRUE, pathlen:0"
"$bin" --seed 7 --chain 1 --client-ca separate --export "$d/c1" >/dev/null 2>&1 ||
    fail "--chain 1 --client-ca separate --export"
chains "$d/c1"
[ "$(grep -c 'BEGIN CERTIFICATE' "$d/c1/server-chain.pem")" = 1 ] || fail "--chain 1: server chain is not the leaf alone"
cmp -s "$d/c1/client-root.pem" "$d/c1/ca-client-root.pem" || fail "--client-ca separate: client-root.pem is not the client root"
"$bin" --seed 7 --client-ca separate --export "$d/sep" >/dev/null 2>&1 || fail "--client-ca separate --export"
chains "$d/sep"
if openssl verify -attime "$clock" -CAfile "$d/sep/ca.pem" -untrusted "$d/sep/client-chain.pem" \
    "$d/sep/client.pem" >"$d/out" 2>&1; then
    fail "--client-ca separate: the client chain verifies against the server root"
fi
ok "--chain 1 and --client-ca separate: every chain verifies against its own root only"

# a live run issues certificates valid now: openssl checks them at the real time
"$bin" --export "$d/live" >/dev/null 2>&1 || fail "live --export"
for p in "sslserver server.pem" "sslclient client.pem"; do
    set -- $p
    openssl verify -CAfile "$d/live/ca.pem" -untrusted "$d/live/${2%.pem}-chain.pem" \
        -purpose "$1" "$d/live/$2" >"$d/out" 2>&1 ||
        fail "live $2 does not verify at the current time: $(cat "$d/out")"
done
ok "a live run's certificates verify at the current time (no -attime)"

# and our own verifier agrees with openssl on the exported files
"$tool" "$d/e/server.pem" "$d/e/ca.pem" server server.classroom.example "$clock" \
    "$d/e/ca-server-issuing.pem" >"$d/out" ||
    fail "tool_certcheck rejects the exported server.pem: $(tail -1 "$d/out")"
"$tool" "$d/e/client.pem" "$d/e/ca.pem" client spiffe://classroom.example/student "$clock" \
    "$d/e/ca-client-issuing.pem" >"$d/out" ||
    fail "tool_certcheck rejects the exported client.pem: $(tail -1 "$d/out")"
if "$tool" "$d/e/client.pem" "$d/e/ca.pem" client - "$clock" >"$d/out"; then
    fail "tool_certcheck accepts client.pem without its intermediate"
fi
grep -q 'result: CERT_UNKNOWN_CA' "$d/out" || fail "no intermediate: $(tail -1 "$d/out")"
ok "tool_certcheck verifies the exported server.pem and client.pem"

echo "(b) certificates made by openssl, read by mtls-sim"
now=$(date +%s)
at=$((now + 60)) # inside a validity window that openssl starts now
o="$d/o"
mkdir "$o"
openssl req -x509 -newkey ed25519 -nodes -subj "/O=Example School/CN=Test CA" -days 2 \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    -keyout "$o/ca.key" -out "$o/ca.pem" >/dev/null 2>&1 || fail "openssl could not make a CA"
openssl genpkey -algorithm ed25519 -out "$o/leaf.key" 2>/dev/null
openssl req -new -key "$o/leaf.key" -subj "/CN=leaf.test" -out "$o/leaf.csr" 2>/dev/null
cat >"$o/ext.cnf" <<EOF
subjectAltName=DNS:leaf.test
extendedKeyUsage=serverAuth
keyUsage=critical,digitalSignature
EOF
openssl x509 -req -in "$o/leaf.csr" -CA "$o/ca.pem" -CAkey "$o/ca.key" -CAcreateserial \
    -CAserial "$o/ca.srl" -days 2 -extfile "$o/ext.cnf" -out "$o/leaf.pem" >/dev/null 2>&1 ||
    fail "openssl could not sign a leaf"

"$tool" "$o/leaf.pem" "$o/ca.pem" server leaf.test "$at" >"$d/out" 2>&1 ||
    fail "tool_certcheck rejects an openssl leaf: $(cat "$d/out")"
grep -q '^check signature: ok: CN=leaf.test: signed by CN=Test CA' "$d/out" || fail "no signature check line"
[ "$(tail -1 "$d/out")" = "result: OK" ] || fail "last line is not 'result: OK'"
ok "an openssl Ed25519 leaf verifies against its openssl CA as leaf.test"

set +e
"$tool" "$o/leaf.pem" "$o/ca.pem" server wrong.test "$at" >"$d/out" 2>&1; rc=$?
set -e
[ "$rc" -eq 1 ] || fail "wrong name: exit $rc, expected 1"
[ "$(tail -1 "$d/out")" = "result: CERT_NAME" ] || fail "wrong name: $(tail -1 "$d/out")"
ok "the same leaf as wrong.test: CERT_NAME, exit 1"

set +e
"$tool" "$o/leaf.pem" "$o/ca.pem" client - "$at" >"$d/out" 2>&1; rc=$?
set -e
if ! { [ "$rc" -eq 1 ] && [ "$(tail -1 "$d/out")" = "result: CERT_EKU" ]; }; then
    fail "serverAuth leaf as a client: exit $rc, $(tail -1 "$d/out")"
fi
ok "the same leaf as a client: CERT_EKU, exit 1"

# RSA and P-256 certificates do not parse here: exit 2 (bad input), X509_ALG
for alg in rsa:2048 ec; do
    case $alg in ec) opt="-pkeyopt ec_paramgen_curve:P-256" ;; *) opt="" ;; esac
    # shellcheck disable=SC2086 # opt is two words or none
    openssl req -x509 -newkey "$alg" $opt -nodes -subj "/CN=other" -days 2 \
        -keyout "$o/other.key" -out "$o/other.pem" >/dev/null 2>&1 ||
        fail "openssl could not make a $alg certificate"
    set +e
    "$tool" "$o/other.pem" "$o/ca.pem" server - "$at" >"$d/out" 2>"$d/err"; rc=$?
    set -e
    [ "$rc" -eq 2 ] || fail "$alg certificate: exit $rc, expected 2"
    [ "$(tail -1 "$d/out")" = "result: X509_ALG" ] || fail "$alg certificate: $(tail -1 "$d/out")"
    grep -q "other.pem: X509_ALG" "$d/err" || fail "$alg certificate: message '$(cat "$d/err")'"
    ok "an openssl $alg certificate is refused: X509_ALG, exit 2"
done

# bad input names the file
set +e
"$tool" "$d/missing.pem" "$o/ca.pem" >"$d/out" 2>"$d/err"; rc=$?
set -e
if ! { [ "$rc" -eq 2 ] && grep -q 'missing.pem' "$d/err"; }; then
    fail "missing file: exit $rc, '$(cat "$d/err")'"
fi
ok "a missing file: exit 2, named in the message"
echo "check_openssl: all passed"
