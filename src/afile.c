/* afile.c — atomic file writes through a temporary file and rename. */
#include "afile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

err_t afile_open(afile *a, const char *dir, const char *name, mode_t mode)
{
    int n1 = dir ? snprintf(a->path, sizeof a->path, "%s/%s", dir, name)
                 : snprintf(a->path, sizeof a->path, "%s", name);
    a->f = NULL;
    if (n1 < 0 || (size_t)n1 >= sizeof a->path) {
        errno = ENAMETOOLONG;
        return ERR_IO;
    }
    /* the temporary file sits next to the target, so rename never crosses
     * file systems; mkstemp makes a new, unpredictable name (no symlink games) */
    const char *slash = strrchr(a->path, '/');
    int dlen = slash ? (int)(slash - a->path) + 1 : 0;
    int n2 = snprintf(a->tmp, sizeof a->tmp, "%.*s.%s.tmp-XXXXXX", dlen, a->path,
                      a->path + dlen);
    if (n2 < 0 || (size_t)n2 >= sizeof a->tmp) {
        errno = ENAMETOOLONG;
        return ERR_IO;
    }
    int fd = mkstemp(a->tmp);
    if (fd < 0)
        return ERR_IO;
    if (fchmod(fd, mode) != 0 || !(a->f = fdopen(fd, "wb"))) {
        int saved = errno;
        close(fd);
        unlink(a->tmp);
        errno = saved;
        return ERR_IO;
    }
    return ERR_OK;
}

err_t afile_close(afile *a, bool ok)
{
    if (!a->f)
        return ERR_IO;
    ok = ok && fflush(a->f) == 0 && !ferror(a->f) && fsync(fileno(a->f)) == 0;
    int saved = errno;
    if (fclose(a->f) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    a->f = NULL;
    if (ok && rename(a->tmp, a->path) == 0)
        return ERR_OK;
    if (ok)
        saved = errno;
    unlink(a->tmp);
    errno = saved ? saved : EIO;
    return ERR_IO;
}
