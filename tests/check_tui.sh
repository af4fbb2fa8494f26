#!/bin/sh
# check_tui.sh — the interactive interface, from outside.
#
# 1. Drives the real binary in tmux (a private server, killed at exit) and
#    reads the screen with capture-pane: the seven steps forward and back,
#    resize, "terminal too small", help, zoom, the eavesdropper view hiding
#    the master secret, the scenario menu and the monitor, --auto paused and
#    resumed, q and Ctrl-C restoring the terminal.
# 2. Compares seeded --keys/--screen-dump runs at 80x24, byte for byte, with
#    tests/golden/tui-*.txt, and checks the scripted mode's errors.
# 3. Scripted checks of what the screen teaches: the lesson with this run's
#    bytes, answers and the introduction, lessons edited without a rebuild,
#    a malformed lessons directory, every scenario in the menu, a fault
#    compared with the clean run, the monitor, the eavesdropper with a stolen
#    key in both key exchanges, the version comparison (V), and --log.
#
# Run from the repository root after ./mtls-sim is built (make test does).
# Regenerate the golden screens on purpose, then read the diff:
#     sh tests/check_tui.sh --regen
set -eu

bin=./mtls-sim
golden=tests/golden
export TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8
unset NO_COLOR MTLS_TUI_BENCH 2>/dev/null || true

d=$(mktemp -d)
sock=mtls-test-$$
tm() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
    tm kill-server >/dev/null 2>&1 || true
    rm -rf "$d"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
    echo "check_tui: FAIL: $*" >&2
    if [ -s "$d/screen" ]; then
        echo "--- the screen was:" >&2
        cat "$d/screen" >&2
    fi
    exit 1
}
ok() { echo "check_tui: ok: $*"; }

[ -x "$bin" ] || fail "$bin is not built (run make)"

# --- the golden screens: name, then the arguments after --seed 1 ----------
# Each is an 80x24 virtual screen (stdout is not a terminal); the dump is
# what a person would see after typing the keys.
goldens() {
    g tui-step1.txt ''
    g tui-step5.txt 'nnnn'
    g tui-step7-hex.txt 'G<down><enter><down><down><down><down><down><down><down>'
    g tui-step5-value.txt 'nnnn<tab><down><enter>'
    # the client certificate's subjectAltName, its meaning decoded beside the bytes
    g tui-cert-field.txt 'nn<enter><down><down><down><down><down><down><down><down><down><down><down><down><down><down><down><down><down><down><down><down><down><down><down><down><down><down><down><down><down><down><down>'
    g tui-eve-step7.txt 'Ge<down><enter><down><down><down><down>'
    g tui-help.txt '?'
    g tui-zoom-lesson.txt 'nnn<tab><tab><tab>z'
    g tui-200x60-step5.txt '<resize:200x60>nnnn'
    g tui-failed-step3.txt 'G' --scenario expired-server-cert
    # the failed check, then both sides of the failure and both clocks
    g tui-failed-sides.txt 'nn<tab><tab>z' --scenario clock-skew
    g tui-ascii-step4.txt 'nnn' --ascii
    g tui-lesson-answers.txt '<tab><tab><tab>za'
    g tui-scenario-menu.txt 's<down><down>'
    g tui-scenario-compare.txt 's<down><down><enter>n<down>c<enter>z'
    g tui-monitor.txt 'Gm<tab><tab><tab>z' --scenario expired-server-cert
    g tui-eve-key-leak.txt 'Ge<enter>z' --scenario key-leak --kx transport
    # TLS 1.3: she keeps the SNI and the shares, not the certificates; the key opens nothing
    g tui-eve13-key-leak.txt 'Ge<enter>z' --tls 1.3 --scenario key-leak
    # V: the run beside its TLS 1.3 twin, whole at 120x40; at 80x24 in ASCII, scrolled
    g tui-versions-120x40.txt '<resize:120x40>V'
    g tui-versions-ascii.txt 'V<end>' --ascii
}

dump() { # dump FILE KEYS [args...]: a scripted run's last screen
    out=$1 keys=$2
    shift 2
    loc=C.UTF-8
    if [ "${1:-}" = --ascii ]; then
        loc=C
        shift
    fi
    set +e
    # shellcheck disable=SC2086 # $intro_opt: --no-intro, or nothing to open on it
    LANG=$loc LC_ALL=$loc "$bin" --seed 1 ${intro_opt---no-intro} "$@" --keys "$keys" \
        --screen-dump "$out" \
        </dev/null >/dev/null 2>"$d/err"
    rc=$?
    set -e
    [ "$rc" -le 1 ] || fail "--keys '$keys' $*: exit $rc: $(cat "$d/err")"
    [ -s "$out" ] || fail "--keys '$keys' $*: no screen dump"
}

if [ "${1:-}" = --regen ]; then
    g() { n=$1; shift; dump "$golden/$n" "$@"; echo "regenerated $golden/$n"; }
    goldens
    exit 0
fi

# --- scripted runs: no terminal needed ------------------------------------
g() {
    n=$1
    shift
    dump "$d/$n" "$@"
    [ -f "$golden/$n" ] || fail "missing $golden/$n (sh tests/check_tui.sh --regen)"
    cmp -s "$d/$n" "$golden/$n" || {
        diff "$golden/$n" "$d/$n" | head -20 >&2
        fail "screen differs from $golden/$n"
    }
}
goldens
ok "golden screens match ($(ls "$golden"/tui-*.txt | wc -l) files)"

# the introduction a scripted run opens on too (without --no-intro): the
# lesson full screen; space, Enter, Esc, n and z close it at step 1; another
# key closes it and acts
intro_title=$(sed -n 's/^# *//p' lessons/00-intro.txt | head -1 | cut -d' ' -f1-4)
intro_opt= dump "$d/a" ''
grep -qF "$intro_title" "$d/a" && grep -q 'lesson: intro' "$d/a" &&
    grep -qF 'space: begin at step 1' "$d/a" || fail "the interface does not open on the introduction"
grep -q '─ wire ─' "$d/a" && fail "the introduction does not fill the screen"
for k in ' ' '<enter>' '<esc>' n z; do
    intro_opt= dump "$d/a" "$k"
    grep -q 'Step 1 of 7' "$d/a" && grep -q '─ wire ─' "$d/a" && grep -q 'lesson 1: ClientHello' "$d/a" ||
        fail "'$k' on the introduction did not begin at step 1"
done
intro_opt= dump "$d/a" 'e'
grep -q 'EAVESDROPPER' "$d/a" && grep -q '─ wire ─' "$d/a" || fail "e on the introduction did not close it and act"
intro_opt= dump "$d/a" '<down><down><down>'
grep -q 'lesson: intro' "$d/a" || fail "the arrows closed the introduction instead of scrolling it"
ok "the introduction opens the interface; space, Enter, Esc, n, z begin at step 1; other keys act"

# z on every pane: that pane alone, the whole width, at 80x24 (step 3, a
# step with something in each)
tabs=
for pane in wire server detail lesson client; do  # Tab order from the wire, where a step starts
    dump "$d/a" "nn${tabs}z"
    [ "$(grep -c '┌' "$d/a")" -eq 1 ] || fail "z on the $pane pane: more than one pane on screen"
    grep -q "^┌─ $pane" "$d/a" || fail "z on the $pane pane: its box is not the one on screen"
    [ "$(grep '^┌' "$d/a" | wc -m)" -eq 81 ] || # 80 characters and the newline
        fail "z on the $pane pane: its box is not 80 columns wide"
    [ "$(grep -c '^│' "$d/a")" -ge 18 ] || fail "z on the $pane pane: not the full height"
    tabs="$tabs<tab>"
done
ok "z on each of the five panes fills the 80x24 screen with it"

dump "$d/a" 'nnnnnn'
dump "$d/b" 'nnnnnn'
cmp -s "$d/a" "$d/b" || fail "two seeded scripted runs differ"
ok "seeded screens repeat exactly"

# at step 2 (80x24) the wire's third arrow is on row 6, and the client pane's
# row 3 holds the server random the client received
dump "$d/a" 'n<click:38,6>'
grep -q 'detail: message #3 Certificate' "$d/a" || fail "a click on an arrow did not select it"
dump "$d/a" 'n<click:5,3>'
grep -q 'detail: server random' "$d/a" || fail "a click on a value did not select it"
ok "a mouse click selects a message or a value"

# --- what the screens teach (scripted, 80x24) -------------------------------
# the lesson pane: the lesson file's text with this run's client_random in it
cr=$("$bin" --format json --seed 1 | sed -n 's/.*"client_random": {"hex": "\([0-9a-f]*\)".*/\1/p')
[ ${#cr} -eq 64 ] || fail "could not read client_random from --format json"
lesson_words() { # the first words of the first line of FILE that starts with PREFIX
    sed -n "s/^$2 *//p" "$1" | head -1 | cut -d' ' -f1-4
}
zoom_lesson='<tab><tab><tab>z'
dump "$d/a" "$zoom_lesson"
grep -q "$(echo "$cr" | cut -c1-16)" "$d/a" || fail "step 1's lesson does not show client_random"
title=$(lesson_words lessons/10-step1.txt '#')
grep -qF "$title" "$d/a" || fail "step 1's lesson does not show its title '$title'"
dump "$d/a" "${zoom_lesson}a"
answer=$(lesson_words lessons/10-step1.txt '!')
grep -qF "→ $answer" "$d/a" || fail "a did not show the first answer ('$answer')"
# one answer at a time: a a shows the first two, not the third; A all; A again hides
# (the TLS 1.2 questions are the file's last three; an answer's first line)
firsts=$(sed -n '/^? /{n;s/^! *//p;}' lessons/10-step1.txt | tail -3 | cut -d' ' -f1-4)
answer2=$(echo "$firsts" | sed -n 2p)
answer3=$(echo "$firsts" | sed -n 3p)
[ -n "$answer3" ] || fail "lessons/10-step1.txt has no third answer to test with"
grep -qF "→ $answer2" "$d/a" && fail "a showed the second answer too ('$answer2')"
grep -qF '(a shows the next answer)' "$d/a" || fail "a: the pane does not say a shows the next"
dump "$d/a" "${zoom_lesson}aa"
grep -qF "→ $answer2" "$d/a" || fail "a a did not show the second answer ('$answer2')"
grep -qF "→ $answer3" "$d/a" && fail "a a showed the third answer ('$answer3')"
dump "$d/a" "${zoom_lesson}A"
grep -qF "→ $answer3" "$d/a" || fail "A did not show the last answer ('$answer3')"
grep -qF '(a shows the next answer' "$d/a" && fail "A: the pane still offers the next answer"
dump "$d/a" "${zoom_lesson}AA"
grep -q "^│   → " "$d/a" && fail "A A did not hide the answers"
dump "$d/a" "${zoom_lesson}aaaa"
grep -q "^│   → " "$d/a" && fail "a after the last answer did not hide them"
dump "$d/a" "${zoom_lesson}an"
grep -q "^│   → " "$d/a" && fail "the next step's lesson starts with an answer shown"
ok "a reveals the answers one at a time, A all of them; past the last both hide them"
# the status line keeps a scenario's outcome until the step where it happens
for k in '' n; do
    dump "$d/a" "$k" --scenario expired-client-cert
    head -2 "$d/a" | grep -q 'expired-client-cert' ||
        fail "--keys '$k': the status line does not name the scenario"
    head -2 "$d/a" | grep -q 'certificate_expired\|step 3' &&
        fail "--keys '$k': the status line gives the outcome away before step 3"
done
dump "$d/a" 'nn' --scenario expired-client-cert
head -2 "$d/a" | grep -q 'expired-client-cert: server, step 3, certificate_expired' ||
    fail "at step 3 the status line does not give the outcome"
dump "$d/a" 'nnnnn' --scenario key-leak
head -2 "$d/a" | grep -q 'Eve reads' && fail "key-leak: the status line says what Eve reads before the end"
dump "$d/a" 'G' --scenario key-leak
head -2 "$d/a" | grep -q 'key-leak: completes; Eve reads nothing' ||
    fail "key-leak: the status line does not give the outcome at the last step"
ok "the status line names a scenario's outcome only from the step where it happens"
dump "$d/a" "${zoom_lesson}i"
intro=$(lesson_words lessons/00-intro.txt '#')
grep -qF "$intro" "$d/a" && grep -q 'lesson: intro' "$d/a" ||
    fail "i did not show the introduction ('$intro')"
# the second lesson that is not a step's, in file order
second=$(ls lessons | sed -n 's/^[0-9][0-9]-\(.*\)\.txt$/\1/p' | grep -v '^step[1-7]$' | sed -n 2p)
dump "$d/a" "${zoom_lesson}ii"
grep -q "lesson: $second" "$d/a" || fail "i i did not go on to the next lesson ($second)"
ok "lesson pane: the lesson with this run's bytes; a answers, i the introduction"

# a teacher edits a sentence: no rebuild, --lessons shows it
cp -R lessons "$d/les"
sed 's/^The client speaks first/Teachers edit this: the client speaks first/' \
    lessons/10-step1.txt >"$d/les/10-step1.txt"
dump "$d/a" "$zoom_lesson" --lessons "$d/les"
grep -q 'Teachers edit this: the client speaks first' "$d/a" ||
    fail "an edited lessons directory is not shown"
ok "an edited lesson is on screen with --lessons, without a rebuild"
# a malformed one: its file and line in the pane, and the program runs on
printf '# Authentication\nText.\n? A question without its answer\nMore text.\n' \
    >"$d/les/30-step3.txt"
dump "$d/a" "${zoom_lesson}" --lessons "$d/les"
grep -q '30-step3.txt:4:' "$d/a" || fail "a malformed lesson's file:line is not in the pane"
dump "$d/b" 'GG' --lessons "$d/les"
grep -q 'Step 7 of 7' "$d/b" || fail "with a malformed lesson the program did not run on"
# a --lessons directory that is not there is a typo: exit 2 before the session
set +e
"$bin" --seed 1 --lessons "$d/nothing-here" --keys q --screen-dump "$d/c" </dev/null \
    >/dev/null 2>"$d/err"
rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q "^mtls-sim: --lessons: cannot open the lessons directory" "$d/err" ||
    fail "a missing --lessons directory: exit $rc, $(cat "$d/err")"
[ ! -e "$d/c" ] || fail "a missing --lessons directory still ran the session"
# no installed lessons (a copy of the binary without lessons/ beside it): built-in
mkdir "$d/bin" && cp "$bin" "$d/bin/mtls-sim"
if [ ! -d /usr/local/share/mtls-sim/lessons ]; then
    real_bin=$bin bin=$d/bin/mtls-sim
    dump "$d/a" "${zoom_lesson}"
    bin=$real_bin
    grep -q 'warning: no lessons found' "$d/a" ||
        fail "no installed lessons gives no warning in the pane"
    grep -q 'client_random' "$d/a" || fail "no built-in summary without installed lessons"
fi
ok "malformed lessons: file:line in the pane, the program runs on; a missing --lessons: exit 2; none installed: built-in"

# s: every scenario of this key exchange and version, with its summary when
# chosen (on 50 rows: at 24 the menu scrolls)
dump "$d/a" '<resize:80x50>s'
for name in $("$bin" --list-scenarios | grep -v 'TLS 1.3 only' | awk '{ print $1 }'); do
    grep -q "$name" "$d/a" || fail "the scenario menu does not list $name"
done
grep -q 'none' "$d/a" || fail "the scenario menu has no way back to the clean run"
dump "$d/a" 's' --kx transport
grep -q 'mitm-key-swap' "$d/a" && fail "the menu offers mitm-key-swap with --kx transport"
# choose expired-server-cert: the same handshake, the client says no at step 3
k=$("$bin" --list-scenarios | awk '{ print $1 }' | grep -n '^expired-server-cert$' | cut -d: -f1)
down=$(i=0; while [ $i -lt "$k" ]; do printf '<down>'; i=$((i + 1)); done)
dump "$d/a" "s$down<enter>G"
grep -q 'expired-server-cert: client, step 3, certificate_expired' "$d/a" ||
    fail "choosing expired-server-cert: no alert certificate_expired at step 3 in the status"
grep -q '3 Certificate 897B≠' "$d/a" || fail "the wire does not mark #3 Certificate as changed"
grep -q '2 ServerHello 64B≠' "$d/a" && fail "the wire marks an identical message as changed"
dump "$d/a" "s$down<enter>Gc<enter>z"
grep -q 'messages #1–#2 identical; #3 Certificate (server) differs' "$d/a" ||
    fail "c does not say that the runs part at #3 Certificate"
grep -q 'values: .* the same, .* changed, .* never reached' "$d/a" ||
    fail "c does not count the values"
dump "$d/a" "s$down<enter>Gmr"
grep -q 'expired-server-cert' "$d/a" && fail "r did not clear the scenario"
grep -q 'live randomness' "$d/a" || fail "r did not start a live handshake"
ok "s lists the scenarios; expired-server-cert: alert at step 3 from #3 on; c compares; r clears"

# m: the monitor, with the failed check and the alert
dump "$d/a" "s$down<enter>Gm$zoom_lesson"
grep -q '✗ C server certificate: validity: certificate has expired' "$d/a" ||
    fail "m does not show the failed check with its reason"
grep -q 'ALERT certificate_expired (45), fatal, from the client' "$d/a" ||
    fail "m does not show the alert"
grep -q 'step 3 Authentication *–' "$d/a" || fail "m shows a time in a seeded run"
ok "m: the monitor shows the failed check, the alert, no wall-clock time when seeded"

# the eavesdropper with the stolen server key: key transport opens, ECDHE does not
dump "$d/a" 'Ge<enter>z' --scenario key-leak --kx transport
grep -q 'the client said "GET / HTTP/1.1' "$d/a" ||
    fail "key-leak, key transport: the client's text was not recovered on screen"
dump "$d/a" 'Ge<enter>z' --scenario key-leak
grep -q 'recovered: no content of the session: forward secrecy' "$d/a" ||
    fail "key-leak, ECDHE: the screen does not say that no content was recovered"
grep -q 'the client said' "$d/a" && fail "key-leak, ECDHE: plaintext on screen"
ok "key-leak: transport shows the client's text; ECDHE recovers nothing"

# V: the rows of --compare-versions, whichever version is on screen; what
# TLS 1.3 refuses is said on the status line, with no half comparison
"$bin" --compare-versions --seed 1 | sed -n '4,16p' | tr -s ' ' >"$d/rows"
[ "$(wc -l <"$d/rows")" -eq 13 ] || fail "--compare-versions has not 13 rows"
for tls in 1.2 1.3; do
    dump "$d/a" '<resize:120x40>V' --tls "$tls"
    sed 's/│//g' "$d/a" | tr -s ' ' | sed 's/^ //; s/ $//' >"$d/shown"
    while IFS= read -r row; do
        grep -qxF "$row" "$d/shown" || fail "V with --tls $tls lacks the row '$row'"
    done <"$d/rows"
done
for opt in '--kx transport:--kx transport' '--no-ems:--no-ems' \
    '--scenario weak-cipher:weak-cipher does not run in TLS 1.3'; do
    dump "$d/a" V ${opt%%:*}
    grep -q "nothing to compare: .*${opt#*:}" "$d/a" || fail "V with ${opt%%:*}: no reason said"
    grep -q 'side by side' "$d/a" && fail "V with ${opt%%:*}: a comparison was shown"
done
dump "$d/a" 'V<resize:60x20>'
grep -q 'terminal too small' "$d/a" || fail "V at 60x20: not the too-small screen"
dump "$d/a" 'V<resize:60x20><resize:80x24>'
grep -q 'side by side' "$d/a" || fail "V: the comparison did not come back at 80x24"
dump "$d/a" '<tick><tick>V' --auto 5
grep -q 'Step 3 of 7' "$d/a" && grep -q 'auto paused' "$d/a" && grep -q 'side by side' "$d/a" ||
    fail "V at --auto: not the comparison at the step reached, auto paused"
dump "$d/a" 'VV'
grep -q 'side by side' "$d/a" && fail "V V did not close the comparison"
ok "V: the rows of --compare-versions in 1.2 and 1.3; refusals on the status line; small, --auto"

# --log: the final run's events, as batch writes them for the same seed
dump "$d/a" "s$down<enter>" --log "$d/ui.jsonl"
"$bin" --batch --seed 1 --scenario expired-server-cert --log "$d/batch.jsonl" >/dev/null || true
cmp -s "$d/ui.jsonl" "$d/batch.jsonl" || fail "--log from the interface differs from batch"
set +e
"$bin" --seed 1 --keys q --log "$d/no/such/dir/x.jsonl" </dev/null >/dev/null 2>"$d/err"
rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q -- "--log: cannot write" "$d/err" ||
    fail "--log to a missing directory: exit $rc, $(cat "$d/err")"
ok "--log writes the final run's events (as batch does); a bad path exits 2"

set +e
"$bin" --seed 1 --keys '<nope>' </dev/null >/dev/null 2>"$d/err"
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "--keys '<nope>' exited $rc, expected 2"
grep -q 'unknown key <nope>' "$d/err" || fail "--keys '<nope>': $(cat "$d/err")"
set +e
"$bin" --seed 1 </dev/null >"$d/out" 2>"$d/err"
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "the interface on a pipe exited $rc, expected 2"
[ "$(wc -l <"$d/err")" -eq 1 ] && grep -q -- '--batch' "$d/err" ||
    fail "the interface on a pipe: want one line suggesting --batch, got: $(cat "$d/err")"
[ ! -s "$d/out" ] || fail "the interface on a pipe wrote to stdout (escape codes?)"
ok "no terminal: one line on stderr, exit 2; bad --keys: exit 2"

# --- the real terminal, in tmux --------------------------------------------
command -v tmux >/dev/null 2>&1 || fail "tmux is not installed (make deps)"

# The visible screen; with "all", the pane's history too (after a resize
# tmux may push the shell's last lines up into it).
screen() {
    tm capture-pane -p ${1:+-S -200} -t tui >"$d/screen" 2>/dev/null || : >"$d/screen"
}
# Poll the screen (about 5 s at most) until it shows / stops showing TEXT.
wait_for() {
    i=0
    while [ $i -lt 100 ]; do
        screen ${2:-}
        grep -qF -- "$1" "$d/screen" && return 0
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}
wait_gone() {
    i=0
    while [ $i -lt 100 ]; do
        screen
        grep -qF -- "$1" "$d/screen" || return 0
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}
expect() { wait_for "$1" || fail "$2: '$1' is not on the screen"; }
expect_exit() { # the wrapping shell's last word: the program ended, and how
    wait_for 'mtls-sim exited with status' all || fail "$1: the program did not end"
    grep -q 'mtls-sim exited with status 0' "$d/screen" ||
        fail "$1: $(grep 'mtls-sim exited' "$d/screen")"
    screen
}
expect_gone() { wait_gone "$1" || fail "$2: '$1' is still on the screen"; }
keys() { tm send-keys -t tui "$@"; }
start() { # start COLSxROWS ARGS: the interface in a fresh session named tui
    tm kill-session -t tui >/dev/null 2>&1 || true
    tm new-session -d -s tui -x "$1" -y "$2" "$3"
}

# A keeper session holds the server up between runs; each run's pane stays
# after the program ends (remain-on-exit), so its last screen can be read.
tm new-session -d -s keeper -x 80 -y 24 cat \; set-option -g remain-on-exit on
# The shell reports how the program ended; its INT trap only makes it wait
# for the program on Ctrl-C instead of dying with it (the program itself
# gets the default disposition back at exec).
wrapped="sh -c 'trap : INT; $bin --seed 1; echo \"mtls-sim exited with status \$?\"'"
start 80 24 "$wrapped"
# it opens on the introduction, full screen; space begins at step 1
intro=$(lesson_words lessons/00-intro.txt '#')
expect "$intro" "the introduction on opening"
expect 'space: begin at step 1' "the introduction on opening"
expect 'Step 1 of 7: ClientHello' "the status line over the introduction"
grep -qF 'ClientHello 116B' "$d/screen" && fail "the introduction is not full screen"
keys Down Down
expect 'space: begin at step 1' "the introduction scrolled"
keys Space
expect 'lesson 1: ClientHello' "space on the introduction"
expect_gone 'space: begin at step 1' "space on the introduction"
ok "the interface opens on the introduction; space begins at step 1"
expect 'seed 1 (demo randomness)' "step 1 status line"
expect 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256' "step 1 status line"
grep -q 'ClientHello 116B.*▶' "$d/screen" || fail "step 1: no ClientHello arrow pointing at the server"
grep -qF 'ServerHello' "$d/screen" && fail "step 1 shows ServerHello already"
ok "80x24 step 1: status line, ClientHello arrow, nothing later"

title() {
    case $1 in
    1) echo ClientHello ;; 2) echo ServerHello ;; 3) echo Authentication ;;
    4) echo Pre-master secret ;; 5) echo Master secret ;; 6) echo Keys derived ;;
    7) echo Encrypted session ;;
    esac
}
for n in 2 3 4 5 6 7; do
    keys n
    expect "Step $n of 7: $(title $n)" "step $n"
    if [ $n -eq 5 ]; then
        expect 'match' "step 5: the two copies of the secrets"
        grep -q 'master secret' "$d/screen" || fail "step 5 shows no master secret"
    fi
done
expect 'handshake complete' "step 7 outcome"
grep -q 'Application data' "$d/screen" || fail "step 7: no application data arrows"
ok "forward through all seven steps (step 5: copies match; step 7: complete)"

for n in 6 5 4 3 2 1; do
    keys p
    expect "Step $n of 7: $(title $n)" "back to step $n"
done
expect_gone 'ServerHello' "back at step 1, later arrows"
expect_gone 'handshake complete' "back at step 1, the outcome"
ok "back to step 1: later arrows and the outcome are gone again"

keys n n n n
expect 'Step 5 of 7' "forward again"
tm resize-window -t tui -x 120 -y 40
expect 'Step 5 of 7: Master secret │ TLS 1.2 │ TLS_ECDHE' "after a resize to 120x40 (status on one line)"
ok "resize to 120x40 keeps the step and uses the room"
tm resize-window -t tui -x 60 -y 20
expect 'terminal too small: need 80x24, have 60x20' "at 60x20"
tm resize-window -t tui -x 80 -y 24
expect 'Step 5 of 7: Master secret' "back at 80x24"
expect_gone 'terminal too small' "back at 80x24"
ok "60x20 says the terminal is too small; 80x24 restores the step"

keys '?'
expect 'next step' "help"
for want in 'previous step' 'eavesdropper view' 'zoom the focused pane' 'scenarios:' \
    'compare with the clean run' 'monitor:' "the lesson's next answer" "all the lesson's answers" \
    'other lessons' 'quit'; do
    grep -qF -- "$want" "$d/screen" || fail "help does not list '$want'"
done
keys NPage
expect 'resume or pause --auto' "help, second page"
keys NPage
expect '<resize:WxH>' "help, last page"
grep -qF '[C+S]' "$d/screen" || fail "help does not explain the [C+S] tag"
keys Escape
expect 'Step 5 of 7' "help closed"
ok "? shows the keys (from the key table), any key closes it"

keys z
expect '┌─ wire ─' "zoom"
sleep 0.1
screen
grep -q '^┌─ wire' "$d/screen" || fail "zoom: the wire pane does not start at column 0"
grep -q 'lesson' "$d/screen" && fail "zoom: the lesson pane is still shown"
keys z
expect 'lesson' "unzoom"
ok "z zooms the focused pane to the full screen and back"

# the master secret of seed 1, from the batch JSON
ms=$("$bin" --format json --seed 1 | sed -n 's/.*"master_secret": {"hex": "\([0-9a-f]*\)".*/\1/p')
[ ${#ms} -eq 96 ] || fail "could not read the master secret from --format json"
ms1=$(echo "$ms" | cut -c1-32)
ms2=$(echo "$ms" | cut -c33-64)
ms3=$(echo "$ms" | cut -c65-96)
head8=$(echo "$ms" | cut -c1-8)
tail8=$(echo "$ms" | cut -c89-96)
keys Tab Down Enter # the server pane: session_hash (EMS, the default), then the master secret
expect 'detail: master secret' "master secret detail"
for part in "$ms1" "$ms2" "$ms3"; do
    grep -q "$part" "$d/screen" || fail "the master secret ($part...) is not visible"
done
ok "the master secret's bytes are on screen in the normal view"
keys e
expect 'EAVESDROPPER' "eavesdropper view"
expect 'hidden from the eavesdropper' "eavesdropper view"
for part in "$ms1" "$ms2" "$ms3" "$head8" "$tail8"; do
    grep -q "$part" "$d/screen" && fail "eavesdropper view shows master secret bytes ($part)"
done
keys e
expect_gone 'EAVESDROPPER' "eavesdropper view off"
ok "e: the eavesdropper view hides every byte of the master secret"

keys s
expect 'scenario: the same handshake again' "s opens the scenario menu"
keys Down Down Enter
expect 'expired-server-cert: client, step 3' "a scenario chosen in the menu"
keys m
expect 'monitor' "m shows the monitor"
keys m s Up Up Enter
expect_gone 'expired-server-cert' "back to the clean run"
ok "s: the menu reruns the handshake with a fault and back; m toggles the monitor"

keys q
expect_exit q
[ "$(tm display-message -p -t tui '#{alternate_on}')" = 0 ] || fail "q left the alternate screen on"
grep -q 'Step 5 of 7' "$d/screen" && fail "q: the interface is still on the screen"
ok "q quits with status 0 and restores the terminal (no alternate screen left)"

start 80 24 "$wrapped"
expect 'Step 1 of 7' "second run"
keys C-c
expect_exit "Ctrl-C (caught: the loop ends and restores the terminal)"
[ "$(tm display-message -p -t tui '#{alternate_on}')" = 0 ] || fail "Ctrl-C left the alternate screen on"
grep -q 'Step 1 of 7' "$d/screen" && fail "Ctrl-C: the interface is still on the screen"
ok "Ctrl-C quits and restores the terminal"

start 80 24 "$bin --seed 1 --auto 0.2"
expect 'Step 3 of 7' "--auto 0.2 advancing"
keys j
sleep 0.5
screen
step=$(sed -n 's/^ Step \([0-9]\) of 7.*/\1/p' "$d/screen")
sleep 0.5
screen
grep -q "Step $step of 7" "$d/screen" || fail "--auto: a key did not pause it"
grep -q 'auto paused (t resumes)' "$d/screen" || fail "--auto: the status does not say paused"
keys t
expect 'Step 7 of 7' "--auto resumed with t"
ok "--auto advances, a key pauses it, t resumes it"

# The SGR parameters of the screen's escape codes (tmux capture-pane -e),
# one a line: 0, 1, 33, 38, 5, 4, ...
sgr_params() {
    tm capture-pane -e -p -t tui | grep -o "$(printf '\033')\[[0-9;]*m" |
        sed "s/^$(printf '\033')\[//; s/m\$//" | tr ';' '\n' | sed '/^$/d' >"$d/sgr"
}
# on a projector: colour, but no dim text (2) and no blue text (34, 94,
# 38;5;4), at a step with every kind of pane content, the status line, a
# failure and a scenario
start 80 24 "$bin --seed 1 --no-intro --scenario expired-server-cert"
expect 'Step 1 of 7' "colours"
keys n n
expect 'certificate_expired' "colours at step 3"
sgr_params
grep -qx '3[1-7]' "$d/sgr" || fail "colours: no coloured text at all (is the check blind?)"
grep -qx '2' "$d/sgr" && fail "colours: dim text (SGR 2), which a projector washes out"
grep -qx '34\|94' "$d/sgr" && fail "colours: blue text (SGR 34/94), dark on a projector"
tm capture-pane -e -p -t tui | grep -q "38;5;4m\|38;5;12m" && fail "colours: blue text (256 colours)"
ok "colours legible on a projector: no dim text, no blue text ($(sort -u "$d/sgr" | tr '\n' ' '))"
start 80 24 "env NO_COLOR=1 $bin --seed 1 --no-intro"
expect 'Step 1 of 7' "NO_COLOR"
expect '[wire]' "NO_COLOR: tags in text"
keys n n
expect 'Step 3 of 7' "NO_COLOR at step 3"
sgr_params
grep -qx '1\|7' "$d/sgr" || fail "NO_COLOR: no bold or reverse either (is the check blind?)"
grep -qE '^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$' "$d/sgr" &&
    fail "NO_COLOR: the screen has colour codes: $(sort -u "$d/sgr" | tr '\n' ' ')"
start 80 24 "env TERM=xterm-mono $bin --seed 1 --no-intro"
expect 'Step 1 of 7' "monochrome terminal"
ok "NO_COLOR and a monochrome terminal work"

echo "check_tui: all checks passed"
