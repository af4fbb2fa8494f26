#!/bin/sh
# The test runners themselves: a stage must fail when its tool did not really
# run. Each case gives a runner a stand-in that exits the way a broken tool
# does, and expects the runner to fail and say why.
set -eu
d=$(mktemp -d "${TMPDIR:-/tmp}/mtls-runners.XXXXXX")
trap 'rm -rf "$d"' EXIT INT TERM
fail() { echo "check_runners: FAIL: $*" >&2; exit 1; }
n=0
ok() { n=$((n + 1)); echo "ok: $*"; }

# expect_fail WHAT CMD...: CMD must exit non-zero; its output is kept in $d/out.
expect_fail() {
    what=$1; shift
    if "$@" >"$d/out" 2>&1; then cat "$d/out" >&2; fail "$what: the runner passed"; fi
}

# valgrind that gives up (exit 1, as valgrind 3.19 does on DWARF 5) ...
mkdir -p "$d/bin"
cat >"$d/bin/valgrind" <<'SH'
#!/bin/sh
echo "### unhandled dwarf2 abbrev form code 0x25" >&2
echo "Possibly corrupted debuginfo file. Giving up." >&2
exit 1
SH
chmod +x "$d/bin/valgrind"
expect_fail "a valgrind that gives up" env PATH="$d/bin:$PATH" sh tests/run_valgrind.sh
grep -q 'valgrind FAILED: valgrind wrote no log' "$d/out" || fail "no reason given: $(head -3 "$d/out")"
grep -q '^valgrind: 0 passed, 11 failed$' "$d/out" || fail "count: $(grep '^valgrind:' "$d/out")"
ok "run_valgrind.sh fails when valgrind gives up (exit 1, no log)"

# ... or that is not there at all ...
cat >"$d/bin/valgrind" <<'SH'
#!/bin/sh
exit 0
SH
expect_fail "a valgrind that does nothing" env PATH="$d/bin:$PATH" sh tests/run_valgrind.sh
ok "run_valgrind.sh fails when 'valgrind' exits 0 without running anything"

# ... and a real valgrind on a program whose debug information it cannot read
# (clang's default DWARF 5): the stage must fail, not pass on exit status 1.
if command -v clang >/dev/null 2>&1 && command -v valgrind >/dev/null 2>&1; then
    printf 'int main(void) { return 0; }\n' >"$d/p.c"
    clang -g -gdwarf-5 -o "$d/p" "$d/p.c"
    if valgrind --log-file="$d/vg.log" "$d/p" >/dev/null 2>&1; [ -s "$d/vg.log" ] &&
        grep -qi 'giving up\|serious error when reading debug info' "$d/vg.log"; then
        expect_fail "a DWARF 5 program" sh tests/run_valgrind.sh "$d/p"
        grep -q "valgrind FAILED: valgrind gave up: $d/p" "$d/out" ||
            fail "DWARF 5 program not reported as a give-up: $(grep FAILED "$d/out" | head -3)"
        ok "run_valgrind.sh fails a program whose DWARF 5 this valgrind cannot read"
    else
        # This valgrind reads DWARF 5: the case cannot arise here. Check the
        # build's own flags instead, which is what keeps it from arising.
        ok "this valgrind reads DWARF 5 (no give-up case to try)"
    fi
    grep -q -- '-gdwarf-4' Makefile || fail "the Makefile does not ask for DWARF 4"
    readelf --debug-dump=info build/obj/main.o 2>/dev/null | grep -m1 -q 'Version: *4' ||
        fail "build/obj/main.o is not DWARF 4"
    ok "the build writes DWARF 4 debug information"
fi

# A unit-test program that exits 0 without running any test.
printf '#!/bin/sh\nexit 0\n' >"$d/empty-test"; chmod +x "$d/empty-test"
expect_fail "a program with no cmocka summary" sh tests/run_unit.sh "$d/empty-test"
grep -q '^unit: 0 passed, 1 failed$' "$d/out" || fail "count: $(grep '^unit:' "$d/out")"
expect_fail "no program" sh tests/run_unit.sh
ok "run_unit.sh fails a program that ran no test, and a run given none"

# A fuzz target that exits 0 after fewer runs than asked.
printf '#!/bin/sh\necho "Done 12 runs in 0 second(s)"\nexit 0\n' >"$d/fuzz_short"; chmod +x "$d/fuzz_short"
expect_fail "a short fuzz run" sh tests/run_fuzz.sh "$d/fuzz_short"
grep -q 'FAILED: fuzz_short (exit 0, 12 runs done of 4000)' "$d/out" || fail "fuzz reason: $(cat "$d/out")"
expect_fail "no fuzz target" sh tests/run_fuzz.sh
ok "run_fuzz.sh fails a target that did not finish its runs, and a run given none"

# The README lists the Makefile's packages, all of them.
pkgs=$(make -s -p -n need-build 2>/dev/null | sed -n 's/^\(BUILD\|TEST\)_DEPS = //p' | tr ' ' '\n' | sed -n 's/.*://p')
[ -n "$pkgs" ] || fail "could not read the package lists from the Makefile"
sed -n '/^- to build (`BUILD_DEPS`)/,/^$/p' README.md >"$d/readme-pkgs"
for p in $pkgs; do
    grep -qw -- "$p" "$d/readme-pkgs" || fail "README.md does not list the package $p"
done
ok "README.md lists all $(echo $pkgs | wc -w) packages of the Makefile"

echo "check_runners: $n passed, 0 failed"
