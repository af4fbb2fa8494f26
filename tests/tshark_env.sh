# tshark_env.sh — sourced by the checks that drive tshark (check_tshark.sh,
# check_truth.sh). Set NAME (the check's name) and d (its scratch directory)
# first. It defines fail and ok, stops when a tool or the binary is missing,
# and gives tshark an empty profile, so no user's Wireshark settings change
# what it shows.
fail() {
    echo "$NAME: FAIL: $*" >&2
    exit 1
}
ok() { echo "  ok: $*"; }

for tool in tshark openssl python3; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed (make deps installs it)"
done
[ -x ./mtls-sim ] || fail "./mtls-sim is missing: run make first, from the repository root"

mkdir "$d/home"
HOME="$d/home"
XDG_CONFIG_HOME="$d/home/.config"
export HOME XDG_CONFIG_HOME
unset WIRESHARK_CONFIG_DIR 2>/dev/null || true
