#!/bin/sh
# check_peer_records.sh — what real peers put on the wire beyond the plain
# handshake, read by mtls-sim --connect / --listen on 127.0.0.1 (each peer
# started and stopped here; one that does not start fails the check):
#  1. the peer's records after the handshake: the rest of its data and its
#     close_notify, decrypted into the trace and named in the last line;
#  2. messages split across records (openssl -max_send_frag 512 with a
#     certificate over 1000 bytes), reassembled, the trace naming the
#     records that carried them, compared with tshark's record lengths;
#  3. several messages in one record (another copy with --framing flight:
#     OpenSSL and GnuTLS send one message per record), read by openssl
#     s_client and by this program;
#  4. renegotiation, which this program refuses with the warning
#     no_renegotiation (RFC 5246 §7.4.1.1, §7.2.2): openssl s_server 'r',
#     openssl s_client 'R', gnutls-cli --rehandshake.
# Run from the repository root.
NAME=check_peer_records
. tests/peer_lib.sh

# certificates over 1000 bytes (a long nsComment): more than two 512-byte records each
o="$d/big"
mkdir -p "$o"
openssl req -x509 -newkey ed25519 -nodes -keyout "$o/ca.key" -out "$o/ca.pem" -days 30 \
    -subj "/CN=Fragment Test CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null || fail "openssl req (CA)"
LONG=$(python3 -c "print('split-me-' * 80)")
for who in server client; do
    openssl genpkey -algorithm ed25519 -out "$o/$who.key" || fail "openssl genpkey"
    if [ "$who" = server ]; then
        ext='subjectAltName=DNS:localhost
extendedKeyUsage=serverAuth'
    else
        ext='subjectAltName=URI:spiffe://interop.example/alice
extendedKeyUsage=clientAuth'
    fi
    printf '%s\nkeyUsage=critical,digitalSignature\nbasicConstraints=critical,CA:FALSE\nnsComment=%s\n' \
        "$ext" "$LONG" >"$o/$who.ext"
    openssl req -new -key "$o/$who.key" -subj "/CN=$who" -out "$o/$who.csr" || fail "openssl req ($who)"
    openssl x509 -req -in "$o/$who.csr" -CA "$o/ca.pem" -CAkey "$o/ca.key" -CAcreateserial \
        -days 10 -extfile "$o/$who.ext" -out "$o/$who.pem" 2>/dev/null || fail "openssl x509 ($who)"
    size=$(openssl x509 -in "$o/$who.pem" -outform der | wc -c)
    [ "$size" -gt 1024 ] || fail "the $who certificate is only $size bytes"
done

# a reply of 1500 bytes: three records of at most 512, the first of which
# completes this client's handshake; the other two come after its close_notify
REPLY=$(python3 -c "print('reply-from-the-real-peer ' * 60)")

# tls_records PCAP: every TLS record in the capture, in wire order, one line
# each: content type (the outer one of a TLS 1.3 record) and length, as
# tshark dissects them, not as we say. The export puts each record in
# segments of its own, so a frame holds at most one.
tls_records() {
    tshark -n -r "$1" -T fields -e tls.record.content_type -e tls.record.opaque_type \
        -e tls.record.length 2>"$d/tshark.err" |
        python3 -c 'import sys
for line in sys.stdin:
    f = line.rstrip("\n").split("\t")
    if len(f) < 3 or not f[2]:
        continue
    assert "," not in f[2], "two records in one frame: " + line
    print(f[0] or f[1], f[2])'
}

# --- 1, 2: --connect against s_server -max_send_frag 512
for v in 1.2 1.3; do
    port=$(free_port)
    s_server "$d/ss.out" "sleep 1; printf '%s\n' '$REPLY'; sleep 4" "-tls${v%.*}_${v#*.}" \
        -max_send_frag 512 -cert "$o/server.pem" -key "$o/server.key" -CAfile "$d/pki/ca.pem" \
        -Verify 1 -verify_return_error
    rm -rf "$d/cap"
    "$B" $SEED --tls "$v" --ca "$o/ca.pem" --server-name localhost --connect "127.0.0.1:$port" \
        --format json --export "$d/cap" >"$d/c.json" 2>"$d/c.err"
    rc=$?
    [ "$rc" -eq 0 ] || { cat "$d/c.err" "$d/ss.out" >&2; fail "--connect to s_server -max_send_frag 512 (TLS $v): exit $rc"; }
    wait_status "$SP" >/dev/null
    python3 - "$d/c.json" "$REPLY" <<'EOF' || fail "the peer's records after the handshake (TLS $v)"
import json, sys
j, reply = json.load(open(sys.argv[1])), sys.argv[2] + "\n"
m = j['messages']
ours = [i for i, x in enumerate(m) if x['from'] == 'client' and x['name'] == 'Alert close_notify']
assert len(ours) == 1, 'our close_notify'
first = bytes.fromhex(j['values']['server_app_plaintext']['hex']).decode()
after = [x for x in m[ours[0] + 1:] if x['from'] == 'server']
data = ''.join(bytes.fromhex(x['hex']).decode() for x in after if x['name'] == 'Application data')
# the records after the handshake, decrypted, complete the reply
assert first + data == reply, (len(first), len(data), len(reply))
assert len(data) > 512, len(data)
assert after[-1]['name'] == 'Alert close_notify' and after[-1]['hex'] == '0100', after[-1]
c = [x for x in j['checks'] if x['name'] == 'server close_notify']
assert len(c) == 1 and c[0]['ok'] and '%d bytes of application data' % len(data) in c[0]['detail'], c
print(len(data))
EOF
    late=$(python3 - "$d/c.json" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
m = j['messages']
k = max(i for i, x in enumerate(m) if x['from'] == 'client' and x['name'] == 'Alert close_notify')
print(sum(len(x['hex']) // 2 for x in m[k + 1:] if x['name'] == 'Application data'))
EOF
)
    has "$d/c.err" "the peer then sent $late bytes of application data and its close_notify" "--connect's last line (TLS $v)"
    has "$d/ss.out" "GET / HTTP/1.1" "s_server did not receive our data (TLS $v)"
    ok "--connect, TLS $v: s_server's last $late bytes of data and its close_notify, after ours, decrypted into the trace"

    # the server's Certificate, split by s_server over records of 512 bytes
    python3 - "$d/c.json" >"$d/split" <<'EOF' || fail "no split server Certificate in the trace (TLS $v)"
import json, sys
j = json.load(open(sys.argv[1]))
c = [x for x in j['messages'] if x['from'] == 'server' and x['name'] == 'Certificate']
assert len(c) == 1
print(len(c[0]['hex']) // 2)
EOF
    cert_len=$(cat "$d/split")
    port=$(free_port)
    s_server "$d/ss.out" "sleep 1; printf 'hi\n'; sleep 4" "-tls${v%.*}_${v#*.}" -max_send_frag 512 \
        -cert "$o/server.pem" -key "$o/server.key" -CAfile "$d/pki/ca.pem" -Verify 1
    rm -rf "$d/cap"
    "$B" $SEED --tls "$v" --ca "$o/ca.pem" --server-name localhost --connect "127.0.0.1:$port" \
        --batch --export "$d/cap" >"$d/c.txt" 2>"$d/c.err" || { cat "$d/c.err" >&2; fail "--connect (text, TLS $v)"; }
    wait_status "$SP" >/dev/null
    what=record; [ "$v" = 1.3 ] && what="encrypted record"
    line=$(grep -A1 'server -> client  Certificate ' "$d/c.txt" | sed -n "s/^ *split over ${what}s \([0-9]*\) to \([0-9]*\) on the wire$/\1 \2/p")
    [ -n "$line" ] || { grep -A1 'Certificate ' "$d/c.txt" >&2; fail "the trace does not say which records carried the server's Certificate (TLS $v)"; }
    set -- $line
    [ $(($2 - $1)) -ge 2 ] || fail "a $cert_len-byte Certificate in records $1 to $2 only (TLS $v)"
    tls_records "$d/cap/handshake.pcap" >"$d/recs" || { cat "$d/tshark.err" >&2; fail "tshark could not read the capture"; }
    # tshark's records $1..$2: what the trace says carried the message
    python3 - "$d/recs" "$1" "$2" "$cert_len" "$v" <<'EOF' || fail "tshark's records disagree with the trace (TLS $v)"
import sys
recs = [tuple(map(int, l.split())) for l in open(sys.argv[1])]
a, b, n, v = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
part = recs[a - 1:b]
if v == '1.2':
    # in the clear: handshake records of at most 512 bytes, the message's bytes exactly
    assert all(t == 22 and k <= 512 for t, k in part), part
    assert sum(k for t, k in part) == n, (part, n)
else:
    # encrypted: each record at most 512 bytes of content, + its type byte and a 16-byte tag
    assert all(t == 23 and k <= 512 + 17 for t, k in part), part
    assert sum(k - 17 for t, k in part) >= n, (part, n)
EOF
    ok "--connect, TLS $v: s_server's $cert_len-byte Certificate reassembled from records $1 to $2, as tshark counts them"
done

# --- 1, 2: s_client -max_send_frag 512 against --listen: its Certificate
# and its data split, our reply, its last records and its close_notify
for v in 1.2 1.3; do
    listen_sim "$d/l.txt" "$d/l.err" 0 $SEED --tls "$v" --cert "$o/server.pem" --key "$o/server.key" \
        --ca "$o/ca.pem" --peer-id spiffe://interop.example/alice --batch
    (printf '%s\n' "$REPLY"; sleep 3) | timeout 15 openssl s_client -connect "127.0.0.1:$SIM_PORT" \
        "-tls${v%.*}_${v#*.}" -max_send_frag 512 -servername localhost -cert "$o/client.pem" \
        -key "$o/client.key" -CAfile "$o/ca.pem" -verify_return_error >"$d/sc.out" 2>&1
    wait_status "$SIM_PID" || { cat "$d/l.err" "$d/sc.out" >&2; fail "--listen for s_client -max_send_frag 512 (TLS $v)"; }
    has "$d/sc.out" "Hello spiffe://interop.example/alice - this server verified your certificate" "s_client did not get our reply (TLS $v)"
    what=record; [ "$v" = 1.3 ] && what="encrypted record"
    grep -A1 'client -> server  Certificate ' "$d/l.txt" | grep -q "^ *split over ${what}s [0-9]* to [0-9]* on the wire$" ||
        fail "the trace does not say which records carried s_client's Certificate (TLS $v)"
    has "$d/l.err" "bytes of application data and its close_notify" "--listen's last line (TLS $v)"
    ok "--listen, TLS $v: s_client's split Certificate reassembled; its data after ours and its close_notify read"
done

# --- 3: several messages in one record, from another copy (--framing flight)
for v in 1.2 1.3; do
    listen_sim "$d/l.txt" "$d/l.err" 0 $SEED --tls "$v" --framing flight --batch
    (printf 'GET / HTTP/1.0\r\n\r\n'; sleep 3) | timeout 15 openssl s_client -connect "127.0.0.1:$SIM_PORT" \
        "-tls${v%.*}_${v#*.}" -servername server.classroom.example -cert "$d/pki/client.pem" \
        -key "$d/pki/client.key" -CAfile "$d/pki/ca.pem" -verify_return_error >"$d/sc.out" 2>&1
    wait_status "$SIM_PID" || { cat "$d/l.err" "$d/sc.out" >&2; fail "--listen --framing flight for s_client (TLS $v)"; }
    has "$d/sc.out" "Verification: OK" "s_client did not take a packed flight (TLS $v)"
    has "$d/sc.out" "this server verified your certificate (CN=student" "s_client reply (packed, TLS $v)"
    ok "openssl s_client reads the flight of --listen --framing flight in one record (TLS $v)"

    listen_sim "$d/l.txt" "$d/l.err" 0 $SEED --tls "$v" --framing flight --batch
    "$B" $SEED --tls "$v" --connect "127.0.0.1:$SIM_PORT" --batch >"$d/c.txt" 2>"$d/c.err" ||
        { cat "$d/c.err" >&2; fail "--connect to a packing copy (TLS $v)"; }
    wait_status "$SIM_PID" || fail "--listen --framing flight (TLS $v): exit $?"
    if [ "$v" = 1.2 ]; then
        want="record 2 on the wire, shared with ServerHello, ServerKeyExchange, CertificateRequest, ServerHelloDone"
    else
        want="encrypted record 4 on the wire, shared with EncryptedExtensions, CertificateRequest, CertificateVerify, Finished"
    fi
    grep -A1 'server -> client  Certificate ' "$d/c.txt" | grep -qF "$want" ||
        { grep -A1 'server -> client  Certificate ' "$d/c.txt" >&2; fail "the packed server flight (TLS $v): '$want' missing"; }
    ok "--connect reads a server flight packed in one record, and names the record (TLS $v)"
done
# OpenSSL and GnuTLS do not pack: each of their messages has its own record
port=$(free_port)
s_server "$d/ss.out" "sleep 1; printf 'hi\n'; sleep 4" -tls1_2 -cert "$d/pki/server.pem" \
    -key "$d/pki/server.key" -CAfile "$d/pki/ca.pem" -Verify 1
"$B" $SEED --connect "127.0.0.1:$port" --batch >"$d/c.txt" 2>"$d/c.err" || fail "--connect to s_server (plain)"
wait_status "$SP" >/dev/null
if grep -q "shared with" "$d/c.txt"; then fail "s_server packed messages: the README says it does not"; fi
ok "openssl s_server (TLS 1.2) sends each handshake message in its own record"

# --- 4: renegotiation refused
# s_server 'r' sends a HelloRequest; we answer no_renegotiation; OpenSSL
# then ends the connection itself (handshake_failure)
port=$(free_port)
s_server "$d/ss.out" "sleep 1; printf 'r\n'; sleep 1; printf 'late\n'; sleep 3" -tls1_2 \
    -cert "$d/pki/server.pem" -key "$d/pki/server.key" -CAfile "$d/pki/ca.pem" -Verify 1
"$B" $SEED --connect "127.0.0.1:$port" --format json >"$d/c.json" 2>"$d/c.err"
rc=$?
wait_status "$SP" >/dev/null
[ "$rc" -eq 1 ] || { cat "$d/c.err" >&2; fail "s_server renegotiating: exit $rc, not 1"; }
has "$d/c.err" "the peer (the server) sent the fatal alert handshake_failure (40); it arrived while this side was at step 7 (Encrypted session), after this side had sent its Alert no_renegotiation (step 7); this side refused 1 renegotiation request" "our line on s_server's renegotiation"
has "$d/ss.out" "no renegotiation" "s_server did not get our no_renegotiation"
python3 - "$d/c.json" <<'EOF' || fail "the trace of a refused renegotiation (s_server)"
import json, sys
j = json.load(open(sys.argv[1]))
names = [(x['from'], x['name'], x['hex']) for x in j['messages']]
i = [k for k, x in enumerate(names) if x[1] == 'HelloRequest']
assert len(i) == 1 and names[i[0]] == ('server', 'HelloRequest', '00000000'), names
assert names[i[0] + 1] == ('client', 'Alert no_renegotiation', '0164'), names[i[0] + 1]
assert names[-1][:2] == ('server', 'Alert handshake_failure'), names[-1]
c = [x for x in j['checks'] if x['name'] == 'server renegotiation request refused']
assert len(c) == 1 and c[0]['ok'] and 'warning alert no_renegotiation (100)' in c[0]['detail'], c
assert j['outcome']['alert'] == 'handshake_failure' and j['outcome']['sent_by'] == 'server'
EOF
ok "openssl s_server asks to renegotiate (HelloRequest): refused with the warning no_renegotiation; OpenSSL then ends the connection"

# s_client 'R' sends a ClientHello inside the connection
listen_sim "$d/l.json" "$d/l.err" 0 $SEED --format json
(sleep 1; printf 'R\n'; sleep 2) | timeout 15 openssl s_client -connect "127.0.0.1:$SIM_PORT" -tls1_2 \
    -cert "$d/pki/client.pem" -key "$d/pki/client.key" -CAfile "$d/pki/ca.pem" >"$d/sc.out" 2>&1
wait_status "$SIM_PID"
rc=$?
[ "$rc" -eq 1 ] || { cat "$d/l.err" >&2; fail "s_client renegotiating: exit $rc, not 1"; }
has "$d/sc.out" "RENEGOTIATING" "s_client did not renegotiate"
has "$d/sc.out" "no renegotiation" "s_client did not get our no_renegotiation"
has "$d/l.err" "the peer (the client) sent the fatal alert handshake_failure (40); it arrived while this side was at step 7 (Encrypted session), after this side had sent its Alert no_renegotiation (step 7)" "our line on s_client's renegotiation"
[ "$(json "$d/l.json" "[x['name'] for x in j['messages'] if x['from'] == 'client'][-2:]")" = "['ClientHello', 'Alert handshake_failure']" ] ||
    fail "the trace does not show s_client's second ClientHello"
ok "openssl s_client asks to renegotiate (ClientHello): refused with the warning no_renegotiation"

# gnutls-cli --rehandshake asks again after each refusal: after 3 the connection ends
listen_sim "$d/l.json" "$d/l.err" 0 $SEED --format json
(sleep 3) | timeout 15 gnutls-cli --port "$SIM_PORT" 127.0.0.1 --rehandshake \
    --sni-hostname server.classroom.example --verify-hostname server.classroom.example \
    --x509cafile "$d/pki/ca.pem" --x509certfile "$d/pki/client.pem" --x509keyfile "$d/pki/client.key" \
    --priority 'NORMAL:-VERS-TLS1.3' >"$d/gc.out" 2>&1
wait_status "$SIM_PID"
rc=$?
[ "$rc" -eq 1 ] || { cat "$d/l.err" >&2; fail "gnutls-cli --rehandshake: exit $rc, not 1"; }
[ "$(grep -c 'Received alert \[100\]' "$d/gc.out")" -eq 3 ] || { cat "$d/gc.out" >&2; fail "gnutls-cli did not get three no_renegotiation warnings"; }
has "$d/gc.out" "Received alert [40]" "gnutls-cli did not get our handshake_failure"
has "$d/l.err" "this side (the server) refused at step 7 (Encrypted session): peer asked to renegotiate again after this side refused; it sent the fatal alert handshake_failure (40)" "our line on gnutls-cli --rehandshake"
[ "$(json "$d/l.json" "sum(1 for c in j['checks'] if c['name'] == 'client renegotiation request refused' and c['ok'])")" = 3 ] ||
    fail "three refusals in the trace"
ok "gnutls-cli --rehandshake: three no_renegotiation warnings, then handshake_failure"

# --- 1: two copies: each reads the other's close_notify after its own
listen_sim "$d/s2.json" "$d/s2.err" 0 $SEED --format json
"$B" $SEED --connect "127.0.0.1:$SIM_PORT" --format json >"$d/c2.json" 2>"$d/c2.err" || fail "copy --connect"
wait_status "$SIM_PID" || fail "copy --listen: exit $?"
for f in c2 s2; do
    me=client; peer=server; [ "$f" = s2 ] && { me=server; peer=client; }
    [ "$(json "$d/$f.json" "[(x['from'], x['name']) for x in j['messages']][-2:]")" = "[('$me', 'Alert close_notify'), ('$peer', 'Alert close_notify')]" ] ||
        [ "$(json "$d/$f.json" "[(x['from'], x['name']) for x in j['messages']][-2:]")" = "[('$peer', 'Alert close_notify'), ('$me', 'Alert close_notify')]" ] ||
        fail "the $me's trace does not end with both close_notify alerts"
    has "$d/$f.err" "the peer then sent its close_notify" "the $me's last line"
done
ok "two copies: each side's trace holds its own close_notify and the peer's"
echo "$NAME: all passed"
