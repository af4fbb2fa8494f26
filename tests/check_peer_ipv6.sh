#!/bin/sh
# check_peer_ipv6.sh — mtls-sim over IPv6 loopback: --connect [::1]:PORT to
# openssl s_server, --listen [::1]:0 for openssl s_client, two copies, and
# the exported capture of an IPv6 connection, which tshark must read as
# IPv6 (the real addresses and ports, every TCP checksum good) and decrypt
# with our key log. A machine without ::1 fails this check with a message
# saying so; MTLS_NO_IPV6=1 (said out loud by whoever sets it) lets the
# other checks run on such a machine. Run from the repository root.
NAME=check_peer_ipv6
if ! python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null; then
    if [ "${MTLS_NO_IPV6:-}" = 1 ]; then
        echo "$NAME: NOT RUN: this machine has no IPv6 loopback (::1), and MTLS_NO_IPV6=1 says so"
        exit 0
    fi
    echo "$NAME: FAIL: this machine has no IPv6 loopback address ::1 (ip -6 addr show lo);" \
        "set MTLS_NO_IPV6=1 to run the other checks without this one" >&2
    exit 1
fi
. tests/peer_lib.sh

MSG='GET /over-ipv6 HTTP/1.1'
REPLY='hello over IPv6 from s_server'
# an HTTP request tshark dissects (the command substitution keeps the CRLFs)
LINE=$(printf '%s\r\n\r\nX' "$MSG")
LINE=${LINE%X}

# --- --connect [::1]:PORT against s_server, and the capture
port=$(free_port ::1)
rm -f "$d/ss.out"
(sleep 1; printf '%s\n' "$REPLY"; sleep 4) | openssl s_server -accept "[::1]:$port" -naccept 1 \
    -tls1_2 -cert "$d/pki/server.pem" -key "$d/pki/server.key" -CAfile "$d/pki/ca.pem" \
    -Verify 1 -verify_return_error -keylogfile "$d/peer_keylog.txt" >"$d/ss.out" 2>&1 &
SP=$!
pids="$pids $SP"
wait_line "$d/ss.out" ACCEPT "$SP" "openssl s_server on [::1]"
"$B" $SEED --message "$LINE" --connect "[::1]:$port" --format json --export "$d/cap" >"$d/c.json" 2>"$d/c.err"
rc=$?
[ "$rc" -eq 0 ] || { cat "$d/c.err" "$d/ss.out" >&2; fail "--connect [::1]:$port: exit $rc"; }
wait_status "$SP" >/dev/null
has "$d/ss.out" "$MSG" "s_server did not receive our data over IPv6"
[ "$(json "$d/c.json" "bytes.fromhex(j['values']['server_app_plaintext']['hex']).decode().strip()")" = "$REPLY" ] || fail "we did not receive s_server's data over IPv6"
cport=$(sed -n 's/^mtls-sim: connected: \[::1\]:\([0-9]*\) (this side, the client) <-> \[::1\]:\([0-9]*\) (the peer)$/\1/p' "$d/c.err")
[ -n "$cport" ] || { cat "$d/c.err" >&2; fail "the connected line does not name both IPv6 ends"; }
ours=$(grep '^CLIENT_RANDOM' "$d/cap/keylog.txt")
grep -qxF "$ours" "$d/peer_keylog.txt" || fail "our key log is not OpenSSL's (IPv6)"
tshark -n -r "$d/cap/handshake.pcap" -o "tls.keylog_file:$d/cap/keylog.txt" -o tcp.check_checksum:TRUE \
    -T fields -e eth.type -e ipv6.src -e tcp.srcport -e ipv6.dst -e tcp.dstport -e tcp.checksum.status \
    -e http.request.uri >"$d/tshark.out" 2>"$d/tshark.err" || { cat "$d/tshark.err" >&2; fail "tshark could not read the IPv6 capture"; }
python3 - "$d/tshark.out" "$cport" "$port" <<'EOF' || fail "tshark's view of the IPv6 capture"
import sys
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1]) if l.strip()]
c, s = sys.argv[2], sys.argv[3]
assert len(rows) > 20, len(rows)
for r in rows:
    assert r[0] == '0x86dd', r                     # every frame IPv6 (EtherType 0x86DD)
    assert r[1] == r[3] == '::1', r
    assert (r[2], r[4]) in ((c, s), (s, c)), r     # the real ports, either way
    assert r[5] == '1', r                          # tshark: TCP checksum good
assert rows[0][2] == c                             # the client's SYN first
assert any(r[6] == '/over-ipv6' for r in rows), 'not decrypted with our key log'
EOF
ok "--connect [::1]:PORT against s_server: data both ways; the capture is IPv6 with the real ends, good checksums, decrypted by tshark"

# --- --listen [::1]:0 for s_client
listen_sim "$d/l.json" "$d/l.err" "[::1]:0" $SEED --tls 1.3 --format json
has "$d/l.err" "mtls-sim: listening on [::1]:$SIM_PORT" "the listening line names [::1]"
(printf '%s\r\n\r\n' "$MSG"; sleep 3) | timeout 15 openssl s_client -connect "[::1]:$SIM_PORT" -tls1_3 \
    -servername server.classroom.example -cert "$d/pki/client.pem" -key "$d/pki/client.key" \
    -CAfile "$d/pki/ca.pem" -verify_return_error >"$d/sc.out" 2>&1
wait_status "$SIM_PID" || { cat "$d/l.err" "$d/sc.out" >&2; fail "--listen [::1]:0 for s_client: exit $?"; }
has "$d/sc.out" "Verification: OK" "s_client over IPv6 did not verify our server"
has "$d/sc.out" "this server verified your certificate (CN=student" "s_client over IPv6 did not get our reply"
[ "$(json "$d/l.json" "bytes.fromhex(j['values']['client_app_plaintext']['hex']).decode().strip()")" = "$MSG" ] ||
    fail "we did not receive s_client's data over IPv6"
ok "openssl s_client -tls1_3 against --listen [::1]:0: verified both ways, data both ways"

# --- two copies over ::1
listen_sim "$d/s2.json" "$d/s2.err" "[::1]:0" $SEED --format json
"$B" $SEED --connect "[::1]:$SIM_PORT" --format json >"$d/c2.json" 2>"$d/c2.err" || { cat "$d/c2.err" >&2; fail "copy --connect [::1]"; }
wait_status "$SIM_PID" || fail "copy --listen [::1]: exit $?"
[ "$(json "$d/c2.json" "j['values']['master_secret']['hex'] == json.load(open('$d/s2.json'))['values']['master_secret']['hex']")" = True ] ||
    fail "two copies over IPv6 computed different master secrets"
ok "two copies over [::1]: the same master secret on both sides"
echo "$NAME: all passed"
