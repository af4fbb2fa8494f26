/* export.c — write a run's exports into a directory, file by file, atomically. */
#include "export.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hex.h"
#include "render.h"

static err_t ensure_dir(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) == 0)
        return S_ISDIR(st.st_mode) ? ERR_OK : (errno = ENOTDIR, ERR_IO);
    return mkdir(dir, 0755) == 0 ? ERR_OK : ERR_IO;
}

FILE *export_file_open(const char *dir, const char *name, char *tmp, size_t tmp_cap)
{
    int n = snprintf(tmp, tmp_cap, "%s/.%s.tmp%ld", dir, name, (long)getpid());
    if (n < 0 || (size_t)n >= tmp_cap) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    return fopen(tmp, "wb");
}

err_t export_file_close(FILE *f, const char *dir, const char *name, const char *tmp, bool ok)
{
    char path[4096];
    ok = ok && !ferror(f);
    if (fclose(f) != 0)
        ok = false;
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (ok && n > 0 && (size_t)n < sizeof path && rename(tmp, path) == 0)
        return ERR_OK;
    int saved = errno;
    remove(tmp);
    errno = saved ? saved : EIO;
    return ERR_IO;
}

void export_keylog(FILE *f, const trace *t)
{
    const trace_value *cr = trace_value_get(t, "client_random");
    const trace_value *ms = trace_value_get(t, "master_secret");
    if (!cr || !ms)
        return;
    char crh[2 * KS_RANDOM_LEN + 1], msh[2 * KS_MASTER_SECRET_LEN + 1];
    size_t n1, n2;
    const uint8_t *c = trace_value_bytes(cr, &n1), *m = trace_value_bytes(ms, &n2);
    if (n1 != KS_RANDOM_LEN || n2 != KS_MASTER_SECRET_LEN)
        return;
    hex_encode(c, n1, crh);
    hex_encode(m, n2, msh);
    fprintf(f, "# mtls-sim %s: NSS key log for Wireshark (keep secret in real life)\n",
            MTLS_VERSION);
    fprintf(f, "CLIENT_RANDOM %s %s\n", crh, msh);
}

typedef enum { EXP_KEYLOG, EXP_PCAP, EXP_JSON } exp_kind;

static err_t write_one(const sim *s, const char *dir, const char *name, exp_kind k)
{
    char tmp[4096];
    FILE *f = export_file_open(dir, name, tmp, sizeof tmp);
    if (!f)
        return ERR_IO;
    render_opts ro = { .timings = false };
    switch (k) {
    case EXP_KEYLOG: export_keylog(f, &s->tr); break;
    case EXP_PCAP: export_pcap(f, &s->tr); break;
    case EXP_JSON: render_json(f, &s->tr, &ro); break;
    }
    return export_file_close(f, dir, name, tmp, true);
}

err_t export_all(const sim *s, const char *dir, const char **bad_file)
{
    static const struct { const char *name; exp_kind kind; } files[] = {
        { "keylog.txt", EXP_KEYLOG },
        { "handshake.pcap", EXP_PCAP },
        { "transcript.json", EXP_JSON },
    };
    *bad_file = dir;
    TRY(ensure_dir(dir));
    *bad_file = "ca.pem, server.pem, client.pem, server.key or client.key";
    TRY(pki_export(&s->pki, dir));
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        *bad_file = files[i].name;
        TRY(write_one(s, dir, files[i].name, files[i].kind));
    }
    *bad_file = NULL;
    return ERR_OK;
}

bool export_log(const trace *t, const render_opts *ro, const char *path)
{
    char dir[4096], tmp[4096];
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    if (!*name) {
        errno = EISDIR;
        return false;
    }
    if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else if (slash)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    else
        snprintf(dir, sizeof dir, ".");
    FILE *f = export_file_open(dir, name, tmp, sizeof tmp);
    if (!f)
        return false;
    render_log_jsonl(f, t, ro);
    return export_file_close(f, dir, name, tmp, true) == ERR_OK;
}
