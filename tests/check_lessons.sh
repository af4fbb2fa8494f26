#!/bin/sh
# The lessons from outside, through the real binary: the handout for a seed is
# the golden file byte for byte; an edited copy of lessons/ shows up without a
# rebuild; a malformed lesson stops the handout with file:line and status 2;
# without installed lessons it falls back to the built-in summaries with one
# warning line;
# the manual page renders without warnings.
#
#   sh tests/check_lessons.sh          check (make test runs it from the repo root)
#   sh tests/check_lessons.sh --regen  rewrite tests/golden/handout-seed1.md on
#                                      purpose, after changing a lesson or the
#                                      handout; read the diff before committing
set -eu

bin=./mtls-sim
golden=tests/golden/handout-seed1.md
key_golden=tests/golden/handout-seed1-answers-only.md
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mtls-lessons.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

fail() {
    echo "check_lessons: $*" >&2
    exit 1
}

if [ "${1:-}" = "--regen" ]; then
    "$bin" --batch --format markdown --seed 1 >"$golden"
    "$bin" --batch --format markdown --seed 1 --answers-only >"$key_golden"
    echo "regenerated: $golden $key_golden"
    exit 0
fi

# 1. The handout for seed 1, with the lessons found next to the binary, is
#    the golden file, and nothing is said on stderr.
"$bin" --batch --format markdown --seed 1 >"$tmp/handout.md" 2>"$tmp/err" ||
    fail "--format markdown --seed 1 exited with $?"
[ ! -s "$tmp/err" ] || fail "unexpected stderr: $(cat "$tmp/err")"
cmp -s "$tmp/handout.md" "$golden" || {
    diff -u "$golden" "$tmp/handout.md" | head -40 >&2
    fail "the handout differs from $golden (sh tests/check_lessons.sh --regen if intended)"
}
echo "ok: the handout for --seed 1 matches $golden"

# 1b. For a class: --no-answers is the same handout without its "## Answers"
#     section (every byte before it the same, nothing after); --answers-only
#     is the answer key, byte for byte its golden file, numbered as the
#     handout numbers its questions.
"$bin" --batch --format markdown --seed 1 --no-answers >"$tmp/q.md" ||
    fail "--no-answers exited with $?"
sed '/^## Answers$/,$d' "$golden" >"$tmp/q-expected.md"
grep -q '^## Answers$' "$golden" || fail "$golden has no Answers section to leave out"
cmp -s "$tmp/q.md" "$tmp/q-expected.md" || {
    diff -u "$tmp/q-expected.md" "$tmp/q.md" | head -20 >&2
    fail "--no-answers is not the handout without its Answers section"
}
"$bin" --batch --format markdown --seed 1 --answers-only >"$tmp/key.md" ||
    fail "--answers-only exited with $?"
cmp -s "$tmp/key.md" "$key_golden" || {
    diff -u "$key_golden" "$tmp/key.md" | head -40 >&2
    fail "the answer key differs from $key_golden (sh tests/check_lessons.sh --regen if intended)"
}
# the key's Q numbers and answers are the handout's, in the same order
nq=$(grep -c '^- \*\*Q[0-9]*\.\*\*' "$tmp/q.md")
nk=$(grep -c '^\*\*Q[0-9]*\.\*\*' "$tmp/key.md")
[ "$nq" -gt 10 ] && [ "$nq" -eq "$nk" ] ||
    fail "the handout asks $nq questions, the key answers $nk"
sed -n '/^## Answers$/,$s/^\*\*Q[0-9]*\.\*\* //p' "$golden" >"$tmp/a-handout"
awk '/^\*\*Q[0-9]*\.\*\* /{getline; getline; print}' "$tmp/key.md" >"$tmp/a-key"
cmp -s "$tmp/a-handout" "$tmp/a-key" || {
    diff "$tmp/a-handout" "$tmp/a-key" | head -10 >&2
    fail "the key's answers are not the handout's, in its order"
}
for bad in "--no-answers --answers-only" "--batch --no-answers" "--answers-only"; do
    set +e
    # shellcheck disable=SC2086
    "$bin" --seed 1 $bad >"$tmp/out" 2>"$tmp/err"
    rc=$?
    set -e
    [ "$rc" -eq 2 ] && [ ! -s "$tmp/out" ] && grep -q -- '--\(no-answers\|answers-only\)' "$tmp/err" ||
        fail "$bad: exit $rc, $(cat "$tmp/err")"
done
echo "ok: --no-answers is the handout without answers ($nq questions); --answers-only matches $key_golden"

# 2. A teacher edits a copy of the lessons: the new sentence is in the handout,
#    with no rebuild.
cp -R lessons "$tmp/mine"
sentence="Our class calls this the handshake of the two keys."
awk -v s="$sentence" '/^Why here and not at step 3/ { print s; print "" } { print }' \
    "$tmp/mine/40-step4.txt" >"$tmp/x" && mv "$tmp/x" "$tmp/mine/40-step4.txt"
"$bin" --format markdown --seed 1 --lessons "$tmp/mine" >"$tmp/edited.md" ||
    fail "the edited lessons were refused"
grep -qF "$sentence" "$tmp/edited.md" || fail "the edited sentence is not in the handout"
echo "ok: an edited lesson shows up without rebuilding"

# 3. Malformed lessons: status 2, "mtls-sim: FILE:LINE: reason", no handout.
cp -R lessons "$tmp/bad"
line=$(grep -n '^The textbook' "$tmp/bad/30-step3.txt" | head -1 | cut -d: -f1)
[ -n "$line" ] || fail "cannot find the line to break in 30-step3.txt"
awk -v n="$line" 'NR == n { print "@fi ecdhe" } { print }' "$tmp/bad/30-step3.txt" >"$tmp/x" &&
    mv "$tmp/x" "$tmp/bad/30-step3.txt"
set +e
"$bin" --format markdown --seed 1 --lessons "$tmp/bad" >"$tmp/out" 2>"$tmp/err"
status=$?
set -e
[ "$status" -eq 2 ] || fail "a malformed lesson gave exit status $status, not 2"
[ ! -s "$tmp/out" ] || fail "a malformed lesson still printed a handout"
want="mtls-sim: $tmp/bad/30-step3.txt:$line: unknown directive '@fi'"
grep -qF "$want" "$tmp/err" || fail "want '$want...', got '$(cat "$tmp/err")'"
echo "ok: a malformed lesson exits 2 with $(sed 's/^mtls-sim: //' "$tmp/err" | cut -c1-60)..."

cp -R lessons "$tmp/bad2"
awk 'NR == 4 { print "Typo: {pre_master_secrte}." } { print }' "$tmp/bad2/50-step5.txt" >"$tmp/x"
mv "$tmp/x" "$tmp/bad2/50-step5.txt"
set +e
"$bin" --format markdown --seed 1 --lessons "$tmp/bad2" >/dev/null 2>"$tmp/err"
status=$?
set -e
[ "$status" -eq 2 ] || fail "an unknown placeholder gave exit status $status, not 2"
want="mtls-sim: $tmp/bad2/50-step5.txt:4: unknown placeholder {pre_master_secrte}"
grep -qxF "$want" "$tmp/err" || fail "want '$want', got '$(cat "$tmp/err")'"
echo "ok: an unknown placeholder names itself with file:line"

# 4. No installed lessons (a copy of the binary with no lessons/ beside it):
#    one warning line, the built-in summaries, status 0. (A --lessons DIR that
#    does not exist is an error instead: tests/check_hardening.sh.)
mkdir "$tmp/bin"
cp "$bin" "$tmp/bin/mtls-sim"
if [ -d /usr/local/share/mtls-sim/lessons ]; then
    echo "skip: lessons are installed in /usr/local/share/mtls-sim, no fallback to see"
else
    "$tmp/bin/mtls-sim" --format markdown --seed 1 >"$tmp/out" 2>"$tmp/err" ||
        fail "no installed lessons gave exit status $?"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "want one warning line, got: $(cat "$tmp/err")"
    grep -q "^mtls-sim: warning: no lessons found in $tmp/bin/lessons or .*built-in summaries" \
        "$tmp/err" || fail "unexpected warning: $(cat "$tmp/err")"
    grep -q '^## Step 1 of 7: ClientHello$' "$tmp/out" || fail "no built-in summary in the handout"
    grep -q '^## Step 7 of 7: Encrypted session$' "$tmp/out" || fail "no built-in step 7"
    echo "ok: no installed lessons warns once and falls back to the built-in summaries"
fi

# 5. The manual page renders without a warning.
command -v man >/dev/null 2>&1 || fail "man is missing (make deps installs man-db)"
warn=$(MANWIDTH=80 man -l man/mtls-sim.1 2>&1 >/dev/null)
[ -z "$warn" ] || fail "man -l man/mtls-sim.1 warns: $warn"
MANWIDTH=80 man -l man/mtls-sim.1 2>/dev/null | grep -q 'INTERFACE KEYS' ||
    fail "man -l did not render the page"
command -v groff >/dev/null 2>&1 || fail "groff is missing (make deps installs groff-base)"
warn=$(groff -man -Tutf8 -ww -z man/mtls-sim.1 2>&1)
[ -z "$warn" ] || fail "groff -ww warns: $warn"
groff -man -Tutf8 -P-cbou man/mtls-sim.1 2>/dev/null | grep -q 'INTERFACE KEYS' ||
    fail "groff did not render the page"
echo "ok: the manual page renders without warnings"
