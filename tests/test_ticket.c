/* test_ticket.c — NewSessionTicket (RFC 8446 §4.6.1), which real TLS 1.3
 * servers send after the handshake: a well-formed one is read (its lifetime
 * given, nothing kept); an empty ticket, a lifetime over seven days and
 * bytes left over are refused. */
#include "testlib.h"

#include "tls/msg/msg.h"

/* A NewSessionTicket with lifetime life, a ticket of ticket_len bytes and
 * extra trailing bytes inside the message. */
static size_t ticket(uint8_t *b, uint32_t life, size_t ticket_len, size_t extra)
{
    size_t n = 4;
    b[n++] = (uint8_t)(life >> 24);
    b[n++] = (uint8_t)(life >> 16);
    b[n++] = (uint8_t)(life >> 8);
    b[n++] = (uint8_t)life;
    memset(b + n, 0x11, 4); /* ticket_age_add */
    n += 4;
    b[n++] = 2; /* ticket_nonce */
    b[n++] = 0;
    b[n++] = 1;
    b[n++] = (uint8_t)(ticket_len >> 8);
    b[n++] = (uint8_t)ticket_len;
    memset(b + n, 0xaa, ticket_len);
    n += ticket_len;
    b[n++] = 0; /* extensions: none */
    b[n++] = 0;
    memset(b + n, 0, extra);
    n += extra;
    b[0] = HT_NEW_SESSION_TICKET;
    b[1] = (uint8_t)((n - 4) >> 16);
    b[2] = (uint8_t)((n - 4) >> 8);
    b[3] = (uint8_t)(n - 4);
    return n;
}

static err_t parse(const uint8_t *b, size_t n, uint32_t *life)
{
    rd r;
    rd_init(&r, b, n);
    return msg13_new_session_ticket_parse(&r, life, NULL);
}

static void test_ticket_read_and_refused(void **state)
{
    (void)state;
    uint8_t b[256];
    uint32_t life = 0;
    size_t n = ticket(b, 7200, 32, 0);
    assert_int_equal(parse(b, n, &life), ERR_OK);
    assert_int_equal(life, 7200);
    n = ticket(b, 604800, 1, 0); /* the longest lifetime allowed */
    assert_int_equal(parse(b, n, &life), ERR_OK);
    n = ticket(b, 604801, 1, 0);
    assert_int_equal(parse(b, n, &life), ERR_HS_ILLEGAL_PARAM);
    n = ticket(b, 7200, 0, 0); /* ticket<1..2^16-1> */
    assert_int_equal(parse(b, n, &life), ERR_TRUNCATED);
    n = ticket(b, 7200, 8, 3);
    assert_int_equal(parse(b, n, &life), ERR_TRAILING);
    n = ticket(b, 7200, 8, 0);
    assert_int_equal(parse(b, n - 1, &life), ERR_TRUNCATED); /* cut short */
    b[0] = HT_FINISHED;
    assert_int_equal(parse(b, n, &life), ERR_HS_UNEXPECTED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ticket_read_and_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
