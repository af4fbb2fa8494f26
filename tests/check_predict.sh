#!/bin/sh
# --predict and --mystery in batch output from outside: the worksheets and
# their answer keys against the golden files, byte for byte and the same
# twice; the answer key written only to --answers FILE (atomically, nothing
# left beside it), never in the worksheet; a batch mystery that hides the
# scenario's name and the outcome until its reveal; the same mystery for the
# same seed; and the errors of the options, each naming what is wrong.
# Regenerate the golden files on purpose with `make golden`.
set -eu
bin=./mtls-sim
g=tests/golden
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
fail() { echo "check_predict: FAIL: $*" >&2; exit 1; }
[ -x "$bin" ] || fail "$bin is not built (make mtls-sim)"

# --- worksheets and answer keys, as make golden writes them -------------
ws() {
    name=$1; shift
    set +e; "$bin" "$@" --format markdown --answers "$d/$name-key.md" >"$d/$name-worksheet.md"
    rc=$?; set -e
    [ "$rc" -le 1 ] || fail "$name: exit $rc"
    for part in worksheet key; do
        cmp -s "$d/$name-$part.md" "$g/$name-$part.md" || {
            diff -u "$g/$name-$part.md" "$d/$name-$part.md" | head -30 >&2
            fail "$name: the $part differs from $g/$name-$part.md"
        }
    done
}
ws predict-seed1 --predict --seed 1
ws predict-seed1-expired-client --predict --seed 1 --scenario expired-client-cert
ws predict-seed2-tls13 --predict --seed 2 --tls 1.3
ws mystery-seed5 --mystery random --seed 5
echo "worksheets and keys match the golden files: ok"

# what they say: concrete questions, answers only in the key
w=$g/predict-seed1-worksheet.md k=$g/predict-seed1-key.md
grep -qx '\*\*1\.\*\* Step 1 of 7 is next\. Which message does the client send first in it?' "$w" ||
    fail "worksheet: question 1 is not the ClientHello question"
grep -qx -- '- (d) ClientHello' "$w" || fail "worksheet: ClientHello is not choice (d)"
grep -qx '\*\*1\.\*\* (d) ClientHello  ' "$k" || fail "key: question 1's answer is not (d) ClientHello"
grep -q 'RFC 5246 §7.4.1.2' "$k" || fail "key: no RFC section for the ClientHello"
grep -qx 'Score: ____ of 22' "$w" || fail "worksheet: no score box for 22 questions"
grep -qx 'Step 2: ____ of 4' "$w" || fail "worksheet: no score box for step 2's 4 questions"
! grep -q 'The client speaks first' "$w" || fail "the worksheet gives an answer away"
e=$g/predict-seed1-expired-client-key.md
grep -qx '\*\*10\.\*\* (c) server: client certificate: validity  ' "$e" ||
    fail "key: the failed check of expired-client-cert is not server: client certificate: validity"
grep -qx '\*\*22\.\*\* (a) certificate\\_expired  ' "$e" || fail "key: the alert is not certificate_expired"
grep -q 'ChangeCipherSpec (dummy)' $g/predict-seed2-tls13-key.md ||
    fail "TLS 1.3 key: no dummy ChangeCipherSpec"
# of the server's encrypted flight (step 4) she reads the record header only
grep -q 'The eavesdropper reads server\\_encrypted\\_extensions\\_aad\\_tls13: .*server\\_certificate\\_nonce\\_tls13 are not\.' \
    $g/predict-seed2-tls13-key.md ||
    fail "TLS 1.3 key: the server's encrypted flight is not shown as unreadable but for its record header"
echo "worksheet questions and key answers: ok"

# the same bytes twice (the choices' order comes from the seed)
"$bin" --predict --seed 9 --format markdown --answers "$d/k1" >"$d/w1"
"$bin" --predict --seed 9 --format markdown --answers "$d/k2" >"$d/w2"
cmp -s "$d/w1" "$d/w2" && cmp -s "$d/k1" "$d/k2" || fail "--seed 9 twice: different worksheets"
"$bin" --predict --seed 10 --format markdown >"$d/w3"
! cmp -s "$d/w1" "$d/w3" || fail "--seed 9 and --seed 10 give the same worksheet"
mkdir "$d/only"
"$bin" --predict --seed 9 --format markdown --answers "$d/only/key.md" >/dev/null
[ "$(ls -A "$d/only")" = key.md ] || fail "--answers left more than the key: $(ls -A "$d/only")"
cmp -s "$d/only/key.md" "$d/k1" || fail "--answers into a fresh directory: another key"
echo "worksheets are deterministic: ok"

# --- a batch mystery: nothing names the scenario or the outcome before the reveal
set +e; "$bin" --mystery random --seed 5 --batch >"$d/m.txt"; rc=$?; set -e
[ "$rc" -eq 1 ] || fail "the seed 5 mystery exited $rc (its handshake fails: 1)"
before=$(sed '/^== Mystery: find the fault ==$/,$d' "$d/m.txt")
case $before in *path-too-long* | *"scenario:"* | *"== Outcome =="* | *"FAILED at step"*)
    fail "the mystery names its scenario or outcome before the questions" ;;
esac
sed -n '/^== Reveal ==$/,$p' "$d/m.txt" >"$d/reveal"
grep -qx "scenario: path-too-long (the client's certificate is two CAs below the root, past the intermediate's pathLenConstraint 0)" \
    "$d/reveal" || fail "the reveal does not name path-too-long"
grep -qx '1\. c) step 3: Authentication' "$d/reveal" || fail "the reveal: not step 3"
grep -qx '2\. b) the server' "$d/reveal" || fail "the reveal: not the server"
grep -qx '3\. d) server: client certificate: path length' "$d/reveal" ||
    fail "the reveal: not the server's path length check of the client certificate"
grep -q '^4\. y) path-too-long: ' "$d/reveal" || fail "the reveal: the scenario is not choice y of the catalogue"
grep -q '^== Compared with the same handshake without the fault ==$' "$d/reveal" ||
    fail "the reveal has no comparison with the clean run"
# with --answers the reveal goes to the file, not on stdout
set +e; "$bin" --mystery random --seed 5 --batch --answers "$d/reveal.txt" >"$d/m2.txt"; set -e
! grep -q '^== Reveal ==' "$d/m2.txt" || fail "--answers: the reveal is still on stdout"
grep -q '^scenario: path-too-long' "$d/reveal.txt" || fail "--answers: the file has no reveal"
# the same seed, the same mystery; a named one runs that scenario unnamed
for s in 5 5; do
    set +e; "$bin" --mystery random --seed $s --batch >"$d/m$s.txt"; set -e
done
cmp -s "$d/m.txt" "$d/m5.txt" || fail "--mystery random --seed 5 twice: different runs"
set +e; "$bin" --mystery expired-client-cert --seed 1 --batch >"$d/n.txt"; rc=$?; set -e
[ "$rc" -eq 1 ] || fail "--mystery expired-client-cert exited $rc"
sed '/^== Mystery: find the fault ==$/,$d' "$d/n.txt" | grep -q 'expired-client-cert' &&
    fail "--mystery NAME prints the name before the questions"
grep -q '^scenario: expired-client-cert' "$d/n.txt" || fail "--mystery NAME: no reveal"
# a live mystery's worksheet prints the command that gives the same run (the
# root key it was drawn from), and never the name; with options, they too
for opts in "" "--kx transport --framing flight"; do
    # shellcheck disable=SC2086 # options are words without spaces
    "$bin" --mystery random $opts --format markdown --answers "$d/lk.md" >"$d/lw.md" || [ $? -eq 1 ]
    cmd=$(sed -n 's/.*Run it with `mtls-sim \(.*\)`\..*/\1/p' "$d/lw.md")
    case $cmd in "--mystery random --seed "*) ;; *) fail "live mystery: no command ('$cmd')" ;; esac
    [ -z "$opts" ] || case " $cmd " in *" $opts "*) ;; *) fail "live mystery: the command lacks '$opts'" ;; esac
    want=$(sed -n 's/^\*\*[0-9]*\.\*\* ([a-z]) \([a-z0-9-]*\).*/\1/p' "$d/lk.md" | tail -1)
    # (every name is among the choices of the last question; none elsewhere)
    sed '/^\*\*4\.\*\*/,$d' "$d/lw.md" | grep -q -- "$want" &&
        fail "live mystery: the worksheet names '$want' before its list"
    set +e
    # shellcheck disable=SC2086
    got=$("$bin" $cmd --batch | sed -n 's/^scenario: \([a-z0-9-]*\) .*/\1/p')
    set -e
    [ -n "$want" ] && [ "$got" = "$want" ] || fail "live mystery: the command gives '$got', the key '$want'"
done
echo "batch mystery hides and reveals: ok"

# --- errors: exit 2, one line naming the option ------------------------
expect_usage() {
    want=$1; shift
    set +e; "$bin" "$@" >"$d/out" 2>"$d/err"; rc=$?; set -e
    [ "$rc" -eq 2 ] || fail "'$*' exited $rc, expected 2"
    head -1 "$d/err" | grep -q -- "$want" || fail "'$*': '$(head -1 "$d/err")' lacks '$want'"
    [ ! -s "$d/out" ] || fail "'$*' printed on stdout"
}
expect_usage "--answers writes the answer key of --predict or --mystery" --batch --answers "$d/x"
expect_usage "--predict in batch output writes a worksheet" --predict --batch --seed 1
expect_usage "--predict has no JSON form" --predict --format json --seed 1
expect_usage "--mystery cannot be used with --predict" --predict --mystery random --batch
expect_usage "--scenario cannot be used with --mystery" --mystery random --scenario weak-cipher --batch
expect_usage "--mystery: unknown scenario 'nope'" --mystery nope --batch
expect_usage "--mystery: 'weak-cipher' does not run with these options" --mystery weak-cipher --tls 1.3 --batch
expect_usage "--answers is for batch output" --predict --answers "$d/x" --keys q
expect_usage "--answers: cannot write '$d/no/such/key.md'" --predict --format markdown --answers "$d/no/such/key.md"
expect_usage "--answers: '$d' is a directory" --predict --format markdown --answers "$d"
expect_usage "--answers: the file name is empty" --predict --format markdown --answers ""
expect_usage "--export cannot be used with --predict" --predict --format markdown --export "$d/e"
[ ! -e "$d/x" ] || fail "a refused --answers wrote its file"
echo "option errors: ok"
echo "check_predict: ok"
