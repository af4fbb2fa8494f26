#!/bin/sh
# check_tshark13.sh — a TLS 1.3 run shown to Wireshark's dissectors (tshark),
# which share no code with mtls-sim: with the run's key log (the TLS 1.3
# NSS labels) tshark decrypts the server's EncryptedExtensions,
# CertificateRequest, Certificate, CertificateVerify and Finished, the
# client's Certificate, CertificateVerify and Finished, and the application
# data both ways; without it, it sees the two hellos and nothing else — in
# particular not the client's identity, which in TLS 1.2 it reads in the
# clear.
#
# Run from the repository root (make test does, through tests/run_tools.sh).
# Stops at the first wrong answer with a message and exit status 1.
set -eu

d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
trap 'exit 1' HUP INT TERM

# A message that appears nowhere else, so finding it proves decryption.
MSG="report card 13b7: check_tshark13 was here"
CLIENT_ID="spiffe://classroom.example/student"
# Wire order of a mutual TLS 1.3 handshake (RFC 8446 §2): ClientHello,
# ServerHello, EncryptedExtensions, CertificateRequest, Certificate,
# CertificateVerify, Finished, then the client's Certificate,
# CertificateVerify, Finished. All but the hellos are encrypted.
HS_TYPES="1,2,8,13,11,15,20,11,15,20"
# _ws.expert.severity of a warning (PI_WARN); errors are higher.
PI_WARN=6291456

NAME=check_tshark13
. tests/tshark_env.sh

# tshark_on OUT ARGS...: tshark over the capture, checksums verified.
tshark_on() {
    out=$1
    shift
    if ! tshark -n -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE \
        -r "$d/run/handshake.pcap" "$@" >"$out" 2>"$d/tshark.err"; then
        cat "$d/tshark.err" >&2
        fail "tshark could not read the capture"
    fi
}

echo "check_tshark13: export a seeded TLS 1.3 run"
./mtls-sim --tls 1.3 --seed 3 --message "$MSG" --export "$d/run" >"$d/run.out" 2>&1 ||
    { cat "$d/run.out" >&2; fail "./mtls-sim --tls 1.3 --seed 3 --export failed"; }
for f in keylog.txt handshake.pcap transcript.json; do
    [ -s "$d/run/$f" ] || fail "--tls 1.3 --export wrote no $f"
done
ok "--tls 1.3 --seed 3: keylog.txt, handshake.pcap, transcript.json"

echo "check_tshark13: the key log has the TLS 1.3 lines, each with the client random"
cr=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["values"]["client_random"]["hex"])' \
    "$d/run/transcript.json")
[ ${#cr} -eq 64 ] || fail "transcript.json has no client_random"
for label in CLIENT_HANDSHAKE_TRAFFIC_SECRET SERVER_HANDSHAKE_TRAFFIC_SECRET \
    CLIENT_TRAFFIC_SECRET_0 SERVER_TRAFFIC_SECRET_0 EXPORTER_SECRET; do
    grep -Eqx "$label $cr [0-9a-f]{64}" "$d/run/keylog.txt" ||
        fail "keylog.txt has no line '$label <client random> <secret>'"
done
grep -q CLIENT_RANDOM "$d/run/keylog.txt" && fail "keylog.txt has a TLS 1.2 CLIENT_RANDOM line"
ok "keylog.txt: the five TLS 1.3 labels, no TLS 1.2 line"

echo "check_tshark13: with the key log tshark decrypts every protected message"
tshark_on "$d/with.txt" -o "tls.keylog_file:$d/run/keylog.txt" -T fields -E occurrence=a \
    -E 'aggregator=|' -e frame.number -e ip.checksum.status -e tcp.checksum.status \
    -e tls.handshake.type -e _ws.malformed -e _ws.expert.severity -e _ws.expert.message \
    -e x509ce.uniformResourceIdentifier -z follow,tls,ascii,0
awk '/^=====/ { exit } /^[0-9]/' "$d/with.txt" >"$d/frames.txt"
sed -n '/^=====/,$p' "$d/with.txt" >"$d/follow.txt"
bad=$(awk -F'\t' '$2 != "1" || $3 != "1" { print "frame " $1 }' "$d/frames.txt")
[ -z "$bad" ] || fail "checksum status not Good (1): $bad"
bad=$(awk -F'\t' -v warn="$PI_WARN" '$5 != "" { print "frame " $1 ": malformed" }
    { n = split($6, sev, "|"); split($7, msg, "|")
      for (i = 1; i <= n; i++) if (sev[i] + 0 >= warn) print "frame " $1 ": " msg[i] }' \
    "$d/frames.txt")
[ -z "$bad" ] || fail "tshark warns or reports errors: $bad"
ok "every checksum Good, no malformed packets, no expert warnings or errors"
types=$(awk -F'\t' '$4 != "" { gsub(/\|/, ",", $4); printf "%s%s", sep, $4; sep = "," }' \
    "$d/frames.txt")
[ "$types" = "$HS_TYPES" ] || fail "handshake types $types, want $HS_TYPES"
ok "handshake types $types: both Certificate, CertificateVerify and Finished decrypted"
uri=$(awk -F'\t' '$8 != "" { print $8 }' "$d/frames.txt" | tr '|' '\n' | sort -u)
[ "$uri" = "$CLIENT_ID" ] || fail "decrypted certificates name '$uri', want $CLIENT_ID"
ok "the decrypted client Certificate names $CLIENT_ID"
# follow,tls,ascii prints each chunk as its byte count, then the text; the
# count is indented with a tab when the second node sent it. Which node is
# the server (port 443) the "Node 0:" line says: tshark takes the first side
# it decrypted data from, which in TLS 1.3 can be the server.
srv_tab=1
grep -q '^Node 0: .*:443$' "$d/follow.txt" && srv_tab=0
# chunk SIDE: the text of the chunks SIDE (client or server) sent
chunks() {
    awk -v want="$1" -v srv_tab="$srv_tab" '
        /^\t[0-9]+$/ { side = srv_tab ? "server" : "client"; next }
        /^[0-9]+$/ { side = srv_tab ? "client" : "server"; next }
        /^=====/ { side = "" } side == want' "$d/follow.txt"
}
chunks client | grep -qxF "$MSG" ||
    fail "the client's message is not in the decrypted stream from the client"
line=$(chunks server | grep -F "$CLIENT_ID" | head -1)
[ -n "$line" ] || fail "no answer naming $CLIENT_ID in the decrypted stream from the server"
ok "decrypted client data: $MSG"
ok "decrypted server data: $line"

tshark_on "$d/verbose.txt" -o "tls.keylog_file:$d/run/keylog.txt" -V
for what in "Certificate Verify (15)" "Finished (20)" "Certificate (11)"; do
    n=$(grep -c "Handshake Type: $what" "$d/verbose.txt" || true)
    [ "$n" -eq 2 ] || fail "tshark -V shows $n 'Handshake Type: $what', want 2 (server, client)"
done
grep -q "Handshake Type: Encrypted Extensions (8)" "$d/verbose.txt" ||
    fail "tshark -V does not show the decrypted EncryptedExtensions"
grep -q "Supported Version: TLS 1.3 (0x0304)" "$d/verbose.txt" ||
    fail "tshark -V does not see TLS 1.3 in supported_versions"
grep -q "Cipher Suite: TLS_CHACHA20_POLY1305_SHA256 (0x1303)" "$d/verbose.txt" ||
    fail "tshark -V does not see the suite 0x1303"
for bad in "Malformed" "Expert Info (Error" "Expert Info (Warning" "Checksum Status: Bad"; do
    grep -qF "$bad" "$d/verbose.txt" && fail "tshark -V says '$bad'"
done
ok "tshark -V: Certificate, CertificateVerify and Finished twice each, EncryptedExtensions"

echo "check_tshark13: without the key log tshark sees the hellos only"
tshark_on "$d/without.txt" -T fields -E occurrence=a -E 'aggregator=|' -e frame.number \
    -e tls.handshake.type -e tls.record.content_type -e x509ce.uniformResourceIdentifier \
    -z follow,tls,ascii,0
awk '/^=====/ { exit } /^[0-9]/' "$d/without.txt" >"$d/frames0.txt"
types=$(awk -F'\t' '$2 != "" { gsub(/\|/, ",", $2); printf "%s%s", sep, $2; sep = "," }' \
    "$d/frames0.txt")
[ "$types" = "1,2" ] || fail "without the key log tshark sees handshake types $types, want 1,2"
ok "without the key log: handshake types $types only"
uri=$(awk -F'\t' '$4 != "" { print $4 }' "$d/frames0.txt")
[ -z "$uri" ] || fail "without the key log tshark reads an identity: $uri"
grep -qF "$CLIENT_ID" "$d/without.txt" && fail "the client's identity is readable without the key log"
grep -qF "$MSG" "$d/without.txt" && fail "the client's message is readable without the key log"
# the protected records say application_data (23); the dummy
# ChangeCipherSpecs (20) and the hellos (22) are the only other types
others=$(awk -F'\t' '$3 != "" { n = split($3, t, "|")
        for (i = 1; i <= n; i++) if (t[i] != 23) c++ } END { print c + 0 }' "$d/frames0.txt")
[ "$others" -eq 4 ] || fail "without the key log $others records are not application_data, want 4"
ok "without the key log: no identity, no data; all but the hellos and the two dummy ChangeCipherSpecs are opaque application_data"

echo "check_tshark13: a HelloRetryRequest (--scenario hello-retry), as tshark reads it"
./mtls-sim --tls 1.3 --scenario hello-retry --seed 3 --export "$d/run" >"$d/hrr.out" 2>&1 ||
    { cat "$d/hrr.out" >&2; fail "./mtls-sim --tls 1.3 --scenario hello-retry --export failed"; }
tshark_on "$d/hrr.txt" -o "tls.keylog_file:$d/run/keylog.txt" -T fields -E occurrence=a \
    -E 'aggregator=|' -e frame.number -e tls.handshake.type -e tls.record.content_type \
    -e _ws.malformed -e _ws.expert.severity
# ClientHello, HelloRetryRequest (a ServerHello, type 2), the two dummy
# ChangeCipherSpecs, the second ClientHello, ServerHello, then as above
types=$(awk -F'\t' '$2 != "" { gsub(/\|/, ",", $2); printf "%s%s", sep, $2; sep = "," }' "$d/hrr.txt")
[ "$types" = "1,2,1,2,8,13,11,15,20,11,15,20" ] ||
    fail "hello-retry: handshake types $types, want 1,2,1,2,8,13,11,15,20,11,15,20"
ccs=$(awk -F'\t' '$3 == "20"' "$d/hrr.txt" | wc -l)
[ "$ccs" -eq 2 ] || fail "hello-retry: $ccs ChangeCipherSpec records, want 2 (one a side)"
bad=$(awk -F'\t' -v warn="$PI_WARN" '$4 != "" { print "frame " $1 ": malformed" }
    { n = split($5, sev, "|"); for (i = 1; i <= n; i++) if (sev[i] + 0 >= warn) print "frame " $1 }' \
    "$d/hrr.txt")
[ -z "$bad" ] || fail "hello-retry: tshark warns or reports errors: $bad"
tshark_on "$d/hrrv.txt" -o "tls.keylog_file:$d/run/keylog.txt" -V
grep -q "Handshake Protocol: Hello Retry Request" "$d/hrrv.txt" ||
    fail "tshark -V does not name the Hello Retry Request"
grep -q "Random: cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c (HelloRetryRequest magic)" \
    "$d/hrrv.txt" || fail "tshark -V does not see the HelloRetryRequest random (RFC 8446 §4.1.3)"
grep -q "Selected Group: x25519 (29)" "$d/hrrv.txt" ||
    fail "tshark -V does not see selected_group x25519 in the HelloRetryRequest"
grep -q "Key Share Entry: Group: secp256r1, Key Exchange length: 65" "$d/hrrv.txt" ||
    fail "tshark -V does not see the first ClientHello's secp256r1 share"
ok "hello-retry: tshark names the Hello Retry Request (its magic random, selected_group x25519), two ChangeCipherSpecs, and decrypts the rest: $types"

echo "check_tshark13: all checks passed"
