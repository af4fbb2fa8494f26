/* clock.c — parsing and applying a side's clock (clock.h). */
#include "run/clock.h"

#include <stdio.h>
#include <string.h>

#include "pki/der.h"

static bool digits(const char *s, size_t n, int64_t *v)
{
    int64_t x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return true;
}

/* YYYY-MM-DDTHH:MM:SSZ, each field in range (February 29 only in a leap
 * year: the date must come back the same from its day count). */
static bool parse_absolute(const char *s, int64_t *t)
{
    int64_t y, mo, d, h, mi, se;
    if (strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
        s[16] != ':' || s[19] != 'Z')
        return false;
    if (!digits(s, 4, &y) || !digits(s + 5, 2, &mo) || !digits(s + 8, 2, &d) ||
        !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) || !digits(s + 17, 2, &se))
        return false;
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59)
        return false;
    int64_t days = der_days_from_civil(y, (unsigned)mo, (unsigned)d), yy;
    unsigned m2, d2;
    der_civil_from_days(days, &yy, &m2, &d2);
    if (yy != y || m2 != (unsigned)mo || d2 != (unsigned)d)
        return false;
    *t = days * 86400 + h * 3600 + mi * 60 + se;
    return true;
}

static const struct { char unit; int64_t seconds; } units[] = {
    { 'd', 86400 }, { 'h', 3600 }, { 'm', 60 }, { 's', 1 },
};

bool clock_parse(const char *s, side_clock *c, char *why, size_t cap)
{
    size_t n = strlen(s);
    if (n > 0 && (s[0] == '+' || s[0] == '-')) {
        int64_t v, mul = 0;
        for (size_t i = 0; i < sizeof units / sizeof *units; i++)
            if (n >= 3 && s[n - 1] == units[i].unit)
                mul = units[i].seconds;
        if (!mul || n - 2 > 11 || !digits(s + 1, n - 2, &v)) {
            snprintf(why, cap, "'%s' is not an offset: a sign, a whole number and one unit "
                               "s, m, h or d (e.g. +2h, -90m, -3d)", s);
            return false;
        }
        if (v > CLOCK_OFFSET_MAX / mul) {
            snprintf(why, cap, "'%s' is more than 100 years away", s);
            return false;
        }
        *c = (side_clock){ CLOCK_OFFSET, (s[0] == '-' ? -1 : 1) * v * mul };
        return true;
    }
    int64_t t;
    if (!parse_absolute(s, &t)) {
        snprintf(why, cap, "'%s' is neither an offset (+2h, -90m, -3d) nor a UTC time "
                           "YYYY-MM-DDTHH:MM:SSZ (e.g. 2026-12-02T10:00:00Z)", s);
        return false;
    }
    *c = (side_clock){ CLOCK_ABSOLUTE, t };
    return true;
}

int64_t clock_resolve(const side_clock *c, int64_t now)
{
    switch (c->kind) {
    case CLOCK_ABSOLUTE: return c->value;
    case CLOCK_OFFSET: return now + c->value;
    default: return now;
    }
}

void clock_str(const side_clock *c, char *out, size_t cap)
{
    if (c->kind == CLOCK_SAME) {
        snprintf(out, cap, "%s", "");
    } else if (c->kind == CLOCK_ABSOLUTE) {
        int64_t y, t = c->value, days = t / 86400, sec = t % 86400;
        unsigned m, d;
        der_civil_from_days(days, &y, &m, &d);
        snprintf(out, cap, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y, m, d,
                 (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
    } else {
        int64_t v = c->value < 0 ? -c->value : c->value;
        size_t i = 0;
        while (i + 1 < sizeof units / sizeof *units && v % units[i].seconds)
            i++;
        snprintf(out, cap, "%c%lld%c", c->value < 0 ? '-' : '+',
                 (long long)(v / units[i].seconds), units[i].unit);
    }
}
