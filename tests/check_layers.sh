#!/bin/sh
# check_layers.sh — includes go only down the layers of src/: a file may
# include a header of its own layer or of one below it, never above, so the
# tree has no cycle. The layers, lowest first:
#   base  crypto  pki  tls  model  run  teach  options.h  view  main.c
# (tls holds record, the message layer, the endpoint, msg/, kx/ and one
# folder per protocol version; view holds batch/ and tui/). A file in a
# folder the list does not know fails too, so a new folder gets a place.
# The check first proves it can fail, on a scratch tree with one include
# that goes up. Run from the repository root.
set -eu
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
fail() { echo "check_layers: FAIL: $*" >&2; exit 1; }
command -v python3 >/dev/null 2>&1 || fail "python3 is not installed (make deps)"

# layers ROOT: print "file -> header (why)" for every include that goes up
layers() {
    python3 - "$1" <<'EOF'
import os, re, sys
root = sys.argv[1]
order = ['base', 'crypto', 'pki', 'tls', 'model', 'run', 'teach', 'options', 'view', 'main']
def rank(rel):
    top = rel.split('/')[0]
    if top in ('options.h', 'options.c'):
        top = 'options'
    elif top == 'main.c':
        top = 'main'
    if top not in order:
        return None
    return order.index(top)
bad = 0
for dirpath, _, names in os.walk(root):
    for n in sorted(names):
        if not n.endswith(('.c', '.h')):
            continue
        path = os.path.join(dirpath, n)
        rel = os.path.relpath(path, root)
        me = rank(rel)
        if me is None:
            print('%s: in no layer (add its folder to check_layers.sh)' % rel)
            bad += 1
            continue
        for m in re.finditer(r'^#include "([^"]+)"', open(path).read(), re.M):
            inc = m.group(1)
            them = rank(inc)
            if them is None or not os.path.exists(os.path.join(root, inc)):
                print('%s -> %s (not a header under src/ by its path)' % (rel, inc))
                bad += 1
            elif them > me:
                print('%s -> %s (goes up: %s is above %s)' % (rel, inc, order[them], order[me]))
                bad += 1
sys.exit(1 if bad else 0)
EOF
}

# it can fail: a model header that includes a view header
mkdir -p "$d/src/model" "$d/src/view/batch"
echo '#include "view/batch/render.h"' >"$d/src/model/trace.h"
: >"$d/src/view/batch/render.h"
if layers "$d/src" >"$d/out" 2>&1; then fail "a model header including a view header was not caught"; fi
grep -q 'model/trace.h -> view/batch/render.h (goes up' "$d/out" || fail "wrong report: $(cat "$d/out")"

layers src || fail "includes that go up the layers (above)"
echo "check_layers: ok: every include in src/ goes down the layers ($(find src -name '*.[ch]' | wc -l) files)"
