/* failure.c — both sides of a failed handshake, from the trace alone, and
 * the OpenSSL catalogue (failure.h). */
#include "model/failure.h"

#include <string.h>

/* The names, numbers and texts are OpenSSL 3's (x509_vfy.h and
 * X509_verify_cert_error_string); the alerts are its ssl_x509err2alert
 * table. Where this program and OpenSSL send different alerts for the same
 * fault, both are shown: RFC 5246 §7.2.2 gives each code's meaning, not
 * which check sends it. */
const failure_openssl failure_openssl_list[] = {
    { ERR_CERT_UNKNOWN_CA, "X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY", 20,
      "unable to get local issuer certificate", ALERT_unknown_ca, "" },
    { ERR_CERT_SIGNATURE, "X509_V_ERR_CERT_SIGNATURE_FAILURE", 7,
      "certificate signature failure", ALERT_decrypt_error, "" },
    { ERR_CERT_EXPIRED, "X509_V_ERR_CERT_HAS_EXPIRED", 10, "certificate has expired",
      ALERT_certificate_expired, "" },
    { ERR_CERT_NOT_YET_VALID, "X509_V_ERR_CERT_NOT_YET_VALID", 9,
      "certificate is not yet valid", ALERT_bad_certificate, "" },
    { ERR_CERT_ISSUER_NOT_CA, "X509_V_ERR_INVALID_CA", 79, "invalid CA certificate",
      ALERT_unknown_ca, "" },
    { ERR_CERT_KEY_USAGE, "X509_V_ERR_INVALID_PURPOSE", 26, "unsupported certificate purpose",
      ALERT_unsupported_certificate, "" },
    { ERR_CERT_EKU, "X509_V_ERR_INVALID_PURPOSE", 26, "unsupported certificate purpose",
      ALERT_unsupported_certificate, "" },
    { ERR_CERT_NAME, "X509_V_ERR_HOSTNAME_MISMATCH", 62, "hostname mismatch",
      ALERT_bad_certificate, "with a host name set to check (SSL_set1_host)" },
    { ERR_CERT_REVOKED, "X509_V_ERR_CERT_REVOKED", 23, "certificate revoked",
      ALERT_certificate_revoked, "" },
    { ERR_CRL_MISSING, "X509_V_ERR_UNABLE_TO_GET_CRL", 3, "unable to get certificate CRL",
      ALERT_unknown_ca, "with CRL checking on (X509_V_FLAG_CRL_CHECK)" },
    { ERR_CRL_SIGNATURE, "X509_V_ERR_CRL_SIGNATURE_FAILURE", 8, "CRL signature failure",
      ALERT_decrypt_error, "" },
    { ERR_CRL_NOT_YET_VALID, "X509_V_ERR_CRL_NOT_YET_VALID", 11, "CRL is not yet valid",
      ALERT_bad_certificate, "" },
    { ERR_CRL_STALE, "X509_V_ERR_CRL_HAS_EXPIRED", 12, "CRL has expired",
      ALERT_certificate_expired, "" },
    { ERR_AUTHZ_DENIED, "X509_V_ERR_APPLICATION_VERIFICATION", 50,
      "application verification failure", ALERT_handshake_failure,
      "OpenSSL itself does no authorization: this is what it sends when the "
      "application's verify callback refuses the identity" },
};

const size_t failure_openssl_count = sizeof failure_openssl_list / sizeof *failure_openssl_list;

const failure_openssl *failure_openssl_of(err_t e)
{
    for (size_t i = 0; i < failure_openssl_count; i++)
        if (failure_openssl_list[i].err == e)
            return &failure_openssl_list[i];
    return NULL;
}

bool failure_sides_of(const trace *t, failure_sides *f)
{
    memset(f, 0, sizeof *f);
    const trace_outcome *o = &t->outcome;
    if (o->ok || o->alert < 0)
        return false;
    f->rejecter = o->sent_by;
    f->other = party_peer(o->sent_by);
    f->step = o->step;
    f->alert = o->alert;
    f->level = 2;
    /* the fatal alert the rejecter sent, as the wire carried it */
    for (size_t i = 0; i < t->n_msgs && !f->msg; i++) {
        const trace_msg *m = &t->msgs[i];
        if (m->from == f->rejecter && m->content_type == CT_ALERT && m->plain_len == 2 &&
            m->plain[0] == 2 && m->plain[1] == o->alert)
            f->msg = &t->msgs[i];
    }
    f->sealed = f->msg && f->msg->sealed;
    /* the reason stays with the side that refused: in the trace only when
     * that side reported (always in one process; against a real peer only
     * when this side refused) */
    const trace_side *s = &t->side[f->rejecter];
    if (s->reported && s->failed) {
        f->reason = s->err;
        for (size_t i = 0; i < t->n_checks && !f->check; i++)
            if (t->checks[i].who == f->rejecter && t->checks[i].result != ERR_OK)
                f->check = &t->checks[i];
    }
    f->other_received = t->side[f->other].reported &&
                        t->side[f->other].alert_received == o->alert;
    f->openssl = failure_openssl_of(f->reason);
    return true;
}
