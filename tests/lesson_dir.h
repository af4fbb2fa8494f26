/* lesson_dir.h — a scratch lesson directory for the lesson tests: made
 * fresh by mkdtemp, files written into it, everything removed after. */
#ifndef MTLS_TEST_LESSON_DIR_H
#define MTLS_TEST_LESSON_DIR_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    char dir[64];
    char files[8][128];
    int n;
} tmpdir;

static inline void tmp_open(tmpdir *d)
{
    snprintf(d->dir, sizeof d->dir, "/tmp/mtls-lesson-XXXXXX"); /* mkdtemp's template */
    assert_non_null(mkdtemp(d->dir));
    d->n = 0;
}

static inline void put(tmpdir *d, const char *name, const char *text, size_t len)
{
    assert_true(d->n < 8);
    char dir[sizeof d->dir];
    memcpy(dir, d->dir, sizeof dir);
    snprintf(d->files[d->n], sizeof d->files[0], "%s/%s", dir, name);
    FILE *f = fopen(d->files[d->n++], "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static inline void tmp_close(tmpdir *d)
{
    for (int i = 0; i < d->n; i++)
        unlink(d->files[i]);
    rmdir(d->dir);
}

#endif
