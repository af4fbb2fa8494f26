#!/bin/sh
# check_interop.sh — mtls-sim as one side of a real TCP connection, against
# OpenSSL and GnuTLS and against itself, on 127.0.0.1 with free ports. Every
# peer is started and stopped here (trap); a peer that never started fails
# the check. The peer's own output must confirm the verified client
# certificate, the suite and the application data both ways; the bad peers
# (garbage, HTTP, silence, a close mid-handshake, a refused connection) must
# each end with their message and exit status. Run from the repository root.
set -u
B=./mtls-sim
d=$(mktemp -d)
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$d"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "check_interop: FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
for t in openssl gnutls-serv gnutls-cli python3 tshark; do
    command -v "$t" >/dev/null 2>&1 || fail "$t is not installed (make deps)"
done
[ -x "$B" ] || fail "$B is not built"

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# wait_line FILE TEXT PID NAME: the peer prints TEXT (it listens) within
# 10 s, or fail; probing the port would take its one connection
wait_line() {
    i=0
    while ! grep -qF -- "$2" "$1" 2>/dev/null; do
        kill -0 "$3" 2>/dev/null || { cat "$1" >&2; fail "$4 exited before it listened"; }
        i=$((i + 1))
        [ "$i" -lt 100 ] || fail "$4 did not listen within 10 s"
        sleep 0.1
    done
}
# listen_sim OUT ERR ARGS...: mtls-sim --listen 0 in the background; sets
# SIM_PID and SIM_PORT from the line it prints, or fails
listen_sim() {
    out=$1 err=$2
    shift 2
    : >"$err" # no line of an earlier listener may be read as this one's
    "$B" --listen 0 "$@" >"$out" 2>"$err" &
    SIM_PID=$!
    pids="$pids $SIM_PID"
    i=0
    SIM_PORT=
    while [ -z "$SIM_PORT" ]; do
        SIM_PORT=$(sed -n 's/^mtls-sim: listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$err")
        [ -n "$SIM_PORT" ] && break
        kill -0 "$SIM_PID" 2>/dev/null || { cat "$err" >&2; fail "mtls-sim --listen exited before it listened"; }
        i=$((i + 1))
        [ "$i" -lt 100 ] || fail "mtls-sim --listen printed no port within 10 s"
        sleep 0.1
    done
}
# wait_status PID: its exit status, within 20 s (else it is killed and fails)
wait_status() {
    i=0
    while kill -0 "$1" 2>/dev/null; do
        i=$((i + 1))
        [ "$i" -lt 200 ] || { kill "$1"; fail "process $1 did not end within 20 s"; }
        sleep 0.1
    done
    wait "$1"
}
# json FILE EXPR: evaluate a Python expression over the JSON document j
json() {
    python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
has() { grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "$3: '$2' missing"; }; }

# One PKI made by the program (seeded, at today's clock, so a real peer's
# clock accepts it) and exported, one the test makes with openssl, and a
# second exported PKI whose CA nobody here trusts.
NOW=$(date +%s)
SEED="--seed 7 --clock $NOW"
"$B" $SEED --export "$d/pki" >/dev/null || fail "--export"
"$B" --seed 8 --clock "$NOW" --export "$d/other" >/dev/null || fail "--export (other)"
for f in ca.pem server.pem server.key client.pem client.key; do
    [ -s "$d/pki/$f" ] || fail "--export wrote no $f"
done

MSG='GET /interop HTTP/1.1'
REPLY='HTTP/1.1 200 OK from the real peer'
# gnutls-serv --echo answers whole lines
LINE=$(printf '%s\r\n\r\nX' "$MSG")
LINE=${LINE%X}

# Each peer in three shapes: TLS 1.2 with EMS, TLS 1.2 without (--no-ems),
# and TLS 1.3. variant V sets what the peer is told and what both sides
# must then show: the peers' version options, the suite as each names it,
# and (1.2) whether EMS was used.
variant() {
    case $1 in
    tls13)
        OPTS="--tls 1.3" EMS="" OSSL=-tls1_3 PRIO='NORMAL:-VERS-ALL:+VERS-TLS1.3'
        SUITE=0x1303 OSSL_SUITE=TLS_CHACHA20_POLY1305_SHA256 GNU_VER=TLS1.3 ;;
    noems)
        OPTS="--no-ems" EMS=no OSSL=-tls1_2 PRIO='NORMAL:-VERS-TLS1.3'
        SUITE=0xcca9 OSSL_SUITE=ECDHE-ECDSA-CHACHA20-POLY1305 GNU_VER=TLS1.2 ;;
    *)
        OPTS="" EMS=yes OSSL=-tls1_2 PRIO='NORMAL:-VERS-TLS1.3'
        SUITE=0xcca9 OSSL_SUITE=ECDHE-ECDSA-CHACHA20-POLY1305 GNU_VER=TLS1.2 ;;
    esac
    GNU_SUITE="($GNU_VER-X.509)-(ECDHE-X25519)-(EdDSA-Ed25519)-(CHACHA20-POLY1305)"
    NAME="${OPTS:-TLS 1.2 with EMS}"
}
VARIANTS="ems noems tls13"

# --- mtls-sim --connect against openssl s_server -Verify 1 -verify_return_error
for v in $VARIANTS; do
    variant "$v"
    port=$(free_port)
    rm -f "$d/ss.out" "$d/gs.out" # wait_line must not read an earlier peer's line
    (sleep 1; printf '%s\n' "$REPLY"; sleep 4) | openssl s_server -accept "127.0.0.1:$port" -naccept 1 \
        "$OSSL" -cert "$d/pki/server.pem" -cert_chain "$d/pki/ca-server-issuing.pem" -key "$d/pki/server.key" -CAfile "$d/pki/ca.pem" \
        -Verify 1 -verify_return_error >"$d/ss.out" 2>&1 &
    sp=$!
    pids="$pids $sp"
    wait_line "$d/ss.out" ACCEPT "$sp" "openssl s_server"
    "$B" $SEED $OPTS --message "$MSG" --connect "127.0.0.1:$port" --format json >"$d/c.json" 2>"$d/c.err"
    rc=$?
    [ "$rc" -eq 0 ] || { cat "$d/c.err" "$d/ss.out" >&2; fail "--connect to s_server ($NAME): exit $rc"; }
    wait_status "$sp" >/dev/null
    has "$d/ss.out" "subject=CN = student" "s_server did not show our client certificate"
    has "$d/ss.out" "CIPHER is $OSSL_SUITE" "s_server suite"
    has "$d/ss.out" "$MSG" "s_server did not receive our application data"
    [ "$(json "$d/c.json" "j['one_side']['self']")" = client ] || fail "trace is not one-sided"
    [ "$(json "$d/c.json" "j['suite']['id']")" = "$SUITE" ] || fail "suite in our trace ($NAME)"
    if [ -n "$EMS" ]; then
        want=True; [ "$EMS" = no ] && want=False
        [ "$(json "$d/c.json" "j['ems']")" = "$want" ] || fail "EMS in our trace ($NAME)"
    else
        # RFC 8446 §4.6.1: tickets after the handshake, checked, nothing kept
        [ "$(json "$d/c.json" "sum(1 for c in j['checks'] if c['name'] == 'NewSessionTicket after the handshake' and c['ok'])")" -ge 1 ] ||
            fail "s_server's NewSessionTicket was not checked"
    fi
    [ "$(json "$d/c.json" "bytes.fromhex(j['values']['server_app_plaintext']['hex']).decode()")" = "$REPLY" ] ||
        fail "we did not receive s_server's data ($NAME)"
    [ "$(json "$d/c.json" "any(k.startswith(('server_cert_private_key', 'server_ecdhe_private', 'server_share_private')) for k in j['values'])")" = False ] ||
        fail "a client trace holds the server's secrets"
    has "$d/c.err" "handshake completed with the peer (client side)" "--connect message"
    ok "--connect against openssl s_server ($NAME): client certificate verified, suite, data both ways"
done

# --- mtls-sim --connect against gnutls-serv --require-client-cert
for v in $VARIANTS; do
    variant "$v"
    port=$(free_port)
    rm -f "$d/ss.out" "$d/gs.out" # wait_line must not read an earlier peer's line
    gnutls-serv --port "$port" --echo --require-client-cert --verify-client-cert \
        --x509certfile "$d/pki/server-chain.pem" --x509keyfile "$d/pki/server.key" \
        --x509cafile "$d/pki/ca.pem" --priority "$PRIO" >"$d/gs.out" 2>&1 &
    gp=$!
    pids="$pids $gp"
    wait_line "$d/gs.out" "IPv4 0.0.0.0 port $port...done" "$gp" "gnutls-serv"
    sleep 0.2
    "$B" $SEED $OPTS --message "$LINE" --connect "127.0.0.1:$port" --format json >"$d/c.json" 2>"$d/c.err"
    rc=$?
    sleep 0.3
    kill "$gp"
    [ "$rc" -eq 0 ] || { cat "$d/c.err" >&2; fail "--connect to gnutls-serv ($NAME): exit $rc"; }
    has "$d/gs.out" "The certificate is trusted" "gnutls-serv did not verify our client certificate"
    has "$d/gs.out" "URI: spiffe://classroom.example/student" "gnutls-serv client identity"
    has "$d/gs.out" "$GNU_SUITE" "gnutls-serv suite"
    if [ "$EMS" = yes ]; then
        has "$d/gs.out" "extended master secret" "gnutls-serv EMS"
    elif [ "$EMS" = no ] && grep -q "Options: extended master secret" "$d/gs.out"; then
        fail "gnutls-serv negotiated EMS with --no-ems"
    fi
    # --echo: what it decrypted comes back, so both directions carry our bytes
    [ "$(json "$d/c.json" "bytes.fromhex(j['values']['server_app_plaintext']['hex']).decode().strip()")" = "$MSG" ] ||
        fail "gnutls-serv did not echo our data ($NAME)"
    ok "--connect against gnutls-serv ($NAME): client certificate verified, suite, data both ways"
done

# --- openssl s_client against mtls-sim --listen
# (OpenSSL 3.0's s_client always offers EMS: --no-ems on our side is below, with gnutls-cli)
for v in $VARIANTS; do
    variant "$v"
    listen_sim "$d/l.out" "$d/l.err" $SEED $OPTS --format json
    (printf '%s\r\n\r\n' "$MSG"; sleep 3) | timeout 15 openssl s_client -connect "127.0.0.1:$SIM_PORT" \
        "$OSSL" -servername server.classroom.example -alpn h2,http/1.1 -status \
        -cert "$d/pki/client.pem" -cert_chain "$d/pki/ca-client-issuing.pem" -key "$d/pki/client.key" -CAfile "$d/pki/ca.pem" \
        -verify_return_error >"$d/sc.out" 2>&1
    wait_status "$SIM_PID" || { cat "$d/l.err" "$d/sc.out" >&2; fail "--listen for s_client ($NAME): exit $?"; }
    has "$d/sc.out" "Verification: OK" "s_client did not verify our server"
    has "$d/sc.out" "Cipher is $OSSL_SUITE" "s_client suite"
    has "$d/sc.out" "this server verified your certificate (CN=student" "s_client did not get our reply"
    [ "$(json "$d/l.out" "j['outcome']['ok']")" = True ] || fail "server trace outcome"
    [ "$(json "$d/l.out" "bytes.fromhex(j['values']['client_app_plaintext']['hex']).decode().strip()")" = "$MSG" ] ||
        fail "we did not receive s_client's data ($NAME)"
    if [ -n "$EMS" ]; then
        has "$d/sc.out" "Extended master secret: $EMS" "s_client EMS ($NAME)"
        # what it offered and we do not use was ignored (RFC 5246 §7.4.1.4):
        # session_ticket 35, encrypt_then_mac 22, ALPN 16, status_request 5
        [ "$(json "$d/l.out" "sorted(int(f['name'].split('(')[1].rstrip(')')) for f in j['messages'][0]['fields'] if f['name'].startswith('extension unknown'))")" = "[5, 16, 22, 35]" ] ||
            fail "s_client's ClientHello did not carry the extensions this check ignores"
    fi
    ok "openssl s_client against --listen ($NAME): server verified, client certificate accepted, data both ways"
done
for v in $VARIANTS; do
    variant "$v"
    listen_sim "$d/l.out" "$d/l.err" $SEED $OPTS --format json
    (printf '%s\r\n\r\n' "$MSG"; sleep 3) | timeout 15 gnutls-cli --port "$SIM_PORT" 127.0.0.1 \
        --sni-hostname server.classroom.example --verify-hostname server.classroom.example \
        --x509cafile "$d/pki/ca.pem" --x509certfile "$d/pki/client-chain.pem" \
        --x509keyfile "$d/pki/client.key" --priority "$PRIO:%DUMBFW" --alpn h2 >"$d/gc.out" 2>&1
    wait_status "$SIM_PID" || { cat "$d/l.err" "$d/gc.out" >&2; fail "--listen for gnutls-cli ($NAME): exit $?"; }
    has "$d/gc.out" "The certificate is trusted" "gnutls-cli did not verify our server"
    has "$d/gc.out" "Successfully sent 2 certificate(s) to server" "gnutls-cli client certificate chain (leaf, intermediate)"
    has "$d/gc.out" "$GNU_SUITE" "gnutls-cli suite"
    has "$d/gc.out" "this server verified your certificate (CN=student" "gnutls-cli did not get our reply"
    if [ "$EMS" = yes ]; then
        has "$d/gc.out" "Options: extended master secret" "gnutls-cli EMS"
    elif [ "$EMS" = no ] && grep -q "Options: extended master secret" "$d/gc.out"; then
        fail "--listen --no-ems negotiated EMS with gnutls-cli"
    fi
    [ "$(json "$d/l.out" "bytes.fromhex(j['values']['client_app_plaintext']['hex']).decode().strip()")" = "$MSG" ] ||
        fail "we did not receive gnutls-cli's data ($NAME)"
    ok "gnutls-cli against --listen ($NAME): server verified, client certificate accepted, data both ways"
done

# --- certificates the test makes with openssl req -x509 -newkey ed25519
o="$d/own"
mkdir -p "$o"
openssl req -x509 -newkey ed25519 -nodes -keyout "$o/ca.key" -out "$o/ca.pem" -days 30 \
    -subj "/CN=Interop Test CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null || fail "openssl req (CA)"
for who in server client; do
    openssl genpkey -algorithm ed25519 -out "$o/$who.key" || fail "openssl genpkey"
    if [ "$who" = server ]; then
        ext='subjectAltName=DNS:localhost
extendedKeyUsage=serverAuth'
    else
        ext='subjectAltName=URI:spiffe://interop.example/alice
extendedKeyUsage=clientAuth'
    fi
    printf '%s\nkeyUsage=critical,digitalSignature\nbasicConstraints=critical,CA:FALSE\n' "$ext" >"$o/$who.ext"
    openssl req -new -key "$o/$who.key" -subj "/CN=$who" -out "$o/$who.csr" || fail "openssl req ($who)"
    openssl x509 -req -in "$o/$who.csr" -CA "$o/ca.pem" -CAkey "$o/ca.key" -CAcreateserial \
        -days 10 -extfile "$o/$who.ext" -out "$o/$who.pem" 2>/dev/null || fail "openssl x509 ($who)"
done
OWN_C="--cert $o/client.pem --key $o/client.key --ca $o/ca.pem --server-name localhost"
OWN_S="--cert $o/server.pem --key $o/server.key --ca $o/ca.pem --peer-id spiffe://interop.example/alice"
port=$(free_port)
rm -f "$d/ss.out" "$d/gs.out" # wait_line must not read an earlier peer's line
(sleep 1; printf '%s\n' "$REPLY"; sleep 4) | openssl s_server -accept "127.0.0.1:$port" -naccept 1 \
    -tls1_2 -cert "$o/server.pem" -key "$o/server.key" -CAfile "$o/ca.pem" \
    -Verify 1 -verify_return_error >"$d/ss.out" 2>&1 &
sp=$!
pids="$pids $sp"
wait_line "$d/ss.out" ACCEPT "$sp" "openssl s_server"
"$B" $OWN_C --message "$MSG" --connect "127.0.0.1:$port" --format json >"$d/c.json" 2>"$d/c.err" ||
    { cat "$d/c.err" >&2; fail "--connect with openssl-made certificates"; }
wait_status "$sp" >/dev/null
has "$d/ss.out" "subject=CN = client" "s_server did not show our own client certificate"
has "$d/ss.out" "$MSG" "s_server did not receive our data"
[ "$(json "$d/c.json" "bytes.fromhex(j['values']['server_app_plaintext']['hex']).decode()")" = "$REPLY" ] ||
    fail "we did not receive s_server's data (own certificates)"
ok "--connect with certificates made by openssl req -x509 -newkey ed25519, against s_server"
listen_sim "$d/l.out" "$d/l.err" $OWN_S --format json
(printf '%s\r\n\r\n' "$MSG"; sleep 3) | timeout 15 openssl s_client -connect "127.0.0.1:$SIM_PORT" \
    -tls1_2 -servername localhost -verify_hostname localhost -cert "$o/client.pem" \
    -key "$o/client.key" -CAfile "$o/ca.pem" -verify_return_error >"$d/sc.out" 2>&1
wait_status "$SIM_PID" || { cat "$d/l.err" "$d/sc.out" >&2; fail "--listen with own certificates"; }
has "$d/sc.out" "Verification: OK" "s_client did not verify our own server certificate"
has "$d/sc.out" "Hello spiffe://interop.example/alice - this server verified your certificate (CN=client, issued by CN=Interop Test CA)" "s_client reply (own certificates)"
ok "s_client against --listen with openssl-made certificates and --peer-id"
# a client identity the server does not authorize
listen_sim "$d/l.out" "$d/l.err" --cert "$o/server.pem" --key "$o/server.key" --ca "$o/ca.pem" \
    --peer-id spiffe://interop.example/bob --batch
(sleep 3) | timeout 15 openssl s_client -connect "127.0.0.1:$SIM_PORT" -tls1_2 \
    -cert "$o/client.pem" -key "$o/client.key" -CAfile "$o/ca.pem" >"$d/sc.out" 2>&1
wait_status "$SIM_PID"
rc=$?
[ "$rc" -eq 1 ] || { cat "$d/l.err" >&2; fail "--peer-id bob accepted alice: exit $rc"; }
has "$d/l.err" "this side (the server) refused at step 4" "--peer-id refusal"
has "$d/l.err" "access_denied (49)" "--peer-id refusal alert"
ok "--peer-id: another client identity is refused at step 4 (authorization, after CertificateVerify) with access_denied, exit 1"
# files the program cannot use: one line, exit 2, before any connection
bad_files() {
    "$B" --connect 127.0.0.1:1 --batch "$@" >/dev/null 2>"$d/c.err"
    rc=$?
    [ "$rc" -eq 2 ] || fail "'$*': exit $rc, not 2"
    [ "$(wc -l <"$d/c.err")" -eq 1 ] || { cat "$d/c.err" >&2; fail "'$*': not one line"; }
}
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$o/rsa.key" -out "$o/rsa.pem" -days 1 -subj /CN=r 2>/dev/null || fail "openssl req rsa"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$o/p256.key" -out "$o/p256.pem" -days 1 -subj /CN=p 2>/dev/null || fail "openssl req p256"
bad_files --cert "$o/rsa.pem" --key "$o/rsa.key"
has "$d/c.err" "an RSA certificate, which mtls-sim cannot use: libsodium, which mtls-sim uses, has Ed25519 and X25519 only" "RSA"
bad_files --cert "$o/p256.pem" --key "$o/p256.key"
has "$d/c.err" "an ECDSA P-256 certificate, which mtls-sim cannot use" "P-256"
bad_files --cert "$o/client.pem" --key "$o/server.key"
has "$d/c.err" "--key '$o/server.key' does not match --cert '$o/client.pem'" "mismatched key"
bad_files --ca "$o/ca.pem" --clock 1900000000
has "$d/c.err" "the CA certificate expired on" "expired CA"
ok "RSA, ECDSA P-256, a key that does not match, an expired CA: one line each, exit 2"

# --- the capture of a socket run is the real connection; the key log is
# what this side knows, and the same as the peer's own
port=$(free_port)
rm -f "$d/ss.out" "$d/gs.out" # wait_line must not read an earlier peer's line
(sleep 1; printf '%s\n' "$REPLY"; sleep 4) | openssl s_server -accept "127.0.0.1:$port" -naccept 1 \
    -tls1_2 -cert "$d/pki/server.pem" -cert_chain "$d/pki/ca-server-issuing.pem" -key "$d/pki/server.key" -CAfile "$d/pki/ca.pem" \
    -Verify 1 -verify_return_error -keylogfile "$d/peer_keylog.txt" >"$d/ss.out" 2>&1 &
sp=$!
pids="$pids $sp"
wait_line "$d/ss.out" ACCEPT "$sp" "openssl s_server"
"$B" $SEED --message "$LINE" --connect "127.0.0.1:$port" --batch --export "$d/cap" >/dev/null 2>"$d/c.err" ||
    { cat "$d/c.err" >&2; fail "--connect --export"; }
wait_status "$sp" >/dev/null
ours=$(grep '^CLIENT_RANDOM' "$d/cap/keylog.txt")
[ -n "$ours" ] || fail "no key log line"
grep -qxF "$ours" "$d/peer_keylog.txt" || fail "our key log is not OpenSSL's: $ours"
[ ! -e "$d/cap/server.key" ] && [ ! -e "$d/cap/ca.pem" ] || fail "a socket run's export wrote PKI files"
cport=$(sed -n 's/^mtls-sim: connected: 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$d/c.err")
[ -n "$cport" ] || fail "no local port in the message"
mkdir -p "$d/home"
HOME="$d/home" XDG_CONFIG_HOME="$d/home/.config" tshark -n -r "$d/cap/handshake.pcap" \
    -o "tls.keylog_file:$d/cap/keylog.txt" -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE \
    -T fields -e ip.src -e tcp.srcport -e ip.dst -e tcp.dstport -e http.request.uri \
    >"$d/tshark.out" 2>"$d/tshark.err" || { cat "$d/tshark.err" >&2; fail "tshark could not read the capture"; }
has "$d/tshark.out" "127.0.0.1	$cport	127.0.0.1	$port" "the capture's addresses and ports"
has "$d/tshark.out" "/interop" "tshark did not decrypt our request with our key log"
# what the peer printed having decrypted it is what our trace says we sent
has "$d/ss.out" "$MSG" "s_server's decrypted data"
[ "$(json "$d/cap/transcript.json" "bytes.fromhex(j['values']['client_app_plaintext']['hex']).decode().strip()")" = "$MSG" ] ||
    fail "the exported transcript's data"
ok "--export of a socket run: the real addresses and ports, OpenSSL's own key log line, decrypted by tshark"

# --- two copies of the program: the same bytes, each only its own secrets
listen_sim "$d/s2.json" "$d/s2.err" $SEED --format json
"$B" $SEED --connect "127.0.0.1:$SIM_PORT" --format json >"$d/c2.json" 2>"$d/c2.err" || fail "copy --connect"
wait_status "$SIM_PID" || fail "copy --listen: exit $?"
python3 - "$d/c2.json" "$d/s2.json" <<'EOF' || fail "two copies disagree"
import json, sys
c, s = (json.load(open(p)) for p in sys.argv[1:3])
assert c['outcome']['ok'] and s['outcome']['ok']
# every message up to each side's own close_notify, byte for byte
mc = [m for m in c['messages'] if 'close_notify' not in m['name']]
ms = [m for m in s['messages'] if 'close_notify' not in m['name']]
assert len(mc) == len(ms) == 15, (len(mc), len(ms))
for a, b in zip(mc, ms):
    assert (a['from'], a['name'], a['record_hex']) == (b['from'], b['name'], b['record_hex']), a['name']
own = {'client': ['client_cert_private_key', 'client_ecdhe_private'],
       'server': ['server_cert_private_key', 'server_ecdhe_private']}
for t, me, peer in ((c, 'client', 'server'), (s, 'server', 'client')):
    for v in own[me]:
        assert v in t['values'], (me, v)
    for v in own[peer]:
        assert v not in t['values'], (me, v)
    assert t['one_side']['held_by_peer'] == own[peer]
# computed separately, equal
for v in ('pre_master_secret', 'master_secret', 'key_block'):
    assert c['values'][v]['hex'] == s['values'][v]['hex'], v
EOF
ok "two copies: identical message bytes, each only its own secrets, the same master secret"

# --accept 2: two connections, one after another, each its own ECDHE key
listen_sim "$d/s3.json" "$d/s3.err" $SEED --accept 2 --format json
"$B" $SEED --connect "127.0.0.1:$SIM_PORT" --batch >/dev/null 2>&1 || fail "first --accept connection"
"$B" $SEED --connect "127.0.0.1:$SIM_PORT" --batch >/dev/null 2>&1 || fail "second --accept connection"
wait_status "$SIM_PID" || fail "--accept 2: exit $?"
python3 - "$d/s3.json" <<'EOF' || fail "--accept 2 did not serve two separate handshakes"
import json, sys
text, docs, dec, i = open(sys.argv[1]).read(), [], json.JSONDecoder(), 0
while i < len(text):
    if text[i].isspace():
        i += 1
        continue
    doc, i = dec.raw_decode(text, i)
    docs.append(doc)
assert len(docs) == 2 and all(x['outcome']['ok'] for x in docs)
a, b = (x['values']['server_ecdhe_private']['hex'] for x in docs)
assert a != b
EOF
ok "--accept 2: two handshakes, one after another, each with its own ECDHE key"

# --- a failing case per side
port=$(free_port)
rm -f "$d/ss.out" "$d/gs.out" # wait_line must not read an earlier peer's line
(sleep 5) | openssl s_server -accept "127.0.0.1:$port" -naccept 1 -tls1_2 \
    -cert "$d/pki/server.pem" -cert_chain "$d/pki/ca-server-issuing.pem" -key "$d/pki/server.key" -CAfile "$d/other/ca.pem" \
    -Verify 1 -verify_return_error >"$d/ss.out" 2>&1 &
sp=$!
pids="$pids $sp"
wait_line "$d/ss.out" ACCEPT "$sp" "openssl s_server"
"$B" $SEED --connect "127.0.0.1:$port" --batch >"$d/c.out" 2>"$d/c.err"
rc=$?
[ "$rc" -eq 1 ] || { cat "$d/c.err" >&2; fail "a refused client certificate: exit $rc, not 1"; }
# the peer's alert carries no step: the line gives this side's step and
# what it had sent (its Certificate, which s_server refused, went before)
has "$d/c.err" "the peer (the server) sent the fatal alert unknown_ca (48); it arrived while this side was at step 7 (Encrypted session), after this side had sent its Finished (step 7)" "our message on OpenSSL's refusal"
grep -q "^step 7 is this side's: the server's alert arrived while this side (the client) was at it" "$d/c.out" ||
    fail "the text view does not say whose step 7 is"
has "$d/ss.out" "verify error" "s_server did not say why it refused"
ok "openssl s_server refuses our client certificate (a CA it does not trust): exit 1, its alert named"

port=$(free_port)
rm -f "$d/ss.out" "$d/gs.out" # wait_line must not read an earlier peer's line
(sleep 5) | openssl s_server -accept "127.0.0.1:$port" -naccept 1 -tls1_2 \
    -cert "$d/other/server.pem" -key "$d/other/server.key" -CAfile "$d/pki/ca.pem" \
    -Verify 1 >"$d/ss.out" 2>&1 &
sp=$!
pids="$pids $sp"
wait_line "$d/ss.out" ACCEPT "$sp" "openssl s_server"
"$B" $SEED --connect "127.0.0.1:$port" --batch >"$d/c.out" 2>"$d/c.err"
rc=$?
[ "$rc" -eq 1 ] || { cat "$d/c.err" >&2; fail "refusing OpenSSL's certificate: exit $rc, not 1"; }
has "$d/c.err" "this side (the client) refused at step 3 (Authentication): certificate was not issued by the trusted CA; it sent the fatal alert unknown_ca (48)" "our refusal"
wait_status "$sp" >/dev/null
has "$d/ss.out" "alert unknown ca" "s_server did not get our alert"
ok "we refuse openssl s_server's certificate: unknown_ca sent, exit 1"

# --- bad peers
cat >"$d/bad.py" <<'EOF'
import socket, sys, time
mode, out = sys.argv[1], sys.argv[2]
s = socket.socket()
s.bind(('127.0.0.1', 0))
s.listen(1)
print(s.getsockname()[1], flush=True)
s.settimeout(20)
c, _ = s.accept()
c.settimeout(20)
c.recv(4096)
if mode == 'garbage':
    c.sendall(b'\x00\x01\x02 not a record at all\n')
elif mode == 'http':
    c.sendall(b'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')
elif mode == 'close':
    c.close()
elif mode == 'oversize':
    c.sendall(bytes.fromhex('1603034801') + b'\0' * 64)
if mode == 'silent':
    time.sleep(4)
if mode != 'close':
    try:
        got = c.recv(100)
    except OSError:
        got = b''
    open(out, 'wb').write(got)
EOF
# bad_server MODE STATUS MESSAGE [ALERT]: --connect to it
bad_server() {
    rm -f "$d/bad.port" "$d/bad.got"
    python3 "$d/bad.py" "$1" "$d/bad.got" >"$d/bad.port" &
    bp=$!
    pids="$pids $bp"
    i=0
    while [ ! -s "$d/bad.port" ]; do
        kill -0 "$bp" 2>/dev/null || fail "the bad peer ($1) did not start"
        i=$((i + 1)); [ "$i" -lt 100 ] || fail "the bad peer ($1) did not start"
        sleep 0.1
    done
    "$B" $SEED --timeout 2 --connect "127.0.0.1:$(head -1 "$d/bad.port")" --batch >/dev/null 2>"$d/c.err"
    rc=$?
    wait_status "$bp" >/dev/null
    [ "$rc" -eq "$2" ] || { cat "$d/c.err" >&2; fail "bad peer $1: exit $rc, not $2"; }
    has "$d/c.err" "$3" "bad peer $1"
    if [ -n "${4:-}" ]; then
        [ "$(od -An -tx1 "$d/bad.got" | tr -d ' \n')" = "$4" ] || fail "bad peer $1: got $(od -An -tx1 "$d/bad.got"), not the alert $4"
    fi
    ok "a server that sends $1: exit $2, '$3'"
}
bad_server garbage 1 "refused at step 2 (ServerHello): record has an unknown content type; it sent the fatal alert unexpected_message (10); the peer sent bytes that are not a TLS record" 1503030002020a
bad_server http 1 "the peer answered in plain HTTP, not TLS" 1503030002020a
bad_server oversize 1 "record is longer than allowed; it sent the fatal alert record_overflow (22)" 15030300020216
bad_server silent 2 "the peer sent nothing more within 2 s: this side waited for the server's ServerHello at step 1 (ClientHello)"
bad_server close 2 "the peer closed the connection at step 1 (ClientHello) while this side waited for the server's ServerHello"

# clients that are not TLS, against --listen
cat >"$d/badc.py" <<'EOF'
import socket, sys, time
mode, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
c = socket.create_connection(('127.0.0.1', port), 5)
c.settimeout(10)
if mode == 'http':
    c.sendall(b'GET / HTTP/1.1\r\nHost: server.classroom.example\r\n\r\n')
elif mode == 'half':
    c.sendall(bytes.fromhex('16030100c8010000c40303'))  # a ClientHello cut short
    c.shutdown(socket.SHUT_WR)
elif mode == 'silent':
    time.sleep(4)
try:
    got = c.recv(100)
except OSError:
    got = b''
open(out, 'wb').write(got)
EOF
bad_client() {
    listen_sim "$d/l.out" "$d/l.err" $SEED --timeout 2 --batch
    timeout 15 python3 "$d/badc.py" "$1" "$SIM_PORT" "$d/bad.got" || fail "bad client $1 did not run"
    wait_status "$SIM_PID"
    rc=$?
    [ "$rc" -eq "$2" ] || { cat "$d/l.err" >&2; fail "bad client $1: exit $rc, not $2"; }
    has "$d/l.err" "$3" "bad client $1"
    if [ -n "${4:-}" ]; then
        [ "$(od -An -tx1 "$d/bad.got" | tr -d ' \n')" = "$4" ] || fail "bad client $1: got $(od -An -tx1 "$d/bad.got"), not the alert $4"
    fi
    ok "a client that sends $1 to --listen: exit $2, '$3'"
}
bad_client http 1 "the peer sent an HTTP request, not TLS: it speaks plain HTTP to this TLS port" 1503030002020a
bad_client half 1 "refused at step 1 (ClientHello): message ends before a field it announces; it sent the fatal alert decode_error (50)"
bad_client silent 2 "the peer sent nothing more within 2 s: this side waited for the client's ClientHello"

# a connection refused: a port nobody listens on
port=$(free_port)
"$B" $SEED --connect "127.0.0.1:$port" --batch >/dev/null 2>"$d/c.err"
rc=$?
[ "$rc" -eq 2 ] || fail "connection refused: exit $rc, not 2"
has "$d/c.err" "cannot connect to 127.0.0.1:$port: Connection refused" "connection refused"
ok "a refused connection: exit 2, named"

# the interface is not offered for a socket run: a clear refusal
"$B" --connect 127.0.0.1:1 >/dev/null 2>"$d/c.err" && fail "--connect without --batch ran"
has "$d/c.err" "--connect shows its run in batch output only" "--connect without --batch"
ok "--connect without batch output is refused with a message"
echo "check_interop: all passed"
