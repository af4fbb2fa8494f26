/* pki.h — the classroom PKI, built by the program itself from the
 * generator and the simulated clock, and its export as PEM files.
 *
 * As real PKIs are, it is a hierarchy: a root CA (self-signed, kept
 * offline in practice) issues intermediate CAs, which issue the leaves.
 * By default both the server's and the client's certificate are issued by
 * an intermediate of their own ("Server Issuing CA", "Client Issuing CA")
 * under one root; pki_options.client_ca_separate puts the client's
 * intermediate under a root of its own (two PKIs, as most deployments
 * have), and chain_len 1 issues both leaves straight from their root.
 * Beside them: a rogue CA, a second root for CA rotation ("Root CA G2"), a
 * partner school's CA with a second client certificate, and a third-level
 * CA that only the path-too-long scenario uses.
 */
#ifndef MTLS_PKI_H
#define MTLS_PKI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/afile.h"
#include "base/err.h"
#include "base/rng.h"
#include "pki/x509.h"

#define PKI_SERVER_NAME "server.classroom.example"
#define PKI_CLIENT_URI "spiffe://classroom.example/student"
/* the client's second identity, from another school's CA */
#define PKI_PARTNER_URI "spiffe://partner-school.example/student"
#define PKI_SK_LEN 64 /* libsodium Ed25519 secret key: seed ‖ public key */
#define PKI_SERIAL_LEN 16
/* 9999-12-31T23:59:59Z, the last second a certificate's validity can name
 * (GeneralizedTime, RFC 5280 §4.1.2.5): a validity that would run past it
 * ends then. */
#define PKI_TIME_MAX INT64_C(253402300799)

/* A long-term key pair. For Ed25519, seed is the RFC 8032 secret key and sk
 * the libsodium form; for X25519, seed is the private scalar. */
typedef struct pki_key {
    x509_key_type type;
    uint8_t seed[32];
    uint8_t sk[PKI_SK_LEN];
    uint8_t pk[X509_KEY_LEN];
} pki_key;

/* A certificate with its DER and its parsed form (which points into der). */
typedef struct pki_cert {
    uint8_t der[X509_CERT_MAX];
    size_t der_len;
    x509_cert x;
} pki_cert;

/* The certificates of the classroom PKI, in the order they are issued (an
 * issuer before what it issues). */
typedef enum {
    PKI_CA,            /* the classroom root CA: the server PKI's (and, shared, the client's) */
    PKI_ROGUE,         /* a root nobody trusts */
    PKI_CLIENT_ROOT,   /* the client PKI's own root (client_ca_separate) */
    PKI_NEW_CA,        /* the classroom's next root ("G2"), for CA rotation */
    PKI_PARTNER_CA,    /* another school's root, issuer of the client's second certificate */
    PKI_SERVER_CA,     /* intermediate: issues server certificates; pathLenConstraint 0 */
    PKI_CLIENT_CA,     /* intermediate: issues client certificates; pathLenConstraint 0 */
    PKI_CLIENT_SUB_CA, /* a CA under PKI_CLIENT_CA (path-too-long only) */
    PKI_SERVER,
    PKI_CLIENT,
    PKI_CLIENT_PARTNER, /* the client's certificate from the partner school */
    PKI_N_CERTS
} pki_id;

/* The longest chain pki_chain gives: leaf and up to three CAs below a root. */
#define PKI_CHAIN_MAX 4

/* One certificate before it is issued. pki_build fills it with the
 * defaults; an edit may change any field; then it is issued. x.key is set
 * at issue from the key of x.key_type made from this certificate's seed. */
typedef struct pki_template {
    x509_template x; /* serial, subject, validity, key type, key usage, EKU, SANs */
    pki_id issuer;   /* whose Name and key identifier it carries: itself for a self-signed CA */
    pki_id signer;   /* whose private key signs it: the issuer's, unless forged */
} pki_template;

/* All templates, indexed by pki_id, the clock they are valid around, and
 * the shape of the hierarchy (from pki_options; an edit may change it). The
 * shape is applied after the edits, to issuers the edits left as they were
 * (pki_build). */
typedef struct pki_templates {
    int64_t now;
    pki_template cert[PKI_N_CERTS];
    unsigned chain_len;      /* 2: leaf under an intermediate (default), 1: leaf under the root */
    bool client_ca_separate; /* the client's intermediate under PKI_CLIENT_ROOT */
} pki_templates;

/* An edit of the templates: a scenario's certificate fault, or the shape a
 * key exchange needs. */
typedef void (*pki_edit_fn)(pki_templates *t);

#define PKI_EDITS_MAX 4

typedef struct pki_options {
    int64_t now;                       /* the simulated clock: certificates are valid around it */
    unsigned chain_len;                /* 0 or 2: root → intermediate → leaf; 1: root → leaf */
    bool client_ca_separate;           /* the client PKI has its own root */
    pki_edit_fn edit[PKI_EDITS_MAX];   /* applied in order after the defaults; NULL: skipped */
    size_t n_edit;
} pki_options;

/* The edit key transport needs: the server certificate carries an X25519
 * key, for key agreement only (RFC 8410 §5). */
void pki_edit_server_x25519(pki_templates *t);

typedef struct pki {
    int64_t now;
    pki_key ca_key, rogue_key, server_key, client_key;
    pki_cert ca, rogue, server, client;
    pki_key client_root_key, new_ca_key, partner_ca_key, server_ca_key, client_ca_key,
        client_sub_ca_key, client_partner_key;
    pki_cert client_root, new_ca, partner_ca, server_ca, client_ca, client_sub_ca,
        client_partner;
    pki_id issuer[PKI_N_CERTS]; /* who issued each, as built */
} pki;

/* The default templates for the clock now: the roots (classroom, rogue,
 * client, G2, partner) self-signed for ten years; the two intermediates
 * under the classroom root for five years, pathLenConstraint 0; a server
 * certificate for PKI_SERVER_NAME and a client certificate for
 * PKI_CLIENT_URI from their intermediates, and the partner's client
 * certificate from the partner root, Ed25519, for 90 days. The shape is
 * the default (chain_len 2, shared root). The serials are PKI_SERIAL_LEN
 * bytes each, in pki_id order; the templates point into them. */
void pki_templates_default(pki_templates *t, int64_t now,
                           const uint8_t serials[PKI_N_CERTS * PKI_SERIAL_LEN]);

/* Build every certificate of the hierarchy: draw all key seeds and serials
 * from r (always the same draws in the same order), fill the default
 * templates, set the shape from opt, apply opt's edits, then the shape (to
 * issuers the edits left at their default), then make each key and issue
 * each certificate in pki_id order. Fails with ERR_USAGE for
 * edits that cannot be issued (an issuer issued later than its subject, a
 * signer without an Ed25519 key, a template x509_build refuses), otherwise
 * only on an internal encoding error. */
err_t pki_build(pki *p, rng *r, const pki_options *opt);
/* The certificate and key of an id in p. */
pki_cert *pki_cert_of(pki *p, pki_id id);
pki_key *pki_key_of(pki *p, pki_id id);
const pki_cert *pki_cert_get(const pki *p, pki_id id);

/* The chain a side sends for certificate id: id itself, then each issuer
 * up to, not including, the self-signed root (RFC 5246 §7.4.2, RFC 8446
 * §4.4.2: the root "MAY be omitted"; we always omit it). At most max
 * entries into out; returns how many. */
size_t pki_chain(const pki *p, pki_id id, const pki_cert *out[], size_t max);
/* The root (self-signed) at the top of id's path, as built. */
pki_id pki_root_of(const pki *p, pki_id id);

/* Write into dir (created if missing): ca.pem (the classroom root),
 * server.pem, client.pem, server.key, client.key (PKCS#8), and the
 * hierarchy: root of each side's path (server-root.pem, client-root.pem),
 * its intermediates leaf side first (server-chain.pem, client-chain.pem:
 * the certificates of the Certificate message after the leaf, empty with
 * chain_len 1) and every other CA by name (ca-*.pem). ERR_IO with errno set when a file cannot be
 * written; a partly written file is removed. */
err_t pki_export(const pki *p, const char *dir);
/* The same files, staged in set (written, not yet in place: see
 * afile_set_close). ERR_IO when a file cannot be opened (afile_set_why says
 * why); another code only on an internal encoding error. */
err_t pki_export_set(const pki *p, afile_set *set, const char *dir);

/* PEM text of DER bytes under a label ("CERTIFICATE", "PRIVATE KEY") into
 * out (capacity cap). ERR_OVERFLOW when it does not fit. The text is
 * NUL-terminated; *out_len does not count the NUL. */
err_t pem_encode(const char *label, const uint8_t *der, size_t len, char *out, size_t cap,
                 size_t *out_len);
/* The DER inside the first PEM block "-----BEGIN label-----" of text (len
 * bytes, need not be NUL-terminated), into out (capacity cap). ERR_PEM when
 * there is no such block or its base64 is malformed (RFC 7468 §2: lines of
 * base64 between the boundaries, whitespace ignored); ERR_OVERFLOW when it
 * does not fit. */
err_t pem_decode(const char *text, size_t len, const char *label, uint8_t *out, size_t cap,
                 size_t *out_len);
/* PKCS#8 (RFC 5958, RFC 8410) DER of a private key. */
err_t pki_key_pkcs8(const pki_key *k, uint8_t *out, size_t cap, size_t *out_len);

void pki_wipe(pki *p);

#endif
