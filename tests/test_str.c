/* test_str.c — bounded string building: appends cut short at the capacity,
 * always NUL-terminated, the length kept; str_copy as snprintf "%s". */
#include "testlib.h"

#include "base/str.h"

static void test_put_and_copy(void **state)
{
    (void)state;
    char out[8];
    size_t k = 0;
    out[0] = '\0';
    str_put(out, sizeof out, &k, "abc");
    str_put_n(out, sizeof out, &k, "defgh", 2);
    assert_string_equal(out, "abcde");
    assert_int_equal(k, 5);
    str_put(out, sizeof out, &k, "XYZ"); /* room for two more and the NUL */
    assert_string_equal(out, "abcdeXY");
    assert_int_equal(k, 7);
    str_put(out, sizeof out, &k, "more");
    assert_string_equal(out, "abcdeXY");
    char c[4];
    str_copy(c, sizeof c, "hello");
    assert_string_equal(c, "hel");
    str_copy(c, sizeof c, "");
    assert_string_equal(c, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_and_copy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
