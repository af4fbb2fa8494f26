/* test_vec.c — vec_reserve: room doubles from its first size, what is
 * there is kept, and a size that would overflow is refused unchanged. */
#include "testlib.h"

#include <stdint.h>
#include <stdlib.h>

#include "base/vec.h"

static void test_room_doubles_and_keeps(void **state)
{
    (void)state;
    int *a = NULL;
    size_t cap = 0;
    assert_true(vec_reserve((void **)&a, &cap, 1, sizeof *a, 4));
    assert_int_equal(cap, 4);
    for (int i = 0; i < 4; i++)
        a[i] = 100 + i;
    assert_true(vec_reserve((void **)&a, &cap, 4, sizeof *a, 4)); /* fits: nothing to do */
    assert_int_equal(cap, 4);
    assert_true(vec_reserve((void **)&a, &cap, 9, sizeof *a, 4));
    assert_int_equal(cap, 16);
    for (int i = 0; i < 4; i++)
        assert_int_equal(a[i], 100 + i);
    free(a);
}

static void test_overflow_refused(void **state)
{
    (void)state;
    int *a = NULL;
    size_t cap = 0;
    assert_true(vec_reserve((void **)&a, &cap, 2, sizeof *a, 2));
    int *before = a;
    assert_false(vec_reserve((void **)&a, &cap, SIZE_MAX / 2 + 2, sizeof *a, 2));
    assert_false(vec_reserve((void **)&a, &cap, SIZE_MAX / sizeof *a + 1, sizeof *a, 2));
    assert_ptr_equal(a, before);
    assert_int_equal(cap, 2);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_room_doubles_and_keeps),
        cmocka_unit_test(test_overflow_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
