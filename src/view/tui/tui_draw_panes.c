/* tui_draw_panes.c — the client and server panes (what each side holds and
 * has checked at this step) and the wire pane (the ladder of messages). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "tls/msg/msg.h"
#include "view/tui/tui_compare.h"
#include "view/tui/tui_text.h"
#include "view/tui/tui_view.h"

/* From this inner width a value fits on one row: label, tag and hex. */
#define SIDE_WIDE 56
#define LABEL_WIDE 28

static int item_rows(const tui_item *it, bool wide)
{
    return it->kind == TUI_ITEM_VALUE && !wide ? 2 : 1;
}

static void map_rows(tui_view *v, int list, const tui_pw *pw, int first, int n, int pos)
{
    /* indexed by the row inside the box, as a click finds it */
    for (int r = first; r < first + n; r++) {
        int inner = pw->y0 - 1 + r - pw->top;
        if (tui_pw_visible(pw, r) && inner < TUI_ROWMAP)
            v->rowitem[list][inner] = pos;
    }
}

/* The bytes (or the reason there are none) of a value as side sees it. */
static void draw_value_bytes(tui_view *v, tui_pw *pw, int x, const trace_value *val, party side,
                             attr_t base)
{
    const tui_theme *th = &v->th;
    if (v->eve && !tui_value_public(val)) {
        const char *h = "hidden from the eavesdropper";
        tui_pw_put(pw, x, tui_st(th, ROLE_HIDDEN, base),
                   pw->width - x >= (int)strlen(h) ? h : "hidden");
        return;
    }
    size_t len;
    const uint8_t *b = tui_side_bytes(val, side, &len);
    if (!b)
        return;
    if (tui_value_private(val))
        x = tui_pw_put(pw, x, tui_st(th, ROLE_PRIVATE, base), "private ");
    int room = pw->width - x;
    if (trace_value_is_text(val)) {
        /* one row: an HTTP message's CR LF as \r\n */
        char text[256];
        text[0] = '"';
        size_t k = trace_text_escape(b, len, text + 1, sizeof text - 2);
        text[k + 1] = '"';
        text[k + 2] = '\0';
        tui_pw_put(pw, x, tui_st(th, ROLE_NORMAL, base), text);
        sodium_memzero(text, sizeof text); /* the application data */
        return;
    }
    char hex[512];
    tui_hex_fit(b, len, room, th->utf8, hex, sizeof hex);
    tui_pw_put(pw, x, tui_st(th, tui_know_role(val->know), base), hex);
    sodium_memzero(hex, sizeof hex); /* it may be a secret */
}

static void draw_value(tui_view *v, tui_pw *pw, const trace_value *val, party side, bool cur,
                       bool selected, bool focused, bool wide)
{
    const tui_theme *th = &v->th;
    attr_t base = cur ? TUI_A_NOW : TUI_A_PAST, sel = selected && focused ? A_REVERSE : 0;
    const char *tag = tui_know_tag(val->know);
    int tag_w = (int)strlen(tag);
    if (sel)
        tui_pw_bar(pw, 0, tui_st(th, ROLE_NORMAL, sel));
    tui_pw_put(pw, 0, tui_st(th, ROLE_FOCUS, sel), selected ? "\u25b8" : " ");
    int label_w = wide ? LABEL_WIDE : pw->width - 2;
    char label[128];
    tui_text_ellipsize(tui_value_label(val), label_w, th->utf8, label, sizeof label);
    tui_pw_put(pw, 2, tui_st(th, ROLE_NORMAL, base | sel | (cur ? A_BOLD : 0)), label);
    if (!wide) {
        /* narrow: the label has the row; the tag starts the bytes' row */
        tui_pw_nl(pw);
        if (sel)
            tui_pw_bar(pw, 0, tui_st(th, ROLE_NORMAL, sel));
    }
    int tag_x = wide ? 2 + label_w + 1 : 2;
    tui_pw_put(pw, tag_x, tui_st(th, tui_know_role(val->know), sel), tag);
    draw_value_bytes(v, pw, tag_x + tag_w + 1, val, side, base | sel);
    tui_pw_nl(pw);
}

static void draw_check(tui_view *v, tui_pw *pw, const trace_check *c, bool cur, bool selected,
                       bool focused, bool wide)
{
    const tui_theme *th = &v->th;
    attr_t base = cur ? TUI_A_NOW : TUI_A_PAST, sel = selected && focused ? A_REVERSE : 0;
    bool ok = c->result == ERR_OK;
    if (sel)
        tui_pw_bar(pw, 0, tui_st(th, ROLE_NORMAL, sel));
    tui_pw_put(pw, 0, tui_st(th, ROLE_FOCUS, sel), selected ? "\u25b8" : " ");
    /* "!" for a check that passed with a warning (a soft-fail accepted) */
    bool warn = ok && c->warning != ERR_OK;
    int x = tui_pw_put(pw, 2, tui_st(th, ok && !warn ? ROLE_OK : ROLE_FAIL, sel),
                       warn ? "!" : ok ? "\u2713" : "\u2717");
    char name[160];
    tui_check_label(c, pw->width - x - 1, th->utf8, name, sizeof name);
    x = tui_pw_put(pw, x + 1, tui_st(th, ok ? ROLE_NORMAL : ROLE_FAIL, base | sel), name);
    if (wide || !ok) {
        /* a failure always shows its reason; a success its detail when there is room */
        char more[400];
        snprintf(more, sizeof more, ": %s", ok ? c->detail : err_str(c->result));
        tui_pw_put(pw, x, tui_st(th, ok ? ROLE_NORMAL : ROLE_FAIL, base | sel), more);
    }
    tui_pw_nl(pw);
}

void tui_draw_side(tui_view *v, int p)
{
    WINDOW *w = v->win[p];
    const trace *t = v->t;
    party side = tui_pane_party(p);
    bool focused = v->focus == p;
    char title[64];
    snprintf(title, sizeof title, "%s: %s", party_name(side),
             v->eve ? "as the eavesdropper sees it" : "what it holds and has checked");
    tui_box(w, &v->th, focused, title);

    tui_pw pw;
    tui_pw_init(&pw, w, &v->th, 0);
    bool wide = pw.width >= SIDE_WIDE;
    size_t n = tui_view_items(v, p);
    int total = 0, sel_row = -1, sel_len = 0, cur_row = -1, cur_len = 0;
    for (size_t i = 0; i < n; i++) {
        int h = item_rows(&v->items[i], wide);
        if ((int)i == v->sel[p]) {
            sel_row = total;
            sel_len = h;
        }
        if (v->items[i].step == v->step) {
            if (cur_row < 0)
                cur_row = total;
            cur_len += h;
        }
        total += h;
    }
    total += v->eve ? 1 : 0;
    if (n == 0)
        total++;
    /* this step's new items first (their start if they do not all fit), then
     * the selection, wherever it is */
    v->top[p] = tui_scroll(v->top[p], total, pw.h, cur_row, cur_len < pw.h ? cur_len : pw.h, true);
    v->top[p] = tui_scroll(v->top[p], total, pw.h, sel_row, sel_len, false);
    /* start on an item's first row rather than in the middle of one */
    for (int i = 0, r = 0; i < (int)n && r < v->top[p]; r += item_rows(&v->items[i++], wide)) {
        int next = r + item_rows(&v->items[i], wide);
        if (v->top[p] > r && v->top[p] < next)
            v->top[p] = next <= sel_row || sel_row < 0 ? next : r;
    }
    pw.top = v->top[p];
    for (int r = 0; r < TUI_ROWMAP; r++)
        v->rowitem[p][r] = -1;

    if (n == 0) {
        tui_pw_put(&pw, 2, tui_st(&v->th, ROLE_DIM, 0), "nothing yet");
        tui_pw_nl(&pw);
    }
    for (size_t i = 0; i < n; i++) {
        const tui_item *it = &v->items[i];
        bool cur = it->step == v->step, selected = (int)i == v->sel[p];
        map_rows(v, p, &pw, pw.row, item_rows(it, wide), (int)i);
        if (it->kind == TUI_ITEM_VALUE)
            draw_value(v, &pw, &t->values[it->index], side, cur, selected, focused, wide);
        else
            draw_check(v, &pw, &t->checks[it->index], cur, selected, focused, wide);
    }
    if (v->eve)
        tui_pw_put(&pw, 2, tui_st(&v->th, ROLE_DIM, 0),
                   "(its checks happen inside it: nothing on the wire shows them)");
}

/* ---- the wire: a ladder diagram ---- */

static tui_style msg_style(const tui_view *v, const trace_msg *m, bool cur, attr_t extra)
{
    tui_role r = m->from == PARTY_CLIENT ? ROLE_CLIENT : ROLE_SERVER;
    if (m->tampered || m->content_type == CT_ALERT)
        r = ROLE_FAIL;
    return tui_st(&v->th, r, (cur ? TUI_A_NOW : TUI_A_PAST) | extra);
}

/* One arrow across the pane: the pane's left border is the client's
 * lifeline, its right border the server's. The label sits on the arrow (one
 * row per message) or on the row above (two rows per message); a selected
 * message has a marker just before its label. */
static void draw_label(tui_view *v, tui_pw *pw, const trace_msg *m, bool cur, bool selected,
                       attr_t sel, int from, int room)
{
    char label[96];
    /* one column for the selection marker */
    tui_msg_label(m, tui_msg_label_form(v->t, room - 1, v->th.utf8), room - 1, v->th.utf8, label,
                  sizeof label);
    /* In TLS 1.3 the eavesdropper cannot name a protected record: its header
     * says application_data whatever it carries, the real type is inside
     * (RFC 8446 §5.2); she sees its size. */
    if (v->eve && v->t->version == TLS_V13 && m->sealed) {
        snprintf(label, sizeof label, room - 1 >= 24 ? "application_data %zu B" : "? %zu B",
                 m->record_len);
        if (tui_text_width(label, (size_t)-1, v->th.utf8) > room - 1)
            snprintf(label, sizeof label, "?");
    }
    int lw = tui_text_width(label, (size_t)-1, v->th.utf8);
    int x = from + (room - lw) / 2;
    if (selected)
        tui_pw_put(pw, x - 1, tui_st(&v->th, ROLE_FOCUS, 0), "\u25b8");
    size_t i = (size_t)(m - v->t->msgs);
    attr_t first = 0;
    /* a mystery keeps where the runs part back until the reveal */
    if (v->clean && tui_msg_differs(&v->clean->tr, v->t, i) &&
        !(v->pr && v->pr->mystery && tui_predict_hides(v))) {
        /* not the clean run's message: marked just after its label (always
         * a line character there, never an arrowhead); where the runs part,
         * reversed */
        first = (int)i + 1 == v->diff.first_seq ? A_REVERSE | A_BOLD : 0;
        tui_pw_put(pw, x + lw, tui_st(&v->th, ROLE_FAIL, first), "\u2260");
    }
    tui_pw_put(pw, x, msg_style(v, m, cur, sel | first), label);
}

static void draw_arrow(tui_view *v, tui_pw *pw, const trace_msg *m, bool cur, bool with_label,
                       bool selected, attr_t sel)
{
    int width = pw->width;
    const char *line = m->sealed ? "\u2550" : "\u2500"; /* encrypted records: a double line */
    bool right = m->from == PARTY_CLIENT;
    tui_style st = msg_style(v, m, cur, 0);
    for (int i = 0; i < width; i++)
        tui_pw_put(pw, i, st, line);
    tui_pw_put(pw, right ? width - 1 : 0, st, right ? "\u25b6" : "\u25c0");
    if (with_label)
        /* keep one line character on each side of the label, off the head */
        draw_label(v, pw, m, cur, selected, sel, right ? 1 : 2, width - 3);
}

/* A row that says steps first..last send nothing (the step table's quiet
 * steps), placed before wire item pos. */
typedef struct quiet_row {
    size_t pos;
    int first, last;
} quiet_row;

/* One row per run of quiet steps the view has reached, after the messages
 * of the steps before the run; returns how many (at most cap). */
static size_t quiet_rows(const tui_view *v, size_t n, quiet_row *q, size_t cap)
{
    const trace *t = v->t;
    const steps_table *s = trace_steps(t);
    size_t k = 0;
    int first, last;
    for (int from = STEP_CLIENT_HELLO; k < cap && steps_quiet_run(s, from, &first, &last);
         from = last + 1) {
        if (first > v->step)
            break; /* not reached yet */
        size_t pos = 0;
        while (pos < n && t->msgs[pos].step < first)
            pos++;
        q[k++] = (quiet_row){ pos, first, last };
    }
    return k;
}

/* The quiet rows drawn before wire item i. */
static int quiet_before(const quiet_row *q, size_t nq, size_t i)
{
    int r = 0;
    for (size_t j = 0; j < nq; j++)
        r += q[j].pos <= i;
    return r;
}

void tui_draw_wire(tui_view *v)
{
    WINDOW *w = v->win[TUI_WIRE];
    const trace *t = v->t;
    bool focused = v->focus == TUI_WIRE;
    tui_box(w, &v->th, focused, v->eve ? "wire: all of it is public" : "wire");
    tui_pw pw;
    tui_pw_init(&pw, w, &v->th, 0);
    if (pw.h < 2 || pw.width < 8)
        return;

    /* fixed first row: who stands where */
    tui_put(w, &v->th, 1, 1, pw.width, tui_st(&v->th, ROLE_CLIENT, A_BOLD), "\u2190 client");
    const char *srv = "server \u2192";
    int sw = tui_text_width(srv, (size_t)-1, v->th.utf8);
    tui_put(w, &v->th, 1, 1 + pw.width - sw, sw, tui_st(&v->th, ROLE_SERVER, A_BOLD), srv);
    tui_pw_reserve(&pw, 1);

    size_t n = tui_view_items(v, TUI_WIRE);
    quiet_row q[STEP_COUNT];
    size_t nq = quiet_rows(v, n, q, STEP_COUNT);
    /* two rows per message (label over arrow) when the whole run fits that way */
    int per = pw.h >= 2 * (int)t->n_msgs + 1 ? 2 : 1;
    int total = per * (int)n + (int)nq;
    int sel_row = v->sel[TUI_WIRE] >= 0 ? per * v->sel[TUI_WIRE] : -1;
    if (sel_row >= 0)
        sel_row += quiet_before(q, nq, (size_t)v->sel[TUI_WIRE]);
    /* this step's messages (or the latest "nothing sent" row) first, then the selection */
    int cur_row = -1, cur_len = 0;
    for (size_t i = 0; i < n; i++) {
        if (v->items[i].step != v->step)
            continue;
        if (cur_row < 0)
            cur_row = per * (int)i + quiet_before(q, nq, i);
        cur_len += per;
    }
    if (cur_row < 0 && nq > 0) {
        cur_row = per * (int)q[nq - 1].pos + (int)nq - 1;
        cur_len = 1;
    }
    v->top[TUI_WIRE] = tui_scroll(v->top[TUI_WIRE], total, pw.h, cur_row,
                                  cur_len < pw.h ? cur_len : pw.h, true);
    v->top[TUI_WIRE] = tui_scroll(v->top[TUI_WIRE], total, pw.h, sel_row, per, false);
    pw.top = v->top[TUI_WIRE];
    for (int r = 0; r < TUI_ROWMAP; r++)
        v->rowitem[TUI_WIRE][r] = -1;

    for (size_t i = 0; i <= n; i++) {
        for (size_t j = 0; j < nq; j++) {
            if (q[j].pos != i)
                continue;
            /* the quiet steps reached so far; bold while the view is in them */
            char words[48];
            int upto = v->step < q[j].last ? v->step : q[j].last;
            steps_quiet_phrase(q[j].first, upto, words, sizeof words);
            int qw = (int)strlen(words);
            tui_pw_put(&pw, (pw.width - qw) / 2,
                       tui_st(&v->th, ROLE_NORMAL, v->step <= q[j].last ? TUI_A_NOW : TUI_A_PAST),
                       words);
            tui_pw_nl(&pw);
        }
        if (i == n)
            break;
        const tui_item *it = &v->items[i];
        const trace_msg *m = &t->msgs[it->index];
        bool cur = it->step == v->step, selected = (int)i == v->sel[TUI_WIRE];
        attr_t sel = selected && focused ? A_REVERSE : 0;
        map_rows(v, TUI_WIRE, &pw, pw.row, per, (int)i);
        if (per == 2) {
            draw_label(v, &pw, m, cur, selected, sel, 1, pw.width - 2);
            tui_pw_nl(&pw);
        }
        draw_arrow(v, &pw, m, cur, per == 1, selected, sel);
        tui_pw_nl(&pw);
    }
}
