/* predict_mystery.c — a mystery: a scenario run without its name, and the
 * questions that find it (where it failed, who noticed, which check, which
 * scenario), answered from the finished trace. */
#include "teach/predict_int.h"

#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "tls/tls12/checks.h"

/* The scenarios a run of version v, framing f and key exchange kx can be. */
static bool candidate(const scenario *sc, tls_version v, hsio_framing f, hs_kx kx)
{
    return scenario_applies(sc, kx) && scenario_fits(sc, v, f);
}

const scenario *predict_mystery_pick(bool seeded, uint64_t seed, const uint8_t *root_key,
                                     tls_version v, hsio_framing f, hs_kx kx)
{
    const scenario *c[64];
    uint32_t n = 0;
    for (size_t i = 0; i < scenario_count && n < 64; i++)
        if (candidate(&scenario_list[i], v, f, kx) && !scenario_list[i].key_leak)
            c[n++] = &scenario_list[i];
    if (!n)
        return NULL;
    rng root, r;
    if (root_key)
        rng_init_key(&root, root_key, seeded, seed);
    else if (seeded)
        rng_init_seeded(&root, seed);
    else
        rng_init_live(&root);
    rng_fork(&root, "mystery", &r);
    const scenario *sc = c[predict_uniform(&r, n)];
    rng_wipe(&r);
    rng_wipe(&root);
    return sc;
}

static const trace_check *first_failed(const trace *t)
{
    for (size_t i = 0; i < t->n_checks; i++)
        if (t->checks[i].result != ERR_OK)
            return &t->checks[i];
    return NULL;
}

/* The side that found the fault: the one that sent the alert, else the one
 * that failed. */
static party fault_side(const trace *t)
{
    if (t->outcome.alert >= 0)
        return t->outcome.sent_by;
    return t->side[PARTY_SERVER].failed ? PARTY_SERVER : PARTY_CLIENT;
}

/* "the server's check client certificate: validity failed in step 3: ... (RFC ...)" */
static void fault_sentence(const trace *t, const trace_check *c, char *out, size_t cap)
{
    const check_row *row = c ? checks_row(c->id) : NULL;
    char step[16];
    snprintf(step, sizeof step, "%d", c ? c->step : t->outcome.step);
    if (c)
        predict_join(out, cap, "the ", party_name(c->who), "'s check ", c->name,
                     " failed in step ", step, " (", trace_step_title(t, c->step), ")",
                     c->detail[0] ? ": " : "", c->detail, " (",
                     row ? row->rfc : "RFC 5246 §7.4", ")", NULL);
    else
        predict_join(out, cap, "the ", party_name(fault_side(t)),
                     " stopped the handshake in step ", step, " (",
                     trace_step_title(t, t->outcome.step), "): ", err_str(t->outcome.err), NULL);
}

static void finish(predict_q *q, const char *why, rng *r, bool shuffle)
{
    if (shuffle)
        predict_q_shuffle(q, r);
    str_copy(q->why, sizeof q->why, why);
    if (q->why[0] >= 'a' && q->why[0] <= 'z')
        q->why[0] = (char)(q->why[0] - 'a' + 'A');
    size_t n = strlen(q->why);
    if (n && n + 1 < sizeof q->why && q->why[n - 1] != '.')
        memcpy(q->why + n, ".", 2);
}

err_t predict_build_mystery(const trace *t, const scenario *sc, predict_quiz *out)
{
    out->n = 0;
    if (t->one_side || !sc)
        return ERR_USAGE;
    rng r;
    predict_rng(t, "mystery questions", &r);
    const trace_check *c = first_failed(t);
    char why[PREDICT_WHY_LEN], text[PREDICT_TEXT_LEN];
    fault_sentence(t, c, why, sizeof why);
    if (!t->outcome.ok && t->outcome.step >= 1) {
        predict_q *q = &out->q[out->n++];
        predict_q_begin(q, PQ_FAIL_STEP, 0, "At which step did the handshake fail?");
        for (int s = 1; s <= HS_STEPS; s++) {
            char num[24]; /* room for any int */
            snprintf(num, sizeof num, "step %d: ", s);
            predict_join(text, sizeof text, num, trace_step_title(t, s), NULL);
            predict_q_add(q, text, PREDICT_CHOICES_MAX);
        }
        q->answer = t->outcome.step - 1;
        finish(q, why, &r, false);

        q = &out->q[out->n++];
        predict_q_begin(q, PQ_FAIL_SIDE, 0, "Which side found the fault and stopped the "
                                            "handshake?");
        predict_q_add(q, "the client", PREDICT_CHOICES_MAX);
        predict_q_add(q, "the server", PREDICT_CHOICES_MAX);
        q->answer = fault_side(t) == PARTY_CLIENT ? 0 : 1;
        finish(q, why, &r, false);

        if (c) {
            q = &out->q[out->n++];
            predict_q_begin(q, PQ_CHECK_FAILS, 0, "Which check failed, on which side?");
            predict_check_text(c, text, sizeof text);
            predict_q_add(q, text, PREDICT_CHOICES);
            /* the distractors: the run's checks that passed, in an order from r */
            size_t idx[256], n = 0;
            for (size_t i = 0; i < t->n_checks && n < 256; i++)
                if (&t->checks[i] != c)
                    idx[n++] = i;
            for (size_t k = n; k > 1; k--) {
                size_t j = predict_uniform(&r, (uint32_t)k), tmp = idx[k - 1];
                idx[k - 1] = idx[j];
                idx[j] = tmp;
            }
            for (size_t k = 0; k < n && q->n_choices < PREDICT_CHOICES; k++) {
                predict_check_text(&t->checks[idx[k]], text, sizeof text);
                predict_q_add(q, text, PREDICT_CHOICES);
            }
            finish(q, why, &r, true);
        }
    }
    predict_q *q = &out->q[out->n++];
    predict_q_begin(q, PQ_SCENARIO, 0, "Which scenario was it?");
    q->answer = -1;
    for (size_t i = 0; i < scenario_count; i++) {
        const scenario *s = &scenario_list[i];
        if (!candidate(s, t->version, t->framing, t->transport ? KX_TRANSPORT : KX_ECDHE) &&
            s != sc)
            continue;
        predict_join(text, sizeof text, s->name, ": ", s->summary, NULL);
        if (s == sc && q->n_choices == PREDICT_CHOICES_MAX)
            q->n_choices--; /* a catalogue longer than the list: the answer stays in it */
        if (predict_q_add(q, text, PREDICT_CHOICES_MAX) && s == sc)
            q->answer = q->n_choices - 1;
    }
    char swhy[PREDICT_WHY_LEN];
    predict_join(swhy, sizeof swhy, "it was ", sc->name, " (", sc->summary, ")",
                 t->outcome.ok ? "; the handshake completed" : ": ", t->outcome.ok ? "" : why,
                 NULL);
    finish(q, swhy, &r, false);
    rng_wipe(&r);
    return q->answer >= 0 ? ERR_OK : ERR_INTERNAL;
}
