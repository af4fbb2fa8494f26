#!/bin/sh
# check_truth.sh — what the program teaches, confirmed by tools that share
# no code with it (issue 10):
#   - the client's identity is public in TLS 1.2: tshark reads the client's
#     SAN URI from the capture without any key, and the trace tags it public;
#   - the default application data is real HTTP/1.1: tshark, with the key
#     log, dissects the request (Host = the server's name) and the response;
#   - a --kx transport capture cannot be decrypted by Wireshark (README);
#   - an unknown CA and a forged signature are different failures: openssl
#     verify says "unable to get local issuer certificate" (error 20) for
#     one and "certificate signature failure" (error 7) for the other;
#   - tampered-client-hello: the capture and the decoded message are the
#     bytes that crossed the wire (the RC4 suite included);
#   - stolen-cert --export: client.key is the key the client signed with,
#     not the one that belongs to client.pem.
#
# Run from the repository root (make test does, through tests/run_tools.sh).
# Stops at the first wrong answer with a message and exit status 1.
set -eu

d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
trap 'exit 1' HUP INT TERM

NAME=check_truth
. tests/tshark_env.sh

URI="spiffe://classroom.example/student"
HOST="server.classroom.example"

# export NAME ARGS...: ./mtls-sim --seed 3 ARGS --export $d/NAME (exit 0 or 1)
export_run() {
    name=$1
    shift
    set +e
    ./mtls-sim --seed 3 "$@" --export "$d/$name" >"$d/$name.out" 2>&1
    rc=$?
    set -e
    [ "$rc" -le 1 ] || { cat "$d/$name.out" >&2; fail "--seed 3 $* --export: exit $rc"; }
    [ -s "$d/$name/handshake.pcap" ] || fail "--seed 3 $* --export wrote no handshake.pcap"
}
# ts RUN ARGS...: tshark over RUN's capture (stderr kept for a failure)
ts() {
    run=$1
    shift
    tshark -n -r "$d/$run/handshake.pcap" "$@" 2>"$d/tshark.err" ||
        { cat "$d/tshark.err" >&2; fail "tshark could not read $run/handshake.pcap"; }
}
# json RUN EXPR: a Python expression over RUN's transcript.json, as j
json() {
    python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' \
        "$d/$1/transcript.json" "$2"
}

echo "check_truth: the client's identity crossed the wire in the clear"
export_run clean
got=$(ts clean -Y x509ce.uniformResourceIdentifier -T fields -e x509ce.uniformResourceIdentifier)
[ "$got" = "$URI" ] || fail "tshark without a key log reads '$got' as the client's URI, want $URI"
ok "tshark, with no key log, reads the client's SAN URI: $got"
got=$(ts clean -Y 'tls.handshake.extensions_server_name' -T fields \
    -e tls.handshake.extensions_server_name)
[ "$got" = "$HOST" ] || fail "tshark reads SNI '$got', want $HOST"
ok "tshark, with no key log, reads the server's name (SNI): $got"
got=$(json clean 'j["values"]["client_identity"]["knowledge"] + " " + j["values"]["client_identity"]["text"]')
[ "$got" = "public $URI" ] || fail "transcript.json: client_identity is '$got', want 'public $URI'"
ok "transcript.json tags client_identity public"
got=$(json clean 'j["values"]["client_authenticated"]["knowledge"]')
[ "$got" = server ] || fail "transcript.json: the server's verdict is known to '$got', want server"
ok "only the verdict is the server's own: client_authenticated is 'server'"

echo "check_truth: the default application data is HTTP/1.1"
ts clean -o "tls.keylog_file:$d/clean/keylog.txt" -Y http -T fields -e http.request.method \
    -e http.request.uri -e http.host -e http.response.code -e http.content_length \
    -e http.file_data >"$d/http.txt"
req=$(awk -F'\t' '$1 != "" { print $1 " " $2 " " $3 }' "$d/http.txt")
[ "$req" = "GET / $HOST" ] || fail "tshark's HTTP request: '$req', want 'GET / $HOST'"
ok "tshark decrypts and dissects the request: $req"
resp=$(awk -F'\t' '$4 != "" { print $4 " " $5 }' "$d/http.txt")
body=$(awk -F'\t' '$4 != "" { print $6 }' "$d/http.txt")
len=$(printf '%s' "$body" | sed 's/\\n$//' | wc -c | tr -d ' ')
[ "$resp" = "200 $((len + 1))" ] ||
    fail "tshark's HTTP response: '$resp', want 200 with Content-Length $((len + 1)) (body '$body')"
case $body in *"$URI"*) ;; *) fail "the response body does not name $URI: $body" ;; esac
ok "tshark dissects the response: 200, Content-Length $((len + 1)), the body names $URI"
n=$(ts clean -Y http | wc -l)
[ "$n" -eq 0 ] || fail "tshark shows HTTP without the key log"
ok "without the key log there is no HTTP layer: the content stays encrypted"

echo "check_truth: a --kx transport capture does not decrypt in Wireshark"
export_run transport --kx transport
n=$(ts transport -o "tls.keylog_file:$d/transport/keylog.txt" -Y http | wc -l)
[ "$n" -eq 0 ] || fail "tshark decrypts a --kx transport capture, but the README says it cannot"
n=$(ts transport -o "tls.keylog_file:$d/transport/keylog.txt" -Y 'tls.record.content_type == 23' | wc -l)
[ "$n" -eq 2 ] || fail "tshark sees $n application-data records in the transport capture, want 2"
ok "tshark sees the 2 application-data records and, even with the key log, no HTTP"

echo "check_truth: unknown CA and forged signature, as openssl verify sees them"
export_run uca --scenario untrusted-client-ca
export_run forged --scenario forged-signature
# verify RUN: openssl verify's "error N" for RUN's client certificate
verify() {
    openssl verify -attime 1736935200 -CAfile "$d/$1/ca.pem" -untrusted "$d/$1/client-chain.pem" \
        "$d/$1/client.pem" 2>&1 |
        sed -n 's/^error \([0-9]*\) at 0 depth.*/\1/p' | head -1
}
[ "$(verify uca)" = 20 ] || fail "openssl verify of untrusted-client-ca: error $(verify uca), want 20"
ok "untrusted-client-ca: openssl error 20, unable to get local issuer certificate (no path)"
[ "$(verify forged)" = 7 ] || fail "openssl verify of forged-signature: error $(verify forged), want 7"
ok "forged-signature: openssl error 7, certificate signature failure"
got=$(json uca '[c["name"] for c in j["checks"] if not c["ok"]][0]')
[ "$got" = "client certificate: issuer: path to a trusted CA" ] ||
    fail "untrusted-client-ca fails at '$got'"
got=$(json forged '[c["name"] for c in j["checks"] if not c["ok"]][0] + " " + j["outcome"]["alert"]')
[ "$got" = "client certificate: signature bad_certificate" ] ||
    fail "forged-signature fails at '$got'"
ok "the program agrees: path check for one, signature check (bad_certificate) for the other"

echo "check_truth: tampered-client-hello is decoded as it crossed the wire"
export_run tampered --scenario tampered-client-hello
got=$(ts tampered -Y 'tls.handshake.type == 1' -T fields -e tls.handshake.ciphersuite)
[ "$got" = "0xcca9,0x0005" ] || fail "tshark reads the ClientHello's suites as $got"
got=$(json tampered '"ok" if j["messages"][0]["hex"] == j["messages"][0]["record_hex"][10:] else "differs"')
[ "$got" = ok ] || fail "transcript.json decodes another ClientHello than the one on the wire"
got=$(json tampered '[f["hex"] for f in j["messages"][0]["fields"] if f["name"] == "cipher_suites"][0]')
[ "$got" = "0004cca90005" ] || fail "transcript.json's cipher_suites field is $got, want 0004cca90005"
ok "tshark and transcript.json both see suites 0xcca9 and 0x0005 (RC4)"

echo "check_truth: stolen-cert exports the key the client used"
export_run stolen --scenario stolen-cert
pub() { openssl pkey -in "$1" -pubout 2>/dev/null | tr -d '\n'; }
cert_pub() { openssl x509 -in "$1" -pubkey -noout 2>/dev/null | tr -d '\n'; }
[ -n "$(pub "$d/clean/client.key")" ] || fail "openssl cannot read client.key"
[ "$(pub "$d/clean/client.key")" = "$(cert_pub "$d/clean/client.pem")" ] ||
    fail "in a clean run client.key does not belong to client.pem"
ok "clean run: client.key belongs to client.pem"
[ "$(pub "$d/stolen/client.key")" != "$(cert_pub "$d/stolen/client.pem")" ] ||
    fail "stolen-cert exported the certificate's own key, not the one the client used"
raw=$(openssl pkey -in "$d/stolen/client.key" -outform DER 2>/dev/null | od -An -v -tx1 |
    tr -d ' \n' | tail -c 64)
want=$(json stolen 'j["values"]["client_cert_private_key"]["hex"]')
[ "$raw" = "$want" ] || fail "stolen-cert client.key is not the key of the run ($raw, want $want)"
ok "stolen-cert: client.key is the thief's key (the run's client_cert_private_key), not client.pem's"

echo "check_truth: all checks passed"
