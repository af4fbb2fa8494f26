/* afile.h — write a file so that a reader sees the old file or the whole new
 * one, never half, and so that nothing which is not a regular file is ever
 * replaced. Every file the program writes (PEM and keys, key log, capture,
 * transcript, event log, screen dump) goes through here.
 *
 * What the target is decides how it is written:
 *  - missing, or a regular file: a fresh temporary file (mkstemp) in the
 *    same directory is written, flushed to disk and renamed into place. An
 *    existing file keeps its owner and group (or is not written at all) and
 *    keeps its mode, unless it holds a secret: then it becomes 0600. A fresh
 *    file gets 0666 & ~umask, or 0600 when it holds a secret.
 *  - a symbolic link: followed; the temporary file and the rename go next to
 *    its final target, so the link stays a link. A link whose target is
 *    missing, or a loop, is refused.
 *  - a name for one of this process's descriptors (/dev/stdout,
 *    /dev/fd/N, /proc/self/fd/N): that descriptor is duplicated and written,
 *    whatever it is (a pipe, a terminal, a socket, a file the shell opened).
 *  - anything else that exists (a character device, a FIFO): opened and
 *    written in place; its mode and owner are not touched, and a failed write
 *    cannot be taken back. A directory, a block device and a socket are
 *    refused.
 * A group of files that must all appear or none (an export directory) is an
 * afile_set.
 */
#ifndef MTLS_AFILE_H
#define MTLS_AFILE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "base/err.h"

#define AFILE_PATH_LEN 4096
#define AFILE_WHY_LEN (2 * AFILE_PATH_LEN + 160) /* a message naming up to two paths */
#define AFILE_BUF_LEN 4096                       /* stdio buffer, wiped at close */

/* The mode argument of afile_open: a file that holds a secret (a private key,
 * the master secret) is always 0600, whatever the umask and the old file's
 * mode; any other file keeps an existing file's mode and is 0666 & ~umask
 * when fresh. */
#define AFILE_SECRET ((mode_t)0600)
#define AFILE_PUBLIC ((mode_t)0666)

typedef struct afile {
    FILE *f;                      /* write here between open and close */
    bool direct;                  /* written in place (not a regular file): no rename */
    bool synced;                  /* afile_finish succeeded: tmp is complete on disk */
    char name[AFILE_PATH_LEN];    /* the name the caller gave, for messages */
    char path[AFILE_PATH_LEN];    /* where the file ends up (a symlink's final target) */
    char tmp[AFILE_PATH_LEN];     /* the temporary file until then */
    char why[AFILE_WHY_LEN];      /* after a failure: what went wrong, for a person */
    char buf[AFILE_BUF_LEN];      /* the stream's buffer, so a secret in it can be wiped */
} afile;

/* Why path cannot name a file to write, judged from the text alone: "the
 * file name is empty", or a name ending in '/' (it names a directory). NULL
 * when the name is fine. For a check at start-up as well as for afile_open. */
const char *afile_bad_name(const char *path);

/* Start writing dir/name (dir NULL: name is the whole path); mode is
 * AFILE_SECRET or AFILE_PUBLIC. ERR_IO with errno set and afile_why(a)
 * saying why when the target is refused or the temporary file cannot be made
 * (ENAMETOOLONG for a path over AFILE_PATH_LEN, ENOENT for an empty name,
 * EISDIR for a directory, ELOOP for a symlink loop, EPERM when the owner of
 * the existing file cannot be kept). Nothing is changed on failure. */
err_t afile_open(afile *a, const char *dir, const char *name, mode_t mode);
/* Finish: with ok, flush, sync and rename into place; without ok, or when
 * any write failed, remove the temporary file and leave the old one. ERR_IO
 * with errno set and afile_why(a) saying why on a failure. */
err_t afile_close(afile *a, bool ok);

/* The two halves of afile_close, for a group (afile_set): afile_finish
 * flushes, syncs and closes the stream but renames nothing (ERR_IO, errno
 * and afile_why on a failure, the temporary file then removed);
 * afile_commit renames a finished file into place (ERR_IO, errno and
 * afile_why when the rename fails, the temporary file then removed);
 * afile_abort closes and removes whatever is left, and never fails. */
err_t afile_finish(afile *a);
err_t afile_commit(afile *a);
void afile_abort(afile *a);

/* A message for a person after a failure: names the file and the cause. */
const char *afile_why(const afile *a);

/* A group of files written together: each is staged with afile_set_add and
 * written whole before the next is added, and afile_set_close syncs every
 * one to disk before it renames any, so a failure while writing (a full
 * disk, say) changes none of the old files. About 800 KB: allocate it (32: the
 * PKI export alone is 20 files). */
#define AFILE_SET_MAX 32

typedef struct afile_set {
    afile file[AFILE_SET_MAX];
    size_t n;          /* files added and open */
    bool failed;       /* a file failed, or the caller gave up */
    int err;           /* errno of the failure */
    size_t replaced;   /* files renamed into place by afile_set_close */
    char why[AFILE_WHY_LEN]; /* the failing file's message */
} afile_set;

void afile_set_init(afile_set *s);
/* Open dir/name as part of s (afile_open), after finishing the file added
 * before it (afile_finish: a full disk is reported at the file that filled
 * it). The stream to write, or NULL when either fails or an earlier file of
 * s failed: s has failed then and afile_set_close will only clean up. */
FILE *afile_set_add(afile_set *s, const char *dir, const char *name, mode_t mode);
/* With ok (and no failure so far): finish every file, then rename them all;
 * without ok, or on the first failure, remove every temporary file. ERR_OK
 * when every file is in place. ERR_IO with errno set otherwise:
 * afile_set_why says which file failed and why, s->replaced how many files
 * had already been renamed (0 unless a rename itself failed). */
err_t afile_set_close(afile_set *s, bool ok);
/* After a failure: the failing file's message ("" when the caller's ok was
 * false and no file failed). */
const char *afile_set_why(const afile_set *s);

#endif
