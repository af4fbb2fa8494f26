/* err.c — tables behind err.h. */
#include "base/err.h"

static const char *const err_msgs[] = {
#define X(name, alert, msg) msg,
    ERR_LIST(X)
#undef X
};

static const char *const err_names[] = {
#define X(name, alert, msg) #name,
    ERR_LIST(X)
#undef X
};

static const alert_t err_alerts[] = {
#define X(name, alert, msg) ALERT_##alert,
    ERR_LIST(X)
#undef X
};

const char *err_str(err_t e)
{
    return (unsigned)e < ERR_COUNT ? err_msgs[e] : "unknown error";
}

const char *err_name(err_t e)
{
    return (unsigned)e < ERR_COUNT ? err_names[e] : "UNKNOWN";
}

alert_t err_alert(err_t e)
{
    return (unsigned)e < ERR_COUNT ? err_alerts[e] : ALERT_internal_error;
}

const char *alert_name(int alert)
{
    switch (alert) {
#define X(name, num) case num: return #name;
    ALERT_LIST(X)
#undef X
    default: return "unknown";
    }
}
