#!/bin/sh
# check_hardening.sh — the command line against hostile or careless input,
# from outside (issue 11, items 8-14 and 16):
#   8  terminal escapes in --message, lesson files, file names and option
#      values reach the output and stderr escaped; lessons with C1 or bidi
#      controls are refused with file:line
#   9  --help, -V, --list-scenarios, --scenario all: exit 2 when stdout
#      cannot be written (/dev/full, closed)
#  10  options that cannot apply are refused, naming the option;
#      --scenario all --format json is a JSON array
#  11  --clock: the documented limit is the real one, and a certificate there
#      ends at 9999-12-31T23:59:59Z (openssl agrees)
#  12  unknown --name=value, one-line usage errors, --screen-dump checked at
#      start-up
#  14  a --lessons directory that is not there is an error
#  16  a failed handout with --scenario frees both runs (valgrind)
# Run from the repository root after ./mtls-sim is built (make test does).
set -eu
bin=${MTLS_BIN:-./mtls-sim}
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
fail() { echo "check_hardening: FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
esc=$(printf '\033')

# run ARGS...: the status in $rc, stdout in $d/out, stderr in $d/err
run() {
    set +e
    "$bin" "$@" >"$d/out" 2>"$d/err" </dev/null
    rc=$?
    set -e
}
# no_raw FILE WHAT: FILE holds no ESC, no C1 (UTF-8 or raw) and no bidi control
no_raw() {
    python3 - "$1" <<'PY' || fail "$2: raw control characters in $1"
import re, sys
b = open(sys.argv[1], "rb").read()
t = b.decode("utf-8")  # also: every byte is UTF-8
bad = [c for c in t if (ord(c) < 0x20 and c not in "\n") or 0x7f <= ord(c) <= 0x9f
       or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069]
sys.exit(1 if bad else 0)
PY
}

# ---- 8: escapes --------------------------------------------------------------
msg=$(printf '\033]0;pwned\007\033[2J\302\233\342\200\256!')
run --batch --seed 1 --message "$msg"
[ "$rc" -eq 0 ] || fail "--message with escapes: exit $rc"
no_raw "$d/out" "--message in the text view"
grep -qF 'client said: "\x1b]0;pwned\x07\x1b[2J\u009b\u202e!"' "$d/out" ||
    fail "the message is not shown escaped: $(grep 'client said' "$d/out")"
run --batch --seed 1 --scenario key-leak --kx transport --message "$msg"
no_raw "$d/out" "the eavesdropper's recovered line"
grep -qF 'recovered: the client said "\x1b]0;pwned\x07\x1b[2J\u009b\u202e!"' "$d/out" ||
    fail "the recovered message is not escaped"
run --format json --seed 1 --scenario key-leak --kx transport --message "$msg"
no_raw "$d/out" "JSON"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["eavesdropper"]["recovered"]
assert r["client_app_plaintext"] == sys.argv[2], r' "$d/out" "$msg" ||
    fail "JSON does not carry the message itself"
ok "--message: escaped in text and the eavesdropper's line; JSON escapes it the JSON way"

# an option value echoed in a message
run --format "$(printf 'x\033[2J')"
[ "$rc" -eq 2 ] || fail "--format with an escape: exit $rc"
no_raw "$d/err" "an echoed option value"
grep -qF "mtls-sim: --format: unknown format 'x\x1b[2J'" "$d/err" ||
    fail "the echoed value is not escaped: $(cat "$d/err")"
ok "an echoed option value is escaped"

# lessons: C1 and bidi controls refused with file:line; the file name escaped
for cp in '\302\233:U+009B' '\342\200\256:U+202E' '\342\201\246:U+2066' '\033:U+001B'; do
    bytes=${cp%%:*} name=${cp##*:}
    rm -rf "$d/les" && mkdir "$d/les"
    printf "# Title\n\nText with $bytes inside.\n" >"$d/les/10-step1.txt"
    run --format markdown --seed 1 --lessons "$d/les"
    [ "$rc" -eq 2 ] || fail "a lesson with $name: exit $rc"
    grep -qxF "mtls-sim: $d/les/10-step1.txt:3: control character $name" "$d/err" ||
        fail "a lesson with $name: $(cat "$d/err")"
    [ ! -s "$d/out" ] || fail "a lesson with $name still printed a handout"
done
weird="$d/les${esc}[2J"
mkdir "$weird"
printf '# Title\n@fi\n' >"$weird/10-step1.txt"
run --format markdown --seed 1 --lessons "$weird"
[ "$rc" -eq 2 ] || fail "a malformed lesson in a strange directory: exit $rc"
no_raw "$d/err" "a lesson file name"
grep -qF "$d/les\\x1b[2J/10-step1.txt:2: unknown directive '@fi'" "$d/err" ||
    fail "the lesson file name is not escaped: $(cat "$d/err")"
ok "lessons: C1, bidi and C0 controls refused with file:line; names escaped"

# ---- 9: stdout that cannot be written ---------------------------------------
for args in "--help" "-V" "--list-scenarios" "--scenario all --seed 1"; do
    for how in full closed; do
        set +e
        # shellcheck disable=SC2086
        if [ "$how" = full ]; then
            "$bin" $args >/dev/full 2>"$d/err"
        else
            "$bin" $args >&- 2>"$d/err"
        fi
        rc=$?
        set -e
        [ "$rc" -eq 2 ] || fail "'$args' with stdout $how: exit $rc, want 2"
        grep -q "^mtls-sim: cannot write the output: " "$d/err" ||
            fail "'$args' with stdout $how: $(cat "$d/err")"
    done
done
set +e; "$bin" --batch --seed 1 >&- 2>"$d/err"; rc=$?; set -e
[ "$rc" -eq 2 ] && grep -q "cannot write the output: Bad file descriptor" "$d/err" ||
    fail "--batch with stdout closed: exit $rc: $(cat "$d/err")"
ok "--help, -V, --list-scenarios, --scenario all, --batch: exit 2 on /dev/full and a closed stdout"

# ---- 10: options that cannot apply ------------------------------------------
refused() { # refused WANT ARGS...: exit 2, WANT on the first line, nothing run
    want=$1; shift
    run "$@"
    [ "$rc" -eq 2 ] || fail "'$*': exit $rc, want 2"
    head -1 "$d/err" | grep -qF -- "$want" || fail "'$*': $(head -1 "$d/err")"
    [ ! -s "$d/out" ] || fail "'$*' printed on stdout"
}
refused "--export is about one run; it cannot be used with --scenario all" \
    --scenario all --export "$d/x"
[ ! -e "$d/x" ] || fail "--scenario all --export made the directory"
refused "--log is about one run; it cannot be used with --scenario all" \
    --scenario all --log "$d/x.jsonl"
refused "--format markdown is about one run; it cannot be used with --scenario all" \
    --scenario all --format markdown
refused "--keys is for the interface; it cannot be used with --batch" --batch --keys q
refused "--screen-dump is for the interface; it cannot be used with --batch" \
    --batch --screen-dump "$d/s.txt"
refused "--auto is for the interface; it cannot be used with --format" --format json --auto 2
refused "--keys is for the interface; it cannot be used with --export" --export "$d/e" --keys q
refused "--auto is for the interface; it cannot be used with --scenario all" \
    --scenario all --auto 1
run --scenario all --seed 1
cp "$d/out" "$d/tour.txt"
run --scenario all --seed 1 --format json
[ "$rc" -eq 0 ] || fail "--scenario all --format json: exit $rc"
nscen=$("$bin" --list-scenarios | grep -vc "TLS 1.3 only") # --scenario all runs those of TLS 1.2
python3 - "$d/out" "$d/tour.txt" "$nscen" <<'PY' || fail "--scenario all --format json"
import json, sys
rows = json.load(open(sys.argv[1]))
text = [l.split() for l in open(sys.argv[2]).read().splitlines()[1:]]
assert isinstance(rows, list) and len(rows) == len(text) == int(sys.argv[3]), (len(rows), len(text))
for r, t in zip(rows, text):
    assert r["scenario"] == t[0], (r, t)
    if r["alert"] is None:
        assert t[1] == "-" and r["ok"] is True, (r, t)
    else:
        assert (r["sent_by"], str(r["step"]), r["alert"], "(%d)" % r["alert_code"]) == \
            (t[1], t[2], t[3], t[4]), (r, t)
        assert r["ok"] is False and r["reason"], r
exp = rows[0]
assert exp == {"scenario": "expired-client-cert", "ok": False, "alert": "certificate_expired",
               "alert_code": 45, "step": 3, "sent_by": "server",
               "reason": "certificate has expired", "eavesdropper_recovered": None}, exp
leak = [r for r in rows if r["scenario"] == "key-leak"]
assert leak and leak[0]["eavesdropper_recovered"] is False, leak
PY
run --scenario all --seed 1 --format json --kx transport
python3 -c 'import json,sys; r=[x for x in json.load(open(sys.argv[1])) if x["scenario"]=="key-leak"]
assert r[0]["eavesdropper_recovered"] is True, r' "$d/out" ||
    fail "--scenario all --format json --kx transport: key-leak does not recover"
ok "options that cannot apply are refused by name; --scenario all --format json is an array"

# ---- 11: the clock's limit ---------------------------------------------------
last=253402300798
"$bin" --help | grep -q -- "--clock UNIXTIME .*1 \.\. $last" || fail "--help does not say 1 .. $last"
run --clock $((last + 1)) --batch --seed 1
[ "$rc" -eq 2 ] || fail "--clock $((last + 1)): exit $rc"
grep -qF "mtls-sim: --clock: '$((last + 1))' is not a unix time from 1 to $last" "$d/err" ||
    fail "--clock past the limit: $(cat "$d/err")"
for c in 253086767999 253086768000 $last; do
    run --clock $c --batch --seed 1
    [ "$rc" -eq 0 ] || fail "--clock $c: exit $rc: $(cat "$d/err")"
done
# at the limit every scenario still runs and is caught where it should be
run --clock $last --scenario all --seed 1
[ "$rc" -eq 0 ] || fail "--clock $last --scenario all: exit $rc: $(cat "$d/err")"
grep -q '^not-yet-valid-client-cert  *server  *3  *certificate_expired (45)' "$d/out" ||
    fail "at --clock $last the not-yet-valid certificate is not caught: $(cat "$d/out")"
run --clock $last --seed 1 --export "$d/ex"
[ "$rc" -eq 0 ] || fail "--clock $last --export: exit $rc"
for f in ca server client ca-server-issuing ca-client-issuing; do
    end=$(openssl x509 -in "$d/ex/$f.pem" -noout -enddate)
    [ "$end" = "notAfter=Dec 31 23:59:59 9999 GMT" ] || fail "$f.pem: $end"
done
openssl verify -attime $last -CAfile "$d/ex/ca.pem" -untrusted "$d/ex/client-chain.pem" \
    -purpose sslclient "$d/ex/client.pem" >/dev/null 2>&1 || fail "openssl does not verify the client certificate at $last"
ok "--clock: 1 .. $last as documented; certificates end at 9999-12-31T23:59:59Z"

# ---- 12: options and usage messages -----------------------------------------
run --sed=1
[ "$rc" -eq 2 ] || fail "--sed=1: exit $rc"
[ "$(head -1 "$d/err")" = "mtls-sim: unknown option '--sed'" ] || fail "--sed=1: $(head -1 "$d/err")"
[ "$(wc -l <"$d/err")" -eq 2 ] || fail "a usage error printed $(wc -l <"$d/err") lines, want 2"
grep -q -- "--help" "$d/err" || fail "a usage error does not point to --help"
run --batch=yes
[ "$(head -1 "$d/err")" = "mtls-sim: option '--batch' takes no value" ] ||
    fail "--batch=yes: $(head -1 "$d/err")"
run --aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=1
[ "$(head -1 "$d/err")" = "mtls-sim: unknown option '--aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'" ] ||
    fail "a long unknown option: $(head -1 "$d/err")"
run --seed=7 --batch
[ "$rc" -eq 0 ] || fail "--seed=7: exit $rc"
# --screen-dump's directory is checked before the session starts
for target in "$d/nodir/s.txt" "$d/" "" "$d/out/s.txt"; do
    run --seed 1 --keys 'nnnq' --screen-dump "$target"
    [ "$rc" -eq 2 ] || fail "--screen-dump '$target': exit $rc"
    head -1 "$d/err" | grep -q "^mtls-sim: --screen-dump: " ||
        fail "--screen-dump '$target': $(cat "$d/err")"
done
run --seed 1 --keys 'nnnq' --screen-dump "$d/nodir/s.txt"
grep -qF "mtls-sim: --screen-dump: cannot write '$d/nodir/s.txt': the directory '$d/nodir': No such file or directory" \
    "$d/err" || fail "--screen-dump into a missing directory: $(cat "$d/err")"
run --seed 1 --keys 'nq' --screen-dump "$d/s.txt"
[ "$rc" -eq 0 ] && [ -s "$d/s.txt" ] || fail "--screen-dump into a good directory: exit $rc"
ok "unknown --name=value, one-line usage errors, --screen-dump checked at start-up"

# ---- 14: --lessons DIR -------------------------------------------------------
run --format markdown --seed 1 --lessons "$d/no-such-lessons"
[ "$rc" -eq 2 ] || fail "--lessons with a missing directory: exit $rc"
[ "$(cat "$d/err")" = "mtls-sim: --lessons: cannot open the lessons directory '$d/no-such-lessons': No such file or directory" ] ||
    fail "--lessons with a missing directory: $(cat "$d/err")"
[ ! -s "$d/out" ] || fail "--lessons with a missing directory still printed a handout"
mkdir "$d/empty"
run --format markdown --seed 1 --lessons "$d/empty"
[ "$rc" -eq 2 ] && grep -q "no lesson files" "$d/err" || fail "--lessons with an empty directory: exit $rc"
run --seed 1 --lessons "$d/no-such-lessons" --keys q
[ "$rc" -eq 2 ] && grep -q "^mtls-sim: --lessons: cannot open" "$d/err" ||
    fail "the interface with a missing --lessons: exit $rc: $(cat "$d/err")"
ok "a --lessons directory that is missing or empty is an error (exit 2), batch and interface"

# ---- 16: a failed handout with --scenario frees both runs --------------------
if command -v valgrind >/dev/null 2>&1; then
    mkdir "$d/bad" && printf '# T\n@fi\n' >"$d/bad/10-step1.txt"
    set +e
    valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
        "$bin" --format markdown --lessons "$d/bad" --scenario expired-client-cert --seed 1 \
        >/dev/null 2>"$d/vg"
    rc=$?
    set -e
    [ "$rc" -eq 2 ] || { tail -20 "$d/vg" >&2; fail "valgrind: exit $rc (99: a leak), want 2"; }
    ok "a failed handout with --scenario leaks nothing (valgrind)"
else
    echo "skip: no valgrind for the leak check"
fi
echo "check_hardening: all passed"
