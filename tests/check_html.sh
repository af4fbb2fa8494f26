#!/bin/sh
# check_html.sh — the web page and the diagrams (--format html, svg,
# mermaid) from outside, in a real browser (Debian's chromium, headless):
#
#   1. a strict HTML5 check of the page of every run the program can make
#      (every scenario in both versions where it runs, --kx transport, each
#      --framing, a real peer's run over TCP): every element closed in order,
#      no unknown or stray closing tag, ids unique, every #link has a target,
#      headings never skip a level going down, every <details> starts with a
#      <summary>, every input has a label, no network (no src=, no external
#      href, no url() or @import), no raw control byte; and tidy finds no
#      error;
#   2. chromium loads the seeded page: the DOM after load holds every message
#      (msg-N) and every value id (v-ID) of the same run's JSON, the script
#      ran (data-ready), the console has no error (a page with a deliberate
#      error proves the console check sees one); screenshots at desktop
#      (1280 wide) and phone (390 wide) widths, with and without the script;
#   3. the SVG is well-formed XML, names every message, and chromium renders
#      it; the Mermaid text has every message and balanced rect/end blocks;
#   4. text from a real peer is escaped: a --message with markup and control
#      bytes never reaches the page raw.
#
# Screenshots go to $HTML_SHOTS (default: a temporary directory, removed);
# the README's picture is made with
#   HTML_DOC_SHOT=docs/handshake-page.png sh tests/check_html.sh
# which copies the desktop screenshot there.
# A missing chromium, python3 or tidy is a failure, never a skip.
set -eu

B=./mtls-sim
d=$(mktemp -d "${TMPDIR:-/tmp}/mtls-html.XXXXXX")
pids=
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    rm -rf "$d"
}
trap cleanup EXIT INT TERM
fail() {
    echo "check_html: FAIL: $*" >&2
    exit 1
}
ok() { echo "ok: $*"; }

[ -x "$B" ] || fail "$B is not built (make mtls-sim)"
for tool in chromium python3 tidy; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed ('make deps' installs it)"
done
shots=${HTML_SHOTS:-$d/shots}
mkdir -p "$shots"

# chromium, headless, offline, a fresh profile each time
chrome() {
    prof=$(mktemp -d "$d/profile.XXXXXX")
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$prof" "$@"
}

# ---- 1. strict HTML5 -------------------------------------------------------
cat >"$d/strict.py" <<'PY'
import re, sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
KNOWN = VOID | {"html", "head", "body", "title", "style", "script", "header", "main", "footer",
                "nav", "section", "article", "aside", "div", "span", "p", "ul", "ol", "li",
                "h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "kbd", "table", "tbody",
                "tr", "th", "td", "details", "summary", "label", "button", "strong", "em"}
SVG = {"svg", "g", "line", "polygon", "rect", "text", "title", "desc", "style", "a"}

class Strict(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.ids, self.links = [], [], {}, []
        self.heads, self.labels, self.inputs = [], set(), []
        self.last_start = None
        self.doctype = False
    def err(self, msg):
        self.errors.append("line %d: %s" % (self.getpos()[0], msg))
    def handle_decl(self, decl):
        self.doctype = decl.lower() == "doctype html"
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        in_svg = "svg" in self.stack
        if tag not in KNOWN and not (in_svg and tag in SVG) and tag != "svg":
            self.err("unknown element <%s>" % tag)
        if self.last_start == "details" and tag != "summary":
            self.err("<details> does not start with <summary> (got <%s>)" % tag)
        self.last_start = tag
        for k, v in attrs:
            if k == "id":
                if v in self.ids:
                    self.err("duplicate id %r" % v)
                self.ids[v] = True
            if k == "src":
                self.err("src= loads from outside: %r" % v)
            if k == "href" and not v.startswith("#"):
                self.err("href leaves the page: %r" % v)
            if k == "href":
                self.links.append(v[1:])
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heads.append(int(tag[1]))
        if tag == "label" and "for" in a:
            self.labels.add(a["for"])
        if tag == "input":
            self.inputs.append(a.get("id"))
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        if "svg" not in self.stack and tag not in VOID:
            self.err("self-closing <%s/> outside SVG" % tag)
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()
    def handle_endtag(self, tag):
        self.last_start = None
        if tag in VOID:
            self.err("end tag for void element </%s>" % tag)
            return
        if not self.stack or self.stack[-1] != tag:
            self.err("</%s> closes <%s>" % (tag, self.stack[-1] if self.stack else "nothing"))
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
    def handle_data(self, data):
        if self.last_start == "details" and data.strip():
            self.err("<details> does not start with <summary> (text)")
        if data.strip():
            self.last_start = None

raw = open(sys.argv[1], "rb").read()
try:
    text = raw.decode("utf-8")
except UnicodeDecodeError as e:
    print("not UTF-8: %s" % e); sys.exit(1)
p = Strict()
bad = [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7f <= ord(c) <= 0x9f
       or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069]
if bad:
    p.errors.append("raw control characters: %r" % bad[:5])
if re.search(r"url\(|@import", text):
    p.errors.append("the stylesheet loads from outside (url( or @import)")
p.feed(text)
p.close()
if not p.doctype:
    p.errors.append("no <!DOCTYPE html>")
if p.stack:
    p.errors.append("unclosed at the end: %s" % p.stack)
for l in p.links:
    if l not in p.ids:
        p.errors.append("link to #%s has no target" % l)
prev = 0
for h in p.heads:
    if h > prev + 1:
        p.errors.append("heading h%d after h%d skips a level" % (h, prev))
    prev = h
if not p.heads or p.heads[0] != 1:
    p.errors.append("the first heading is not h1")
for i in p.inputs:
    if i not in p.labels:
        p.errors.append("input %r has no label" % i)
if p.errors:
    print("\n".join(p.errors[:20])); sys.exit(1)
print("%d ids, %d links, %d headings" % (len(p.ids), len(p.links), len(p.heads)))
PY

# strict FILE WHAT: the strict parse and tidy's error check
strict() {
    python3 "$d/strict.py" "$1" >"$d/strict.out" 2>&1 || { cat "$d/strict.out" >&2; fail "$2: not strict HTML5"; }
    set +e; tidy -e -q "$1" >"$d/tidy.out" 2>&1; rc=$?; set -e
    # 1: warnings (tidy 5.6 does not know inline SVG's attributes); 2: errors
    [ "$rc" -le 1 ] || { cat "$d/tidy.out" >&2; fail "$2: tidy found errors"; }
    ! grep -q " - Error:" "$d/tidy.out" || { cat "$d/tidy.out" >&2; fail "$2: tidy found errors"; }
}

# page ARGS...: the page of a run; exit 0 or 1 (a failed handshake) only
page() {
    set +e; "$B" --seed 7 --format html "$@" >"$d/p.html" 2>"$d/p.err"; rc=$?; set -e
    [ "$rc" -le 1 ] || { cat "$d/p.err" >&2; fail "--format html $*: exit $rc"; }
    [ ! -s "$d/p.err" ] || { cat "$d/p.err" >&2; fail "--format html $*: said something on stderr"; }
    strict "$d/p.html" "--format html $*"
}

n=0
page; n=$((n + 1))
page --tls 1.3; n=$((n + 1))
page --kx transport; n=$((n + 1))
page --no-ems; n=$((n + 1))
for fr in flight 100 1; do
    page --framing "$fr"; n=$((n + 1))
    page --framing "$fr" --tls 1.3; n=$((n + 1))
done
scen=0
"$B" --list-scenarios >"$d/scenarios"
while read -r name rest; do
    case $rest in
    *"[TLS 1.2, 1.3]"*) vs="1.2 1.3" ;;
    *"[TLS 1.3 only]"*) vs="1.3" ;;
    *"[TLS 1.2 only]"*) vs="1.2" ;;
    *) fail "--list-scenarios: no version for $name" ;;
    esac
    for v in $vs; do
        page --tls "$v" --scenario "$name"
        grep -q "id=\"outcome\"" "$d/p.html" || fail "$name: no outcome section"
        scen=$((scen + 1))
    done
    # key transport is TLS 1.2's alone (and not for a scenario that needs ECDHE)
    case $rest in *"(--kx ecdhe only)"* | *"[TLS 1.3 only]"*) ;; *) page --kx transport --scenario "$name"; scen=$((scen + 1)) ;; esac
done <"$d/scenarios"
[ "$scen" -ge 30 ] || fail "only $scen scenario pages were checked"
# a failing run says so in text, and links its alert
page --scenario expired-client-cert
grep -q '<span class="flag">ALERT</span>' "$d/p.html" || fail "a failing run's alert is not marked ALERT"
grep -q 'Compared with the same handshake without the fault' "$d/p.html" || fail "no comparison with the clean run"
grep -q 'certificate_expired' "$d/p.html" || fail "the alert's name is not on the page"
grep -q 'Both sides of the failure' "$d/p.html" || fail "a failing run's page does not show both sides"
grep -q 'An OpenSSL-based server would log X509_V_ERR_CERT_HAS_EXPIRED (10)' "$d/p.html" ||
    fail "the page does not say what an OpenSSL server would log"
ok "strict HTML5 and tidy: $n runs and $scen scenario runs"

# a real peer's run: this program against a copy of itself over TCP
"$B" --listen 0 --seed 7 --batch >"$d/l.out" 2>"$d/l.err" &
lpid=$!
pids="$pids $lpid"
i=0 port=
while [ -z "$port" ]; do
    port=$(sed -n 's/^mtls-sim: listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$d/l.err")
    [ -n "$port" ] && break
    kill -0 "$lpid" 2>/dev/null || { cat "$d/l.err" >&2; fail "--listen exited before it listened"; }
    i=$((i + 1)); [ "$i" -lt 100 ] || fail "--listen printed no port within 10 s"
    sleep 0.1
done
"$B" --seed 7 --connect "127.0.0.1:$port" --format html >"$d/peer.html" 2>"$d/peer.err" ||
    { cat "$d/peer.err" >&2; fail "--connect --format html: exit $?"; }
wait "$lpid" || fail "the listening copy failed"
strict "$d/peer.html" "a real peer's page"
grep -q 'held by the peer, not visible here' "$d/peer.html" || fail "the peer's page does not say what the peer holds"
ok "a real peer's page (--connect to a copy over TCP): strict HTML5"

# ---- 4. escaping ----------------------------------------------------------
"$B" --seed 7 --format html --message '<script>alert(1)</script> & "q"' >"$d/evil.html"
strict "$d/evil.html" "a page with markup in --message"
! grep -q '<script>alert' "$d/evil.html" || fail "markup from --message reached the page raw"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;' "$d/evil.html" ||
    fail "the message is not shown as escaped text"
# control bytes and a bidi override: not text, so hex only, and never raw
"$B" --seed 7 --format html --message "$(printf 'a\033[2J\342\200\256b')" >"$d/ctl.html"
strict "$d/ctl.html" "a page with control bytes in --message"
grep -q '61 1b 5b 32 4a e2 80 ae 62' "$d/ctl.html" || fail "the control bytes are not shown as hex"
ok "text from input is escaped (markup, ESC, bidi override)"

# ---- 2. the browser -------------------------------------------------------
"$B" --seed 7 --format html >"$d/page.html"
"$B" --seed 7 --format json >"$d/page.json"
chrome --enable-logging=stderr --v=0 --virtual-time-budget=5000 --dump-dom "file://$d/page.html" \
    >"$d/dom.html" 2>"$d/console.log" || fail "chromium could not load the page"
python3 - "$d/page.json" "$d/dom.html" <<'PY' || fail "the DOM after load is missing something"
import json, sys, re
run = json.load(open(sys.argv[1]))
dom = open(sys.argv[2], encoding="utf-8").read()
missing = []
for m in run["messages"]:
    if 'id="msg-%d"' % m["seq"] not in dom:
        missing.append("msg-%d" % m["seq"])
for vid in run["values"]:
    if 'id="v-%s"' % vid not in dom:
        missing.append("v-" + vid)
if 'data-ready="1"' not in dom:
    missing.append("the script did not run to its end (data-ready)")
# the script folded the page: no message is open after load
if re.search(r'<article class="msg[^"]*" id="msg-\d+">\s*<details open', dom):
    missing.append("a message is still unfolded after load")
if missing:
    print("missing:", missing); sys.exit(1)
print("%d messages and %d values in the DOM" % (len(run["messages"]), len(run["values"])))
PY
# console errors: chromium logs the page's console as CONSOLE lines
if grep -E 'CONSOLE|Uncaught' "$d/console.log" >/dev/null; then
    grep -E 'CONSOLE|Uncaught' "$d/console.log" >&2
    fail "the page wrote to the console or threw"
fi
# the console check can fail: a page with a deliberate error is caught
printf '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><script>nosuch();</script></body></html>\n' >"$d/bad.html"
chrome --enable-logging=stderr --v=0 --virtual-time-budget=2000 --dump-dom "file://$d/bad.html" \
    >/dev/null 2>"$d/bad.log" || true
grep -q 'Uncaught' "$d/bad.log" || fail "the console check does not see a deliberate error (chromium's log changed?)"
ok "chromium: DOM after load holds every message and value; no console error"

# screenshots: desktop and phone, with the script and without it
sed '/^<script>$/,/^<\/script>$/d' "$d/page.html" >"$d/nojs.html"
! grep -q '<script' "$d/nojs.html" || fail "could not strip the script"
grep -q '<details open' "$d/nojs.html" || fail "without the script the page is not unfolded"
shot() { # FILE PNG WIDTH HEIGHT
    rm -f "$2"
    chrome --hide-scrollbars --window-size="$3,$4" --screenshot="$2" "file://$1" >/dev/null 2>&1 ||
        fail "chromium could not screenshot $1"
    [ -s "$2" ] || fail "no screenshot $2"
    python3 - "$2" "$3" "$4" <<'PY' || fail "screenshot $2 is not a $3x$4 PNG"
import struct, sys
b = open(sys.argv[1], "rb").read()
assert b[:8] == b"\x89PNG\r\n\x1a\n"
w, h = struct.unpack(">II", b[16:24])
assert (w, h) == (int(sys.argv[2]), int(sys.argv[3])), (w, h)
assert len(b) > 20000, "almost empty: %d bytes" % len(b)
PY
}
shot "$d/page.html" "$shots/page-desktop.png" 1280 1600
shot "$d/page.html" "$shots/page-phone.png" 390 1600
shot "$d/nojs.html" "$shots/page-nojs.png" 1280 1600
if [ -n "${HTML_DOC_SHOT:-}" ]; then
    cp "$shots/page-desktop.png" "$HTML_DOC_SHOT" || fail "cannot write $HTML_DOC_SHOT"
fi
ok "screenshots at 1280 and 390 wide, with and without the script ($shots)"

# printing opens every fold: the printed page (script and all) has as many
# pages as the page without its script, which is unfolded; a copy whose
# print handling is taken out prints fewer, so the comparison can fail
pdf_pages() { # HTML PDF: prints the number of pages
    chrome --no-pdf-header-footer --print-to-pdf="$2" "file://$1" >/dev/null 2>&1 ||
        fail "chromium could not print $1"
    python3 -c 'import re,sys; print(len(re.findall(rb"/Type\s*/Page[^s]", open(sys.argv[1],"rb").read())))' "$2"
}
sed -e "s/window.addEventListener('beforeprint'/void('no print handler'/" \
    -e 's/details::details-content/details::no-such-part/' "$d/page.html" >"$d/noprint.html"
p_page=$(pdf_pages "$d/page.html" "$d/page.pdf")
p_nojs=$(pdf_pages "$d/nojs.html" "$d/nojs.pdf")
p_fold=$(pdf_pages "$d/noprint.html" "$d/noprint.pdf")
[ "$p_page" -ge 10 ] || fail "the printed page has only $p_page pages"
[ "$p_page" -eq "$p_nojs" ] || fail "printed: $p_page pages, unfolded without the script: $p_nojs (a fold stayed closed?)"
[ "$p_fold" -lt "$p_page" ] || fail "the print check cannot tell folded from unfolded ($p_fold vs $p_page pages)"
ok "printing unfolds everything: $p_page pages, as many as the unfolded page ($p_fold when folds stay closed)"

# text contrast: every colour pair of the stylesheet at least 4.5:1 (WCAG AA)
python3 - "$d/page.html" <<'PY' || fail "a colour pair is below 4.5:1"
import re, sys
css = open(sys.argv[1], encoding="utf-8").read().split("<style>")[1].split("</style>")[0]
var = dict(re.findall(r"--([a-z-]+):(#[0-9a-f]{6})", css))
def lum(h):
    c = [int(h[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
def ratio(a, b):
    la, lb = sorted((lum(a), lum(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
pairs = [("fg", "bg"), ("muted", "bg"), ("muted", "band"), ("fg", "band"), ("fail", "bg"),
         ("ok", "bg"), ("fail", "fail-bg"), ("fg", "fail-bg")]
pairs += [(k, k + "-bg") for k in ("client", "server", "both", "public")]
low = []
for a, b in pairs:
    r = ratio(var[a], var[b])
    if r < 4.5:
        low.append("%s on %s: %.2f" % (a, b, r))
link = re.search(r"a\{color:(#[0-9a-f]{6})", css).group(1)
if ratio(link, var["bg"]) < 4.5:
    low.append("links: %.2f" % ratio(link, var["bg"]))
if low:
    print(low); sys.exit(1)
print("%d colour pairs, the lowest %.2f:1" % (len(pairs) + 1, min(ratio(var[a], var[b]) for a, b in pairs)))
PY
ok "text contrast"

# the page and the diagrams draw one run: refused with the tour and the comparison
for fmt in html svg mermaid; do
    set +e; "$B" --format "$fmt" --scenario all >/dev/null 2>"$d/err"; rc=$?; set -e
    [ "$rc" -eq 2 ] && grep -q -- "--format $fmt draws one run" "$d/err" || fail "--format $fmt --scenario all: exit $rc"
    set +e; "$B" --format "$fmt" --compare-versions >/dev/null 2>"$d/err"; rc=$?; set -e
    [ "$rc" -eq 2 ] && grep -q -- "--compare-versions" "$d/err" || fail "--format $fmt --compare-versions: exit $rc"
done
set +e; "$B" --format htm >/dev/null 2>"$d/err"; rc=$?; set -e
[ "$rc" -eq 2 ] && grep -q "use text, json, markdown, html, svg or mermaid" "$d/err" || fail "--format htm: exit $rc"
ok "--format html|svg|mermaid refused with --scenario all and --compare-versions (exit 2)"

# ---- 3. the diagrams ------------------------------------------------------
"$B" --seed 7 --format svg --scenario expired-client-cert >"$d/ladder.svg" || [ $? -eq 1 ] || fail "--format svg: exit"
python3 - "$d/ladder.svg" "$d/page.json" <<'PY' || fail "the SVG is not well-formed or misses a message"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
ns = "{http://www.w3.org/2000/svg}"
assert root.tag == ns + "svg", root.tag
texts = ["".join(t.itertext()) for t in root.iter(ns + "text")]
alert = [t for t in texts if t.startswith("12. ALERT: ")]
assert alert, "no ALERT marker on message 12"
assert any(t.startswith("ALERT - FAILED at step 3") for t in texts), "no outcome marker"
for i in range(1, 12):
    assert any(t.startswith("%d. " % i) for t in texts), "message %d missing" % i
PY
shot "$d/ladder.svg" "$shots/ladder.png" 800 760
"$B" --seed 7 --format mermaid --tls 1.3 --scenario tampered-finished >"$d/ladder.mmd" || [ $? -eq 1 ] || fail "--format mermaid: exit"
head -1 "$d/ladder.mmd" | grep -qx 'sequenceDiagram' || fail "the Mermaid text does not start with sequenceDiagram"
[ "$(grep -c '^    rect ' "$d/ladder.mmd")" -eq "$(grep -c '^    end$' "$d/ladder.mmd")" ] || fail "rect and end do not balance"
[ "$(grep -cE '^    [CS]-{1,2}(>>|x)[CS]: [0-9]+\. ' "$d/ladder.mmd")" -eq 14 ] || fail "the Mermaid ladder does not have the 14 messages"
grep -q 'ALERT: Alert bad_record_mac' "$d/ladder.mmd" || fail "the Mermaid ladder does not mark the alert"
! grep -E '^    [CS]-.*:.*[;#<>]' "$d/ladder.mmd" | grep -v '#[0-9]*;' >/dev/null || fail "unescaped ; # < > in a Mermaid message"
ok "the SVG parses as XML, marks the alert, renders in chromium; the Mermaid ladder has every message"
echo "check_html: all passed"
