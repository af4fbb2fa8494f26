/* scenario_policy.h — inside the scenario catalogue: the hooks of the
 * scenarios about policy (clocks, lifetimes, revocation, authorization),
 * defined in scenario_policy.c, and the CRL edits a scenario makes when
 * the run's CA issues its CRLs (a point the scenario row has no field
 * for: a side table, keyed by the scenario's name).
 */
#ifndef MTLS_SCENARIO_POLICY_H
#define MTLS_SCENARIO_POLICY_H

#include "pki/crl.h"
#include "pki/pki.h"
#include "run/scenario.h"

/* The CRL of `issuer` that side `holder` holds at simulated time now: the
 * default is filled in; a scenario may list a serial or move its times.
 * spare holds room for the entries a scenario adds (CRL_REVOKED_MAX). */
typedef void (*scenario_crl_fn)(crl_template *t, crl_entry spare[CRL_REVOKED_MAX],
                                const pki *p, const x509_cert *issuer, party holder,
                                int64_t now);
/* The CRL edit of sc, or NULL when it makes none (sc may be NULL). */
scenario_crl_fn scenario_crl_edit(const scenario *sc);

void pki_short_lived(pki_templates *t);
void pki_fresh_client(pki_templates *t);
void pki_intruder(pki_templates *t);
void cfg_clock_skew(hs_config *c, hs_config *s, const pki *p, const pki_key *thief);

/* short-lived: certificates live SC_SHORT_LIFETIME seconds; renewal is
 * due at two thirds of the lifetime (SC_RENEW_NUM / SC_RENEW_DEN). */
#define SC_SHORT_LIFETIME 3600
#define SC_RENEW_NUM 2
#define SC_RENEW_DEN 3
/* clock-skew: how far the server's clock is behind */
#define SC_SKEW_SECONDS 600

#endif
