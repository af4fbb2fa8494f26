/* scenario_policy.c — the scenarios about policy: clocks and lifetimes,
 * revocation by CRL, authorization. Each changes one thing at its point;
 * the receiving side's real checks decide what happens.
 */
#include "run/scenario_policy.h"

#include <string.h>

#define DAY (int64_t)86400

/* short-lived: both leaves live one hour. The server's was renewed on
 * time (issued 20 minutes ago); the client's agent stopped renewing, so
 * its certificate was issued 70 minutes ago: renewal was due at 40
 * minutes, it expired at 60. */
void pki_short_lived(pki_templates *t)
{
    pki_template *c = &t->cert[PKI_CLIENT], *s = &t->cert[PKI_SERVER];
    c->x.not_before = t->now - 70 * 60;
    c->x.not_after = c->x.not_before + SC_SHORT_LIFETIME;
    s->x.not_before = t->now - 20 * 60;
    s->x.not_after = s->x.not_before + SC_SHORT_LIFETIME;
}

/* clock-skew: the client's certificate was issued a minute ago (by a CA
 * whose clock is right) and lives a day. */
void pki_fresh_client(pki_templates *t)
{
    t->cert[PKI_CLIENT].x.not_before = t->now - 60;
    t->cert[PKI_CLIENT].x.not_after = t->now + DAY;
}

/* ... and the server's clock is ten minutes behind, so to it that
 * certificate starts nine minutes in the future. */
void cfg_clock_skew(hs_config *c, hs_config *s, const pki *p, const pki_key *thief)
{
    (void)c;
    (void)p;
    (void)thief;
    s->now -= SC_SKEW_SECONDS;
}

/* wrong-identity: a valid certificate from the trusted CA, for another
 * workload than the one the server's policy lets in. */
void pki_intruder(pki_templates *t)
{
    t->cert[PKI_CLIENT].x.subject_cn = "intruder";
    t->cert[PKI_CLIENT].x.san_uri = "spiffe://classroom.example/intruder";
}

static bool issued(const x509_cert *c, const x509_cert *issuer)
{
    return c->issuer_len == issuer->subject_len &&
           memcmp(c->issuer, issuer->subject, c->issuer_len) == 0;
}

/* revoked-client-cert: the client's CA revoked it yesterday and its CRL
 * says so. */
static void crl_revoke_client(crl_template *t, crl_entry spare[CRL_REVOKED_MAX], const pki *p,
                              const x509_cert *issuer, party holder, int64_t now)
{
    (void)holder;
    const x509_cert *c = &p->client.x;
    if (!issued(c, issuer) || t->n_revoked >= CRL_REVOKED_MAX)
        return;
    crl_entry *e = &spare[t->n_revoked];
    memcpy(e->serial, c->serial, c->serial_len);
    e->serial_len = c->serial_len;
    e->date = now - DAY;
    t->revoked = spare;
    t->n_revoked++;
}

/* stale-crl: the newest CRL the server holds from the client's CA was
 * published two weeks ago and promised the next one a week ago (a CRL
 * distribution point the server can no longer reach, or a cache that is
 * not refreshed); its other CRLs and the client's copies are current. */
static void crl_stale(crl_template *t, crl_entry spare[CRL_REVOKED_MAX], const pki *p,
                      const x509_cert *issuer, party holder, int64_t now)
{
    (void)spare;
    if (holder != PARTY_SERVER || !issued(&p->client.x, issuer))
        return;
    t->this_update = now - 14 * DAY;
    t->next_update = now - 7 * DAY;
}

static const struct {
    const char *scenario;
    scenario_crl_fn edit;
} crl_edits[] = {
    { "revoked-client-cert", crl_revoke_client },
    { "stale-crl", crl_stale },
};

scenario_crl_fn scenario_crl_edit(const scenario *sc)
{
    for (size_t i = 0; sc && i < sizeof crl_edits / sizeof *crl_edits; i++)
        if (strcmp(sc->name, crl_edits[i].scenario) == 0)
            return crl_edits[i].edit;
    return NULL;
}
