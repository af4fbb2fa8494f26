/* version.c — the protocol versions by name (version.h). */
#include "tls/version.h"

const char *tls_version_str(tls_version v)
{
    switch (v) {
    case TLS_V12: return "1.2";
    case TLS_V13: return "1.3";
    }
    return "?";
}
