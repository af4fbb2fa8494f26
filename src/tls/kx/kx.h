/* kx.h — key exchange as a table of methods.
 *
 * A method says which cipher suites use it, whether the server sends a
 * ServerKeyExchange, which key the server certificate must carry, what it
 * reports, and how each side writes and reads its key-exchange messages. The
 * step table names one handler per message; the handler asks the method the
 * endpoint negotiated (h->kx). Two methods: ECDHE over X25519 (kx/ecdhe.c)
 * and the simulation-only sealed pre-master secret (kx/transport.c).
 */
#ifndef MTLS_KX_H
#define MTLS_KX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/wr.h"
#include "pki/x509.h"
#include "tls/msg/msg.h"
#include "tls/tls12/values.h"

/* The option that selects a method (--kx). */
typedef enum { KX_ECDHE, KX_TRANSPORT } hs_kx;

typedef struct hs hs;

typedef struct kx_method {
    const char *name;
    hs_kx kind;
    const uint16_t *suites;      /* the suites that use it; a client offers them all */
    size_t n_suites;
    bool server_kx;              /* the server sends ServerKeyExchange */
    bool point_formats;          /* the ServerHello carries ec_point_formats (RFC 8422 §5.2) */
    x509_key_type server_key;    /* the key the server certificate must carry */
    const value_id *reports;     /* the values it reports, ending with VAL_NONE */
    /* server: what it needs from the ClientHello beyond the suite; NULL: nothing */
    err_t (*check_hello)(hs *h, const msg_client_hello *m);
    /* ServerKeyExchange: the server's writer, the client's reader (NULL
     * when !server_kx) */
    err_t (*write_server_kx)(hs *h, wr *w);
    err_t (*read_server_kx)(hs *h, const uint8_t *msg, size_t len);
    /* ClientKeyExchange: the client's writer, the server's reader; both
     * leave the pre-master secret in h->pms */
    err_t (*write_client_kx)(hs *h, wr *w);
    err_t (*read_client_kx)(hs *h, const uint8_t *msg, size_t len);
} kx_method;

extern const kx_method kx_ecdhe;     /* kx/ecdhe.c */
extern const kx_method kx_transport; /* kx/transport.c */

/* The method an option selects (never NULL). */
const kx_method *kx_for(hs_kx kind);
/* The method a negotiated suite uses, NULL when none does. */
const kx_method *kx_for_suite(uint16_t suite);
/* The method a server whose certificate carries key type k can run, NULL
 * when none can. */
const kx_method *kx_for_server_key(x509_key_type k);
/* Whether endpoint h negotiated a method of this kind (false before it has). */
bool kx_is(const hs *h, hs_kx kind);

#endif
