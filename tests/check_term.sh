#!/bin/sh
# check_term.sh — the interface leaves the terminal as it found it, however
# it ends, and never hangs or spins on it (issue 11, items 4-7).
#
# Drives the real binary in tmux (a private server, killed at exit). Each run
# is wrapped in a small shell script that records the terminal modes before
# the program, its exit status after it, and the modes again; tmux tells the
# pane's cursor, keypad, mouse and alternate-screen state. Checked:
#  - while the interface runs: flow control (IXON) and the interrupt and
#    quit keys are off; Ctrl-S does not freeze the screen, Ctrl-\ does not
#    end the program, Ctrl-C quits like q (status of the handshake);
#  - Ctrl-Z suspends with the shell's modes back, and resuming turns them
#    off again;
#  - SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM sent
#    by kill: the terminal is restored (cursor shown, keypad and mouse
#    reporting off, alternate screen left, ixon and ^C back) and the status
#    is 128+N, whatever the handshake's outcome;
#  - a vanished terminal (started under setsid, its window closed): the
#    program ends within a few seconds as a hangup would (129), having used
#    almost no CPU, instead of spinning at 100% forever.
#
# Run from the repository root after ./mtls-sim is built (make test does).
set -eu

bin=$(pwd)/mtls-sim
export TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8
unset NO_COLOR MTLS_TUI_BENCH 2>/dev/null || true

d=$(mktemp -d)
sock=mtls-term-$$
tm() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
    # a program that did not end (the bug this checks for) is ended here
    for p in $(cat "$d/pids" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
    tm kill-server >/dev/null 2>&1 || true
    rm -rf "$d"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
    echo "check_term: FAIL: $*" >&2
    if [ -s "$d/screen" ]; then
        echo "--- the screen was:" >&2
        cat "$d/screen" >&2
    fi
    exit 1
}
ok() { printf 'check_term: ok: %s\n' "$*"; }

[ -x "$bin" ] || fail "$bin is not built (run make)"
command -v tmux >/dev/null 2>&1 || fail "tmux is not installed (make deps)"
command -v setsid >/dev/null 2>&1 || fail "setsid is not installed (util-linux)"
command -v pgrep >/dev/null 2>&1 || fail "pgrep is not installed (procps)"

screen() { tm capture-pane -p -t term >"$d/screen" 2>/dev/null || : >"$d/screen"; }
# Poll (about 5 s at most) until the screen shows TEXT.
expect() {
    i=0
    while [ $i -lt 100 ]; do
        screen
        grep -qF -- "$1" "$d/screen" && return 0
        sleep 0.05
        i=$((i + 1))
    done
    fail "$2: '$1' is not on the screen"
}
keys() { tm send-keys -t term "$@"; }
# Poll (about 5 s at most) until FILE exists and is not empty.
wait_file() {
    i=0
    while [ $i -lt 100 ]; do
        [ -s "$1" ] && return 0
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}

# start NAME ARGS...: the interface in a fresh tmux session "term", wrapped
# in a script that writes NAME.before (stty -a), NAME.rc, NAME.after, and
# NAME.times (the CPU time the program used, from the shell's times). Sets
# pid to the program's process id. $pane, when set, is the pane's command
# (it runs sh $d/NAME.sh in its own way); with $typed, the command is typed
# into an interactive shell, which is needed for Ctrl-Z: a terminal's stop
# signal is not delivered to a process group without a job-control shell.
start() {
    n=$1
    shift
    cat >"$d/$n.sh" <<EOF
echo \$\$ >"$d/$n.wpid"
stty -a >"$d/$n.before" 2>&1
"$bin" --seed 1 --no-intro $* 2>"$d/$n.err"
echo \$? >"$d/$n.rc"
times >"$d/$n.times"
stty -a >"$d/$n.after" 2>&1
exec sleep 60 # the pane stays alive: tmux resets a dead pane's modes
EOF
    tm kill-session -t term >/dev/null 2>&1 || true
    if [ -n "${typed:-}" ]; then
        # an interactive shell with job control, the command typed into it
        tm new-session -d -s term -x 80 -y 24 "env ENV= PS1='$ ' sh -i"
        keys "sh $d/$n.sh" Enter
    else
        tm new-session -d -s term -x 80 -y 24 "${pane:-sh $d/$n.sh}"
    fi
    wait_file "$d/$n.wpid" || fail "$n: the wrapper did not start"
    pid=
    i=0
    while [ -z "$pid" ] && [ $i -lt 100 ]; do
        pid=$(pgrep -P "$(cat "$d/$n.wpid")" -x mtls-sim || true)
        [ -n "$pid" ] || sleep 0.05
        i=$((i + 1))
    done
    [ -n "$pid" ] || fail "$n: the program did not start"
    # the wrapper outlives the server when it is in a session of its own:
    # ended first at exit, so it cannot go on once the program is ended
    [ -z "${pane:-}" ] || cat "$d/$n.wpid" >>"$d/pids"
    echo "$pid" >>"$d/pids"
    expect 'Step 1 of 7' "$n: the interface"
}

# The pane's modes as "mouse cursor keypad keypad-cursor alternate".
modes() {
    tm display-message -p -t term \
        '#{mouse_any_flag} #{cursor_flag} #{keypad_flag} #{keypad_cursor_flag} #{alternate_on}'
}
# The terminal's modes right now, from outside, on the pane's own tty.
live_stty() { stty -F "$(tm display-message -p -t term '#{pane_tty}')" -a; }
# flow control on ("ixon", not "-ixon") and ^C, ^\ as interrupt and quit
shell_modes() { # FILE WHAT
    grep -qE '(^| )ixon( |$)' "$1" || fail "$2: flow control is off ($(grep -o -- '-*ixon' "$1"))"
    grep -q 'intr = \^C;' "$1" || fail "$2: intr is not ^C: $(grep -o 'intr = [^;]*' "$1")"
    grep -q 'quit = \^\\;' "$1" || fail "$2: quit is not ^\\: $(grep -o 'quit = [^;]*' "$1")"
}
# the pane as a shell expects it: no mouse reporting, a visible cursor,
# keypad and cursor-key modes off, the normal screen
restored() { # WHAT
    m=$(modes)
    [ "$m" = "0 1 0 0 0" ] ||
        fail "$1: terminal left as mouse=$(echo "$m" | cut -d' ' -f1) cursor=$(echo "$m" |
            cut -d' ' -f2) keypad=$(echo "$m" | cut -d' ' -f3) keypad_cursor=$(echo "$m" |
            cut -d' ' -f4) alternate=$(echo "$m" | cut -d' ' -f5) (want 0 1 0 0 0)"
}
ended() { # NAME WHAT: the program ended (bounded wait); prints its status
    wait_file "$d/$1.rc" || fail "$2: the program did not end within 5 s"
    wait_file "$d/$1.after" || fail "$2: the wrapper did not finish"
    cat "$d/$1.rc"
}

# A keeper session holds the server up between runs; each run's pane stays
# after the program ends (remain-on-exit), so its modes can be read.
tm new-session -d -s keeper -x 80 -y 24 cat \; set-option -g remain-on-exit on

# --- flow control and the keyboard's signals, while the interface runs -----
typed=1
start keys
typed=
shell_modes "$d/keys.before" "before the interface"
[ "$(modes)" != "0 1 0 0 0" ] || fail "the interface is running but the pane shows no curses modes"
live_stty >"$d/live"
grep -qE '(^| )-ixon( |$)' "$d/live" || fail "while the interface runs, flow control (ixon) is on"
grep -q 'intr = <undef>;' "$d/live" || fail "while the interface runs, ^C still sends SIGINT"
grep -q 'quit = <undef>;' "$d/live" || fail "while the interface runs, ^\\ still sends SIGQUIT"
ok "while the interface runs: -ixon, intr and quit undefined (before: ixon, ^C, ^\\)"

keys C-s
keys n
expect 'Step 2 of 7' "a key after Ctrl-S (the screen froze: XOFF)"
keys n
expect 'Step 3 of 7' "a second key after Ctrl-S"
ok "Ctrl-S does not freeze the screen: n after it still moves on"

keys 'C-\'
keys n
expect 'Step 4 of 7' "a key after Ctrl-\\ (the program ended by SIGQUIT?)"
kill -0 "$pid" 2>/dev/null || fail "Ctrl-\\ ended the program"
ok "Ctrl-\\ does not end the program"

keys C-z
i=0
while [ "$(ps -o stat= -p "$pid" | cut -c1)" != T ] && [ $i -lt 100 ]; do
    sleep 0.05
    i=$((i + 1))
done
[ "$(ps -o stat= -p "$pid" | cut -c1)" = T ] || fail "Ctrl-Z did not suspend the program"
live_stty >"$d/live"
shell_modes "$d/live" "suspended by Ctrl-Z"
keys fg Enter
i=0
while ! live_stty | grep -qE '(^| )-ixon( |$)' && [ $i -lt 100 ]; do
    sleep 0.05
    i=$((i + 1))
done
live_stty | grep -qE '(^| )-ixon( |$)' || fail "resumed after Ctrl-Z: flow control is on again"
keys n
expect 'Step 5 of 7' "a key after resuming"
ok "Ctrl-Z: suspended with the shell's modes, resumed with flow control off again"

keys C-c
rc=$(ended keys "Ctrl-C")
sleep 0.2 # the interactive shell's prompt comes after the wrapper ends
[ "$rc" = 0 ] || fail "Ctrl-C (a key, quit): status $rc, want 0 (the handshake completed)"
restored "Ctrl-C"
shell_modes "$d/keys.after" "after Ctrl-C"
ok "Ctrl-C quits like q: status 0, terminal restored, ixon and ^C back"

# --- signals sent by kill ----------------------------------------------------
for sig in TERM INT HUP QUIT USR1 USR2 PIPE ALRM; do
    start "$sig"
    kill -"$sig" "$pid"
    rc=$(ended "$sig" "SIG$sig")
    [ "$rc" -gt 128 ] && [ "$(kill -l $((rc - 128)))" = "$sig" ] ||
        fail "SIG$sig: status $rc, want 128 + SIG$sig ($(cat "$d/$sig.err"))"
    restored "SIG$sig"
    shell_modes "$d/$sig.after" "after SIG$sig"
    ok "SIG$sig: status $rc, terminal restored"
done
# the status says the program was stopped, not how the handshake ended
start failed --scenario expired-server-cert
kill -TERM "$pid"
rc=$(ended failed "SIGTERM, failed handshake")
[ "$rc" = 143 ] || fail "SIGTERM with a failed handshake: status $rc, want 143"
restored "SIGTERM, failed handshake"
ok "every signal that ends the program restores the terminal and exits 128+N"

# --- a vanished terminal ------------------------------------------------------
# setsid: no controlling terminal, so no SIGHUP when the window goes; only
# the terminal itself (read at end of file or EIO, poll: hangup) says so.
pane="setsid sh $d/vanish.sh; sleep 60"
start vanish
pane=
kill -0 "$pid" 2>/dev/null || fail "vanish: the program is not running"
tm kill-session -t term
wait_file "$d/vanish.rc" || {
    cpu=$(ps -o time= -p "$pid" 2>/dev/null || echo ?)
    fail "a vanished terminal: the program still runs 5 s later (CPU time $cpu)"
}
rc=$(cat "$d/vanish.rc")
[ "$rc" = 129 ] || fail "a vanished terminal: status $rc, want 129 (as a hangup)"
wait_file "$d/vanish.times" || fail "a vanished terminal: the wrapper did not finish"
# the second line of times: the children's user and system time
cpu=$(sed -n 2p "$d/vanish.times" | tr 'ms' '  ' |
    awk '{ printf "%.2f", $1 * 60 + $2 + $3 * 60 + $4 }')
awk -v c="$cpu" 'BEGIN { exit !(c < 1.0) }' ||
    fail "a vanished terminal: the program used $cpu s of CPU (spinning?)"
ok "a vanished terminal: the program ends as a hangup (129) within 5 s, ${cpu} s CPU"

echo "check_term: all checks passed"
