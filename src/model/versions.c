/* versions.c — the facts of one run for the version comparison (versions.h). */
#include "model/versions.h"

#include <string.h>

#include "tls/record.h"

/* The values that stand for the same thing in each version. */
static bool is_record_key(value_id id)
{
    return id == VAL_CLIENT_WRITE_KEY || id == VAL_SERVER_WRITE_KEY ||
           id == VAL13_CLIENT_HS_KEY || id == VAL13_SERVER_HS_KEY ||
           id == VAL13_CLIENT_AP_KEY || id == VAL13_SERVER_AP_KEY;
}

static bool is_client_identity(value_id id)
{
    return id == VAL_CLIENT_IDENTITY || id == VAL13_CLIENT_IDENTITY;
}

static bool is_server_identity(value_id id)
{
    return id == VAL_SERVER_IDENTITY || id == VAL13_SERVER_IDENTITY;
}

/* The client's check that the server signed with its certificate's key:
 * the ServerKeyExchange signature in TLS 1.2 (RFC 8422 §5.4), the server's
 * CertificateVerify in TLS 1.3 (RFC 8446 §4.4.3). */
static bool proves_server(const trace_check *c)
{
    return c->who == PARTY_CLIENT && c->result == ERR_OK &&
           (c->id == CHK_SKE_SIGNATURE || c->id == CHK13_CERT_VERIFY);
}

static int min_step(int cur, int step) { return cur == 0 || step < cur ? step : cur; }

void version_facts_of(const trace *t, version_facts *f)
{
    memset(f, 0, sizeof *f);
    f->version = t->version;
    f->ok = t->outcome.ok;
    f->records = t->n_recs;
    for (size_t i = 0; i < t->n_recs; i++)
        f->bytes += t->recs[i].len;

    /* the messages before the client's first application data, and the
     * server flights among them: each one the client had to wait for */
    size_t first_data = t->n_msgs;
    for (size_t i = 0; i < t->n_msgs; i++)
        if (t->msgs[i].from == PARTY_CLIENT && t->msgs[i].content_type == CT_APPLICATION_DATA) {
            first_data = i;
            break;
        }
    /* a run that failed before the client's data counts nothing here: its
     * whole run is not "before the data" */
    f->data_sent = first_data < t->n_msgs;
    if (!f->data_sent)
        first_data = 0;
    party last = PARTY_CLIENT;
    for (size_t i = 0; i < first_data; i++) {
        const trace_msg *m = &t->msgs[i];
        if (m->from == PARTY_SERVER && last == PARTY_CLIENT)
            f->round_trips++;
        last = m->from;
    }
    f->messages_before_data = first_data;
    if (first_data < t->n_msgs) {
        int rec = t->msgs[first_data].rec_first;
        for (int r = 0; r >= 0 && r < rec && (size_t)r < t->n_recs; r++)
            f->bytes_before_data += t->recs[r].len;
    }

    for (size_t i = 0; i < t->n_msgs; i++) {
        const trace_msg *m = &t->msgs[i];
        if (m->content_type != CT_HANDSHAKE)
            continue;
        f->handshake_messages++;
        if (m->sealed)
            f->protected_handshake++;
    }

    value_id verdict = trace_verdict_id(t);
    for (size_t i = 0; i < t->n_values; i++) {
        const trace_value *v = &t->values[i];
        bool pub = (v->know & KNOW_PUBLIC) != 0;
        /* the bytes of protected records (AAD, ciphertext, tag) tell
         * nothing of what they carry, and there are as many as records */
        value_kind k = values_row(v->vid)->kind;
        if (pub && k != VK_AAD && k != VK_CIPHERTEXT && k != VK_TAG)
            f->public_values++;
        if (is_record_key(v->vid))
            f->first_key_step = min_step(f->first_key_step, v->step);
        if (is_client_identity(v->vid)) {
            f->client_identity_known = true;
            f->client_identity_public |= pub;
        }
        if (is_server_identity(v->vid))
            f->server_identity_public |= pub;
        if (v->vid == verdict)
            f->client_auth_step = v->step;
    }
    for (size_t i = 0; i < t->n_checks; i++)
        if (proves_server(&t->checks[i]))
            f->server_auth_step = min_step(f->server_auth_step, t->checks[i].step);
}
