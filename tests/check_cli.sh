#!/bin/sh
# The command line from outside: exit statuses, error messages, batch output
# against golden transcripts, determinism, and JSON that parses.
# Regenerate the golden transcripts on purpose with `make golden`.
set -eu
bin=./mtls-sim
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
fail() { echo "check_cli: FAIL: $*" >&2; exit 1; }

# --help and --version
$bin --help | grep -q -- '--batch' || fail "--help does not list --batch"
$bin --version | grep -q '^mtls-sim [0-9]' || fail "--version"

# usage errors: one line naming the problem, one pointing to --help, exit 2
expect_usage() {
    want=$1; shift
    set +e; "$bin" "$@" >"$d/out" 2>"$d/err"; rc=$?; set -e
    [ "$rc" -eq 2 ] || fail "'$*' exited $rc, expected 2"
    head -1 "$d/err" | grep -q -- "$want" || fail "'$*': first line '$(head -1 "$d/err")' lacks '$want'"
    [ "$(sed -n 2p "$d/err")" = "mtls-sim: see 'mtls-sim --help' for the options" ] &&
        [ "$(wc -l <"$d/err")" -eq 2 ] || fail "'$*': want the message and a pointer to --help"
    [ ! -s "$d/out" ] || fail "'$*' printed on stdout"
}
expect_usage "unknown option '--bogus'" --bogus
expect_usage "option '--seed' needs a value" --batch --seed
expect_usage "--seed: 'x1' is not a whole number" --batch --seed x1
expect_usage "--seed: '-1' is not a whole number" --batch --seed -1
expect_usage "--format: unknown format 'xml'" --format xml
expect_usage "--kx: unknown key exchange 'rsa'" --batch --kx rsa
expect_usage "unexpected argument 'extra'" --batch extra
expect_usage "option '--ems' takes no value" --ems=1
expect_usage "--seed: 'abc' is not a whole number" --batch --seed abc
expect_usage "--clock: '0' is not a unix time" --batch --clock 0
expect_usage "--clock: '99999999999999' is not a unix time" --batch --clock 99999999999999
long=$(head -c 1100 /dev/zero | tr '\0' a)
expect_usage "--message: 1100 bytes is too long" --batch --message "$long"
expect_usage "--chain: '3' is not 1 (leaf under the root) or 2" --batch --chain 3
expect_usage "--chain: '' is not 1" --batch --chain=
expect_usage "--client-ca: 'own' is not shared or separate" --batch --client-ca own
expect_usage "option '--client-ca' needs a value" --batch --client-ca
echo "usage errors: ok"

# the interface refuses to draw on a pipe
set +e; $bin --seed 1 </dev/null >"$d/out" 2>"$d/err"; rc=$?; set -e
[ "$rc" -eq 2 ] || fail "interface on a pipe exited $rc, expected 2"
grep -q -- '--batch' "$d/err" || fail "interface on a pipe does not suggest --batch"
[ "$(wc -l <"$d/err")" -eq 1 ] || fail "interface on a pipe printed more than one line"
[ ! -s "$d/out" ] || fail "interface on a pipe wrote to stdout"
echo "no terminal: ok"

# golden transcripts, byte for byte
for g in tests/golden/batch-*.txt tests/golden/batch-*.json tests/golden/batch-*.mmd \
         tests/golden/batch-*.svg tests/golden/batch-*.html; do
    [ -e "$g" ] || continue # a pattern that matched no file
    args=$(sed -n 's/^# args: //p' "$g.args")
    # shellcheck disable=SC2086
    set +e; $bin $args >"$d/out"; rc=$?; set -e
    [ "$rc" -le 1 ] || fail "golden $g: exit $rc"
    cmp -s "$d/out" "$g" || { diff "$g" "$d/out" | head -20 >&2; fail "output differs from $g"; }
done
echo "golden transcripts: ok"

# seeded runs repeat exactly; live runs differ
$bin --batch --seed 42 >"$d/a"; $bin --batch --seed 42 >"$d/b"
cmp -s "$d/a" "$d/b" || fail "two runs with --seed 42 differ"
$bin --format json >"$d/a"; $bin --format json >"$d/b"
cmp -s "$d/a" "$d/b" && fail "two live runs are identical"
grep -q '"seeded": false' "$d/a" || fail "live JSON does not say so"
# a live run says how to replay it, and the replay is the same run
$bin --batch --kx transport --no-timings >"$d/live.txt"
replay=$(sed -n '3s/^  mtls-sim //p' "$d/live.txt")
case "$replay" in "--batch --seed "*" --clock "*" --kx transport") ;; *) fail "no replay line: $replay" ;; esac
# shellcheck disable=SC2086
$bin $replay --no-timings >"$d/replay.txt"
cmp -s "$d/live.txt" "$d/replay.txt" || fail "replaying a live run gave other bytes"
echo "determinism: ok"

# JSON parses and honours the contract
$bin --format json --seed 4 --ems --message "hello from the test" >"$d/j.json"
python3 - "$d/j.json" <<'PY' || fail "JSON contract"
import json, sys
t = json.load(open(sys.argv[1]))
assert t["outcome"] == {"ok": True, "alert": None, "alert_code": None, "step": None,
                        "sent_by": None, "reason": None}, t["outcome"]
m = t["messages"]
assert [x["name"] for x in m][:9] == ["ClientHello", "ServerHello", "Certificate",
    "ServerKeyExchange", "CertificateRequest", "ServerHelloDone", "Certificate",
    "ClientKeyExchange", "CertificateVerify"], [x["name"] for x in m]
for x in m:
    assert x["from"] in ("client", "server")
    assert x["content_type"] in ("handshake", "change_cipher_spec", "alert", "application_data")
    bytes.fromhex(x["hex"]); bytes.fromhex(x["record_hex"])
    if x["content_type"] == "handshake":
        assert int(x["hex"][2:8], 16) == len(x["hex"]) // 2 - 4  # 4-byte header, plaintext
fin = [x for x in m if x["name"] == "Finished"]
assert len(fin) == 2 and all(x["hex"].startswith("1400000c") for x in fin)
v = t["values"]
for k in ["client_random", "server_random", "pre_master_secret", "master_secret",
          "client_write_key", "server_write_key", "client_write_iv", "server_write_iv",
          "client_verify_data", "server_verify_data"]:
    assert set(v[k]) >= {"hex", "known_by", "how"}, k
assert v["master_secret"]["known_by"] == ["client", "server"]
assert v["client_random"]["known_by"][-1] == "public"
assert v["server_ecdhe_private"]["known_by"] == ["server"]
assert len(bytes.fromhex(v["master_secret"]["hex"])) == 48
assert fin[0]["hex"][8:] == v["client_verify_data"]["hex"]
assert fin[1]["hex"][8:] == v["server_verify_data"]["hex"]
assert v["client_app_plaintext"]["text"] == "hello from the test"
assert t["ems"] is True and "session_hash" in v
PY
echo "json contract: ok"

# scenarios: unknown names and modes are usage errors; failures exit 1
expect_usage "--scenario: unknown scenario 'nope'" --batch --scenario nope
expect_usage "--scenario: 'mitm-key-swap' needs --kx ecdhe" --batch --scenario mitm-key-swap --kx transport
n=$($bin --list-scenarios | wc -l)
[ "$n" -eq 29 ] || fail "--list-scenarios lists $n scenarios, want 29"
set +e; $bin --format json --seed 5 --scenario stolen-cert >"$d/s.json"; rc=$?; set -e
[ "$rc" -eq 1 ] || fail "a failing scenario exited $rc, expected 1"
python3 - "$d/s.json" <<'PY' || fail "JSON outcome of stolen-cert"
import json, sys
t = json.load(open(sys.argv[1]))
o = t["outcome"]
assert (o["ok"], o["alert"], o["alert_code"], o["step"], o["sent_by"]) == \
    (False, "decrypt_error", 51, 4, "server"), o
assert t["scenario"] == "stolen-cert" and t["eavesdropper"] is None
assert t["messages"][-1]["content_type"] == "alert" and t["messages"][-1]["from"] == "server"
PY
$bin --format json --seed 5 --scenario key-leak >"$d/k.json"
python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["eavesdropper"]; assert e["recovered"] is None and "forward secrecy" in e["why"], e' "$d/k.json" ||
    fail "key-leak with ECDHE should recover nothing"
echo "scenarios: ok"

# --log writes the events as JSON lines
set +e; $bin --batch --seed 1 --scenario wrong-server-name --log "$d/events.jsonl" >/dev/null; set -e
python3 - "$d/events.jsonl" <<'PY' || fail "--log"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
kinds = {e["event"] for e in ev}
assert kinds == {"step", "message", "check", "alert", "outcome"}, kinds
alert = [e for e in ev if e["event"] == "alert"]
assert alert == [{"event": "alert", "step": 3, "by": "client", "alert": "bad_certificate",
                  "code": 42, "level": "fatal"}], alert
bad = [e for e in ev if e["event"] == "check" and not e["ok"]]
assert len(bad) == 1 and bad[0]["error"] == "CERT_NAME", bad
assert ev[-1]["event"] == "outcome" and ev[-1]["ok"] is False
PY
set +e; $bin --batch --seed 1 --log "$d/nodir/x.jsonl" >/dev/null 2>"$d/err"; rc=$?; set -e
[ "$rc" -eq 2 ] && grep -q -- "--log: cannot write" "$d/err" || fail "--log into a missing directory"
echo "event log: ok"

# an export directory that cannot be made is a clear error, exit 2
: >"$d/file"
set +e; $bin --seed 1 --export "$d/file" >"$d/out" 2>"$d/err"; rc=$?; set -e
[ "$rc" -eq 2 ] || fail "--export onto a file exited $rc"
grep -q "cannot write" "$d/err" || fail "--export onto a file: $(cat "$d/err")"
echo "export errors: ok"
echo "check_cli: all passed"
