/* kx.c — the key-exchange methods as a table, and finding one. */
#include "tls/kx/kx.h"

#include "tls/hs.h"

static const kx_method *const methods[] = { &kx_ecdhe, &kx_transport };
#define N_METHODS (sizeof methods / sizeof methods[0])

const kx_method *kx_for(hs_kx kind)
{
    for (size_t i = 0; i < N_METHODS; i++)
        if (methods[i]->kind == kind)
            return methods[i];
    return methods[0];
}

const kx_method *kx_for_suite(uint16_t suite)
{
    for (size_t i = 0; i < N_METHODS; i++)
        for (size_t k = 0; k < methods[i]->n_suites; k++)
            if (methods[i]->suites[k] == suite)
                return methods[i];
    return NULL;
}

const kx_method *kx_for_server_key(x509_key_type k)
{
    for (size_t i = 0; i < N_METHODS; i++)
        if (methods[i]->server_key == k)
            return methods[i];
    return NULL;
}

bool kx_is(const hs *h, hs_kx kind) { return h->kx && h->kx->kind == kind; }
