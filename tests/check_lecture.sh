#!/bin/sh
# check_lecture.sh — a lecture that runs itself (--script), from outside.
#
# 1. The shipped 50-minute lecture (lessons/lecture-50min.script) runs to
#    its end in a real terminal (tmux, 80x24), driven by space and the digit
#    keys as a presenter would, and the screen is read at every stop: the
#    presenter's note on the bottom line only, the question box with its
#    choices, right and wrong guesses scored, the eavesdropper, key
#    transport against ECDHE with the stolen key, two failures, a mystery
#    whose name is nowhere on screen until the script reveals it (and the
#    keys that would name it refused), the end of the lecture, and q.
# 2. A script's mistakes: FILE:LINE: what was wrong, exit 2, before any
#    terminal is touched; --script outside the interface: exit 2.
#
# 3. The golden screen of an answered question (--regen rewrites it).
#
# Run from the repository root after ./mtls-sim is built.
set -eu

bin=./mtls-sim
script=lessons/lecture-50min.script
export TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8
unset NO_COLOR MTLS_TUI_BENCH 2>/dev/null || true

d=$(mktemp -d)
sock=mtls-lecture-$$
tm() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
    tm kill-server >/dev/null 2>&1 || true
    rm -rf "$d"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
    echo "check_lecture: FAIL: $*" >&2
    if [ -s "$d/screen" ]; then
        echo "--- the screen was:" >&2
        cat "$d/screen" >&2
    fi
    exit 1
}
ok() { echo "check_lecture: ok: $*"; }

[ -x "$bin" ] || fail "$bin is not built (run make)"
command -v tmux >/dev/null 2>&1 || fail "tmux is not installed (make deps)"

# --- 2 first: mistakes, no terminal needed -----------------------------------
bad() { # bad WANT TEXT: a script holding TEXT is refused with WANT on stderr
    printf '%b' "$2" >"$d/bad.script"
    set +e
    "$bin" --script "$d/bad.script" </dev/null >"$d/out" 2>"$d/err"
    rc=$?
    set -e
    [ "$rc" -eq 2 ] || fail "script '$2': exit $rc, want 2"
    [ ! -s "$d/out" ] || fail "script '$2': wrote to stdout (escape codes?)"
    [ "$(cat "$d/err")" = "mtls-sim: $d/bad.script:$1" ] ||
        fail "script '$2': '$(cat "$d/err")', want 'mtls-sim: $d/bad.script:$1'"
}
bad "3: unknown command 'sleep' (lessons/SCRIPTS.md lists them)" 'run\nstep 2\nsleep 5\n'
bad "2: step '9': a step from 1 to 7, or last" 'run seed=1\nstep 9\n'
bad "6: answer '4': the number of the right choice, 1 to 3" \
    'run\nask Q?\nchoice a\nchoice b\nchoice c\nanswer 4\n'
bad "1: run: TLS 1.3 has no key transport (RFC 8446 §1.2): kx=transport needs tls=1.2" \
    'run tls=1.3 kx=transport\n'
bad "2: no lesson 'step9' in $(cd lessons && pwd -P)" 'run\nlesson step9\n'
set +e
"$bin" --script "$d/none.script" </dev/null >/dev/null 2>"$d/err"
rc=$?
"$bin" --batch --script "$script" </dev/null >/dev/null 2>"$d/err2"
rc2=$?
set -e
[ "$rc" -eq 2 ] && grep -qF "cannot read '$d/none.script': No such file or directory" "$d/err" ||
    fail "a missing script: exit $rc, $(cat "$d/err")"
[ "$rc2" -eq 2 ] && grep -qF -- '--script is for the interface' "$d/err2" ||
    fail "--batch --script: exit $rc2, $(cat "$d/err2")"
set +e
"$bin" --script "$script" --predict </dev/null >/dev/null 2>"$d/err"
rc=$?
set -e
[ "$rc" -eq 2 ] && grep -qF -- '--script cannot be used with --predict' "$d/err" ||
    fail "--script --predict: exit $rc, $(cat "$d/err")"
set +e
"$bin" --script "$script" --auto 1 </dev/null >/dev/null 2>"$d/err"
rc=$?
set -e
[ "$rc" -eq 2 ] && grep -qF -- '--auto cannot be used with --script' "$d/err" ||
    fail "--script --auto: exit $rc, $(cat "$d/err")"
ok "a script's mistakes: FILE:LINE: what was wrong, exit 2; --script is for the interface"

# the golden screen of a question answered (stop 2, the right guess):
#     sh tests/check_lecture.sh --regen  rewrites it on purpose; read the diff
golden=tests/golden/tui-lecture-answered.txt
"$bin" --script "$script" --keys ' 3' --screen-dump "$d/g" </dev/null >/dev/null 2>&1 ||
    fail "--script --keys ' 3': exit $?"
if [ "${1:-}" = --regen ]; then
    cp "$d/g" "$golden"
    echo "regenerated $golden"
    exit 0
fi
cmp -s "$d/g" "$golden" || {
    diff "$golden" "$d/g" | head -20 >&2
    fail "the answered question differs from $golden (sh tests/check_lecture.sh --regen)"
}
ok "a question answered matches $golden"

# scripted (--keys, a virtual 80x24 screen): the same keys give the same
# screen, and the lecture goes on from a stop whatever was done by hand
thirteen='             '
for i in 1 2; do
    "$bin" --script "$script" --keys "$thirteen" --screen-dump "$d/s$i" </dev/null >/dev/null 2>&1 ||
        [ $? -eq 1 ] || fail "--script --keys: exit $?"
done
cmp -s "$d/s1" "$d/s2" || fail "two scripted runs of the lecture differ"
grep -q 'key-leak: completes; Eve reads it all' "$d/s1" || fail "13 spaces: not at the key-transport stop"
# at stop 11, by hand: back two steps, another pane, zoom and back; then on
"$bin" --script "$script" --keys "${thirteen}pp<tab>zze   " --screen-dump "$d/s3" </dev/null \
    >/dev/null 2>&1 || [ $? -eq 1 ] || fail "--script --keys with keys by hand: exit $?"
tail -1 "$d/s3" | grep -q '^ 13/23 Nothing: forward secrecy' ||
    fail "keys by hand at a stop: the lecture did not go on from it ($(tail -1 "$d/s3"))"
ok "scripted lectures repeat exactly; keys pressed by hand at a stop do not lose the lecture's place"

# --- 1: the lecture in a real terminal ----------------------------------------
screen() { tm capture-pane -p -t lec >"$d/screen" 2>/dev/null || : >"$d/screen"; }
wait_for() { # TEXT: poll about 5 s
    i=0
    while [ $i -lt 100 ]; do
        screen
        grep -qF -- "$1" "$d/screen" && return 0
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}
expect() { wait_for "$1" || fail "$2: '$1' is not on the screen"; }
absent() { ! grep -qF -- "$1" "$d/screen" || fail "$2: '$1' is on the screen"; }
keys() { tm send-keys -t lec "$@"; }
# the bottom line is the presenter's
last_line() { tail -1 "$d/screen"; }
presenter() { # N TEXT WHAT: the presenter's line is at stop N/ALL and shows TEXT
    # (waited for whole: a key's effect can come a moment after the key)
    expect "$1/$stops $2" "$3"
    last_line | grep -qF -- "$1/$stops $2" || fail "$3: the presenter's line is '$(last_line)'"
    # a note is the presenter's alone: on the bottom line, nowhere above it
    [ "$(grep -cF -- "$2" "$d/screen")" -eq 1 ] || fail "$3: '$2' is also in the panes"
}
space() { keys Space; }

stops=$(grep -c '^ *\(pause\|ask\)\b' "$script")
[ "$stops" -ge 20 ] || fail "$script has $stops stops; the check expects a whole lecture"
tm new-session -d -s keeper -x 80 -y 24 cat \; set-option -g remain-on-exit on
tm new-session -d -s lec -x 80 -y 24 \
    "sh -c '$bin --script $script; echo \"mtls-sim exited with status \$?\"; sleep 60'"

# 0-5: the introduction, full screen
presenter 1 'Welcome. In mutual TLS the server asks for one too.' "stop 1"
expect 'lesson: intro' "stop 1: the introduction"
absent '─ wire ─' "stop 1: the introduction is zoomed"
ok "stop 1: the introduction, zoomed, the note on the presenter's line only"

# 5-18: the clean handshake, two questions: one right, one wrong
space
presenter 2 'question: the class guesses' "stop 2"
expect 'What can an eavesdropper read of this ClientHello?' "stop 2: the question"
expect '1   Nothing: it is encrypted' "stop 2: its choices"
expect '1-3 guess  space reveals' "stop 2: its keys"
absent 'No key exists yet' "stop 2: the why before the answer"
keys 3
presenter 2 'score 1/1  right: 3 All of it' "stop 2 answered right"
expect '3✓  All of it' "stop 2: the right choice marked"
expect 'No key exists yet' "stop 2: the why after the answer"
space
presenter 3 'client_random on the wire: public, and meant to be.' "stop 3"
absent '─ question ─' "stop 3: the question box is gone"
keys P
expect 'a lecture asks its own questions: no predict mode' "stop 3: P refused"
presenter 3 'client_random on the wire: public, and meant to be.' "stop 3 after P"
space
expect 'Which message does the server send right after its ServerHello?' "stop 4"
keys 3
presenter 4 'score 1/2  wrong: 1 Certificate' "stop 4 answered wrong"
expect '3✗  ServerHelloDone' "stop 4: the wrong guess marked"
expect '1✓  Certificate' "stop 4: the right one marked"
space
presenter 5 'One flight. Which message asks for the client' "stop 5"
expect 'Step 2 of 7: ServerHello' "stop 5"
expect 'CertificateRequest' "stop 5: the server's flight"
space
expect 'Step 3 of 7: Authentication' "stop 6"
space
expect 'Step 4 of 7: Pre-master secret' "stop 7"
expect 'detail: message #9 CertificateVerify' "stop 7: select 3 on the wire at step 4"
space
expect 'Step 5 of 7: Master secret' "stop 8"
ok "stops 2-8: a clean handshake step by step; questions boxed, guesses scored right and wrong"

# 18-25: the eavesdropper
space
expect 'EAVESDROPPER' "stop 9"
expect 'Step 7 of 7' "stop 9"
keys 2
presenter 9 'score 2/3  right: 2 The client' "stop 9 answered"
space
presenter 10 "All she has is [wire]: the client's name among it." "stop 10"
expect '[C+S] hidden' "stop 10: what she cannot see is hidden"
ok "stops 9-10: the eavesdropper's view at step 7"

# 25-33: key transport and ECDHE with the stolen key
space
presenter 11 'Key transport: the stolen key later opens it all.' "stop 11"
expect 'key-leak: completes; Eve reads it all' "stop 11"
expect 'recovered: the whole conversation' "stop 11: what she opened"
expect 'detail: the eavesdropper with the stolen key' "stop 11: the detail zoomed"
space
expect 'The same theft with ECDHE' "stop 12"
absent 'Eve reads nothing' "stop 12: the status line before the last step"
space
expect 'The certificate' "stop 12 revealed without a guess"
presenter 12 'score 2/3  the answer: 3 Nothing' "stop 12 revealed: not scored"
space
presenter 13 'Nothing: forward secrecy. TLS 1.3 keeps only (EC)DHE.' "stop 13"
expect 'key-leak: completes; Eve reads nothing' "stop 13"
expect 'recovered: no content of the session: forward secrecy' "stop 13"
space
expect 'lesson: forward-secrecy' "stop 14"
ok "stops 11-14: key transport opens it all with the stolen key, ECDHE nothing"

# 33-43: two failures
space
expect 'scenario expired-client-cert' "stop 15"
absent 'certificate_expired' "stop 15: the outcome before its step"
keys 2
space
presenter 16 'The monitor: the failed check, then the alert.' "stop 16"
expect 'expired-client-cert: server, step 3, certificate_expired' "stop 16"
expect '─ monitor ─' "stop 16: the monitor"
space
expect 'scenario wrong-server-name' "stop 17"
keys 1
presenter 17 'score 4/5  right: 1 The client' "stop 17 answered"
space
expect 'wrong-server-name: client, step 3, bad_certificate' "stop 18"
expect 'compare: with and without wrong-server-name' "stop 18: compared"
ok "stops 15-18: two failures, the outcome shown only at its step, monitor and comparison"

# 43-50: the mystery
space
presenter 19 'A mystery: its name is hidden. Which check failed, where?' "stop 19"
expect 'mystery' "stop 19: the status line"
absent 'untrusted-client-ca' "stop 19: the mystery's name"
keys s
expect 'a mystery: the scenario menu would name it' "stop 19: s refused"
absent 'untrusted-client-ca' "stop 19 after s"
keys c
expect 'a mystery: the comparison would name it' "stop 19: c refused"
keys i
expect 'a mystery: the other lessons would name it' "stop 19: i refused"
space
expect 'A mystery: this run fails. Read the screen. What is wrong?' "stop 20"
keys 2
presenter 20 'score 5/6  right: 2' "stop 20 answered"
absent 'untrusted-client-ca' "stop 20 before the reveal"
space
presenter 21 'Revealed: untrusted-client-ca. Compared: where it began.' "stop 21"
expect 'untrusted-client-ca: server, step 3, unknown_ca' "stop 21: named on the status line"
expect 'with and without untrusted-client-ca: the same' "stop 21: compared"
ok "stops 19-21: a mystery unnamed (s, c, i refused) until the script reveals it"

space
expect 'lesson: failures' "stop 22"
space
presenter 23 'The practices for production. Questions?' "stop 23"
expect 'lesson: practices' "stop 23"
[ "$stops" -eq 23 ] || fail "the lecture has $stops stops; this check walks 23"
space
expect 'end of the lecture' "the end"
last_line | grep -qF "$stops/$stops score 5/6  end of the lecture: The mutual TLS 1.2 handshake" ||
    fail "the end: the presenter's line is '$(last_line)'"
space
expect 'the lecture is over: q quits' "space after the end"
keys q
expect 'mtls-sim exited with status 1' "q at the end (the last run failed: status 1)"
ok "the lecture runs to its end (stop $stops/$stops, score 5/6) and q quits"

echo "check_lecture: all checks passed"
