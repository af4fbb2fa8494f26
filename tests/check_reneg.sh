#!/bin/sh
# check_reneg.sh — renegotiation_info (RFC 5746) as outside tools see it.
#
# 1. tshark dissects handshake.pcap: the ClientHello and the ServerHello each
#    carry renegotiation_info (65281) with an empty renegotiated_connection
#    (RFC 5746 §3.4, §3.6), with the extended master secret and without it.
# 2. A stock `openssl s_client` reads the server's recorded first flight: it
#    must report "Secure Renegotiation IS supported" and get past ServerHello.
#    Without the extension OpenSSL 3 stops right there with "unsafe legacy
#    renegotiation disabled". The flight was signed for another ClientHello,
#    so s_client then rightly refuses the ServerKeyExchange signature; that
#    later failure is what shows the ServerHello was accepted.
#
# Run from the repository root (make test does, through tests/run_tools.sh).
# Stops at the first wrong answer with a message and exit status 1.
set -eu

d=$(mktemp -d)
feeder=""
cleanup() {
    [ -n "$feeder" ] && kill "$feeder" 2>/dev/null
    rm -rf "$d"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

fail() {
    echo "check_reneg: FAIL: $*" >&2
    exit 1
}

for tool in tshark openssl python3; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed"
done
[ -x ./mtls-sim ] || fail "./mtls-sim is not built"

checks=0
for flags in "" "--no-ems" "--kx transport"; do
    out="$d/x$checks"
    # shellcheck disable=SC2086 # flags is zero to two words
    ./mtls-sim --seed 1 $flags --export "$out" >"$d/run.out" 2>&1 ||
        { cat "$d/run.out" >&2; fail "./mtls-sim --seed 1 $flags --export failed"; }
    # one line per hello: handshake type, extension types, renegotiation_info length
    tshark -r "$out/handshake.pcap" -Y "tls.handshake.type == 1 || tls.handshake.type == 2" \
        -T fields -e tls.handshake.type -e tls.handshake.extension.type \
        -e tls.handshake.extensions_reneg_info_len >"$d/hellos.txt" 2>"$d/tshark.err" ||
        { cat "$d/tshark.err" >&2; fail "tshark could not read the capture ($flags)"; }
    for type in 1 2; do
        line=$(awk -F'\t' -v t="$type" '$1 == t' "$d/hellos.txt")
        [ -n "$line" ] || fail "tshark finds no handshake message of type $type ($flags)"
        exts=$(printf '%s\n' "$line" | cut -f2)
        len=$(printf '%s\n' "$line" | cut -f3)
        case ",$exts," in
        *,65281,*) ;;
        *) fail "hello type $type has no renegotiation_info: extensions $exts ($flags)" ;;
        esac
        [ "$len" = 0 ] || fail "hello type $type: renegotiation_info length '$len', want 0 ($flags)"
        checks=$((checks + 1))
    done
    echo "check_reneg: tshark: both hellos carry an empty renegotiation_info (--seed 1 $flags)"
done

# Play the recorded server flight (step 2, all plaintext) to s_client.
cat >"$d/feed.py" <<'EOF'
import json, socket, sys
j = json.load(open(sys.argv[1]))
flight = b"".join(bytes.fromhex(m["record_hex"]) for m in j["messages"]
                  if m["from"] == "server" and m["step"] == 2 and not m["encrypted"])
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
print(s.getsockname()[1], flush=True)
s.settimeout(20)
c, _ = s.accept()
c.settimeout(5)
c.recv(65536)  # s_client's ClientHello
c.sendall(flight)
try:
    c.recv(64)  # its alert
except OSError:
    pass
c.close()
EOF
python3 "$d/feed.py" "$d/x0/transcript.json" >"$d/port" &
feeder=$!
i=0
while [ ! -s "$d/port" ] && [ $i -lt 50 ]; do
    sleep 0.1
    i=$((i + 1))
done
port=$(cat "$d/port")
[ -n "$port" ] || fail "the flight player did not start"
timeout 20 openssl s_client -connect "127.0.0.1:$port" -tls1_2 </dev/null >"$d/sc.out" 2>&1 || true
wait "$feeder" 2>/dev/null || true
feeder=""
if grep -q "unsafe legacy renegotiation disabled" "$d/sc.out"; then
    fail "openssl s_client refused the ServerHello: unsafe legacy renegotiation disabled"
fi
grep -q "Secure Renegotiation IS supported" "$d/sc.out" ||
    { cat "$d/sc.out" >&2; fail "openssl s_client does not report secure renegotiation"; }
grep -q "tls_process_key_exchange" "$d/sc.out" ||
    { cat "$d/sc.out" >&2; fail "openssl s_client did not get as far as ServerKeyExchange"; }
checks=$((checks + 1))
echo "check_reneg: openssl s_client accepts the ServerHello (Secure Renegotiation IS supported)"
echo "check_reneg: $checks checks passed"
[ "$checks" -eq 7 ] || fail "ran $checks checks, want 7"
