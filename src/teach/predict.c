/* predict.c — the questions asked before each step, from the trace.
 *
 * The right answer is always read from the trace (what the run did); the
 * wrong ones come from the catalogues (the version's message table, the
 * alerts, the run's other checks), so a distractor is plausible and never
 * the answer in other words. Nothing here prints or draws.
 */
#include "teach/predict_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "tls/steps.h"
#include "tls/tls12/checks.h"
#include "tls/tls12/values.h"

void predict_join(char *out, size_t cap, ...)
{
    va_list ap;
    size_t k = 0;
    out[0] = '\0';
    va_start(ap, cap);
    for (const char *p = va_arg(ap, const char *); p; p = va_arg(ap, const char *))
        str_put(out, cap, &k, p);
    va_end(ap);
}

void predict_rng(const trace *t, const char *label, rng *out)
{
    rng root;
    rng_init_key(&root, t->root_key, t->seeded, t->seed);
    rng_fork(&root, label, out);
    rng_wipe(&root);
}

uint32_t predict_uniform(rng *r, uint32_t n)
{
    uint32_t x, lim = UINT32_MAX - UINT32_MAX % n; /* values at or above lim would bias */
    do {
        uint8_t b[4];
        rng_bytes(r, b, sizeof b);
        x = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    } while (x >= lim);
    return x % n;
}

void predict_q_begin(predict_q *q, predict_kind kind, int step, const char *prompt)
{
    memset(q, 0, sizeof *q);
    q->kind = kind;
    q->step = step;
    q->given = -1;
    str_copy(q->prompt, sizeof q->prompt, prompt);
}

bool predict_q_add(predict_q *q, const char *text, int max)
{
    if (q->n_choices >= max || q->n_choices >= PREDICT_CHOICES_MAX)
        return false;
    for (int i = 0; i < q->n_choices; i++)
        if (!strcmp(q->choice[i], text))
            return false;
    str_copy(q->choice[q->n_choices++], PREDICT_TEXT_LEN, text);
    return true;
}

void predict_q_shuffle(predict_q *q, rng *r)
{
    /* Fisher-Yates, carrying the answer's index along */
    for (int i = q->n_choices - 1; i > 0; i--) {
        int j = (int)predict_uniform(r, (uint32_t)i + 1);
        char tmp[PREDICT_TEXT_LEN];
        memcpy(tmp, q->choice[i], sizeof tmp);
        memcpy(q->choice[i], q->choice[j], sizeof tmp);
        memcpy(q->choice[j], tmp, sizeof tmp);
        if (q->answer == i)
            q->answer = j;
        else if (q->answer == j)
            q->answer = i;
    }
}

/* The why, as one sentence: its first letter a capital, a full stop at the end. */
static void set_why(predict_q *q, const char *s)
{
    size_t n = 0;
    q->why[0] = '\0';
    str_put(q->why, sizeof q->why, &n, s);
    if (n && q->why[0] >= 'a' && q->why[0] <= 'z')
        q->why[0] = (char)toupper((unsigned char)q->why[0]);
    if (n && q->why[n - 1] != '.')
        str_put(q->why, sizeof q->why, &n, ".");
}

/* Offer the pool's entries in an order drawn from r until q has max choices. */
static void add_shuffled(predict_q *q, const char *const *pool, size_t n, int max, rng *r)
{
    const char *order[64];
    if (n > 64)
        n = 64;
    memcpy(order, pool, n * sizeof *order);
    for (size_t i = n; i > 1; i--) {
        size_t j = predict_uniform(r, (uint32_t)i);
        const char *tmp = order[i - 1];
        order[i - 1] = order[j];
        order[j] = tmp;
    }
    for (size_t i = 0; i < n && q->n_choices < max; i++)
        predict_q_add(q, order[i], max);
}

static predict_q *next_q(predict_quiz *z)
{
    return z->n < PREDICT_MAX ? &z->q[z->n] : NULL;
}

/* Which message the sender sends first in the step: the message table's
 * names and the version's plausible wrong ones as distractors. */
static void ask_message(const trace *t, int step, const trace_msg *m, predict_quiz *z, rng *r)
{
    predict_q *q = next_q(z);
    if (!q)
        return;
    char prompt[PREDICT_TEXT_LEN];
    snprintf(prompt, sizeof prompt, "Step %d of %d is next. Which message does the %s send "
             "first in it?", step, HS_STEPS, party_name(m->from));
    predict_q_begin(q, PQ_NEXT_MESSAGE, step, prompt);
    predict_q_add(q, m->name, PREDICT_CHOICES);
    const steps_table *st = trace_steps(t);
    const char *pool[64];
    size_t n = 0;
    for (size_t i = 0; i < *st->n_msgs && n < 48; i++)
        pool[n++] = st->msgs[i].name;
    for (const char *const *w = predict_msg_wrong(t->version); *w && n < 64; w++)
        pool[n++] = *w;
    add_shuffled(q, pool, n, PREDICT_CHOICES, r);
    predict_q_shuffle(q, r);
    const predict_msg_row *row = predict_msg_why(t->version, m->from, m->name);
    char why[PREDICT_WHY_LEN];
    if (row)
        str_copy(why, sizeof why, row->why);
    else
        predict_join(why, sizeof why, "the TLS ", tls_version_str(t->version),
                     " handshake table puts ", m->name, " here (",
                     t->version == TLS_V13 ? "RFC 8446 §2" : "RFC 5246 §7.3", ")", NULL);
    set_why(q, why);
    z->n++;
}

/* The four answers to "who holds it", in the vocabulary of the knowers. */
enum { WHO_CLIENT, WHO_SERVER, WHO_BOTH, WHO_ALL, WHO_N };
static const char *const who_text[WHO_N] = {
    "only the client",
    "only the server",
    "the client and the server, not the eavesdropper",
    "everyone: both sides and the eavesdropper on the wire",
};

static int who_of(unsigned know)
{
    if (know & KNOW_PUBLIC)
        return WHO_ALL;
    if ((know & KNOW_CLIENT) && (know & KNOW_SERVER))
        return WHO_BOTH;
    if (know & KNOW_CLIENT)
        return WHO_CLIENT;
    if (know & KNOW_SERVER)
        return WHO_SERVER;
    return -1;
}

/* Why the knowers are who they are, from the value's kind (values.h). */
static const char *who_reason(int who, value_kind kind)
{
    switch (who) {
    case WHO_ALL: return "it crossed the wire where anyone can read it, the eavesdropper too";
    case WHO_BOTH:
        return kind == VK_SENT_PROTECTED || kind == VK_PROTECTED_IDENTITY
                   ? "it crossed the wire only inside a protected record: both ends read it, "
                     "the eavesdropper cannot"
                   : "each side holds its own copy and it never crossed the wire in the clear";
    case WHO_CLIENT: return "it was made on the client and never sent";
    default: return "it was made on the server and never sent";
    }
}

/* Where each step's values are defined, for a formula that cites nothing. */
static const char *step_rfc(tls_version v, int step)
{
    static const char *const v12[HS_STEPS + 1] = {
        "RFC 5246 §7.3", "RFC 5246 §7.4.1.2", "RFC 5246 §7.4.1.3", "RFC 5246 §7.4.2",
        "RFC 5246 §7.4.7", "RFC 5246 §8.1", "RFC 5246 §6.3", "RFC 5246 §6.2.3",
    };
    static const char *const v13[HS_STEPS + 1] = {
        "RFC 8446 §2", "RFC 8446 §4.1.2", "RFC 8446 §4.1.3", "RFC 8446 §7.1", "RFC 8446 §4.4",
        "RFC 8446 §7.1", "RFC 8446 §4.4", "RFC 8446 §5.2",
    };
    int i = step >= 1 && step <= HS_STEPS ? step : 0;
    return v == TLS_V13 ? v13[i] : v12[i];
}

/* Who holds one of the step's values (drawn from r among them). */
static void ask_knows(const trace *t, int step, predict_quiz *z, rng *r)
{
    size_t idx[256], n = 0;
    for (size_t i = 0; i < t->n_values && n < 256; i++)
        if (t->values[i].step == step && who_of(t->values[i].know) >= 0)
            idx[n++] = i;
    predict_q *q = next_q(z);
    if (!n || !q)
        return;
    const trace_value *v = &t->values[idx[predict_uniform(r, (uint32_t)n)]];
    int who = who_of(v->know);
    char prompt[PREDICT_TEXT_LEN];
    snprintf(prompt, sizeof prompt, "After step %d, who holds %s (%s)?", step, v->id,
             values_kind(v->kind)->name);
    predict_q_begin(q, PQ_WHO_KNOWS, step, prompt);
    predict_q_add(q, who_text[who], PREDICT_CHOICES);
    for (int i = 0; i < WHO_N; i++)
        predict_q_add(q, who_text[i], PREDICT_CHOICES);
    predict_q_shuffle(q, r);
    char why[PREDICT_WHY_LEN];
    /* a formula that cites no section gets its step's */
    bool cited = strstr(v->how, "RFC ") != NULL;
    predict_join(why, sizeof why, who_reason(who, v->kind), ": ", v->id, " = ", v->how,
                 cited ? "" : " (see ", cited ? "" : step_rfc(t->version, step),
                 cited ? "" : ")", NULL);
    /* the formula and its section are set two spaces apart; one is enough here */
    char *dbl;
    while ((dbl = strstr(why, "  ")) != NULL)
        memmove(dbl, dbl + 1, strlen(dbl));
    set_why(q, why);
    z->n++;
}

void predict_check_text(const trace_check *c, char *out, size_t cap)
{
    predict_join(out, cap, party_name(c->who), ": ", c->name, NULL);
}

const char predict_no_check[] = "none: every check passes";

/* Which check fails in the step, and on which side (or none): the step's
 * other checks as distractors, then the rest of the run's. */
static void ask_check(const trace *t, int step, predict_quiz *z, rng *r)
{
    const trace_check *failed = NULL, *first = NULL;
    size_t n_step = 0;
    for (size_t i = 0; i < t->n_checks; i++) {
        const trace_check *c = &t->checks[i];
        if (c->step != step)
            continue;
        n_step++;
        if (!first)
            first = c;
        if (c->result != ERR_OK && !failed)
            failed = c;
    }
    predict_q *q = next_q(z);
    if (!n_step || !q)
        return;
    char prompt[PREDICT_TEXT_LEN], text[PREDICT_TEXT_LEN];
    snprintf(prompt, sizeof prompt, "Step %d of %d is next. Which check fails in it, and on "
             "which side?", step, HS_STEPS);
    predict_q_begin(q, PQ_CHECK_FAILS, step, prompt);
    if (failed)
        predict_check_text(failed, text, sizeof text);
    predict_q_add(q, failed ? text : predict_no_check, PREDICT_CHOICES);
    /* the distractors: this step's checks first, then any other step's */
    char texts[2][64][PREDICT_TEXT_LEN]; /* 20 KB: on the stack, not shared */
    const char *pool[2][64];
    size_t np[2] = { 0, 0 };
    for (size_t i = 0; i < t->n_checks; i++) {
        const trace_check *c = &t->checks[i];
        int k = c->step == step ? 0 : 1;
        if (c == failed || np[k] >= 64)
            continue;
        predict_check_text(c, texts[k][np[k]], PREDICT_TEXT_LEN);
        pool[k][np[k]] = texts[k][np[k]];
        np[k]++;
    }
    if (failed)
        predict_q_add(q, predict_no_check, PREDICT_CHOICES);
    add_shuffled(q, pool[0], np[0], PREDICT_CHOICES, r);
    add_shuffled(q, pool[1], np[1], PREDICT_CHOICES, r);
    predict_q_shuffle(q, r);
    const check_row *row = checks_row((failed ? failed : first)->id);
    const char *rfc = row ? row->rfc : "RFC 5246 §7.4";
    char why[PREDICT_WHY_LEN];
    if (failed) {
        predict_join(why, sizeof why, "the ", party_name(failed->who), "'s check ", failed->name,
                     " failed", failed->detail[0] ? ": " : "", failed->detail, " (", rfc, ")",
                     NULL);
    } else {
        char num[64];
        if (n_step == 1)
            snprintf(num, sizeof num, "the one check of step %d passes: the ", step);
        else
            snprintf(num, sizeof num, "all %zu checks of step %d pass, among them the ", n_step,
                     step);
        predict_join(why, sizeof why, num, party_name(first->who), "'s ", first->name, " (",
                     rfc, ")", NULL);
    }
    set_why(q, why);
    z->n++;
}

/* Which alert the step's first alert is, with the other alerts as distractors. */
static void ask_alert(const trace *t, int step, const trace_msg *m, predict_quiz *z, rng *r)
{
    predict_q *q = next_q(z);
    if (!q || m->plain_len < 2)
        return;
    int alert = m->plain[1];
    char prompt[PREDICT_TEXT_LEN];
    snprintf(prompt, sizeof prompt, "Step %d of %d is next. The %s sends an alert: which one?",
             step, HS_STEPS, party_name(m->from));
    predict_q_begin(q, PQ_ALERT, step, prompt);
    predict_q_add(q, alert_name(alert), PREDICT_CHOICES);
    size_t n;
    const predict_alert_row *rows = predict_alerts(&n);
    const char *pool[64];
    size_t np = 0;
    for (size_t i = 0; i < n && np < 64; i++)
        pool[np++] = alert_name((int)rows[i].alert);
    add_shuffled(q, pool, np, PREDICT_CHOICES, r);
    predict_q_shuffle(q, r);
    const char *meaning = predict_alert_meaning(alert);
    const trace_side *sd = &t->side[m->from];
    char why[PREDICT_WHY_LEN];
    predict_join(why, sizeof why, "the alert ", alert_name(alert), " says ",
                 meaning ? meaning : "see the alert's definition", " (",
                 predict_alert_rfc(t->version), "); the ", party_name(m->from),
                 " sent it because: ", err_str(sd->failed ? sd->err : t->outcome.err), NULL);
    set_why(q, why);
    z->n++;
}

err_t predict_build(const trace *t, predict_quiz *out)
{
    out->n = 0;
    if (t->one_side)
        return ERR_USAGE;
    rng r;
    predict_rng(t, "predict", &r);
    for (int step = 1; step <= HS_STEPS; step++) {
        const trace_msg *first = NULL, *alert = NULL;
        for (size_t i = 0; i < t->n_msgs; i++) {
            const trace_msg *m = &t->msgs[i];
            if (m->step != step)
                continue;
            if (!first)
                first = m;
            if (m->content_type == CT_ALERT && !alert)
                alert = m;
        }
        if (first && first->content_type != CT_ALERT)
            ask_message(t, step, first, out, &r);
        ask_knows(t, step, out, &r);
        ask_check(t, step, out, &r);
        if (alert)
            ask_alert(t, step, alert, out, &r);
    }
    rng_wipe(&r);
    return ERR_OK;
}

size_t predict_step(const predict_quiz *z, int step, size_t *first)
{
    size_t i = 0, n = 0;
    while (i < z->n && z->q[i].step < step)
        i++;
    *first = i;
    while (i + n < z->n && z->q[i + n].step == step)
        n++;
    return n;
}

bool predict_answer(predict_quiz *z, size_t i, int c)
{
    if (i >= z->n || c < 0 || c >= z->q[i].n_choices)
        return false;
    z->q[i].given = c;
    return c == z->q[i].answer;
}

void predict_score(const predict_quiz *z, size_t first, size_t n, int *asked, int *right)
{
    *asked = *right = 0;
    for (size_t i = first; i < first + n && i < z->n; i++) {
        if (z->q[i].given < 0)
            continue;
        (*asked)++;
        *right += z->q[i].given == z->q[i].answer;
    }
}

char predict_letter(int c) { return (char)('a' + c); }

int predict_key_choice(const predict_q *q, int key)
{
    int c = key >= '1' && key <= '9' ? key - '1' : key >= 'a' && key <= 'z' ? key - 'a' : -1;
    return c >= 0 && c < q->n_choices ? c : -1;
}
