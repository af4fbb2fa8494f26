/* tui_draw_detail.c — the detail pane: a message as an annotated hex dump, a
 * value's derivation, a check's reason, or the step's copies side by side;
 * instead, on key c, the comparison with the clean run
 * (tui_draw_scenario.c), and in the eavesdropper view of a key-leak run
 * Eve's attempt (tui_draw_eve.c). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/hex.h"
#include "run/eve.h"
#include "tls/msg/msg.h"
#include "view/tui/tui_hexdump.h"
#include "view/tui/tui_text.h"
#include "view/tui/tui_view.h"
#include "pki/x509.h"

static const char hidden[] = "hidden from the eavesdropper";

/* ---- a message: header lines, then its sections as hex ---- */

/* What the detail pane shows, one kind at a time; detail_kinds (at the
 * end) gives each its title and its drawing. */
typedef enum {
    DETAIL_COMPARE, /* key c: the comparison with the clean run */
    DETAIL_EVE,     /* the eavesdropper's attempt with the stolen key */
    DETAIL_STEP,    /* nothing selected: the step's values, both copies */
    DETAIL_MSG,     /* the selected message */
    DETAIL_VALUE,   /* the selected value */
    DETAIL_CHECK,   /* the selected check */
    DETAIL_SIDES,   /* nothing selected at the step that failed: both sides' view */
} detail_kind;

/* The kind on screen now, and the selection it shows (when it has one). */
static detail_kind detail_choose(tui_view *v, tui_item *it)
{
    const trace *t = v->t;
    bool has = tui_view_selected(v, v->subject, it);
    if (v->detail_shows == TUI_DETAIL_COMPARE)
        return DETAIL_COMPARE;
    if (!has) {
        /* Eve's attempt is the last step's story when the wire has nothing selected */
        bool eve = v->eve && t->eve && t->eve->attempted && v->step == v->max_step;
        /* ... and a failure's, both sides of it, at the step that failed */
        bool failed = !v->eve && !t->outcome.ok && t->outcome.alert >= 0 &&
                      v->step == t->outcome.step;
        return eve ? DETAIL_EVE : failed ? DETAIL_SIDES : DETAIL_STEP;
    }
    switch (it->kind) {
    case TUI_ITEM_MSG: return DETAIL_MSG;
    case TUI_ITEM_VALUE: return DETAIL_VALUE;
    case TUI_ITEM_CHECK: break;
    }
    return DETAIL_CHECK;
}

size_t tui_detail_fields(tui_view *v)
{
    tui_item it;
    if (detail_choose(v, &it) != DETAIL_MSG)
        return 0;
    tui_dump_section sec[TUI_DUMP_SECTIONS];
    size_t ns = tui_msg_sections(&v->t->msgs[it.index], v->eve, sec);
    return tui_dump_spans(sec, ns);
}

/* 2: under the cursor, 1: in the cursor's parent field, 0: elsewhere. */
static int byte_class(const span *cur, const span *parent, size_t at)
{
    if (at >= cur->off && at < (size_t)cur->off + cur->len)
        return 2;
    if (parent && at >= parent->off && at < (size_t)parent->off + parent->len)
        return 1;
    return 0;
}

static void hex_rows(tui_view *v, tui_pw *pw, const tui_dump_section *sec, int per,
                     const span *cur, const span *parent)
{
    const tui_theme *th = &v->th;
    tui_style hl = tui_st(th, tui_know_role(sec->know), A_REVERSE | A_BOLD);
    tui_style under = tui_st(th, ROLE_NORMAL, A_UNDERLINE);
    size_t rows = tui_hex_rows(sec->len, per);
    char line[256];
    for (size_t r = 0; r < rows; r++) {
        if (!tui_pw_visible(pw, pw->row)) {
            tui_pw_nl(pw);
            continue;
        }
        tui_hex_row(sec->bytes, sec->len, r, per, line, sizeof line);
        tui_pw_put(pw, 0, tui_st(th, ROLE_DIM, 0), line);          /* the offset */
        tui_pw_put(pw, 4, tui_st(th, ROLE_NORMAL, 0), line + 4);   /* bytes and ASCII */
        for (int k = 0; k < per; k++) {
            size_t at = r * (size_t)per + (size_t)k;
            if (at >= sec->len)
                break;
            int c = cur ? byte_class(cur, parent, at) : 0;
            if (c == 0)
                continue;
            tui_style st = c == 2 ? hl : under;
            int x = tui_hex_byte_col(per, k);
            /* join neighbouring highlighted bytes so a field reads as one block */
            bool join = k + 1 < per && at + 1 < sec->len && byte_class(cur, parent, at + 1) == c;
            tui_pw_putn(pw, x, st, line + x, join ? 3 : 2);
            tui_pw_putn(pw, tui_hex_ascii_col(per, k), st, line + tui_hex_ascii_col(per, k), 1);
        }
        tui_pw_nl(pw);
    }
    sodium_memzero(line, sizeof line); /* a decrypted message's bytes */
}

static void detail_msg(tui_view *v, WINDOW *w, const trace_msg *m)
{
    const tui_theme *th = &v->th;
    tui_dump_section sec[TUI_DUMP_SECTIONS];
    size_t ns = tui_msg_sections(m, v->eve, sec);
    size_t total = tui_dump_spans(sec, ns);
    if (v->cursor >= total)
        v->cursor = total ? total - 1 : 0;
    size_t cs = 0, ci = 0;
    const span *cur = NULL, *parent = NULL;
    if (total) {
        tui_dump_locate(sec, ns, v->cursor, &cs, &ci);
        cur = &sec[cs].spans[ci];
        int pi = tui_span_parent(sec[cs].spans, sec[cs].n_spans, ci);
        parent = pi >= 0 ? &sec[cs].spans[pi] : NULL;
    }
    tui_pw pw;
    tui_pw_init(&pw, w, th, 0);
    int width = pw.width;

    /* fixed lines: the message, then the field under the cursor */
    int x = 1;
    bool nameless = v->eve && v->t->version == TLS_V13 && m->sealed; /* as in title_msg */
    x += tui_putf(w, th, 1, x, width, tui_st(th, ROLE_TITLE, A_BOLD), "#%d %s ", m->seq,
                  nameless ? "application_data" : m->name);
    x += tui_putf(w, th, 1, x, width - x + 1,
                  tui_st(th, m->from == PARTY_CLIENT ? ROLE_CLIENT : ROLE_SERVER, 0),
                  "%s \u2192 %s ", party_name(m->from),
                  party_name(party_peer(m->from)));
    x += tui_putf(w, th, 1, x, width - x + 1, tui_st(th, ROLE_NORMAL, 0), "%zu B ", m->record_len);
    x += tui_put(w, th, 1, x, width - x + 1, tui_st(th, ROLE_WIRE, 0), "[wire]");
    if (m->tampered)
        tui_put(w, th, 1, x, width - x + 1, tui_st(th, ROLE_FAIL, 0), " CHANGED IN FLIGHT");
    if (cur) {
        char path[256], val[64] = "";
        tui_span_path(sec[cs].spans, sec[cs].n_spans, ci, path, sizeof path);
        if (cur->len <= 8 && (size_t)cur->off + cur->len <= sec[cs].len) {
            val[0] = '=';
            val[1] = ' ';
            hex_encode(sec[cs].bytes + cur->off, cur->len, val + 2);
        }
        x = 1;
        x += tui_put(w, th, 2, x, width, tui_st(th, ROLE_FOCUS, 0), "\u25b8 ");
        x += tui_put(w, th, 2, x, width - x + 1, tui_st(th, ROLE_TITLE, 0), path);
        tui_putf(w, th, 2, x, width - x + 1, tui_st(th, ROLE_NORMAL, 0), "  at %u, %u B %s",
                 cur->off, cur->len, val);
        sodium_memzero(val, sizeof val);
    }
    /* a certificate field: its meaning, as the X.509 layer decoded it */
    char note[256];
    bool has_note = cur && x509_span_note(sec[cs].bytes, sec[cs].len, sec[cs].spans,
                                          sec[cs].n_spans, ci, note, sizeof note);
    if (has_note) {
        x = 3;
        x += tui_put(w, th, 3, x, width - 2, tui_st(th, ROLE_DIM, 0), "= ");
        tui_put(w, th, 3, x, width - x + 1, tui_st(th, ROLE_NORMAL, 0), note);
    }
    tui_pw_reserve(&pw, has_note ? 3 : 2);

    int per = tui_hex_per_row(width);
    int rows = 0, cur_row = -1, cur_len = 1;
    for (size_t s = 0; s < ns; s++) {
        if (s == cs && cur) {
            cur_row = rows + 1 + (int)(cur->off / (unsigned)per);
            cur_len = (int)((cur->off + (cur->len ? cur->len : 1) - 1) / (unsigned)per) -
                      (int)(cur->off / (unsigned)per) + 1;
        }
        rows += 1 + (int)tui_hex_rows(sec[s].len, per);
    }
    if (m->sealed && v->eve)
        rows++;
    /* the start of a long field matters more than its end */
    if (cur_len > pw.h)
        cur_len = pw.h;
    v->top[TUI_DETAIL] = tui_scroll(v->top[TUI_DETAIL], rows, pw.h, cur_row, cur_len, false);
    pw.top = v->top[TUI_DETAIL];
    for (size_t s = 0; s < ns; s++) {
        int tx = tui_pw_put(&pw, 0, tui_st(th, ROLE_TITLE, 0), sec[s].title);
        tui_pw_put(&pw, tx + 1, tui_st(th, tui_know_role(sec[s].know), 0),
                   tui_know_tag(sec[s].know));
        tui_pw_nl(&pw);
        hex_rows(v, &pw, &sec[s], per, s == cs ? cur : NULL, s == cs ? parent : NULL);
    }
    if (m->sealed && v->eve)
        tui_pw_put(&pw, 0, tui_st(th, ROLE_HIDDEN, 0),
                   v->t->version == TLS_V13
                       ? "the plaintext and its type are hidden from the eavesdropper"
                       : "the plaintext inside is hidden from the eavesdropper");
}

/* ---- a value: how it was made, from what, and each side's copy ---- */

/* "public: on the wire: ...": the vocabulary's word and meaning (trace.h). */
static void know_words(unsigned know, char *out, size_t cap)
{
    const trace_knowers *k = trace_knowers_of(know);
    snprintf(out, cap, "%s: %s", k->word, k->meaning);
}

/* Full hex in rows of a whole number of 8-byte groups. */
static void hex_block(tui_view *v, tui_pw *pw, int x, const uint8_t *b, size_t n, tui_style st)
{
    size_t per = (size_t)((pw->width - x) / 16) * 8;
    if (per == 0)
        per = (size_t)(pw->width - x) / 2 ? (size_t)(pw->width - x) / 2 : 1;
    char hex[2 * 64 + 1];
    if (per > 64)
        per = 64;
    for (size_t off = 0; off < n; off += per) {
        size_t k = n - off < per ? n - off : per;
        hex_encode(b + off, k, hex);
        tui_pw_put(pw, x, st, hex);
        tui_pw_nl(pw);
    }
    sodium_memzero(hex, sizeof hex); /* a secret's hex */
    (void)v;
}

static void value_line(tui_view *v, tui_pw *pw, int x, const trace_value *val, party side)
{
    const tui_theme *th = &v->th;
    char hex[256];
    x = tui_pw_put(pw, x, tui_st(th, ROLE_NORMAL, 0), val->id);
    x = tui_pw_put(pw, x + 1, tui_st(th, tui_know_role(val->know), 0), tui_know_tag(val->know));
    size_t len;
    const uint8_t *b = tui_side_bytes(val, side, &len);
    if (!b)
        b = trace_value_bytes(val, &len);
    if (v->eve && !tui_value_public(val)) {
        tui_pw_put(pw, x + 1, tui_st(th, ROLE_HIDDEN, 0), hidden);
    } else if (b) {
        tui_hex_fit(b, len, pw->width - x - 1, th->utf8, hex, sizeof hex);
        tui_pw_put(pw, x + 1, tui_st(th, tui_know_role(val->know), 0), hex);
        sodium_memzero(hex, sizeof hex);
    }
    tui_pw_nl(pw);
}

static void detail_value(tui_view *v, tui_pw *pw, const trace_value *val, party side)
{
    const tui_theme *th = &v->th;
    const trace *t = v->t;
    tui_style key = tui_st(th, ROLE_TITLE, 0), plain = tui_st(th, ROLE_NORMAL, 0);
    size_t len;
    const uint8_t *b = tui_side_bytes(val, side, &len);
    if (!b)
        b = trace_value_bytes(val, &len);
    /* the value first (it is what was asked for), then how it was made */
    int x = tui_pw_put(pw, 0, tui_st(th, ROLE_TITLE, A_BOLD), tui_value_label(val));
    x = tui_pw_put(pw, x + 1, tui_st(th, tui_know_role(val->know), 0), tui_know_tag(val->know));
    char info[64];
    if (val->copy[side] && !tui_value_public(val) && !v->eve)
        snprintf(info, sizeof info, " %zu bytes, the %s's copy", len, party_name(side));
    else
        snprintf(info, sizeof info, " %zu bytes", len);
    tui_pw_put(pw, x, plain, info);
    tui_pw_nl(pw);
    if (v->eve && !tui_value_public(val)) {
        tui_pw_put(pw, 2, tui_st(th, ROLE_HIDDEN, 0), hidden);
        tui_pw_nl(pw);
    } else if (trace_value_is_text(val)) {
        char text[2 * HS_APP_MAX + 8];
        text[0] = '"';
        size_t k = trace_text_escape(b, len, text + 1, sizeof text - 2);
        text[k + 1] = '"';
        text[k + 2] = '\0';
        tui_pw_wrap(pw, 2, plain, text);
        sodium_memzero(text, sizeof text); /* the application data */
    } else if (b) {
        hex_block(v, pw, 2, b, len, tui_st(th, tui_know_role(val->know), 0));
    }
    if (val->copy[PARTY_CLIENT] && val->copy[PARTY_SERVER] && !tui_value_public(val)) {
        bool same = trace_value_match(val);
        tui_pw_wrap(pw, 0, tui_st(th, same ? ROLE_OK : ROLE_FAIL, 0),
                    same ? "\u2713 match: the client's and the server's copies are equal"
                         : "\u2717 the client's and the server's copies DIFFER");
    }
    tui_pw_put(pw, 0, key, "known by");
    char words[160];
    know_words(val->know, words, sizeof words);
    tui_pw_wrap(pw, 9, tui_st(th, tui_know_role(val->know), 0), words);
    if (tui_value_private(val))
        tui_pw_wrap(pw, 0, tui_st(th, ROLE_PRIVATE, 0), "a private key: it never leaves its owner");
    tui_pw_put(pw, 0, key, "how");
    tui_pw_wrap(pw, 4, plain, val->how);
    if (val->inputs[0]) {
        tui_pw_put(pw, 0, key, "from");
        tui_pw_nl(pw);
        char ids[sizeof val->inputs];
        snprintf(ids, sizeof ids, "%s", val->inputs);
        for (char *p = ids, *comma; p && *p; p = comma ? comma + 1 : NULL) {
            comma = strchr(p, ',');
            if (comma)
                *comma = '\0';
            value_id in_id;
            const trace_value *in = values_by_name(p, &in_id) ? trace_value_get(t, in_id) : NULL;
            if (in) {
                value_line(v, pw, 2, in, side);
            } else {
                tui_pw_put(pw, 2, plain, p);
                tui_pw_nl(pw);
            }
        }
    }
    snprintf(info, sizeof info, "step %d, id %s", val->step, val->id);
    tui_pw_wrap(pw, 0, tui_st(th, ROLE_DIM, 0), info);
}

/* ---- a check ---- */

static void detail_check(tui_view *v, tui_pw *pw, const trace_check *c)
{
    const tui_theme *th = &v->th;
    bool ok = c->result == ERR_OK;
    tui_style key = tui_st(th, ROLE_TITLE, 0), plain = tui_st(th, ROLE_NORMAL, 0);
    int x = tui_pw_put(pw, 0, tui_st(th, ok ? ROLE_OK : ROLE_FAIL, A_BOLD),
                       ok ? "\u2713 passed" : "\u2717 FAILED");
    tui_pw_put(pw, x + 1, tui_st(th, ROLE_TITLE, 0), c->name);
    tui_pw_nl(pw);
    char who[96];
    snprintf(who, sizeof who, "the %s, at step %d, after message #%d", party_name(c->who),
             c->step, c->after_msg);
    x = tui_pw_put(pw, 0, key, "made by ");
    tui_pw_put(pw, x, tui_st(th, c->who == PARTY_CLIENT ? ROLE_CLIENT : ROLE_SERVER, 0), who);
    tui_pw_nl(pw);
    tui_pw_put(pw, 0, key, "what");
    tui_pw_wrap(pw, 5, plain, c->detail);
    if (!ok) {
        tui_pw_put(pw, 0, key, "why");
        tui_pw_wrap(pw, 5, tui_st(th, ROLE_FAIL, 0), err_str(c->result));
        tui_pw_nl(pw);
        tui_draw_sides(v, pw);
    } else if (c->warning != ERR_OK) {
        /* passed only because the policy is lenient (--revocation soft) */
        tui_pw_put(pw, 0, key, "warn");
        tui_pw_wrap(pw, 5, tui_st(th, ROLE_FAIL, 0), err_str(c->warning));
    }
}

/* ---- no selection: the step's values, client's copy beside the server's ---- */

static void copies_row(tui_view *v, tui_pw *pw, const trace_value *val, bool wide)
{
    const tui_theme *th = &v->th;
    int label_w = wide ? 26 : pw->width;
    char label[64], hex[2][256];
    snprintf(label, sizeof label, "%s", tui_value_label(val));
    int x = tui_pw_putn(pw, 0, tui_st(th, ROLE_TITLE, 0), label,
                        tui_text_fit(label, strlen(label), label_w - 7, th->utf8));
    x = tui_pw_put(pw, x + 1, tui_st(th, tui_know_role(val->know), 0), tui_know_tag(val->know));
    bool both = val->copy[PARTY_CLIENT] && val->copy[PARTY_SERVER];
    const char *verdict = !both || tui_value_public(val) ? ""
                          : trace_value_match(val)       ? "\u2713 match"
                                                         : "\u2717 DIFFER";
    /* two columns "C hex" and "S hex" then the verdict (8 columns) */
    int vw = 8, col_w = wide ? (pw->width - label_w - vw - 2) / 2 : (pw->width - vw - 2) / 2;
    if (!wide)
        tui_pw_nl(pw);
    int cx = wide ? label_w : 0;
    for (int side = 0; side < 2; side++) {
        const char *h = hex[side];
        if (v->eve && !tui_value_public(val)) {
            h = "hidden";
        } else if (val->copy[side]) {
            tui_hex_fit(val->copy[side], val->len[side], col_w - 3, th->utf8, hex[side], 256);
        } else {
            h = "\u2014";
        }
        int px = tui_pw_put(pw, cx, tui_st(th, side ? ROLE_SERVER : ROLE_CLIENT, A_BOLD),
                            side ? "S " : "C ");
        tui_pw_put(pw, px, tui_st(th, h == hex[side] ? tui_know_role(val->know) : ROLE_HIDDEN, 0), h);
        cx += col_w + 1;
    }
    if (!v->eve || tui_value_public(val))
        tui_pw_put(pw, cx, tui_st(th, trace_value_match(val) ? ROLE_OK : ROLE_FAIL, A_BOLD), verdict);
    tui_pw_nl(pw);
    sodium_memzero(hex, sizeof hex); /* both sides' copies of a secret */
}

static void detail_overview(tui_view *v, tui_pw *pw)
{
    const tui_theme *th = &v->th;
    const trace *t = v->t;
    bool wide = pw->width >= 100, any = false;
    tui_pw_put(pw, 0, tui_st(th, ROLE_TITLE, A_BOLD), "each side's copy, side by side");
    tui_pw_nl(pw);
    /* the master secret is made from the pre-master secret: show both at its step */
    const trace_value *pms =
        v->step == STEP_MASTER_SECRET ? trace_value_get(t, VAL_PRE_MASTER_SECRET) : NULL;
    if (pms) {
        copies_row(v, pw, pms, wide);
        any = true;
    }
    for (size_t i = 0; i < t->n_values; i++) {
        if (t->values[i].step != v->step)
            continue;
        copies_row(v, pw, &t->values[i], wide);
        any = true;
    }
    if (!any)
        tui_pw_put(pw, 0, tui_st(th, ROLE_DIM, 0), "no values at this step");
    else
        tui_pw_put(pw, 0, tui_st(th, ROLE_DIM, 0),
                   "pick a message or a value for its detail");
    tui_pw_nl(pw);
}

/* ---- the kinds: their titles and how each is drawn ---- */

static void title_compare(const tui_view *v, const tui_item *it, char *out, size_t cap)
{
    (void)it;
    snprintf(out, cap, "compare: with and without %s",
             v->t->scenario ? v->t->scenario : "the fault");
}

static void title_eve(const tui_view *v, const tui_item *it, char *out, size_t cap)
{
    (void)v, (void)it;
    snprintf(out, cap, "detail: the eavesdropper with the stolen key");
}

static void title_sides(const tui_view *v, const tui_item *it, char *out, size_t cap)
{
    (void)it;
    snprintf(out, cap, "detail: step %d, where it failed", v->step);
}

static void body_sides(tui_view *v, tui_pw *pw, const tui_item *it)
{
    (void)it;
    tui_draw_sides(v, pw);
}

static void title_step(const tui_view *v, const tui_item *it, char *out, size_t cap)
{
    (void)it;
    snprintf(out, cap, "detail: step %d", v->step);
}

static void title_msg(const tui_view *v, const tui_item *it, char *out, size_t cap)
{
    const trace_msg *m = &v->t->msgs[it->index];
    /* a TLS 1.3 protected record tells the eavesdropper only its outer type
     * (RFC 8446 §5.2): she cannot name what it carries */
    if (v->eve && v->t->version == TLS_V13 && m->sealed)
        snprintf(out, cap, "detail: record #%d, type encrypted", m->seq);
    else
        snprintf(out, cap, "detail: message #%d %s", m->seq, m->name);
}

static void title_value(const tui_view *v, const tui_item *it, char *out, size_t cap)
{
    snprintf(out, cap, "detail: %s", tui_value_label(&v->t->values[it->index]));
}

static void title_check(const tui_view *v, const tui_item *it, char *out, size_t cap)
{
    snprintf(out, cap, "detail: a check by the %s", party_name(v->t->checks[it->index].who));
}

static void body_compare(tui_view *v, tui_pw *pw, const tui_item *it)
{
    (void)it;
    tui_draw_compare(v, pw);
}

static void body_eve(tui_view *v, tui_pw *pw, const tui_item *it)
{
    (void)it;
    tui_draw_eve(v, pw);
}

static void body_step(tui_view *v, tui_pw *pw, const tui_item *it)
{
    (void)it;
    detail_overview(v, pw);
}

static void body_value(tui_view *v, tui_pw *pw, const tui_item *it)
{
    detail_value(v, pw, &v->t->values[it->index], tui_pane_party(v->subject));
}

static void body_check(tui_view *v, tui_pw *pw, const tui_item *it)
{
    detail_check(v, pw, &v->t->checks[it->index]);
}

static void pane_msg(tui_view *v, WINDOW *w, const tui_item *it)
{
    detail_msg(v, w, &v->t->msgs[it->index]);
}

/* Each kind's title, and its drawing: `body` scrolls freely (drawn once off
 * screen to count its rows, then for real), `pane` keeps rows of its own
 * fixed and scrolls the rest itself. Indexed by detail_kind. */
static const struct {
    void (*title)(const tui_view *v, const tui_item *it, char *out, size_t cap);
    void (*body)(tui_view *v, tui_pw *pw, const tui_item *it);
    void (*pane)(tui_view *v, WINDOW *w, const tui_item *it);
} detail_kinds[] = {
    [DETAIL_COMPARE] = { title_compare, body_compare, NULL },
    [DETAIL_EVE] = { title_eve, body_eve, NULL },
    [DETAIL_STEP] = { title_step, body_step, NULL },
    [DETAIL_MSG] = { title_msg, NULL, pane_msg },
    [DETAIL_VALUE] = { title_value, body_value, NULL },
    [DETAIL_CHECK] = { title_check, body_check, NULL },
    [DETAIL_SIDES] = { title_sides, body_sides, NULL },
};
_Static_assert(sizeof detail_kinds / sizeof detail_kinds[0] == DETAIL_SIDES + 1,
               "every detail kind has a row");

void tui_draw_detail(tui_view *v)
{
    WINDOW *w = v->win[TUI_DETAIL];
    tui_item it = { 0 };
    detail_kind k = detail_choose(v, &it);
    char title[96];
    detail_kinds[k].title(v, &it, title, sizeof title);
    tui_box(w, &v->th, v->focus == TUI_DETAIL, title);
    if (getmaxy(w) < 4 || getmaxx(w) < 12)
        return;
    if (detail_kinds[k].pane) {
        detail_kinds[k].pane(v, w, &it);
        return;
    }
    /* count the rows with a dry run off screen, then draw from the scroll */
    tui_pw pw;
    for (int pass = 0; pass < 2; pass++) {
        tui_pw_init(&pw, w, &v->th, pass == 0 ? 1 << 20 : v->top[TUI_DETAIL]);
        detail_kinds[k].body(v, &pw, &it);
        if (pass == 0)
            v->top[TUI_DETAIL] = tui_scroll(v->top[TUI_DETAIL], pw.row, pw.h, -1, 0, false);
    }
}
