/* tui_model.c — the panes' contents as lists of trace indices. */
#include "view/tui/tui_model.h"

#include <stdio.h>
#include <string.h>

#include "base/hex.h"
#include "view/tui/tui_text.h"

int tui_max_step(const trace *t)
{
    if (t->outcome.ok)
        return HS_STEPS;
    /* a failed run goes as far as its last record: the alert, which follows
     * what the peer had already sent (the client's Finished of step 7 when
     * the server refuses its CertificateVerify at step 4) */
    if (t->outcome.step >= 1 && t->outcome.step <= HS_STEPS) {
        int m = t->outcome.step;
        for (size_t i = 0; i < t->n_msgs; i++)
            if (t->msgs[i].step > m && t->msgs[i].step <= HS_STEPS)
                m = t->msgs[i].step;
        return m;
    }
    /* no outcome recorded: as far as anything happened */
    int m = 1;
    for (size_t i = 0; i < t->n_events; i++)
        if (t->events[i].step > m && t->events[i].step <= HS_STEPS)
            m = t->events[i].step;
    return m;
}

static void put(tui_item *out, size_t cap, size_t *n, tui_item_kind k, size_t index, int step)
{
    if (*n < cap)
        out[*n] = (tui_item){ k, (int)index, step };
    (*n)++;
}

size_t tui_wire_items(const trace *t, int step, tui_item *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n_msgs; i++)
        if (t->msgs[i].step <= step)
            put(out, cap, &n, TUI_ITEM_MSG, i, t->msgs[i].step);
    return n;
}

/* A side knows a value it holds, and anything that crossed the wire: the
 * trace marks a public value with its sender only, but the receiver got it. */
static bool side_knows(const trace_value *v, party side)
{
    unsigned bit = side == PARTY_CLIENT ? KNOW_CLIENT : KNOW_SERVER;
    return (v->know & (bit | KNOW_PUBLIC)) != 0;
}

size_t tui_side_items(const trace *t, party side, int step, bool eve, tui_item *out, size_t cap)
{
    size_t n = 0;
    /* grouped by step so that a step's new facts sit together, the newest last */
    for (int s = 1; s <= step; s++) {
        for (size_t i = 0; i < t->n_values; i++)
            if (t->values[i].step == s && side_knows(&t->values[i], side))
                put(out, cap, &n, TUI_ITEM_VALUE, i, s);
        if (eve)
            continue;
        for (size_t i = 0; i < t->n_checks; i++)
            if (t->checks[i].step == s && t->checks[i].who == side)
                put(out, cap, &n, TUI_ITEM_CHECK, i, s);
    }
    return n;
}

const char *tui_know_tag(unsigned know) { return trace_knowers_of(know)->tag; }

bool tui_value_public(const trace_value *v) { return (v->know & KNOW_PUBLIC) != 0; }

bool tui_value_private(const trace_value *v)
{
    bool one_side = ((v->know & KNOW_CLIENT) != 0) != ((v->know & KNOW_SERVER) != 0);
    return !tui_value_public(v) && one_side && v->kind == VK_EPHEMERAL_KEY;
}

const char *tui_value_label(const trace_value *v) { return v->label ? v->label : v->id; }

const uint8_t *tui_side_bytes(const trace_value *v, party side, size_t *len)
{
    if (v->copy[side]) {
        *len = v->len[side];
        return v->copy[side];
    }
    if (tui_value_public(v))
        return trace_value_bytes(v, len);
    *len = 0;
    return NULL;
}

void tui_hex_fit(const uint8_t *b, size_t n, int width, bool utf8, char *out, size_t cap)
{
    if (cap == 0)
        return;
    out[0] = '\0';
    if (width <= 0 || !b)
        return;
    if (2 * n <= (size_t)width && 2 * n < cap) {
        hex_encode(b, n, out);
        return;
    }
    /* head…tail: the tail keeps the last 4 bytes when there is room */
    const char *dots = utf8 ? "\u2026" : "...";
    int dots_w = utf8 ? 1 : 3;
    int room = width - dots_w;
    if ((size_t)width + 8 > cap)
        room = (int)cap - 8 - dots_w;
    if (room < 4) {
        snprintf(out, cap, "%s", dots);
        return;
    }
    size_t tail = room >= 20 ? 4 : room >= 12 ? 2 : 1, head = ((size_t)room - 2 * tail) / 2;
    char *p = out;
    hex_encode(b, head, p);
    p += 2 * head;
    memcpy(p, dots, strlen(dots));
    p += strlen(dots);
    hex_encode(b + n - tail, tail, p);
}

static void label_form(const trace_msg *m, int form, char *out, size_t cap)
{
    const char *mark = m->tampered ? "!" : "";
    switch (form) {
    case 0: snprintf(out, cap, "%s#%d %s %zu B", mark, m->seq, m->name, m->record_len); break;
    case 1: snprintf(out, cap, "%s%d %s %zuB", mark, m->seq, m->name, m->record_len); break;
    case 2: snprintf(out, cap, "%s%s %zuB", mark, m->name, m->record_len); break;
    default: snprintf(out, cap, "%s%s", mark, m->name); break;
    }
}

void tui_msg_label(const trace_msg *m, int form, int width, bool utf8, char *out, size_t cap)
{
    char buf[96];
    /* the asked-for form, else a plainer one, else the plainest cut to fit,
     * with an ellipsis that says so */
    for (; form < TUI_LABEL_FORMS; form++) {
        label_form(m, form, buf, sizeof buf);
        if (tui_text_width(buf, (size_t)-1, utf8) <= width)
            break;
    }
    if (form == TUI_LABEL_FORMS)
        label_form(m, TUI_LABEL_FORMS - 1, buf, sizeof buf);
    tui_text_ellipsize(buf, width, utf8, out, cap);
}

int tui_msg_label_form(const trace *t, int width, bool utf8)
{
    int form = 0;
    char buf[96];
    for (size_t i = 0; i < t->n_msgs; i++) {
        /* a name too long for any form (a long alert) is cut on its own and
         * does not make every other label plainer */
        label_form(&t->msgs[i], TUI_LABEL_FORMS - 1, buf, sizeof buf);
        if (tui_text_width(buf, (size_t)-1, utf8) > width)
            continue;
        while (form < TUI_LABEL_FORMS - 1) {
            label_form(&t->msgs[i], form, buf, sizeof buf);
            if (tui_text_width(buf, (size_t)-1, utf8) <= width)
                break;
            form++;
        }
    }
    return form;
}

void tui_check_label(const trace_check *c, int width, bool utf8, char *out, size_t cap)
{
    char name[sizeof c->name + 16];
    snprintf(name, sizeof name, "%s", c->name);
    if (tui_text_width(name, (size_t)-1, utf8) > width) {
        static const char *const longer[] = { "server certificate: ", "client certificate: " };
        static const char *const shorter[] = { "server cert: ", "client cert: " };
        for (size_t i = 0; i < 2; i++) {
            size_t k = strlen(longer[i]);
            if (strncmp(c->name, longer[i], k) == 0)
                snprintf(name, sizeof name, "%s%s", shorter[i], c->name + k);
        }
    }
    tui_text_ellipsize(name, width, utf8, out, cap);
}

bool tui_outcome_text(const trace *t, int step, bool *ok, char *out, size_t cap)
{
    const trace_outcome *o = &t->outcome;
    *ok = o->ok;
    if (o->ok) {
        if (step < HS_STEPS)
            return false;
        snprintf(out, cap, "handshake complete: both sides authenticated");
        return true;
    }
    if (o->step < 1 || step < o->step)
        return false;
    if (o->alert >= 0)
        snprintf(out, cap, "FAILED at step %d: the %s sent alert %s", o->step,
                 party_name(o->sent_by), alert_name(o->alert));
    else
        snprintf(out, cap, "FAILED at step %d: %s (%s)", o->step, err_str(o->err),
                 party_name(o->sent_by));
    return true;
}

int tui_span_parent(const span *s, size_t n, size_t i)
{
    if (i >= n || s[i].depth == 0)
        return -1;
    for (size_t j = i; j-- > 0;)
        if (s[j].depth < s[i].depth)
            return (int)j;
    return -1;
}

void tui_span_path(const span *s, size_t n, size_t i, char *out, size_t cap)
{
    size_t chain[16], k = 0;
    for (int j = (int)i; j >= 0 && k < 16; j = tui_span_parent(s, n, (size_t)j))
        chain[k++] = (size_t)j;
    size_t used = 0;
    out[0] = '\0';
    while (k-- > 0 && used < cap) {
        int w = snprintf(out + used, cap - used, "%s%s", used ? " \u203a " : "", s[chain[k]].name);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}
