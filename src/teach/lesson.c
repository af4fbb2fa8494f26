/* lesson.c — lesson sets: load a directory of lesson files, fill in the
 * standard lessons it leaves out, look lessons up (the format:
 * lessons/README.md; parsing is lesson_parse.c, expansion lesson_expand.c).
 *
 * The directory is untrusted: file names, counts and sizes are bounded, and
 * a problem is an error naming the file and line.
 */
#include "teach/lesson_int.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/esc.h"

#ifndef MTLS_DATADIR
#define MTLS_DATADIR "/usr/local/share/mtls-sim"
#endif

/* ---- sets ---------------------------------------------------------------- */

static bool set_add(lesson_set *s, lesson *l)
{
    lesson **v = realloc(s->v, (s->n + 1) * sizeof *v);
    if (!v)
        return false;
    s->v = v;
    s->v[s->n++] = l;
    return true;
}

const lesson *lesson_find(const lesson_set *s, const char *id)
{
    for (size_t i = 0; s && id && i < s->n; i++)
        if (strcmp(s->v[i]->id, id) == 0)
            return s->v[i];
    return NULL;
}

static int by_order(const void *a, const void *b)
{
    const lesson *x = *(lesson *const *)a, *y = *(lesson *const *)b;
    return x->order != y->order ? (x->order < y->order ? -1 : 1) : strcmp(x->id, y->id);
}

void lesson_free(lesson_set *s)
{
    if (!s || s == lesson_builtin())
        return;
    for (size_t i = 0; i < s->n; i++)
        if (!s->v[i]->builtin)
            lesson_del(s->v[i]);
    free(s->v);
    free(s->source);
    free(s);
}


/* ---- loading a directory ------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "NN-id.txt" -> id and NN; false when the name does not have that shape. */
static bool lesson_name(const char *name, char *id, int *order)
{
    size_t n = strlen(name);
    if (n < 8 || name[0] < '0' || name[0] > '9' || name[1] < '0' || name[1] > '9' ||
        name[2] != '-' || n - 7 >= LESSON_ID_MAX)
        return false;
    for (size_t i = 3; i < n - 4; i++)
        if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
              name[i] == '_' || name[i] == '-'))
            return false;
    memcpy(id, name + 3, n - 7);
    id[n - 7] = '\0';
    *order = (name[0] - '0') * 10 + (name[1] - '0');
    return true;
}

static err_t load_file(lesson_set *set, const char *path, const char *name, char *err,
                       size_t cap)
{
    char id[LESSON_ID_MAX];
    int order;
    if (!lesson_name(name, id, &order))
        return lesson_fail(err, cap, path, 1, "a lesson file is named NN-id.txt (two digits, '-', "
                                              "then a-z, 0-9, _ or -)");
    const lesson *dup = lesson_find(set, id);
    if (dup)
        return lesson_fail(err, cap, path, 1, "lesson id '%s' is also %s", id, dup->file);
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return lesson_fail(err, cap, path, 1, "not a regular file");
    FILE *f = fopen(path, "rb");
    char *buf = malloc(LESSON_FILE_MAX + 1);
    if (!f || !buf) {
        int saved = errno;
        free(buf);
        if (f)
            fclose(f);
        return buf ? lesson_fail(err, cap, path, 1, "cannot read: %s", strerror(saved)) : ERR_NOMEM;
    }
    size_t len = fread(buf, 1, LESSON_FILE_MAX + 1, f);
    bool bad = ferror(f) != 0;
    fclose(f);
    err_t e = ERR_OK;
    lesson *l = NULL;
    if (bad) {
        e = lesson_fail(err, cap, path, 1, "cannot read the file");
    } else if (len > LESSON_FILE_MAX) {
        int no = 1;
        for (size_t i = 0; i < LESSON_FILE_MAX; i++)
            no += buf[i] == '\n';
        e = lesson_fail(err, cap, path, no, "the file is larger than %d bytes", LESSON_FILE_MAX);
    } else {
        e = lesson_parse(path, id, order, buf, len, &l, err, cap);
    }
    free(buf);
    if (e == ERR_OK && !set_add(set, l)) {
        lesson_del(l);
        e = ERR_NOMEM;
    }
    return e;
}

/* Load dir. A directory that cannot be opened or holds no lesson file is
 * ERR_IO while searching (the caller may fall back), ERR_USAGE when the user
 * named it (a typo must not silently give the built-in summaries). */
static err_t load_dir(const char *dir, bool named, lesson_set **out, char *err, size_t cap)
{
    err_t missing = named ? ERR_USAGE : ERR_IO;
    char shown[1024]; /* the name as a message may show it */
    esc_str(dir, shown, sizeof shown);
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, cap, "cannot open the lessons directory '%s': %s", shown, strerror(errno));
        return missing;
    }
    char *names[LESSON_FILES_MAX + 1];
    size_t n = 0;
    err_t e = ERR_OK;
    const char *sep = dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/";
    for (struct dirent *de; e == ERR_OK && (de = readdir(d)) != NULL;) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.' || len < 4 || strcmp(de->d_name + len - 4, ".txt") != 0)
            continue;
        if (n == LESSON_FILES_MAX) {
            snprintf(err, cap, "%s: more than %d lesson files", shown, LESSON_FILES_MAX);
            e = ERR_LESSON_SYNTAX;
        } else if ((names[n] = lesson_strdup(de->d_name)) != NULL) {
            n++;
        } else {
            e = ERR_NOMEM;
        }
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    lesson_set *set = calloc(1, sizeof *set);
    if (!set || !(set->source = lesson_strdup(dir)))
        e = ERR_NOMEM;
    for (size_t i = 0; i < n && e == ERR_OK; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s%s%s", dir, sep, names[i]);
        e = load_file(set, path, names[i], err, cap);
    }
    if (e == ERR_OK && n == 0) {
        snprintf(err, cap, "no lesson files (NN-id.txt) in '%s'", shown);
        e = missing;
    }
    /* a standard lesson the directory leaves out: the built-in summary */
    const lesson_set *bi = lesson_builtin();
    for (size_t i = 0; i < bi->n && e == ERR_OK; i++)
        if (!lesson_find(set, bi->v[i]->id) && !set_add(set, bi->v[i]))
            e = ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    if (e == ERR_NOMEM)
        snprintf(err, cap, "out of memory while reading the lessons");
    if (e != ERR_OK) {
        lesson_free(set);
        return e;
    }
    qsort(set->v, set->n, sizeof *set->v, by_order);
    *out = set;
    return ERR_OK;
}

err_t lesson_load(const char *dir, lesson_set **out, char *err, size_t cap)
{
    *out = NULL;
    if (dir)
        return load_dir(dir, true, out, err, cap);
    /* the source tree: lessons/ next to the running binary */
    char tried[2][4096];
    ssize_t n = readlink("/proc/self/exe", tried[0], sizeof tried[0] - 16);
    tried[0][n > 0 ? n : 0] = '\0';
    char *slash = strrchr(tried[0], '/');
    if (slash)
        strcpy(slash, "/lessons");
    else
        snprintf(tried[0], sizeof tried[0], "lessons");
    snprintf(tried[1], sizeof tried[1], "%s/lessons", MTLS_DATADIR);
    for (int i = 0; i < 2; i++) {
        err_t e = load_dir(tried[i], false, out, err, cap);
        if (e != ERR_IO)
            return e;
    }
    char shown[2][1024];
    snprintf(err, cap, "no lessons found in %s or %s", esc_str(tried[0], shown[0], sizeof shown[0]),
             esc_str(tried[1], shown[1], sizeof shown[1]));
    return ERR_IO;
}

/* ---- reading a set ------------------------------------------------------- */

const char *lesson_source(const lesson_set *s) { return s ? s->source : "built-in"; }
size_t lesson_count(const lesson_set *s) { return s ? s->n : 0; }
const char *lesson_id(const lesson_set *s, size_t i) { return s && i < s->n ? s->v[i]->id : NULL; }

const char *lesson_title(const lesson_set *s, const char *id)
{
    const lesson *l = lesson_find(s, id);
    return l ? l->title : NULL;
}

/* Without a run the questions are those of the default protocol, TLS 1.2
 * (lesson_expand.c keeps the version rule). */
size_t lesson_n_questions(const lesson_set *s, const char *id)
{
    return lesson_n_questions_for(s, id, NULL);
}

const char *lesson_question(const lesson_set *s, const char *id, size_t i)
{
    return lesson_question_for(s, id, NULL, i);
}

const char *lesson_answer(const lesson_set *s, const char *id, size_t i)
{
    return lesson_answer_for(s, id, NULL, i);
}

