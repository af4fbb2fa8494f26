/* values.c — the TLS 1.2 value catalogue (values.h) as tables, and the
 * few look-ups the endpoints and the trace make in it.
 */
#include "tls/tls12/values.h"

#include <string.h>

#include "tls/msg/msg.h"
#include "tls/record.h"
#include "base/str.h"

#define VAL_INPUTS(...) { __VA_ARGS__ }

static const value_row rows[VAL_COUNT] = {
#define X(e, id, label, step, kind, formula, rfc, inputs) \
    [e] = { id, label, step, kind, formula, rfc, VAL_INPUTS inputs },
    VALUE_LIST(X)
#undef X
};

static const value_way_row ways[WAY_COUNT] = {
#define W(e, value, formula, rfc, inputs) [e] = { value, formula, rfc, VAL_INPUTS inputs },
    VALUE_WAYS(W)
#undef W
};

static const value_kind_row kinds[VK_COUNT] = {
#define K(e, name, public_, text) [e] = { name, public_, text },
    VALUE_KINDS(K)
#undef K
};

/* RFC 5246 §7.1, §7.4.9: after ChangeCipherSpec a TLS 1.2 endpoint sends
 * one handshake message, Finished, and then application data and alerts. */
static const struct {
    uint8_t content_type, hs_type; /* hs_type only for handshake records */
    seal_family family;
} families[] = {
    { CT_HANDSHAKE, HT_FINISHED, SEAL_FINISHED },
    { CT_APPLICATION_DATA, 0, SEAL_APP },
    { CT_ALERT, 0, SEAL_ALERT },
};

#define SEALED_PARTS(W, F) \
    { VAL_##W##_##F##_NONCE, VAL_##W##_##F##_AAD, VAL_##W##_##F##_CIPHERTEXT, VAL_##W##_##F##_TAG }
static const value_id sealed[2][SEAL_FAMILIES][SEAL_PARTS] = {
    [PARTY_CLIENT] = { [SEAL_FINISHED] = SEALED_PARTS(CLIENT, FINISHED),
                       [SEAL_APP] = SEALED_PARTS(CLIENT, APP),
                       [SEAL_ALERT] = SEALED_PARTS(CLIENT, ALERT) },
    [PARTY_SERVER] = { [SEAL_FINISHED] = SEALED_PARTS(SERVER, FINISHED),
                       [SEAL_APP] = SEALED_PARTS(SERVER, APP),
                       [SEAL_ALERT] = SEALED_PARTS(SERVER, ALERT) },
};

const value_row *values_row(value_id id)
{
    return id > VAL_NONE && id < VAL_COUNT ? &rows[id] : NULL;
}

const value_way_row *values_way(value_way way)
{
    return way > WAY_MAIN && way < WAY_COUNT ? &ways[way] : NULL;
}

const value_kind_row *values_kind(value_kind k) { return &kinds[k < VK_COUNT ? k : 0]; }

bool values_by_name(const char *name, value_id *out)
{
    for (int i = VAL_NONE + 1; i < VAL_COUNT; i++) {
        if (strcmp(rows[i].id, name) == 0) {
            *out = (value_id)i;
            return true;
        }
    }
    return false;
}

/* The formula, section and inputs of id made in way; false when way is not
 * one of id's. */
static bool way_of(value_id id, value_way way, const char **formula, const char **rfc,
                   const value_id **inputs)
{
    const value_row *r = values_row(id);
    if (!r)
        return false;
    if (way == WAY_MAIN) {
        *formula = r->formula;
        *rfc = r->rfc;
        *inputs = r->inputs;
        return true;
    }
    const value_way_row *w = values_way(way);
    if (!w || w->value != id)
        return false;
    *formula = w->formula;
    *rfc = w->rfc;
    *inputs = w->inputs;
    return true;
}

/* Append s to out[*k..cap), keeping the terminator; cut short at cap. */
size_t values_fill(const char *tmpl, const char *peer, const char *param, char *out, size_t cap)
{
    size_t k = 0;
    if (cap == 0)
        return 0;
    out[0] = '\0';
    /* copy the text between placeholders in runs, not byte by byte: this
     * runs for every value a handshake reports */
    for (const char *p = tmpl; *p && k + 1 < cap;) {
        const char *brace = strchr(p, '{');
        size_t run = brace ? (size_t)(brace - p) : strlen(p);
        str_put_n(out, cap, &k, p, run);
        p += run;
        if (!brace || k + 1 >= cap)
            break;
        if (strncmp(p, "{peer}", 6) == 0) {
            str_put(out, cap, &k, peer ? peer : "");
            p += 6;
        } else if (p[1] == '}') {
            str_put(out, cap, &k, param ? param : "");
            p += 2;
        } else {
            str_put_n(out, cap, &k, p, 1); /* a brace that is no placeholder */
            p++;
        }
    }
    return k;
}

bool values_how(value_id id, value_way way, const char *param, char *out, size_t cap)
{
    const char *formula, *rfc;
    const value_id *inputs;
    if (cap)
        out[0] = '\0';
    if (!way_of(id, way, &formula, &rfc, &inputs) || cap == 0)
        return false;
    size_t k = values_fill(formula, NULL, param, out, cap);
    if (rfc[0]) {
        str_put(out, cap, &k, "  (");
        str_put(out, cap, &k, rfc);
        str_put(out, cap, &k, ")");
    }
    return true;
}

bool values_inputs(value_id id, value_way way, char *out, size_t cap)
{
    const char *formula, *rfc;
    const value_id *inputs;
    size_t k = 0;
    if (cap)
        out[0] = '\0';
    if (!way_of(id, way, &formula, &rfc, &inputs) || cap == 0)
        return false;
    for (size_t i = 0; i < VALUE_INPUTS_MAX && inputs[i] != VAL_NONE; i++) {
        if (i)
            str_put(out, cap, &k, ",");
        str_put(out, cap, &k, rows[inputs[i]].id);
    }
    return true;
}

bool values_seal_family(uint8_t content_type, uint8_t hs_type, seal_family *out)
{
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
        if (families[i].content_type == content_type &&
            (content_type != CT_HANDSHAKE || families[i].hs_type == hs_type)) {
            *out = families[i].family;
            return true;
        }
    }
    return false;
}

value_id values_sealed(party sender, seal_family fam, seal_part part)
{
    if ((sender != PARTY_CLIENT && sender != PARTY_SERVER) || fam >= SEAL_FAMILIES ||
        part >= SEAL_PARTS)
        return VAL_NONE;
    return sealed[sender][fam][part];
}
