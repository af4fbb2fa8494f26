/* afile.h — write a file so that a reader sees the old file or the whole new
 * one, never half: write to a fresh temporary file (mkstemp) in the same
 * directory, flush it to disk, then rename it into place. Every file the
 * program writes (PEM and keys, key log, capture, transcript, event log,
 * screen dump) goes through here.
 */
#ifndef MTLS_AFILE_H
#define MTLS_AFILE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "err.h"

#define AFILE_PATH_LEN 4096

typedef struct afile {
    FILE *f;                      /* write here between open and close */
    char path[AFILE_PATH_LEN];    /* where the file ends up */
    char tmp[AFILE_PATH_LEN];     /* the temporary file until then */
} afile;

/* Start writing dir/name (dir NULL: name is the whole path) with permission
 * bits mode. ERR_IO with errno set when the temporary file cannot be made
 * (ENAMETOOLONG for a path over AFILE_PATH_LEN). */
err_t afile_open(afile *a, const char *dir, const char *name, mode_t mode);
/* Finish: with ok, flush, sync and rename into place; without ok, or when
 * any write failed, remove the temporary file and leave the old one. ERR_IO
 * with errno set on a failure. */
err_t afile_close(afile *a, bool ok);

#endif
