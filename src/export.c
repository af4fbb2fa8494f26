/* export.c — write a run's exports into a directory, file by file, atomically. */
#include "export.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "afile.h"
#include "hex.h"
#include "render.h"

static err_t ensure_dir(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) == 0)
        return S_ISDIR(st.st_mode) ? ERR_OK : (errno = ENOTDIR, ERR_IO);
    return mkdir(dir, 0755) == 0 ? ERR_OK : ERR_IO;
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
    afile a;
    TRY(afile_open(&a, dir, name, 0644));
    render_opts ro = { .timings = false };
    switch (k) {
    case EXP_KEYLOG: export_keylog(a.f, &s->tr); break;
    case EXP_PCAP: export_pcap(a.f, &s->tr); break;
    case EXP_JSON: render_json(a.f, &s->tr, &ro); break;
    }
    return afile_close(&a, true);
}

/* The PKI as this run used it: the client's key is the one it signed with,
 * which in stolen-cert is the thief's own, not the certificate's. Fills copy
 * (which the caller wipes) when they differ. */
static const pki *run_pki(const sim *s, pki *copy)
{
    const pki_key *used = s->ccfg.key;
    if (!used || used == &s->pki.client_key)
        return &s->pki;
    *copy = s->pki; /* pki_export reads only the DER and the keys */
    copy->client_key = *used;
    return copy;
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
    pki copy;
    err_t e = pki_export(run_pki(s, &copy), dir);
    sodium_memzero(&copy, sizeof copy);
    TRY(e);
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        *bad_file = files[i].name;
        TRY(write_one(s, dir, files[i].name, files[i].kind));
    }
    *bad_file = NULL;
    return ERR_OK;
}

bool export_log(const trace *t, const render_opts *ro, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!*(slash ? slash + 1 : path)) {
        errno = EISDIR;
        return false;
    }
    afile a;
    if (afile_open(&a, NULL, path, 0644) != ERR_OK)
        return false;
    render_log_jsonl(a.f, t, ro);
    return afile_close(&a, true) == ERR_OK;
}
