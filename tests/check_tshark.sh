#!/bin/sh
# check_tshark.sh — show mtls-sim's exports to tools that share no code with
# it: Wireshark's dissectors (tshark) read handshake.pcap and decrypt it with
# keylog.txt, and the openssl command line recomputes the pre-master secret,
# the master secret (RFC 5246 §8.1, and RFC 7627 §4, the default), the key
# block (RFC 5246 §6.3) and the client's Finished (RFC 5246 §7.4.9) from the
# values in transcript.json.
#
# Run from the repository root (make test does, through tests/run_tools.sh).
# Stops at the first wrong answer with a message and exit status 1.
set -eu

d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
trap 'exit 1' HUP INT TERM

# A message that appears nowhere else, so finding it proves decryption.
MSG="report card 7f3a: check_tshark was here"
SERVER_ID="spiffe://classroom.example/student"
# Wire order of the handshake messages of a mutual-TLS 1.2 run: ClientHello,
# ServerHello, Certificate, ServerKeyExchange, CertificateRequest,
# ServerHelloDone, Certificate, ClientKeyExchange, CertificateVerify,
# Finished, Finished. The two Finished are encrypted: tshark sees them only
# after decrypting.
HS_TYPES="1,2,11,12,13,14,11,16,15,20,20"
# _ws.expert.severity of a warning (PI_WARN); errors are higher.
PI_WARN=6291456

NAME=check_tshark
. tests/tshark_env.sh

# unhex HEX FILE: write the bytes of HEX into FILE.
unhex() {
    python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.argv[1]))' "$1" >"$2"
}
# tohex: stdin as lowercase hex on one line.
tohex() { od -An -v -tx1 | tr -d ' \n'; }
# prf SECRET_HEX LABEL SEED_HEX LEN: the TLS 1.2 PRF with SHA-256, by openssl.
prf() {
    openssl kdf -keylen "$4" -kdfopt digest:SHA256 -kdfopt "hexsecret:$1" \
        -kdfopt "hexseed:$(printf '%s' "$2" | tohex)$3" TLS1-PRF |
        tr -d ':\n' | tr 'A-F' 'a-f'
}
# same WHAT GOT WANT
same() {
    [ -n "$3" ] || fail "$1: no expected value"
    [ "$2" = "$3" ] || fail "$1: openssl gives $2, transcript.json says $3"
    ok "$1 matches openssl"
}

# values RUN: read transcript.json into shell variables v_<id> (hex only, so
# eval is safe: the Python side refuses anything else), the message count in
# n_msgs, and write the handshake transcript up to ClientKeyExchange and up
# to CertificateVerify into RUN/hs_to_cke.bin and RUN/hs_to_cv.bin.
values() {
    eval "$(python3 - "$1" <<'EOF'
import json, re, sys
run = sys.argv[1]
j = json.load(open(run + "/transcript.json"))
for k, v in j["values"].items():
    if re.fullmatch(r"[a-z0-9_]+", k) and re.fullmatch(r"[0-9a-f]*", v["hex"]):
        print("v_%s=%s" % (k, v["hex"]))
print("n_msgs=%d" % len(j["messages"]))
hs = [m for m in j["messages"] if m["content_type"] == "handshake"]
names = [m["name"] for m in hs]
for upto, fname in (("ClientKeyExchange", "hs_to_cke.bin"), ("CertificateVerify", "hs_to_cv.bin")):
    with open(run + "/" + fname, "wb") as f:
        for m in hs[: names.index(upto) + 1]:
            f.write(bytes.fromhex(m["hex"]))
EOF
)"
}

# check_keys RUN EMS: recompute the key schedule of RUN with openssl.
check_keys() {
    run=$1
    ems=$2
    v_session_hash=""
    values "$run"
    # Pre-master secret: X25519 both ways (RFC 7748 §6.1, RFC 8422 §5.10),
    # from raw keys wrapped as PKCS#8 and SubjectPublicKeyInfo (RFC 8410).
    unhex "302e020100300506032b656e04220420$v_client_ecdhe_private" "$run/c.der"
    unhex "302a300506032b656e032100$v_server_ecdhe_public" "$run/s_pub.der"
    unhex "302e020100300506032b656e04220420$v_server_ecdhe_private" "$run/s.der"
    unhex "302a300506032b656e032100$v_client_ecdhe_public" "$run/c_pub.der"
    got=$(openssl pkeyutl -derive -keyform DER -inkey "$run/c.der" -peerform DER \
        -peerkey "$run/s_pub.der" | tohex)
    same "pre_master_secret (client side)" "$got" "$v_pre_master_secret"
    got=$(openssl pkeyutl -derive -keyform DER -inkey "$run/s.der" -peerform DER \
        -peerkey "$run/c_pub.der" | tohex)
    same "pre_master_secret (server side)" "$got" "$v_pre_master_secret"

    if [ "$ems" = ems ]; then
        got=$(openssl dgst -sha256 -r "$run/hs_to_cke.bin" | cut -d' ' -f1)
        same "session_hash = SHA-256(ClientHello .. ClientKeyExchange)" "$got" "$v_session_hash"
        got=$(prf "$v_pre_master_secret" "extended master secret" "$v_session_hash" 48)
        same "extended master_secret" "$got" "$v_master_secret"
    else
        [ -z "$v_session_hash" ] || fail "a run with --no-ems has a session_hash"
        got=$(prf "$v_pre_master_secret" "master secret" "$v_client_random$v_server_random" 48)
        same "master_secret" "$got" "$v_master_secret"
    fi

    kb=$(prf "$v_master_secret" "key expansion" "$v_server_random$v_client_random" 88)
    same "key_block" "$kb" "$v_key_block"
    same "client_write_key = key_block[0..31]" "$(echo "$kb" | cut -c1-64)" "$v_client_write_key"
    same "server_write_key = key_block[32..63]" "$(echo "$kb" | cut -c65-128)" "$v_server_write_key"
    same "client_write_iv = key_block[64..75]" "$(echo "$kb" | cut -c129-152)" "$v_client_write_iv"
    same "server_write_iv = key_block[76..87]" "$(echo "$kb" | cut -c153-176)" "$v_server_write_iv"

    got=$(openssl dgst -sha256 -r "$run/hs_to_cv.bin" | cut -d' ' -f1)
    same "client_finished_hash = SHA-256(ClientHello .. CertificateVerify)" "$got" \
        "$v_client_finished_hash"
    got=$(prf "$v_master_secret" "client finished" "$v_client_finished_hash" 12)
    same "client_verify_data" "$got" "$v_client_verify_data"

    want="CLIENT_RANDOM $v_client_random $v_master_secret"
    grep -qx "$want" "$run/keylog.txt" || fail "keylog.txt has no line '$want'"
    ok "keylog.txt holds the client random and the master secret"
}

# tshark_on RUN OUT ARGS...: tshark over RUN's capture, decrypting with its
# key log, verifying IPv4 and TCP checksums.
tshark_on() {
    run=$1
    out=$2
    shift 2
    if ! tshark -n -o "tls.keylog_file:$run/keylog.txt" -o ip.check_checksum:TRUE \
        -o tcp.check_checksum:TRUE -r "$run/handshake.pcap" "$@" >"$out" 2>"$d/tshark.err"; then
        cat "$d/tshark.err" >&2
        fail "tshark could not read $run/handshake.pcap"
    fi
}

# check_capture RUN LABEL: one tshark pass for fields and the decrypted
# stream: frame count, checksums, handshake types, expert infos, the
# application data both ways.
check_capture() {
    run=$1
    label=$2
    out="$run/fields.txt"
    tshark_on "$run" "$out" -T fields -E occurrence=a -E 'aggregator=|' \
        -e frame.number -e ip.checksum.status -e tcp.checksum.status -e tls.handshake.type \
        -e _ws.malformed -e _ws.expert.severity -e _ws.expert.message -z follow,tls,ascii,0
    # The fields come first, one line per frame; the follow report after.
    # Several values of one field in a frame are joined with "|".
    awk '/^=====/ { exit } /^[0-9]/' "$out" >"$run/frames.txt"
    sed -n '/^=====/,$p' "$out" >"$run/follow.txt"

    frames=$(wc -l <"$run/frames.txt" | tr -d ' ')
    # Every record of a run fits one segment (MSS 1460), so: SYN, SYN-ACK,
    # ACK, one frame per record, FIN, FIN, ACK.
    want=$((3 + n_msgs + 3))
    [ "$frames" -eq "$want" ] ||
        fail "$label: tshark sees $frames frames, want $want (3 + $n_msgs records + 3)"
    ok "$label: $frames frames (TCP handshake, $n_msgs records, FIN/ACK close)"

    bad=$(awk -F'\t' '$2 != "1" || $3 != "1" { print "frame " $1 ": ip " $2 ", tcp " $3 }' \
        "$run/frames.txt")
    [ -z "$bad" ] || fail "$label: checksum status not Good (1): $bad"
    ok "$label: every IPv4 and TCP checksum status is Good"

    bad=$(awk -F'\t' '$5 != "" { print "frame " $1 ": malformed" }' "$run/frames.txt")
    [ -z "$bad" ] || fail "$label: tshark reports malformed packets: $bad"
    bad=$(awk -F'\t' -v warn="$PI_WARN" '{
            n = split($6, sev, "|"); split($7, msg, "|")
            for (i = 1; i <= n; i++) if (sev[i] + 0 >= warn) print "frame " $1 ": " msg[i]
        }' "$run/frames.txt")
    [ -z "$bad" ] || fail "$label: tshark warns or reports errors: $bad"
    ok "$label: no malformed packets, no expert warnings or errors"

    types=$(awk -F'\t' '$4 != "" { gsub(/\|/, ",", $4); printf "%s%s", sep, $4; sep = "," }' \
        "$run/frames.txt")
    [ "$types" = "$HS_TYPES" ] ||
        fail "$label: handshake types $types, want $HS_TYPES (the two 20s need decryption)"
    ok "$label: handshake types $types (both Finished decrypted)"

    # follow,tls,ascii prints each chunk as its byte count, then the text;
    # the count is indented with a tab when the second node (the server)
    # sent it.
    awk -v msg="$MSG" 'prev ~ /^[0-9]+$/ && $0 == msg { found = 1 } { prev = $0 }
        END { exit !found }' "$run/follow.txt" ||
        fail "$label: the client's message is not in the decrypted stream from the client"
    # The server's answer is an HTTP response of several lines: look for the
    # identity anywhere in a chunk the server sent.
    line=$(awk -v id="$SERVER_ID" '/^\t[0-9]+$/ { srv = 1; next } /^[0-9]+$/ { srv = 0; next }
        srv && index($0, id) { print; exit }' "$run/follow.txt")
    [ -n "$line" ] ||
        fail "$label: no answer naming $SERVER_ID in the decrypted stream from the server"
    ok "$label: decrypted client data: $MSG"
    ok "$label: decrypted server data: $line"
}

echo "check_tshark: export two seeded runs"
for mode in classic ems; do
    # the extended master secret is the default; --no-ems is the legacy one
    flags="--no-ems"
    [ "$mode" = ems ] && flags=""
    # shellcheck disable=SC2086 # flags is empty or one word
    ./mtls-sim --seed 3 $flags --message "$MSG" --export "$d/$mode" >"$d/$mode.out" 2>&1 ||
        { cat "$d/$mode.out" >&2; fail "./mtls-sim --seed 3 $flags --export failed"; }
    for f in keylog.txt handshake.pcap transcript.json; do
        [ -s "$d/$mode/$f" ] || fail "./mtls-sim $flags --export wrote no $f"
    done
    ok "--seed 3${flags:+ $flags}: keylog.txt, handshake.pcap, transcript.json"
done

echo "check_tshark: the key schedule recomputed by openssl"
check_keys "$d/classic" classic
echo "check_tshark: the key schedule with the extended master secret recomputed by openssl"
check_keys "$d/ems" ems

echo "check_tshark: tshark reads and decrypts handshake.pcap"
values "$d/classic"
check_capture "$d/classic" "seed 3"
echo "check_tshark: tshark reads and decrypts handshake.pcap of the extended-master-secret run"
values "$d/ems"
check_capture "$d/ems" "seed 3 --ems"

echo "check_tshark: the full dissection has no complaints"
tshark_on "$d/classic" "$d/verbose.txt" -V
for bad in "Malformed" "Expert Info (Error" "Expert Info (Warning" "Checksum Status: Bad" \
    "Bad checksum"; do
    if grep -F "$bad" "$d/verbose.txt" >&2; then
        fail "tshark -V says '$bad'"
    fi
done
n=$(grep -c "Handshake Type: Finished (20)" "$d/verbose.txt" || true)
[ "$n" -eq 2 ] || fail "tshark -V shows $n decrypted Finished messages, want 2"
ok "tshark -V: no Malformed, no Expert Info (Error/Warning), no bad checksum"
ok "tshark -V: 'Handshake Type: Finished (20)' twice"

echo "check_tshark: a failing run still dissects, its alert included"
./mtls-sim --seed 3 --scenario tampered-finished --export "$d/failed" >/dev/null 2>&1 && \
    fail "--scenario tampered-finished exported a run that did not fail"
tshark_on "$d/failed" "$d/failed.txt" -V
grep -q "Description: Bad Record MAC (20)" "$d/failed.txt" ||
    fail "tshark does not show the server's bad_record_mac alert of the failed run"
grep -q "Level: Fatal (2)" "$d/failed.txt" || fail "tshark does not show the alert as fatal"
for bad in "Malformed" "Expert Info (Error" "Checksum Status: Bad"; do
    grep -qF "$bad" "$d/failed.txt" && fail "tshark -V of the failed run says '$bad'"
done
ok "tampered-finished: tshark decrypts the fatal alert Bad Record MAC (20), no complaints"

echo "check_tshark: all checks passed"
