/* afile.c — write a file through a temporary file and rename, or in place
 * when the target is not a regular file; groups of files that land together
 * (afile.h says which target gets which and why). */
#include "base/afile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

/* Links followed before giving up with ELOOP: the kernel's own limit
 * (path_resolution(7)). */
#define AFILE_MAX_LINKS 40

__attribute__((format(printf, 3, 4)))
static err_t fail(afile *a, int err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->why, sizeof a->why, fmt, ap);
    va_end(ap);
    errno = err;
    return ERR_IO;
}

/* Both are AFILE_PATH_LEN buffers and src always fits. */
static void copy_path(char *dst, const char *src)
{
    snprintf(dst, AFILE_PATH_LEN, "%s", src);
}

const char *afile_bad_name(const char *path)
{
    if (!*path)
        return "the file name is empty";
    if (path[strlen(path) - 1] == '/')
        return "the file name ends in '/', so it names a directory, not a file";
    return NULL;
}

/* The descriptor number when p names one of this process's own descriptors
 * (/dev/fd/N, /proc/self/fd/N, /proc/thread-self/fd/N, /proc/PID/fd/N with
 * this PID); -1 otherwise. Such a name must not be replaced, and opening it
 * afresh would not even work for a socket or share the shell's offset in a
 * file, so the descriptor itself is written. */
static int descriptor_name(const char *p)
{
    static const char *const prefix[] = { "/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/" };
    char mine[48];
    snprintf(mine, sizeof mine, "/proc/%ld/fd/", (long)getpid());
    const char *num = NULL;
    for (size_t i = 0; i < sizeof prefix / sizeof *prefix && !num; i++)
        if (strncmp(p, prefix[i], strlen(prefix[i])) == 0)
            num = p + strlen(prefix[i]);
    if (!num && strncmp(p, mine, strlen(mine)) == 0)
        num = p + strlen(mine);
    if (!num || !*num)
        return -1;
    long v = 0;
    for (; *num; num++) {
        if (*num < '0' || *num > '9' || v > INT_MAX / 10)
            return -1;
        v = v * 10 + (*num - '0');
    }
    return v <= INT_MAX ? (int)v : -1;
}

/* Follow the symbolic links of a->name itself (its directories resolve as
 * the kernel does) into a->path, stopping early at a descriptor's name
 * (*fd_num >= 0). *exists tells whether a->path exists; *st is then its
 * lstat, never a link. ERR_IO with the why for a dangling link, a loop, or a
 * name that cannot be looked at. */
static err_t resolve(afile *a, struct stat *st, bool *exists, int *fd_num)
{
    char cur[AFILE_PATH_LEN], link[AFILE_PATH_LEN];
    *exists = false;
    *fd_num = -1;
    copy_path(cur, a->name); /* a->name fits: afile_open checked */
    for (int hops = 0;; hops++) {
        if ((*fd_num = descriptor_name(cur)) >= 0)
            break;
        if (lstat(cur, st) != 0) {
            int err = errno;
            if (err == ENOENT && hops > 0)
                return fail(a, ENOENT, "'%s' is a symbolic link to '%s', which does not exist",
                            a->name, cur);
            if (err != ENOENT)
                return fail(a, err, "cannot write '%s': %s", a->name, strerror(err));
            break; /* a fresh file */
        }
        if (!S_ISLNK(st->st_mode)) {
            *exists = true;
            break;
        }
        if (hops == AFILE_MAX_LINKS)
            return fail(a, ELOOP, "cannot follow the symbolic link '%s': %s", a->name,
                        strerror(ELOOP));
        ssize_t n = readlink(cur, link, sizeof link);
        if (n < 0 || (size_t)n >= sizeof link) {
            int err = n < 0 ? errno : ENAMETOOLONG;
            return fail(a, err, "cannot follow the symbolic link '%s': %s", a->name,
                        strerror(err));
        }
        link[n] = '\0';
        /* a relative target is relative to the directory holding the link */
        const char *slash = strrchr(cur, '/');
        int dlen = link[0] == '/' || !slash ? 0 : (int)(slash - cur) + 1;
        char next[AFILE_PATH_LEN];
        int m = snprintf(next, sizeof next, "%.*s%s", dlen, cur, link);
        if (m < 0 || (size_t)m >= sizeof next)
            return fail(a, ENAMETOOLONG, "cannot follow the symbolic link '%s': %s", a->name,
                        strerror(ENAMETOOLONG));
        copy_path(cur, next);
    }
    copy_path(a->path, cur);
    return ERR_OK;
}

static err_t start_stream(afile *a, int fd)
{
    if (!(a->f = fdopen(fd, "wb"))) {
        int err = errno;
        close(fd);
        if (!a->direct)
            unlink(a->tmp);
        a->tmp[0] = '\0';
        return fail(a, err, "cannot write '%s': %s", a->name, strerror(err));
    }
    /* the stream buffers into the afile, which is wiped at close: a key
     * written here does not linger in freed heap */
    setvbuf(a->f, a->buf, _IOFBF, sizeof a->buf);
    return ERR_OK;
}

/* One of this process's descriptors: write a duplicate of it. */
static err_t open_descriptor(afile *a, int n)
{
    struct stat st;
    int fl;
    if (fstat(n, &st) != 0 || (fl = fcntl(n, F_GETFL)) < 0)
        return fail(a, EBADF, "'%s' names descriptor %d, which is not open", a->name, n);
    if (S_ISDIR(st.st_mode))
        return fail(a, EISDIR, "'%s' is a directory", a->name);
    if ((fl & O_ACCMODE) == O_RDONLY)
        return fail(a, EBADF, "'%s' names descriptor %d, which is open for reading only",
                    a->name, n);
    int fd = fcntl(n, F_DUPFD_CLOEXEC, 0);
    if (fd < 0)
        return fail(a, errno, "cannot write '%s': %s", a->name, strerror(errno));
    a->direct = true;
    return start_stream(a, fd);
}

/* Something that exists and is not a regular file: write it in place, or
 * refuse what must never be written over. */
static err_t open_in_place(afile *a, const struct stat *st)
{
    if (S_ISDIR(st->st_mode))
        return fail(a, EISDIR, "'%s' is a directory", a->name);
    if (S_ISBLK(st->st_mode))
        return fail(a, EPERM, "'%s' is a block device (a disk); mtls-sim does not write to one",
                    a->name);
    if (S_ISSOCK(st->st_mode))
        return fail(a, ENXIO, "'%s' is a socket, which cannot be written as a file", a->name);
    int fd = open(a->path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return fail(a, errno, "cannot write '%s': %s", a->name, strerror(errno));
    a->direct = true;
    return start_stream(a, fd);
}

/* The mode of a fresh file that holds no secret: the umask applies, as it
 * would to open(2). fchmod ignores the umask, so it is read here (umask(2)
 * can only be read by setting it, so it is set straight back). */
static mode_t public_mode(mode_t mode)
{
    mode_t mask = umask(077);
    umask(mask);
    return mode & ~mask & 0777;
}

/* A missing or regular file: a temporary file next to a->path. */
static err_t open_temporary(afile *a, const struct stat *old, mode_t mode)
{
    const char *slash = strrchr(a->path, '/');
    int dlen = slash ? (int)(slash - a->path) + 1 : 0;
    int n = snprintf(a->tmp, sizeof a->tmp, "%.*s.%s.tmp-XXXXXX", dlen, a->path,
                     a->path + dlen);
    if (n < 0 || (size_t)n >= sizeof a->tmp) {
        a->tmp[0] = '\0';
        return fail(a, ENAMETOOLONG, "cannot write '%s': %s", a->name, strerror(ENAMETOOLONG));
    }
    /* mkstemp makes a new, unpredictable name (no symlink games), 0600 from
     * the start, so a secret is never readable by others even for a moment */
    int fd = mkstemp(a->tmp);
    if (fd < 0) {
        int err = errno;
        a->tmp[0] = '\0';
        return fail(a, err, "cannot write '%s': %s", a->name, strerror(err));
    }
    struct stat st;
    int err = 0;
    if (fstat(fd, &st) != 0)
        err = errno;
    /* the rename replaces the inode: the new one must have the old owner
     * and group, or the file is not written at all (root writing a user's
     * file must not hand it to root) */
    else if (old && (old->st_uid != st.st_uid || old->st_gid != st.st_gid) &&
             fchown(fd, old->st_uid, old->st_gid) != 0)
        err = errno;
    if (err) {
        close(fd);
        unlink(a->tmp);
        a->tmp[0] = '\0';
        return fail(a, err, "cannot write '%s' without changing its owner or group: %s",
                    a->name, strerror(err));
    }
    mode_t want = mode == AFILE_SECRET ? AFILE_SECRET
                  : old                ? (mode_t)(old->st_mode & 07777)
                                       : public_mode(mode);
    if (fchmod(fd, want) != 0) {
        err = errno;
        close(fd);
        unlink(a->tmp);
        a->tmp[0] = '\0';
        return fail(a, err, "cannot write '%s': %s", a->name, strerror(err));
    }
    return start_stream(a, fd);
}

err_t afile_open(afile *a, const char *dir, const char *name, mode_t mode)
{
    a->f = NULL;
    a->direct = a->synced = false;
    a->tmp[0] = a->why[0] = '\0';
    int n = dir ? snprintf(a->name, sizeof a->name, "%s/%s", dir, name)
                : snprintf(a->name, sizeof a->name, "%s", name);
    if (n < 0 || (size_t)n >= sizeof a->name) {
        a->name[0] = '\0';
        return fail(a, ENAMETOOLONG, "cannot write a file whose name is %zu bytes long: %s",
                    (dir ? strlen(dir) + 1 : 0) + strlen(name), strerror(ENAMETOOLONG));
    }
    const char *bad = afile_bad_name(a->name);
    if (bad && !*a->name)
        return fail(a, ENOENT, "%s", bad);
    if (bad)
        return fail(a, EISDIR, "'%s': %s", a->name, bad);

    struct stat st;
    bool exists;
    int fd_num;
    TRY(resolve(a, &st, &exists, &fd_num));
    if (fd_num >= 0)
        return open_descriptor(a, fd_num);
    if (exists && !S_ISREG(st.st_mode))
        return open_in_place(a, &st);
    return open_temporary(a, exists ? &st : NULL, mode);
}

err_t afile_finish(afile *a)
{
    if (!a->f)
        return fail(a, EBADF, "'%s' is not open for writing", a->name);
    /* a write that failed inside stdio is tried again by fflush, which then
     * sets errno to the real cause (ENOSPC, EIO) */
    errno = 0;
    bool ok = fflush(a->f) == 0 && !ferror(a->f);
    int err = ok ? 0 : errno ? errno : EIO;
    /* a pipe or a terminal cannot be synced, and need not be */
    if (ok && !a->direct && fsync(fileno(a->f)) != 0) {
        ok = false;
        err = errno;
    }
    if (fclose(a->f) != 0 && ok) {
        ok = false;
        err = errno;
    }
    a->f = NULL;
    sodium_memzero(a->buf, sizeof a->buf);
    if (!ok) {
        if (a->tmp[0])
            unlink(a->tmp);
        a->tmp[0] = '\0';
        return fail(a, err, "cannot write '%s': %s", a->name, strerror(err));
    }
    a->synced = true;
    return ERR_OK;
}

err_t afile_commit(afile *a)
{
    if (!a->synced)
        return fail(a, EBADF, "'%s' was not finished", a->name);
    a->synced = false;
    if (a->direct)
        return ERR_OK;
    if (rename(a->tmp, a->path) == 0) {
        a->tmp[0] = '\0';
        return ERR_OK;
    }
    int err = errno;
    unlink(a->tmp);
    a->tmp[0] = '\0';
    return fail(a, err, "cannot replace '%s': %s", a->name, strerror(err));
}

void afile_abort(afile *a)
{
    int saved = errno;
    if (a->f) {
        fclose(a->f);
        a->f = NULL;
        sodium_memzero(a->buf, sizeof a->buf);
    }
    if (a->tmp[0])
        unlink(a->tmp);
    a->tmp[0] = '\0';
    a->synced = false;
    errno = saved;
}

err_t afile_close(afile *a, bool ok)
{
    if (!a->f)
        return fail(a, EBADF, "'%s' is not open for writing", a->name);
    if (!ok) {
        int err = errno ? errno : EIO;
        afile_abort(a);
        return fail(a, err, "'%s' was not written: %s", a->name, strerror(err));
    }
    TRY(afile_finish(a));
    return afile_commit(a);
}

const char *afile_why(const afile *a) { return a->why; }

/* ---- a group of files that land together ---- */

void afile_set_init(afile_set *s)
{
    s->n = s->replaced = 0;
    s->failed = false;
    s->err = 0;
    s->why[0] = '\0';
}

static void set_fail(afile_set *s, const afile *a)
{
    s->failed = true;
    s->err = errno ? errno : EIO;
    snprintf(s->why, sizeof s->why, "%s", afile_why(a));
}

FILE *afile_set_add(afile_set *s, const char *dir, const char *name, mode_t mode)
{
    if (s->failed)
        return NULL;
    if (s->n == AFILE_SET_MAX) {
        s->failed = true;
        s->err = EMFILE;
        snprintf(s->why, sizeof s->why, "cannot write '%s': more than %d files at once", name,
                 AFILE_SET_MAX);
        return NULL;
    }
    /* the file before is complete: finish it now, so a disk that fills up
     * is reported at the file that filled it, not at one whose last bytes
     * still sat in a buffer */
    if (s->n && afile_finish(&s->file[s->n - 1]) != ERR_OK) {
        set_fail(s, &s->file[s->n - 1]);
        return NULL;
    }
    afile *a = &s->file[s->n];
    if (afile_open(a, dir, name, mode) != ERR_OK) {
        set_fail(s, a);
        return NULL;
    }
    s->n++;
    return a->f;
}

err_t afile_set_close(afile_set *s, bool ok)
{
    if (!ok && !s->failed) {
        s->failed = true;
        s->err = errno ? errno : EIO;
    }
    /* every file whole and on disk first: a full disk shows up here, while
     * every old file is still in place */
    for (size_t i = 0; i < s->n && !s->failed; i++)
        if (!s->file[i].synced && afile_finish(&s->file[i]) != ERR_OK)
            set_fail(s, &s->file[i]);
    /* then the renames, which need no space: each replaces one name */
    for (size_t i = 0; i < s->n && !s->failed; i++) {
        if (afile_commit(&s->file[i]) != ERR_OK)
            set_fail(s, &s->file[i]);
        else
            s->replaced += !s->file[i].direct;
    }
    for (size_t i = 0; i < s->n; i++)
        afile_abort(&s->file[i]);
    s->n = 0;
    if (!s->failed)
        return ERR_OK;
    errno = s->err;
    return ERR_IO;
}

const char *afile_set_why(const afile_set *s) { return s->why; }
