#!/bin/sh
# Every unit test, and the program's batch mode and interface, under valgrind
# memcheck: any error or leak fails the run.
#
# valgrind's verdict is read from its own log, never from the exit status
# alone: valgrind exits 1 when it gives up (unreadable debug information, a
# missing tool), which is also an exit status mtls-sim uses. A run counts as
# passed only when valgrind's log says memcheck started and finished with
# "ERROR SUMMARY: 0 errors", and the program exited with exactly the status
# expected of it.
set -u
pass=0 fail=0 given=0
log=build/valgrind.log
mkdir -p build

# run WANT CMD...: CMD under valgrind; WANT is the program's own exit status.
run() {
    want=$1; shift
    given=$((given + 1))
    rm -f "$log"
    valgrind --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible --log-file="$log" \
        "$@" >/dev/null 2>build/valgrind.stderr </dev/null
    rc=$?
    why=""
    if [ ! -s "$log" ]; then
        why="valgrind wrote no log (it did not run)"
    elif ! grep -q 'Memcheck, a memory error detector' "$log"; then
        why="valgrind did not start memcheck"
    elif grep -qi 'giving up\|serious error when reading debug info\|fatal error\|valgrind: failed' "$log"; then
        why="valgrind gave up"
    elif ! grep -q 'ERROR SUMMARY: 0 errors from 0 contexts' "$log"; then
        why="valgrind found errors or leaks"
    elif [ "$rc" -eq 99 ]; then
        why="valgrind reported an error (exit 99)"
    elif [ "$rc" -ne "$want" ]; then
        why="the program exited $rc, expected $want"
    fi
    if [ -z "$why" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "valgrind FAILED: $why: $*" >&2
        [ -f "$log" ] && tail -30 "$log" >&2
        tail -5 build/valgrind.stderr >&2
    fi
}

command -v valgrind >/dev/null 2>&1 || { echo "valgrind is not installed (make deps installs it)" >&2; exit 1; }
[ -x ./mtls-sim ] || { echo "./mtls-sim is not built" >&2; exit 1; }

export TAMPER_STRIDE=37 # the tamper test flips every 37th byte under valgrind, every byte elsewhere
for t in "$@"; do run 0 "$t"; done
run 0 ./mtls-sim --version
run 0 ./mtls-sim --batch --seed 1
run 0 ./mtls-sim --batch --seed 2 --format json --ems
run 0 ./mtls-sim --batch --seed 3 --kx transport --scenario key-leak
run 1 ./mtls-sim --batch --seed 1 --scenario expired-client-cert
run 0 ./mtls-sim --batch --seed 1 --format markdown
run 0 ./mtls-sim --seed 1 --keys "nnnnnnn<enter>eq" --screen-dump build/valgrind-screen.txt
run 1 ./mtls-sim --seed 1 --keys "snnn<enter>mcaiq" --screen-dump build/valgrind-screen.txt
run 0 ./mtls-sim --seed 1 --scenario key-leak --kx transport --keys "Ge<enter>q" \
    --screen-dump build/valgrind-screen.txt
# the whole 50-minute lecture (every run, question and the mystery's reveal)
# and the handout's answer key
run 1 ./mtls-sim --script lessons/lecture-50min.script \
    --keys "                                        q" --screen-dump build/valgrind-screen.txt
run 0 ./mtls-sim --batch --seed 1 --format markdown --answers-only

# The number of runs is fixed by this script and the programs given to it.
expected=$(($# + 11))
echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ] && [ "$pass" -eq "$expected" ] && [ "$given" -eq "$expected" ] || {
    [ "$fail" -eq 0 ] && echo "valgrind: ran $pass of $expected runs" >&2
    exit 1
}
