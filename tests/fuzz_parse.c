/* fuzz_parse.c — libFuzzer target for every parser of untrusted bytes:
 * records, each handshake message (with span recording on) in its TLS 1.2
 * and, where the layout differs, its TLS 1.3 form, X.509 certificates and
 * CRLs, PEM.
 * The first input byte picks the parser; the rest is the input.
 * Build and run: make fuzz. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tls/msg/msg.h"
#include "pki/crl.h"
#include "pki/pki.h"
#include "tls/record.h"
#include "pki/x509.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static spans sp;
    if (size < 1)
        return 0;
    uint8_t pick = data[0];
    data++;
    size--;
    sp_init(&sp, (uint32_t)(pick & 7));
    rd r;
    rd_init(&r, data, size);
    switch (pick % 8) {
    case 0: {
        rec_view v;
        (void)rec_parse(&r, &v);
        break;
    }
    case 1: {
        x509_cert c;
        (void)x509_parse_rd(&r, &c, &sp);
        crl l; /* the same bytes as a CRL (RFC 5280 §5.1) */
        (void)crl_parse(data, size, &l);
        break;
    }
    case 2: {
        uint8_t der[X509_CERT_MAX];
        size_t n;
        char text[8192];
        size_t len = size < sizeof text ? size : sizeof text;
        memcpy(text, data, len);
        (void)pem_decode(text, len, "CERTIFICATE", der, sizeof der, &n);
        break;
    }
    default:
        /* handshake (both ClientKeyExchange forms), CCS, alert, app data */
        (void)msg_annotate(CT_HANDSHAKE, data, size, pick & 0x10,
                           pick & 0x20 ? TLS_V13 : TLS_V12, &sp);
        (void)msg_annotate((uint8_t)(CT_CHANGE_CIPHER_SPEC + (pick >> 6)), data, size, false,
                           TLS_V12, &sp);
        /* the TLS 1.3 forms (the hellos are the same parsers as above) */
        switch (size > 0 ? data[0] : 0) {
        case HT_ENCRYPTED_EXTENSIONS: {
            msg_encrypted_ext m;
            (void)msg13_encrypted_ext_parse(&r, &m, MSG_EXT_SET_ALL, &sp);
            break;
        }
        case HT_CERTIFICATE_REQUEST: {
            msg13_cert_request m;
            (void)msg13_cert_request_parse(&r, &m, &sp);
            break;
        }
        case HT_CERTIFICATE: {
            msg13_certificate m;
            (void)msg13_certificate_parse(&r, &m, &sp);
            break;
        }
        case HT_FINISHED: {
            uint8_t vd[MSG13_FINISHED_LEN];
            (void)msg_finished_parse(&r, vd, sizeof vd, &sp);
            break;
        }
        default:
            break;
        }
        break;
    }
    /* spans never point outside the input */
    for (size_t i = 0; i < sp.n; i++)
        if (sp.v[i].off < sp.shift || sp.v[i].off - sp.shift + sp.v[i].len > size)
            __builtin_trap();
    return 0;
}
