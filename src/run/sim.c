/* sim.c — one run: the PKI, two endpoints and the in-memory wire between them. */
#include "run/sim.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "run/scenario_policy.h"
#include "run/wire_mem.h"
#include "tls/steps.h"

sim *sim_new(void)
{
    sim *s = calloc(1, sizeof *s);
    if (s)
        trace_init(&s->tr);
    return s;
}

void sim_free(sim *s)
{
    if (!s)
        return;
    trace_free(&s->tr);
    hs_wipe(&s->client);
    hs_wipe(&s->server);
    pki_wipe(&s->pki);
    rng_wipe(&s->root);
    rng_wipe(&s->attacker);
    sodium_memzero(&s->thief, sizeof s->thief);
    sodium_memzero(s, sizeof *s);
    free(s);
}

/* Whether a CRL in c was issued under ca's name. */
static bool crl_from(const sim_crls *c, const x509_cert *ca)
{
    for (size_t i = 0; i < c->set.n; i++)
        if (c->parsed[i].issuer_len == ca->subject_len &&
            memcmp(c->parsed[i].issuer, ca->subject, ca->subject_len) == 0)
            return true;
    return false;
}

/* Whether c holds a CRL from ca or from a CA of p that ca issued (its
 * intermediates): the CRLs a verifier trusting ca can use. */
static bool crl_under(const pki *p, const sim_crls *c, const x509_cert *ca)
{
    if (crl_from(c, ca))
        return true;
    for (pki_id id = 0; id < PKI_N_CERTS; id++) {
        const x509_cert *x = &pki_cert_get(p, id)->x;
        if (x->is_ca && x->issuer_len == ca->subject_len &&
            memcmp(x->issuer, ca->subject, ca->subject_len) == 0 && crl_from(c, x))
            return true;
    }
    return false;
}

/* Each CA that issued a leaf publishes its CRL (RFC 5280 §5), signed with
 * its key, at the simulated clock: published SIM_CRL_AGE ago, the next one
 * promised SIM_CRL_NEXT_UPDATE later, nothing revoked unless the scenario
 * says so. Parsed back with the parser a verifier uses. */
static err_t issue_crls(sim *s, party holder)
{
    /* the client's issuer first: its CRL is the one the server needs */
    static const pki_id leaves[] = { PKI_CLIENT, PKI_SERVER };
    sim_crls *c = &s->crls[holder];
    scenario_crl_fn edit = scenario_crl_edit(s->opt.scenario);
    memset(c, 0, sizeof *c);
    for (size_t l = 0; l < sizeof leaves / sizeof *leaves; l++) {
        const x509_cert *leaf = &pki_cert_of(&s->pki, leaves[l])->x;
        for (pki_id id = 0; id < PKI_N_CERTS; id++) {
            const x509_cert *ca = &pki_cert_of(&s->pki, id)->x;
            if (!ca->is_ca || leaf->issuer_len != ca->subject_len ||
                memcmp(leaf->issuer, ca->subject, ca->subject_len) != 0 || crl_from(c, ca))
                continue;
            CHECK(c->set.n < CRL_SET_MAX, ERR_INTERNAL);
            size_t i = c->set.n;
            crl_entry spare[CRL_REVOKED_MAX];
            /* a next update past the last second a time can name is
             * promised for that second (as a certificate's validity is) */
            int64_t next = s->opt.now - SIM_CRL_AGE + SIM_CRL_NEXT_UPDATE;
            crl_template t = { .this_update = s->opt.now - SIM_CRL_AGE,
                               .next_update = next > PKI_TIME_MAX ? PKI_TIME_MAX : next,
                               .number = 1 };
            if (edit)
                edit(&t, spare, &s->pki, ca, holder, s->opt.now);
            TRY(crl_build(&t, ca, pki_key_of(&s->pki, id)->sk, c->der[i], sizeof c->der[i],
                          &c->der_len[i]));
            CHECK(crl_parse(c->der[i], c->der_len[i], &c->parsed[i]) == ERR_OK, ERR_INTERNAL);
            c->set.list[c->set.n++] = &c->parsed[i];
        }
    }
    return ERR_OK;
}

err_t sim_set_authz(sim *s, const char *list)
{
    size_t n = strlen(list);
    CHECK(n > 0 && n < sizeof s->authz_text, ERR_USAGE);
    memcpy(s->authz_text, list, n + 1);
    s->n_authz = 0;
    for (char *p = s->authz_text;;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        CHECK(*p && s->n_authz < HS_AUTHZ_MAX, ERR_USAGE);
        s->authz[s->n_authz++] = p;
        if (!comma)
            break;
        p = comma + 1;
    }
    return ERR_OK;
}

void sim_configure(sim *s)
{
    const sim_options *o = &s->opt;
    pki *p = &s->pki;
    hs_observer obs = trace_observer(&s->tr);
    obs.record_values13 = o->record_values13;

    size_t nc = pki_chain(p, PKI_CLIENT, s->cchain, PKI_CHAIN_MAX);
    size_t nc2 = pki_chain(p, PKI_CLIENT_PARTNER, s->cchain2, PKI_CHAIN_MAX);
    size_t ns = pki_chain(p, PKI_SERVER, s->schain, PKI_CHAIN_MAX);
    s->ccfg = (hs_config){
        .role = PARTY_CLIENT,
        .version = o->version,
        .kx = o->kx,
        .ems = o->ems,
        .chain = s->cchain,
        .n_chain = nc,
        .key = &p->client_key,
        /* a second certificate, from another school: the CertificateRequest's
         * CA list tells the client which one to send */
        .more = { { s->cchain2, nc2, &p->client_partner_key } },
        .n_more = 1,
        .trust = { .name = "the client's trust store", .anchor = { &p->ca.x }, .n = 1 },
        .server_name = PKI_SERVER_NAME,
        .now = clock_resolve(&o->clock[PARTY_CLIENT], o->now),
        .crls = &s->crls[PARTY_CLIENT].set,
        .revocation = o->revocation,
        .app_message = o->message,
        .framing = o->framing,
    };
    s->scfg = (hs_config){
        .role = PARTY_SERVER,
        .version = o->version,
        .kx = o->kx,
        .ems = true, /* the server supports RFC 7627; the client decides */
        .chain = s->schain,
        .n_chain = ns,
        .key = &p->server_key,
        /* the CA it trusts for client certificates: the classroom root, or
         * the client PKI's own (--client-ca separate) */
        .trust = { .name = "the server's trust store",
                   .anchor = { o->client_ca_separate ? &p->client_root.x : &p->ca.x }, .n = 1 },
        .authz = s->authz,
        .n_authz = s->n_authz,
        .now = clock_resolve(&o->clock[PARTY_SERVER], o->now),
        .crls = &s->crls[PARTY_SERVER].set,
        .revocation = o->revocation,
        .framing = o->framing,
    };
    const scenario *sc = s->opt.scenario;
    if (sc && sc->config)
        sc->config(&s->ccfg, &s->scfg, p, &s->thief);
    /* A run against a real peer with its own --ca: this program holds no
     * CRL from that CA, so unless --revocation asks, it does not check. */
    if (o->unobserved && !o->revocation_set && !crl_under(p, &s->crls[PARTY_CLIENT], &p->ca.x))
        s->ccfg.revocation = s->scfg.revocation = CRL_MODE_OFF;
    const hs_config *cfg[2] = { &s->ccfg, &s->scfg };
    for (int i = 0; i < 2; i++) {
        struct trace_lifetime *l = &s->tr.lifetime[i];
        l->has = !(o->unobserved & (1u << i)) && cfg[i]->n_chain > 0;
        if (l->has) {
            l->not_before = cfg[i]->chain[0]->x.not_before;
            l->not_after = cfg[i]->chain[0]->x.not_after;
        }
    }
    s->tr.clock_given[PARTY_CLIENT] = clock_resolve(&o->clock[PARTY_CLIENT], o->now);
    s->tr.clock_given[PARTY_SERVER] = clock_resolve(&o->clock[PARTY_SERVER], o->now);
    s->tr.authz = o->authz;
    s->tr.clock[PARTY_CLIENT] = s->ccfg.now;
    s->tr.clock[PARTY_SERVER] = s->scfg.now;
    s->tr.revocation = s->scfg.revocation;
    hs_observer none = { 0 };
    hs_init(&s->client, &s->ccfg, &s->root, o->unobserved & (1u << PARTY_CLIENT) ? none : obs);
    hs_init(&s->server, &s->scfg, &s->root, o->unobserved & (1u << PARTY_SERVER) ? none : obs);
}

err_t sim_setup(sim *s, const sim_options *o)
{
    s->opt = *o;
    if (!s->opt.message)
        s->opt.message = SIM_DEFAULT_MESSAGE;
    CHECK(strlen(s->opt.message) <= HS_APP_MAX, ERR_USAGE);
    CHECK(steps_for(o->version) != NULL, ERR_USAGE);
    /* RFC 8446 §1.2: TLS 1.3 removed static RSA and every other key
     * transport; all its key exchanges give forward secrecy */
    CHECK(!(o->version == TLS_V13 && o->kx == KX_TRANSPORT), ERR_USAGE);
    if (s->opt.now == 0)
        s->opt.now = o->seeded ? SIM_SEEDED_CLOCK : (int64_t)time(NULL);
    if (o->root_key)
        rng_init_key(&s->root, o->root_key, o->seeded, o->seed);
    else if (o->seeded)
        rng_init_seeded(&s->root, o->seed);
    else
        rng_init_live(&s->root);
    s->opt.root_key = NULL; /* the caller's buffer need not outlive this call */

    rng pki_rng;
    rng_fork(&s->root, "classroom pki", &pki_rng);
    pki_options po = { .now = s->opt.now, .chain_len = o->chain_len,
                       .client_ca_separate = o->client_ca_separate };
    if (o->kx == KX_TRANSPORT) /* the sealed pre-master secret goes to an X25519 key */
        po.edit[po.n_edit++] = pki_edit_server_x25519;
    if (o->scenario) {
        CHECK(scenario_applies(o->scenario, o->kx), ERR_USAGE);
        CHECK(scenario_fits(o->scenario, o->version, o->framing), ERR_USAGE);
        po.edit[po.n_edit++] = o->scenario->pki;
    }
    err_t e = pki_build(&s->pki, &pki_rng, &po);
    rng_wipe(&pki_rng);
    TRY(e);
    TRY(issue_crls(s, PARTY_CLIENT));
    TRY(issue_crls(s, PARTY_SERVER));
    TRY(sim_set_authz(s, o->authz ? o->authz : SIM_DEFAULT_AUTHZ));
    for (party p = PARTY_CLIENT; p <= PARTY_SERVER; p++) {
        int64_t t = clock_resolve(&o->clock[p], s->opt.now);
        CHECK(t >= 1 && t < PKI_TIME_MAX, ERR_USAGE);
    }

    /* the thief's own key pair: the same bytes whatever the scenario */
    uint8_t seed[32];
    rng thief_rng;
    rng_fork(&s->root, "thief", &thief_rng);
    rng_bytes(&thief_rng, seed, sizeof seed);
    rng_wipe(&thief_rng);
    s->thief.type = X509_KEY_ED25519;
    memcpy(s->thief.seed, seed, sizeof seed);
    crypto_sign_seed_keypair(s->thief.pk, s->thief.sk, seed);
    sodium_memzero(seed, sizeof seed);
    return ERR_OK;
}

void sim_trace_begin(sim *s)
{
    const sim_options *o = &s->opt;
    trace *t = &s->tr;
    trace_free(t);
    trace_init(t);
    t->seeded = o->seeded;
    t->seed = o->seed;
    memcpy(t->root_key, s->root.key, sizeof t->root_key);
    t->now = o->now;
    t->version = o->version;
    t->framing = o->framing;
}

err_t sim_handshake(sim *s)
{
    const sim_options *o = &s->opt;
    trace *t = &s->tr;
    sim_trace_begin(s);
    hs_wipe(&s->client);
    hs_wipe(&s->server);
    sim_configure(s);
    rng_fork(&s->root, "attacker", &s->attacker);
    memset(&s->eve, 0, sizeof s->eve);

    wire_mem w = { .end = { &s->client, &s->server }, .tr = t, .sc = o->scenario,
                   .attacker = &s->attacker, .chunk = o->wire_chunk };
    err_t e = wire_mem_start(&w, PARTY_CLIENT);
    if (e == ERR_OK)
        e = wire_mem_run(&w);
    wire_mem_free(&w);
    TRY(e);
    TRY(t->oom);
    trace_finish(t);
    t->scenario = o->scenario ? o->scenario->name : NULL;
    if (o->scenario && o->scenario->key_leak) {
        eve_attack(t, &s->pki.server_key, &s->eve);
        t->eve = &s->eve;
    }
    return ERR_OK;
}

err_t sim_run(sim *s, const sim_options *o)
{
    TRY(sim_setup(s, o));
    return sim_handshake(s);
}
