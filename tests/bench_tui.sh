#!/bin/sh
# bench_tui.sh — how fast the interface draws and how much memory it needs.
# A benchmark, not part of make test. Run from the repository root:
#     sh tests/bench_tui.sh
#
# With MTLS_TUI_BENCH=1 the interface prints to stderr, when it ends:
#   tui_first_frame_ms   from process start (taken before main) to the end
#                        of the first doupdate(), handshake included
#   tui_key_redraw_ms    the slowest key press: from the key to the end of
#                        the doupdate() that shows its effect
#   tui_resize_redraw_ms the slowest resize (a whole new layout), apart
# It runs here on a real terminal (a tmux pane, so every frame is really
# written to a pty) with scripted keys; peak RSS comes from /usr/bin/time -v.
#
# Budgets: first frame 50 ms, a key 10 ms, peak RSS 16 MB (16384 kB).
# Prints tui_first_frame_ms, tui_key_redraw_ms, tui_peak_rss_kb; exits 1 if
# any is over its budget.
set -eu

bin=./mtls-sim
runs=${RUNS:-7}
export TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8
[ -x "$bin" ] || { echo "bench_tui: build ./mtls-sim first" >&2; exit 1; }
command -v tmux >/dev/null 2>&1 || { echo "bench_tui: needs tmux" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench_tui: needs /usr/bin/time (package time)" >&2; exit 1; }

d=$(mktemp -d)
sock=mtls-bench-$$
tm() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server >/dev/null 2>&1 || true; rm -rf "$d"' EXIT

# A walk through everything that redraws: steps both ways, selection, the
# hex cursor, panes, zoom, help, the eavesdropper view, resizes, lessons,
# the monitor, the scenario menu and the comparison.
walk='nnnnnnnppppppp'
walk="$walk"'G<down><down><enter>jjjjjjjjjjjjjjjjjjkkkk<tab><tab>jjjjjjjjjj<tab>jjjjjjjjjj'
walk="$walk"'zz?<esc>eeee<tab>z<pgdn><pgup>zgnnnnnn<resize:200x60>pppnnn<resize:80x24>'
walk="$walk"'<home><end><left><right><up><down>'
# the lesson pane (answers, other lessons, scrolling), the monitor, and a
# scenario chosen from the menu (a whole handshake run again), compared
walk="$walk"'ma<tab><tab><tab>jjjj<pgdn>iiiiiaam<pgup>m'
walk="$walk"'s<down><down><enter>c<tab>jjjcGmms<up><up><enter>'
keys="$walk$walk$walk"

tm new-session -d -s keeper cat \; set-option -g remain-on-exit on
run() { # run N: one scripted run in a fresh 80x24 pane
    tm kill-session -t bench >/dev/null 2>&1 || true
    tm new-session -d -s bench -x 80 -y 24 \
        "MTLS_TUI_BENCH=1 /usr/bin/time -v -o $d/time.$1 $bin --seed 1 --keys '$keys' 2>$d/err.$1"
    i=0
    while [ ! -s "$d/time.$1" ] && [ $i -lt 200 ]; do
        sleep 0.05
        i=$((i + 1))
    done
    grep -q 'tui_first_frame_ms' "$d/err.$1" || { echo "bench_tui: run $1 failed" >&2; cat "$d/err.$1" >&2; exit 1; }
}
n=1
while [ $n -le "$runs" ]; do
    run $n
    n=$((n + 1))
done

# Medians over the runs (of the first frame, and of each run's slowest key)
# so that one scheduler hiccup on a busy machine does not decide; the single
# worst key of all runs is shown too.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
first=$(cat "$d"/err.* | sed -n 's/^tui_first_frame_ms: //p' | median)
key=$(cat "$d"/err.* | sed -n 's/^tui_key_redraw_ms: //p' | median)
worst=$(cat "$d"/err.* | sed -n 's/^tui_key_redraw_ms: //p' | sort -n | tail -1)
resize=$(cat "$d"/err.* | sed -n 's/^tui_resize_redraw_ms: //p' | median)
nkeys=$(sed -n 's/^tui_keys: //p' "$d/err.1")
rss=$(cat "$d"/time.* | sed -n 's/.*Maximum resident set size (kbytes): //p' | sort -n | tail -1)

echo "tui_first_frame_ms: $first"
echo "tui_key_redraw_ms: $key"
echo "tui_peak_rss_kb: $rss"
echo "tui_key_redraw_worst_ms: $worst"
echo "tui_resize_redraw_ms: $resize"
echo "($runs runs at 80x24 in tmux, $nkeys keys each; medians over the runs; RSS: largest)"

over=$(awk -v f="$first" -v k="$key" -v r="$rss" 'BEGIN {
    o = ""
    if (f > 50) o = o " first frame over 50 ms;"
    if (k > 10) o = o " key redraw over 10 ms;"
    if (r > 16384) o = o " peak RSS over 16 MB;"
    print o }')
if [ -n "$over" ]; then
    echo "bench_tui: OVER BUDGET:$over"
    exit 1
fi
echo "bench_tui: within budget (50 ms, 10 ms, 16 MB)"
