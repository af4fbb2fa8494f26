/* authz.c — authorization after authentication. A verified chain and a
 * valid CertificateVerify say WHO the client is; whether that identity may
 * use this server is the server's own policy, a separate decision (as a
 * service mesh's authorization policy is, after mutual TLS has
 * authenticated the SPIFFE ID). A refused identity is access_denied (49):
 * RFC 5246 §7.2.2 "A valid certificate was received, but when access
 * control was applied, the sender decided not to proceed" (RFC 8446 §6.2
 * keeps the wording).
 */
#include "tls/hs.h"

#include <stdio.h>
#include <string.h>

#define DETAIL_LEN 320

/* Append ", text" (or "text" first) to out, cut to cap. */
static void add(char *out, size_t cap, const char *text)
{
    size_t len = strlen(out);
    if (len + 1 < cap)
        snprintf(out + len, cap - len, "%s%s", len ? ", " : "", text);
}

err_t hs_authorize(hs *h)
{
    const hs_config *c = h->cfg;
    const x509_cert *leaf = &h->peer_leaf;
    char dt[DETAIL_LEN], have[128] = "", want[128] = "";
    if (c->n_authz == 0)
        return hs_check(h, CHK_AUTHZ, ERR_OK,
                        "no policy configured: every authenticated client may come in");
    /* SAN URIs compare as bytes (RFC 3986 §6.2.1, simple string comparison):
     * spiffe://classroom.example/student and .../Student are two identities */
    for (size_t i = 0; i < leaf->n_uri; i++)
        for (size_t k = 0; k < c->n_authz; k++)
            if (strcmp(leaf->uri[i], c->authz[k]) == 0) {
                snprintf(dt, sizeof dt, "%s is in the server's policy (%zu identit%s allowed)",
                         leaf->uri[i], c->n_authz, c->n_authz == 1 ? "y" : "ies");
                return hs_check(h, CHK_AUTHZ, ERR_OK, dt);
            }
    for (size_t i = 0; i < leaf->n_uri; i++)
        add(have, sizeof have, leaf->uri[i]);
    for (size_t k = 0; k < c->n_authz; k++)
        add(want, sizeof want, c->authz[k]);
    snprintf(dt, sizeof dt, "authenticated as %s, but the policy allows only %s",
             have[0] ? have : "(no SAN URI)", want);
    return hs_check(h, CHK_AUTHZ, ERR_AUTHZ_DENIED, dt);
}
