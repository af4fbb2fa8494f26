#!/bin/sh
# tests/fresh_machine.sh — the README's two commands on a truly fresh Debian 12.
#
# Run by hand, as root (not part of make test: it needs debootstrap and the
# Debian mirror). It builds a minbase bookworm root in a temporary directory,
# clones the committed HEAD of this checkout into it, installs nothing but
# make, and then, with no terminal:
#   1. a plain `make` names what is missing and points to `make deps`;
#   2. `make deps` as a user without root or sudo names the packages, exit 1;
#   3. `make test` passes;
#   4. `make run ARGS='--seed 7'` in tmux at 80x24 shows the first step of the
#      same handshake this machine computes for seed 7, and q exits 0 with the
#      terminal restored;
#   5. `make install`, then `man mtls-sim` shows the page.
# Each phase prints its time. Everything is unmounted and removed on every
# exit path, Ctrl-C included. MIRROR=URL overrides the Debian mirror, which
# is otherwise the one this machine's apt uses. KEEP=1 keeps the logs.
set -eu

say() { printf 'fresh_machine: %s\n' "$*"; }
die() { printf 'fresh_machine: FAIL: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (it uses debootstrap, chroot and mount)"
command -v debootstrap >/dev/null 2>&1 || die "debootstrap is missing: make fresh-machine installs it (or apt-get install debootstrap)"
command -v tmux >/dev/null 2>&1 || die "tmux is missing here: run make deps first"
src=$(cd "$(dirname "$0")/.." && git rev-parse --show-toplevel) || die "not inside a git checkout"
[ -x "$src/mtls-sim" ] || die "build this checkout first (make), to compare the seed-7 screen"

# The mirror this machine's apt already uses (deb822 sources or sources.list).
host_mirror() {
    for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        m=$(awk '/^URIs:/ { print $2; exit }' "$f")
        [ -n "$m" ] && { echo "$m"; return; }
    done
    [ -f /etc/apt/sources.list ] && awk '$1 == "deb" { print ($2 ~ /^\[/ ? $3 : $2); exit }' /etc/apt/sources.list
}
mirror=${MIRROR:-$(host_mirror)}
[ -n "$mirror" ] || die "no Debian mirror found in /etc/apt; set MIRROR=URL"

work=$(mktemp -d /var/tmp/mtls-fresh.XXXXXX)
root=$work/root
logs=$work/logs
mkdir -p "$root" "$logs"

in_root() { chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"; }
tm() { in_root tmux -L fresh -f /dev/null "$@"; }

cleanup() {
    rc=$?
    trap - EXIT INT TERM HUP
    [ -n "${child:-}" ] && kill "$child" 2>/dev/null || true
    [ -x "$root/usr/bin/tmux" ] && tm kill-server >/dev/null 2>&1 || true
    # Any process still running inside the root (a tmux server, a dirmngr).
    for p in /proc/[0-9]*; do
        [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill -9 "${p#/proc/}" 2>/dev/null || true
    done
    for m in dev/pts dev proc sys; do
        mountpoint -q "$root/$m" 2>/dev/null && { umount "$root/$m" 2>/dev/null || umount -l "$root/$m"; }
    done
    if [ "${KEEP:-0}" = 1 ]; then
        rm -rf "$root"; say "logs kept in $logs"
    else
        rm -rf "$work"
    fi
    [ "$rc" -eq 0 ] && say "all phases passed" || say "failed (exit $rc); logs were in $logs"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# run CMD...: CMD as a child the shell waits for. A trapped signal (Ctrl-C)
# interrupts wait at once, where it would otherwise wait for the command to
# finish first; cleanup then kills whatever still runs inside the root.
run() { "$@" & child=$!; wait "$child"; }

t_all=$(date +%s)
phase_start() { phase=$1; t0=$(date +%s); say "phase: $phase ..."; }
phase_end() { say "phase: $phase: $(( $(date +%s) - t0 )) s"; }

# --- 0. a minimal Debian 12 ---------------------------------------------------
phase_start "debootstrap minbase bookworm"
run debootstrap --variant=minbase bookworm "$root" "$mirror" >"$logs/debootstrap.log" 2>&1 ||
    { tail -20 "$logs/debootstrap.log" >&2; die "debootstrap failed"; }
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf"
phase_end

phase_start "apt-get install make (and nothing else)"
run in_root apt-get update -q >"$logs/make-install.log" 2>&1 &&
    run in_root sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends make' \
        >>"$logs/make-install.log" 2>&1 || { tail -20 "$logs/make-install.log" >&2; die "installing make failed"; }
in_root sh -c 'command -v gcc || command -v cc || command -v pkg-config' >/dev/null 2>&1 &&
    die "the fresh root already has a compiler or pkg-config: not a fresh machine"
git clone -q "$src" "$root/src/mtls-sim"
chmod -R a+rX "$root/src"
say "cloned $(git -C "$src" rev-parse --short HEAD) into the fresh root"
phase_end

# --- 1. a plain make says what is missing ------------------------------------
phase_start "plain make before make deps"
if in_root sh -c 'cd /src/mtls-sim && make' >"$logs/plain-make.log" 2>&1 </dev/null; then
    die "a plain make succeeded on a machine with no compiler"
fi
grep -q "^mtls-sim: cannot build, missing: gcc .*'make deps' installs it" "$logs/plain-make.log" ||
    { cat "$logs/plain-make.log" >&2; die "a plain make did not say what is missing"; }
grep -qi 'no such file\|not found' "$logs/plain-make.log" &&
    { cat "$logs/plain-make.log" >&2; die "a plain make printed a raw error"; }
say "$(head -1 "$logs/plain-make.log")"
phase_end

# --- 2. make deps without root or sudo ----------------------------------------
phase_start "make deps as a user without root or sudo"
if chroot --userspec=nobody:nogroup "$root" /usr/bin/env -i HOME=/tmp PATH=/usr/bin:/bin \
    make -C /src/mtls-sim deps >"$logs/deps-nobody.log" 2>&1 </dev/null; then
    die "make deps as nobody succeeded"
fi
grep -q "installing needs root, and sudo is not installed: run 'make deps' as root" "$logs/deps-nobody.log" ||
    { cat "$logs/deps-nobody.log" >&2; die "make deps as nobody did not say what to do"; }
grep -q 'libsodium-dev' "$logs/deps-nobody.log" || die "make deps as nobody did not name the packages"
phase_end

# --- 3. make test, as root, no terminal -------------------------------------
phase_start "make test"
run in_root setsid sh -c 'cd /src/mtls-sim && make test' >"$logs/make-test.log" 2>&1 </dev/null ||
    { tail -40 "$logs/make-test.log" >&2; die "make test failed on the fresh machine"; }
grep -q '^make test: all stages passed$' "$logs/make-test.log" || die "make test did not say all stages passed"
for stage in unit sanitizer valgrind tools fuzz; do
    line=$(grep "^$stage: [0-9]* passed, 0 failed" "$logs/make-test.log" | tail -1)
    [ -n "$line" ] || die "no count for the $stage stage"
    say "  $line"
done
say "  $(grep -m1 'Debian packages are missing' "$logs/make-test.log" | cut -c1-60)..."
say "  $(grep -m1 '^Need to get' "$logs/make-test.log" || echo 'apt-get reported no download size')"
say "  $(grep -m1 'newly installed' "$logs/make-test.log" || true)"
phase_end

# --- 4. make run in a terminal at 80x24 -------------------------------------
phase_start "make run ARGS='--seed 7' in tmux at 80x24"
"$src/mtls-sim" --seed 7 --no-intro --keys q --screen-dump "$logs/seed7-here.txt" </dev/null >/dev/null 2>&1 ||
    die "this machine's build could not dump the seed-7 screen"
random=$(grep -o '\[wire\] [0-9a-f]*…[0-9a-f]*' "$logs/seed7-here.txt" | head -1)
[ -n "$random" ] || die "no client random on this machine's seed-7 screen"
tm new-session -d -s run -x 80 -y 24 \
    "cd /src/mtls-sim && TERM=screen make run ARGS='--seed 7'; echo \"make run exited with status \$?\"; sleep 600"
screen() { tm capture-pane -p -t run >"$logs/screen.txt" 2>/dev/null || : >"$logs/screen.txt"; }
wait_for() { # wait_for TEXT SECONDS
    i=0
    while [ "$i" -lt $(($2 * 10)) ]; do
        screen
        grep -qF -- "$1" "$logs/screen.txt" && return 0
        sleep 0.1; i=$((i + 1))
    done
    return 1
}
# the interface opens on the introduction; space begins at step 1
wait_for 'Step 1 of 7: ClientHello' 60 || { cat "$logs/screen.txt" >&2; die "the interface did not start"; }
tm send-keys -t run Space
wait_for "$random" 10 || { cat "$logs/screen.txt" >&2; die "space did not leave the introduction for step 1"; }
grep -qF 'seed 7 (demo randomness)' "$logs/screen.txt" || die "the status line lacks the seed"
grep -qF -- "$random" "$logs/screen.txt" ||
    { cat "$logs/screen.txt" >&2; die "the fresh machine's seed-7 client random differs from this machine's ($random)"; }
cp "$logs/screen.txt" "$logs/first-screen.txt"
tm send-keys -t run q
wait_for 'make run exited with status' 20 || { cat "$logs/screen.txt" >&2; die "q did not end the interface"; }
grep -qF 'make run exited with status 0' "$logs/screen.txt" || die "$(grep 'make run exited' "$logs/screen.txt")"
modes=$(tm display-message -p -t run '#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{keypad_flag}')
[ "$modes" = "0 1 0 0" ] ||
    die "the terminal was not restored (alternate screen, cursor, mouse, keypad: $modes; want 0 1 0 0)"
tm kill-server >/dev/null 2>&1 || true
say "  first screen shows step 1 with client random $random, as here; q exits 0; terminal restored"
phase_end

# --- 5. make install and the manual page ------------------------------------
phase_start "make install, man mtls-sim"
in_root sh -c 'cd /src/mtls-sim && make install' >"$logs/install.log" 2>&1 </dev/null ||
    { tail -20 "$logs/install.log" >&2; die "make install failed"; }
in_root sh -c 'cd / && MANWIDTH=80 man -P cat mtls-sim' >"$logs/man.txt" 2>"$logs/man.err" ||
    { cat "$logs/man.err" >&2; die "man mtls-sim failed"; }
grep -q 'INTERFACE KEYS' "$logs/man.txt" || die "man mtls-sim did not show the page"
in_root sh -c 'cd / && mtls-sim --batch --seed 1 >/dev/null' || die "the installed program does not run"
phase_end

say "total: $(( $(date +%s) - t_all )) s"
