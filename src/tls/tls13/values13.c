/* values13.c — which catalogue row each part of a protected TLS 1.3 record
 * is reported under (tls13/values13.h, VALUES13_SEALED): by sender and by
 * the message the record carries (RFC 8446 §5.2). */
#include "tls/tls12/values.h"

#include "tls/msg/msg.h"
#include "tls/record.h"

typedef struct sealed13_row {
    party sender;
    uint8_t type, hs_type;
    value_id v[SEAL13_PARTS]; /* in seal13_part order */
} sealed13_row;

#define ROW(W, F, type, hs) \
    { PARTY_##W, type, hs, \
      { VAL13_##W##_##F##_NONCE, VAL13_##W##_##F##_AAD, VAL13_##W##_##F##_INNER_TYPE, \
        VAL13_##W##_##F##_TAG } }

static const sealed13_row rows[] = {
    ROW(SERVER, EE, CT_HANDSHAKE, HT_ENCRYPTED_EXTENSIONS),
    ROW(SERVER, CR, CT_HANDSHAKE, HT_CERTIFICATE_REQUEST),
    ROW(SERVER, CERT, CT_HANDSHAKE, HT_CERTIFICATE),
    ROW(SERVER, CV, CT_HANDSHAKE, HT_CERTIFICATE_VERIFY),
    ROW(SERVER, FIN, CT_HANDSHAKE, HT_FINISHED),
    ROW(SERVER, APP, CT_APPLICATION_DATA, 0),
    ROW(SERVER, ALERT, CT_ALERT, 0),
    ROW(CLIENT, CERT, CT_HANDSHAKE, HT_CERTIFICATE),
    ROW(CLIENT, CV, CT_HANDSHAKE, HT_CERTIFICATE_VERIFY),
    ROW(CLIENT, FIN, CT_HANDSHAKE, HT_FINISHED),
    ROW(CLIENT, APP, CT_APPLICATION_DATA, 0),
    ROW(CLIENT, ALERT, CT_ALERT, 0),
};

value_id values13_sealed(party sender, uint8_t type, uint8_t hs_type, seal13_part part)
{
    if (part >= SEAL13_PARTS)
        return VAL_NONE;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (rows[i].sender == sender && rows[i].type == type &&
            (type != CT_HANDSHAKE || rows[i].hs_type == hs_type))
            return rows[i].v[part];
    return VAL_NONE;
}
