#!/bin/sh
# check_tui_predict.sh — predict mode and a mystery in the real interface,
# in tmux at 80x24, with the keyboard only.
#
# 1. --predict --seed 1 (TLS 1.2) and --predict --seed 2 --tls 1.3
#    --scenario tampered-finished: every question, in order, must be the one
#    the batch worksheet of the same options asks; the walk answers some
#    right and some wrong (the right letter read from the batch answer key),
#    each answer must be marked as it should ("Right: (x)." or "Wrong: the
#    answer is (x)"), each step must appear after its questions (its title
#    hidden before), and the final score must be the number answered right.
# 2. --mystery random --seed 5: nothing on screen names the scenario or the
#    outcome while the student looks (every step of the run), the comparison and
#    the scenario menu are refused, f asks the four questions, the reveal
#    names the scenario and marks the answers, and then the status line names
#    it and the detail pane compares with the clean run.
set -eu

bin=./mtls-sim
export TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8
unset NO_COLOR MTLS_TUI_BENCH 2>/dev/null || true
d=$(mktemp -d)
sock=mtls-predict-$$
tm() { tmux -L "$sock" -f /dev/null "$@" </dev/null; } # never the loop's input
cleanup() {
    tm kill-server >/dev/null 2>&1 || true
    rm -rf "$d"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() {
    echo "check_tui_predict: FAIL: $*" >&2
    [ -s "$d/screen" ] && { echo "--- the screen was:" >&2; cat "$d/screen" >&2; }
    exit 1
}
ok() { echo "check_tui_predict: ok: $*"; }
[ -x "$bin" ] || fail "$bin is not built (make mtls-sim)"
command -v tmux >/dev/null 2>&1 || fail "tmux is not installed (make deps)"

screen() { tm capture-pane -p ${1:+-S -200} -t tui >"$d/screen" 2>/dev/null || : >"$d/screen"; }
wait_for() { # TEXT [all]: poll about 5 s until the screen shows TEXT
    i=0
    while [ $i -lt 100 ]; do
        screen ${2:-}
        grep -qF -- "$1" "$d/screen" && return 0
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}
expect() { wait_for "$1" || fail "$2: '$1' is not on the screen"; }
keys() { tm send-keys -t tui "$@"; }
start() {
    tm kill-session -t tui >/dev/null 2>&1 || true
    tm new-session -d -s tui -x 80 -y 24 "sh -c '$bin $*; echo \"mtls-sim exited with status \$?\"'"
}
tm new-session -d -s keeper -x 80 -y 24 cat \; set-option -g remain-on-exit on

# The step titles of the run, as its batch text names them (TLS 1.3's differ).
titles() {
    rest=
    for a in "$@"; do [ "$a" = --predict ] || rest="$rest $a"; done
    # shellcheck disable=SC2086 # the options are words without spaces
    "$bin" --batch $rest | sed -n 's/^== Step \([1-7]\) of 7: \(.*\) ==$/\1\t\2/p' >"$d/titles" ||
        [ $? -eq 1 ]
    [ "$(wc -l <"$d/titles")" -ge 1 ] || fail "$*: no step titles from the batch text"
}
title() { sed -n "s/^$1\t//p" "$d/titles"; }

# The batch worksheet and key of the same options: one line a question,
# "step letter prompt" (markdown's backslashes taken out).
table() {
    "$bin" "$@" --format markdown --answers "$d/key.md" >"$d/ws.md" || [ $? -eq 1 ]
    awk '
        /^## Before step / { step = $4 }
        /^\*\*[0-9]+\.\*\* / { sub(/^\*\*[0-9]+\.\*\* /, ""); print step "\t" $0 }
    ' "$d/ws.md" | sed 's/\\\(.\)/\1/g' >"$d/prompts"
    sed -n 's/^\*\*[0-9]*\.\*\* (\([a-z]\)) .*/\1/p' "$d/key.md" >"$d/letters"
    [ "$(wc -l <"$d/prompts")" -eq "$(wc -l <"$d/letters")" ] && [ -s "$d/letters" ] ||
        fail "$*: the worksheet and the key do not match"
}

# walk ARGS: the whole predict walk; every third question answered wrong.
walk() {
    table "$@"
    titles "$@"
    start "$@"
    n=$(wc -l <"$d/letters")
    right=0 qi=0
    paste "$d/prompts" "$d/letters" >"$d/walk"
    while IFS="$(printf '\t')" read -r step prompt letter; do
        qi=$((qi + 1))
        head=$(printf '%s' "$prompt" | cut -c1-40)
        expect "Predict before step $step of 7" "$* question $qi"
        expect "$head" "$* question $qi"
        expect "Predict: step $step of 7 is next" "$* question $qi: the status line"
        grep -qF "Step $step of 7: $(title "$step")" "$d/screen" &&
            fail "$* question $qi: the step's title shows before its questions"
        if [ $((qi % 3)) -eq 0 ]; then
            give=a
            [ "$letter" = a ] && give=b
            keys "$give"
            expect "Wrong: the answer is ($letter), not ($give)." "$* question $qi"
            grep -q "✗ ($give)" "$d/screen" || fail "$* question $qi: the wrong choice is not marked"
        else
            keys "$letter"
            expect "Right: ($letter)." "$* question $qi"
            right=$((right + 1))
        fi
        grep -q "✓ ($letter)" "$d/screen" || fail "$* question $qi: the right choice is not marked"
        expect "Why: " "$* question $qi"
        grep -q "RFC " "$d/screen" || fail "$* question $qi: the why cites no RFC"
        keys Space
        # the step's last question: the step itself, then on to the next
        next=$(sed -n "$((qi + 1))p" "$d/walk" | cut -f1)
        if [ "$next" != "$step" ]; then
            expect "Step $step of 7: $(title "$step")" "$* after the questions of step $step"
            [ -n "$next" ] && keys Space
        fi
    done <"$d/walk"
    [ "$qi" -eq "$n" ] || fail "$*: walked $qi of $n questions"
    wait_for "final $right/$n" || wait_for "final score $right of $n" ||
        fail "$*: the final score is not $right of $n"
    keys q
    wait_for 'mtls-sim exited with status' all || fail "$*: q did not end the program"
    ok "$*: $n questions as the worksheet asks them, marked, final score $right of $n"
}

walk --predict --seed 1
walk --predict --seed 2 --tls 1.3 --scenario tampered-finished

# --- a mystery ----------------------------------------------------------
"$bin" --mystery random --seed 5 --format markdown --answers "$d/mkey.md" >/dev/null || [ $? -eq 1 ]
sed -n 's/^\*\*[0-9]*\.\*\* (\([a-z]\)) .*/\1/p' "$d/mkey.md" >"$d/mletters"
[ "$(wc -l <"$d/mletters")" -eq 4 ] || fail "the mystery key has not 4 answers"
# the scenario, from the key's last answer ("name: summary")
name=$(sed -n 's/^\*\*4\.\*\* ([a-z]) \([a-z0-9-]*\)\\\{0,1\}:.*/\1/p' "$d/mkey.md" | sed 's/\\//g')
[ -n "$name" ] && "$bin" --list-scenarios | grep -q "^$name " ||
    fail "the mystery key names no scenario of --list-scenarios ('$name')"
titles --mystery random --seed 5
start --mystery random --seed 5
expect 'MYSTERY' "mystery: the status line"
hidden() {
    # ≠ marks a message that differs from the clean run: where the fault is
    for word in "$name" "scenario $name" FAILED 'handshake complete' 'compare:' '≠'; do
        grep -qF -- "$word" "$d/screen" && fail "mystery $1: '$word' is on the screen"
    done
    return 0
}
expect 'Step 1 of 7: ClientHello' "mystery step 1"
hidden "step 1"
last=$(wc -l <"$d/titles") # the run goes as far as its alert
[ "$last" -ge 3 ] || fail "mystery: the run ends before step 3"
s=2
while [ $s -le "$last" ]; do
    keys n
    expect "Step $s of 7: $(title $s)" "mystery step $s"
    hidden "step $s"
    s=$((s + 1))
done
keys c
expect 'the comparison shows the fault: f to guess first' "mystery: c refused"
hidden "after c"
keys s
expect 'first find the fault: f to guess' "mystery: the scenario menu refused"
keys f
expect 'Mystery: question 1 of 4' "mystery: f"
expect 'At which step did the handshake fail?' "mystery question 1"
keys "$(sed -n 1p "$d/mletters")"
expect 'Which side found the fault' "mystery question 2"
keys "$(sed -n 2p "$d/mletters")"
expect 'Which check failed, on which side?' "mystery question 3"
keys b # a wrong one, unless b is right: the score below counts it
c3=$(sed -n 3p "$d/mletters")
expect 'Which scenario was it?' "mystery question 4"
expect 'expired-client-cert' "mystery question 4: the catalogue as a list"
l4=$(sed -n 4p "$d/mletters")
case $l4 in
[a-p]) keys "$l4" ;;
*) # past p the letters are other keys (q quits): the arrows choose
    k=$(printf '%d' "'$l4")
    j=97
    while [ $j -lt "$k" ]; do keys Down; j=$((j + 1)); done
    keys Enter ;;
esac
want=3
[ "$c3" = b ] && want=4
expect 'Mystery: the reveal' "mystery: the reveal"
expect "It was $name" "mystery: the reveal names the scenario"
expect "You had $want of 4 right" "mystery: the reveal's score"
keys Space
expect "$name" "mystery: named on the status line after the reveal"
expect "compare: with and without $name" "mystery: the detail pane compares"
keys G
expect '≠' "mystery: after the reveal the messages that differ are marked"
keys q
wait_for 'mtls-sim exited with status' all || fail "mystery: q did not end the program"
grep -q 'mtls-sim exited with status 1' "$d/screen" ||
    fail "mystery: the exit status is not 1 (the handshake failed)"
ok "mystery: hidden through every step, guessed from the list, revealed ($want of 4), compared"
