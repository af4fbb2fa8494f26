/* test_afile.c — atomic file writes: the new file appears whole or not at
 * all, the old one survives a failed write, no temporary file is left. */
#include "testlib.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"

static size_t count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void read_all(const char *path, char *out, size_t cap)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(out, 1, cap - 1, f);
    out[n] = '\0';
    fclose(f);
}

static void test_commit_and_abort(void **state)
{
    (void)state;
    char dir[] = "/tmp/mtls-afile-XXXXXX", path[128], buf[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/out.txt", dir);

    afile a;
    assert_int_equal(afile_open(&a, dir, "out.txt", 0600), ERR_OK);
    fputs("first", a.f);
    assert_int_equal(count_entries(dir), 1); /* only the temporary file so far */
    assert_int_equal(afile_close(&a, true), ERR_OK);
    read_all(path, buf, sizeof buf);
    assert_string_equal(buf, "first");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);

    /* a write that is not committed leaves the old file as it was */
    assert_int_equal(afile_open(&a, NULL, path, 0644), ERR_OK);
    fputs("second, never finished", a.f);
    assert_int_equal(afile_close(&a, false), ERR_IO);
    read_all(path, buf, sizeof buf);
    assert_string_equal(buf, "first");
    assert_int_equal(count_entries(dir), 1);

    /* a missing directory and an over-long name are clean errors */
    assert_int_equal(afile_open(&a, "/nonexistent-mtls-dir", "x", 0644), ERR_IO);
    assert_int_equal(errno, ENOENT);
    char longname[AFILE_PATH_LEN + 8];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    assert_int_equal(afile_open(&a, dir, longname, 0644), ERR_IO);
    assert_int_equal(errno, ENAMETOOLONG);

    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commit_and_abort),
    };
    return cmocka_run_group_tests_name("afile", tests, NULL, NULL);
}
