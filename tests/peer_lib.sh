# peer_lib.sh — sourced by the check_peer_*.sh checks, which run mtls-sim as
# one side of a real TCP connection against openssl, gnutls and itself. Set
# NAME (the check's name) first. It makes the scratch directory $d, stops
# every peer it was told of ($pids) on exit, fails when a tool or the
# binary is missing, and gives tshark an empty profile. A peer that does not
# start fails the check: nothing here ever skips.
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
fail() { echo "$NAME: FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
for t in openssl gnutls-serv gnutls-cli python3 tshark; do
    command -v "$t" >/dev/null 2>&1 || fail "$t is not installed (make deps)"
done
[ -x "$B" ] || fail "$B is not built"
mkdir -p "$d/home"
HOME="$d/home"
XDG_CONFIG_HOME="$d/home/.config"
export HOME XDG_CONFIG_HOME

# free_port [HOST]: a port nobody listens on now (127.0.0.1 unless HOST)
free_port() {
    python3 -c 'import socket, sys
h = sys.argv[1]
s = socket.socket(socket.AF_INET6 if ":" in h else socket.AF_INET)
s.bind((h, 0))
print(s.getsockname()[1])' "${1:-127.0.0.1}"
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
# listen_sim OUT ERR ADDR ARGS...: mtls-sim --listen ADDR (port 0) in the
# background; sets SIM_PID and SIM_PORT from the line it prints, or fails
listen_sim() {
    out=$1 err=$2 addr=$3
    shift 3
    : >"$err" # no line of an earlier listener may be read as this one's
    "$B" --listen "$addr" "$@" >"$out" 2>"$err" &
    SIM_PID=$!
    pids="$pids $SIM_PID"
    i=0
    SIM_PORT=
    while [ -z "$SIM_PORT" ]; do
        SIM_PORT=$(sed -n 's/^mtls-sim: listening on .*:\([0-9][0-9]*\)$/\1/p' "$err")
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
# s_server OUT STDIN-SCRIPT ARGS...: openssl s_server on 127.0.0.1:$port
# (set port first) for one connection, fed by the shell commands of
# STDIN-SCRIPT; sets SP, or fails when it does not listen
s_server() {
    out=$1 feed=$2
    shift 2
    rm -f "$out"
    sh -c "$feed" | openssl s_server -accept "127.0.0.1:$port" -naccept 1 "$@" >"$out" 2>&1 &
    SP=$!
    pids="$pids $SP"
    wait_line "$out" ACCEPT "$SP" "openssl s_server"
}
# json FILE EXPR: evaluate a Python expression over the JSON document j
json() {
    python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
has() { grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "$3: '$2' missing"; }; }

# One PKI made by the program (seeded, at today's clock, so a real peer's
# clock accepts it) and exported.
NOW=$(date +%s)
SEED="--seed 7 --clock $NOW"
"$B" $SEED --export "$d/pki" >/dev/null || fail "--export"
for f in ca.pem server.pem server.key client.pem client.key; do
    [ -s "$d/pki/$f" ] || fail "--export wrote no $f"
done
