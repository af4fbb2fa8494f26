/* x509_int.h — inside the X.509 module only: the object identifiers that
 * parsing (x509.c, where they are defined) and building (x509_build.c) both
 * use. Not part of the interface; other files include x509.h.
 *
 * Each is the DER content octets of the OID. The sizes are in the types, so
 * sizeof gives the length and a definition of another length does not build.
 */
#ifndef MTLS_X509_INT_H
#define MTLS_X509_INT_H

#include <stddef.h>
#include <stdint.h>

extern const uint8_t x509_oid_ed25519[3];     /* 1.3.101.112, RFC 8410 §3 */
extern const uint8_t x509_oid_x25519[3];      /* 1.3.101.110 */
extern const uint8_t x509_oid_cn[3];          /* 2.5.4.3 commonName */
extern const uint8_t x509_oid_server_auth[8]; /* 1.3.6.1.5.5.7.3.1 */
extern const uint8_t x509_oid_client_auth[8]; /* 1.3.6.1.5.5.7.3.2 */
extern const uint8_t x509_oid_bc[3];          /* 2.5.29.19 basicConstraints */
extern const uint8_t x509_oid_ku[3];          /* 2.5.29.15 keyUsage */
extern const uint8_t x509_oid_eku[3];         /* 2.5.29.37 extendedKeyUsage */
extern const uint8_t x509_oid_san[3];         /* 2.5.29.17 subjectAltName */
extern const uint8_t x509_oid_skid[3];        /* 2.5.29.14 subjectKeyIdentifier */
extern const uint8_t x509_oid_akid[3];        /* 2.5.29.35 authorityKeyIdentifier */

/* The short name of an X.520 attribute type (2.5.4.N: CN, C, L, ST, O, OU),
 * or NULL for any other OID. */
const char *x509_attr_short(const uint8_t *oid, size_t n);

#endif
