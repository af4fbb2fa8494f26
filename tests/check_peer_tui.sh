#!/bin/sh
# check_peer_tui.sh — the interface on a run against a real peer: without
# --batch, --connect/--listen run the handshake at the peer's pace and then
# open the interface on the finished trace (--keys drives it on a virtual
# screen, --screen-dump writes the last screen). The screen must say which
# side this is and that the other is a real peer, show the records that
# crossed (the peer's close_notify too), refuse the keys that would start an
# in-process run, and the exit status must be the handshake's.
# Run from the repository root.
NAME=check_peer_tui
. tests/peer_lib.sh

# --- --connect, then the interface
port=$(free_port)
s_server "$d/ss.out" "sleep 1; printf 'hello from s_server\n'; sleep 4" -tls1_2 \
    -cert "$d/pki/server.pem" -cert_chain "$d/pki/ca-server-issuing.pem" -key "$d/pki/server.key" -CAfile "$d/pki/ca.pem" -Verify 1 -verify_return_error
"$B" $SEED --connect "127.0.0.1:$port" --keys "<resize:120x40>Gr" --screen-dump "$d/c.screen" \
    </dev/null >"$d/c.out" 2>"$d/c.err"
rc=$?
wait_status "$SP" >/dev/null
[ "$rc" -eq 0 ] || { cat "$d/c.err" >&2; fail "--connect with the interface: exit $rc"; }
has "$d/c.err" "handshake completed with the peer (client side)" "the line before the interface"
has "$d/ss.out" "subject=CN = student" "s_server did not see our certificate"
for want in "Step 7 of 7: Encrypted session" "this side: the client, against a real peer" \
    "client (here)" "server (peer)" "Alert close_notify 23B" "Application data 41B" \
    "no new handshake: not in a real peer's run"; do
    has "$d/c.screen" "$want" "the interface on a --connect run"
done
# the wire pane lists both close_notify alerts, ours then the peer's
[ "$(grep -c 'Alert close_notify 23B' "$d/c.screen")" -eq 2 ] || fail "the screen does not show both close_notify alerts"
ok "--connect without --batch: the interface opens on the finished run, this side and the peer named, r refused"

# --- --listen, then the interface
listen_sim "$d/l.out" "$d/l.err" 0 $SEED --keys "<resize:120x40>G" --screen-dump "$d/l.screen"
(printf 'GET / HTTP/1.0\r\n\r\n'; sleep 3) | timeout 15 openssl s_client -connect "127.0.0.1:$SIM_PORT" -tls1_2 \
    -cert "$d/pki/client.pem" -cert_chain "$d/pki/ca-client-issuing.pem" -key "$d/pki/client.key" -CAfile "$d/pki/ca.pem" -verify_return_error >"$d/sc.out" 2>&1
wait_status "$SIM_PID" || { cat "$d/l.err" >&2; fail "--listen with the interface: exit $?"; }
has "$d/sc.out" "this server verified your certificate (CN=student" "s_client did not get our reply"
for want in "this side: the server, against a real peer" "server (here)" "client (peer)"; do
    has "$d/l.screen" "$want" "the interface on a --listen run"
done
ok "--listen without --batch: the interface opens on the finished run, as the server"

# --- a refused handshake: the interface shows it, the status is 1
port=$(free_port)
"$B" --seed 8 --clock "$NOW" --export "$d/other" >/dev/null || fail "--export (other)"
s_server "$d/ss.out" "sleep 5" -tls1_2 -cert "$d/pki/server.pem" -cert_chain "$d/pki/ca-server-issuing.pem" -key "$d/pki/server.key" \
    -CAfile "$d/other/ca.pem" -Verify 1 -verify_return_error
"$B" $SEED --connect "127.0.0.1:$port" --keys "<resize:120x40>G" --screen-dump "$d/f.screen" \
    </dev/null >/dev/null 2>"$d/f.err"
rc=$?
[ "$rc" -eq 1 ] || { cat "$d/f.err" >&2; fail "a refused handshake in the interface: exit $rc, not 1"; }
has "$d/f.screen" "Alert unknown_ca" "the screen of a refused handshake"
has "$d/f.err" "the peer (the server) sent the fatal alert unknown_ca (48)" "the line before the interface"
ok "a handshake the peer refused: the interface shows its alert; exit 1"
# --- a real terminal (tmux): the handshake first, then the interface, then q
command -v tmux >/dev/null 2>&1 || fail "tmux is not installed (make deps)"
sock=mtls-peer-$$
tm() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup_tmux() { tm kill-server >/dev/null 2>&1 || true; cleanup; }
trap cleanup_tmux EXIT
port=$(free_port)
s_server "$d/ss.out" "sleep 1; printf 'hello from s_server\n'; sleep 4" -tls1_3 \
    -cert "$d/pki/server.pem" -cert_chain "$d/pki/ca-server-issuing.pem" -key "$d/pki/server.key" -CAfile "$d/pki/ca.pem" -Verify 1 -verify_return_error
TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 tm new-session -d -s tui -x 120 -y 40 \
    "$B $SEED --tls 1.3 --connect 127.0.0.1:$port 2>$d/t.err; echo \"exit \$?\" >$d/t.status; sleep 30"
i=0
until tm capture-pane -p -t tui 2>/dev/null | grep -qF "this side: the client, against a real peer"; do
    i=$((i + 1))
    [ "$i" -lt 100 ] || { tm capture-pane -p -t tui >&2; cat "$d/t.err" >&2; fail "the interface did not open in tmux"; }
    sleep 0.1
done
tm send-keys -t tui G
sleep 0.3
tm capture-pane -p -t tui >"$d/t.screen"
has "$d/t.screen" "Step 7 of 7" "tmux: G goes to step 7"
has "$d/t.screen" "NewSessionTicket" "tmux: s_server's tickets after the handshake"
tm send-keys -t tui q
i=0
until [ -s "$d/t.status" ]; do
    i=$((i + 1))
    [ "$i" -lt 100 ] || fail "q did not end the interface in tmux"
    sleep 0.1
done
[ "$(cat "$d/t.status")" = "exit 0" ] || { cat "$d/t.err" >&2; fail "tmux: $(cat "$d/t.status")"; }
has "$d/t.err" "handshake completed with the peer (client side)" "tmux: the line before the interface"
wait_status "$SP" >/dev/null
ok "in a real terminal (tmux, TLS 1.3): the handshake with s_server, then the interface; q ends it, exit 0"
echo "$NAME: all passed"
