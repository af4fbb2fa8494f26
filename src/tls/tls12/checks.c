/* checks.c — the TLS 1.2 check catalogue (checks.h) as a table. */
#include "tls/tls12/checks.h"

#include "tls/tls12/values.h"

static const check_row rows[CHK_COUNT] = {
#define C(e, name, step, rfc) [e] = { name, step, rfc },
    CHECK_LIST(C)
#undef C
};

const check_row *checks_row(check_id id)
{
    return id > CHK_NONE && id < CHK_COUNT ? &rows[id] : NULL;
}

void checks_name(check_id id, const char *peer, const char *param, char *out, size_t cap)
{
    const check_row *r = checks_row(id);
    if (cap == 0)
        return;
    out[0] = '\0';
    if (r)
        values_fill(r->name, peer, param, out, cap);
}
