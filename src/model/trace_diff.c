/* trace_diff.c — compare a faulty run with its clean twin. */
#include "model/trace_diff.h"

#include <string.h>

static bool same_bytes(const uint8_t *a, size_t na, const uint8_t *b, size_t nb)
{
    return na == nb && (na == 0 || memcmp(a, b, na) == 0);
}

void trace_compare(const trace *clean, const trace *fault, trace_diff *d)
{
    memset(d, 0, sizeof *d);
    d->n_clean = clean->n_msgs;
    d->n_fault = fault->n_msgs;
    size_t n = clean->n_msgs > fault->n_msgs ? clean->n_msgs : fault->n_msgs;
    for (size_t i = 0; i < n; i++) {
        const trace_msg *a = i < clean->n_msgs ? &clean->msgs[i] : NULL;
        const trace_msg *b = i < fault->n_msgs ? &fault->msgs[i] : NULL;
        /* compare what each sender wrote and what crossed the wire */
        bool same = a && b && same_bytes(a->record, a->record_len, b->record, b->record_len) &&
                    !b->tampered;
        if (!same) {
            const trace_msg *m = b ? b : a;
            d->first_seq = (int)i + 1;
            d->first_name = m->name;
            d->first_from = m->from;
            d->first_tampered = b && b->tampered;
            break;
        }
    }
    for (size_t i = 0; i < clean->n_values; i++) {
        const trace_value *a = &clean->values[i];
        const trace_value *b = trace_value_get(fault, a->vid);
        if (!b) {
            d->n_missing_values++;
            continue;
        }
        size_t na, nb;
        const uint8_t *pa = trace_value_bytes(a, &na), *pb = trace_value_bytes(b, &nb);
        if (same_bytes(pa, na, pb, nb))
            d->n_same_values++;
        else
            d->n_changed_values++;
    }
}
