/* tui_compare.c — scenario menu entries and comparison words. */
#include "view/tui/tui_compare.h"

#include <stdio.h>
#include <string.h>

#include "run/eve.h"
#include "tls/version.h"

size_t tui_scenario_menu(hs_kx kx, tls_version v, const scenario **out, size_t cap)
{
    size_t n = 0;
    if (n < cap)
        out[n] = NULL;
    n++;
    for (size_t i = 0; i < scenario_count; i++) {
        if (!scenario_applies(&scenario_list[i], kx) || !scenario_runs_in(&scenario_list[i], v))
            continue;
        if (n < cap)
            out[n] = &scenario_list[i];
        n++;
    }
    return n;
}

bool tui_msg_differs(const trace *clean, const trace *fault, size_t i)
{
    if (i >= fault->n_msgs)
        return false;
    const trace_msg *b = &fault->msgs[i];
    if (b->tampered || i >= clean->n_msgs)
        return true;
    const trace_msg *a = &clean->msgs[i];
    return a->record_len != b->record_len || memcmp(a->record, b->record, a->record_len) != 0;
}

bool tui_hex_row_same(const uint8_t *a, size_t an, const uint8_t *b, size_t bn, size_t r,
                      int per)
{
    size_t at = r * (size_t)per;
    size_t na = an > at ? an - at : 0, nb = bn > at ? bn - at : 0;
    na = na < (size_t)per ? na : (size_t)per;
    nb = nb < (size_t)per ? nb : (size_t)per;
    return na == nb && (na == 0 || memcmp(a + at, b + at, na) == 0);
}

void tui_diff_text(const trace_diff *d, char *out, size_t cap)
{
    if (d->first_seq == 0) {
        snprintf(out, cap, "all %zu messages identical", d->n_fault);
        return;
    }
    char same[48] = "";
    if (d->first_seq == 2)
        snprintf(same, sizeof same, "message #1 identical; ");
    else if (d->first_seq > 2)
        snprintf(same, sizeof same, "messages #1\u2013#%d identical; ", d->first_seq - 1);
    size_t i = (size_t)d->first_seq - 1;
    const char *how = d->first_tampered   ? "changed in flight"
                      : i >= d->n_clean   ? "not in the clean run"
                      : i >= d->n_fault   ? "never sent with the fault"
                                          : "other bytes";
    snprintf(out, cap, "%s#%d %s (%s) differs: %s", same, d->first_seq,
             d->first_name ? d->first_name : "?", party_name(d->first_from), how);
}

void tui_scenario_outcome(const trace *t, bool shorter, char *out, size_t cap)
{
    const trace_outcome *o = &t->outcome;
    const char *name = t->scenario;
    if (!name) {
        snprintf(out, cap, "%s", "");
        return;
    }
    if (o->alert >= 0) {
        if (shorter)
            snprintf(out, cap, "%s: %s, step %d, %s", name, party_name(o->sent_by), o->step,
                     alert_name(o->alert));
        else
            snprintf(out, cap, "scenario %s: the %s sends %s (%d) at step %d", name,
                     party_name(o->sent_by), alert_name(o->alert), o->alert, o->step);
    } else if (!o->ok) {
        snprintf(out, cap, "%s%s: %s at step %d", shorter ? "" : "scenario ", name,
                 err_str(o->err), o->step);
    } else if (t->eve && t->eve->attempted) {
        bool got = t->eve->recovered;
        if (shorter)
            snprintf(out, cap, "%s: completes; Eve reads %s", name, got ? "it all" : "nothing");
        else
            snprintf(out, cap, "scenario %s: completes; with the stolen key Eve reads %s", name,
                     got ? "everything" : "nothing (forward secrecy)");
    } else {
        snprintf(out, cap, "%s%s: the handshake completes", shorter ? "" : "scenario ", name);
    }
}

bool tui_versions_other(const sim_options *o, sim_options *other, char *why, size_t cap)
{
    tls_version to = o->version == TLS_V13 ? TLS_V12 : TLS_V13;
    const char *no = NULL;
    char sc[96];
    /* what the other version cannot do, as --tls 1.3 refuses it; short
     * enough for the status line */
    if (to == TLS_V13 && o->kx == KX_TRANSPORT)
        no = "TLS 1.3 has no key transport (--kx transport)";
    else if (to == TLS_V13 && !o->ems)
        no = "TLS 1.3 has no legacy master secret (--no-ems)";
    else if (o->scenario && !scenario_fits(o->scenario, to, o->framing)) {
        snprintf(sc, sizeof sc, "%.40s does not run in TLS %s", o->scenario->name,
                 tls_version_str(to));
        no = sc;
    }
    if (no) {
        snprintf(why, cap, "nothing to compare: %s", no);
        return false;
    }
    *other = *o;
    other->version = to;
    return true;
}

int tui_columns_fit(int *w, size_t n, int room, int min)
{
    int sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += w[i];
    while (sum > room) {
        size_t widest = 0;
        for (size_t i = 1; i < n; i++)
            if (w[i] > w[widest])
                widest = i;
        if (n == 0 || w[widest] <= min)
            break;
        w[widest]--;
        sum--;
    }
    return sum;
}
