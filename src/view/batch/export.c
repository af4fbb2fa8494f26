/* export.c — write a run's exports into a directory, all of them or none. */
#include "view/batch/export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>


#include "base/afile.h"
#include "base/hex.h"
#include "view/batch/render.h"

/* dir exists and is a directory, or is made (*made). The message says what
 * is really wrong: a dangling link or a loop is not "File exists". */
static err_t ensure_dir(const char *dir, bool *made, char *why, size_t cap)
{
    struct stat st;
    *made = false;
    if (!*dir) {
        snprintf(why, cap, "the directory name is empty");
        errno = ENOENT;
        return ERR_IO;
    }
    if (stat(dir, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return ERR_OK;
        snprintf(why, cap, "cannot write into '%s': it is not a directory", dir);
        errno = ENOTDIR;
        return ERR_IO;
    }
    int err = errno;
    char target[AFILE_PATH_LEN];
    ssize_t n;
    if (err == ENOENT && lstat(dir, &st) == 0 && S_ISLNK(st.st_mode) &&
        (n = readlink(dir, target, sizeof target)) >= 0 && (size_t)n < sizeof target) {
        target[n] = '\0';
        /* named as afile names a link's target: relative to the link's directory */
        const char *slash = strrchr(dir, '/');
        int dlen = target[0] == '/' || !slash ? 0 : (int)(slash - dir) + 1;
        snprintf(why, cap, "cannot write into '%s': it is a symbolic link to '%.*s%s', "
                 "which does not exist", dir, dlen, dir, target);
        errno = ENOENT;
        return ERR_IO;
    }
    if (err != ENOENT) {
        snprintf(why, cap, "cannot write into '%s': %s", dir, strerror(err));
        errno = err;
        return ERR_IO;
    }
    if (mkdir(dir, 0777) != 0) { /* the umask applies */
        err = errno;
        snprintf(why, cap, "cannot create the directory '%s': %s", dir, strerror(err));
        errno = err;
        return ERR_IO;
    }
    *made = true;
    return ERR_OK;
}

/* TLS 1.3's key log lines: one per traffic secret, and the exporter
 * secret (the NSS key log format's labels for RFC 8446 §7.1). */
static const struct {
    const char *label;
    value_id id;
} keylog13[] = {
    { "CLIENT_HANDSHAKE_TRAFFIC_SECRET", VAL13_CLIENT_HS_TRAFFIC },
    { "SERVER_HANDSHAKE_TRAFFIC_SECRET", VAL13_SERVER_HS_TRAFFIC },
    { "CLIENT_TRAFFIC_SECRET_0", VAL13_CLIENT_AP_TRAFFIC },
    { "SERVER_TRAFFIC_SECRET_0", VAL13_SERVER_AP_TRAFFIC },
    { "EXPORTER_SECRET", VAL13_EXPORTER },
};

void export_keylog(FILE *f, const trace *t)
{
    const trace_value *cr = trace_value_get(t, VAL_CLIENT_RANDOM);
    size_t n1, n2;
    const uint8_t *c = cr ? trace_value_bytes(cr, &n1) : NULL;
    if (!c || n1 != KS_RANDOM_LEN)
        return;
    char crh[2 * KS_RANDOM_LEN + 1], sh[2 * KS13_SECRET_LEN + 1];
    hex_encode(c, n1, crh);
    if (t->version == TLS_V13) {
        bool header = false;
        for (size_t i = 0; i < sizeof keylog13 / sizeof keylog13[0]; i++) {
            const trace_value *v = trace_value_get(t, keylog13[i].id);
            const uint8_t *b = v ? trace_value_bytes(v, &n2) : NULL;
            if (!b || n2 != KS13_SECRET_LEN)
                continue; /* a handshake that ended before it */
            if (!header)
                fprintf(f, "# mtls-sim %s: NSS key log for Wireshark, TLS 1.3 (keep secret in "
                           "real life)\n", MTLS_VERSION);
            header = true;
            hex_encode(b, n2, sh);
            fprintf(f, "%s %s %s\n", keylog13[i].label, crh, sh);
        }
        sodium_memzero(sh, sizeof sh); /* a traffic secret, in hex */
        return;
    }
    const trace_value *ms = trace_value_get(t, VAL_MASTER_SECRET);
    if (!ms)
        return;
    char msh[2 * KS_MASTER_SECRET_LEN + 1];
    const uint8_t *m = trace_value_bytes(ms, &n2);
    if (n2 != KS_MASTER_SECRET_LEN)
        return;
    hex_encode(m, n2, msh);
    fprintf(f, "# mtls-sim %s: NSS key log for Wireshark (keep secret in real life)\n",
            MTLS_VERSION);
    fprintf(f, "CLIENT_RANDOM %s %s\n", crh, msh);
    sodium_memzero(msh, sizeof msh); /* the master secret, in hex */
}

typedef enum { EXP_KEYLOG, EXP_PCAP, EXP_JSON } exp_kind;

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

static err_t export_files(const sim *s, const char *dir, bool with_pki, char *why, size_t cap);

/* crl.pem: the CRLs the server holds (RFC 5280 §5, PEM label "X509 CRL",
 * RFC 7468 §6), one block each; no secret in them. */
static err_t export_crls(const sim *s, afile_set *set, const char *dir)
{
    const sim_crls *c = &s->crls[PARTY_SERVER];
    FILE *f = afile_set_add(set, dir, "crl.pem", AFILE_PUBLIC);
    if (!f)
        return ERR_IO;
    for (size_t i = 0; i < c->set.n; i++) {
        char pem[2 * CRL_DER_MAX];
        size_t n;
        TRY(pem_encode("X509 CRL", c->der[i], c->der_len[i], pem, sizeof pem, &n));
        fwrite(pem, 1, n, f); /* a failed write shows at afile_set_close */
    }
    return ERR_OK;
}

err_t export_all(const sim *s, const char *dir, char *why, size_t cap)
{
    return export_files(s, dir, true, why, cap);
}

err_t export_run(const sim *s, const char *dir, char *why, size_t cap)
{
    return export_files(s, dir, false, why, cap);
}

static err_t export_files(const sim *s, const char *dir, bool with_pki, char *why, size_t cap)
{
    /* The key log and the transcript hold secrets (the master secret; the
     * transcript every private key and derived key), so they are 0600; the
     * capture holds only what crossed the wire. */
    static const struct { const char *name; exp_kind kind; mode_t mode; } files[] = {
        { "keylog.txt", EXP_KEYLOG, AFILE_SECRET },
        { "handshake.pcap", EXP_PCAP, AFILE_PUBLIC },
        { "transcript.json", EXP_JSON, AFILE_SECRET },
    };
    bool made;
    why[0] = '\0';
    TRY(ensure_dir(dir, &made, why, cap));
    afile_set *set = malloc(sizeof *set);
    if (!set) {
        snprintf(why, cap, "out of memory");
        errno = ENOMEM;
        return ERR_NOMEM;
    }
    afile_set_init(set);
    pki copy;
    err_t e = with_pki ? pki_export_set(run_pki(s, &copy), set, dir) : ERR_OK;
    sodium_memzero(&copy, sizeof copy);
    if (e == ERR_OK && with_pki)
        e = export_crls(s, set, dir);
    render_opts ro = { .timings = false };
    for (size_t i = 0; e == ERR_OK && i < sizeof files / sizeof *files; i++) {
        FILE *f = afile_set_add(set, dir, files[i].name, files[i].mode);
        if (!f) {
            e = ERR_IO;
            break;
        }
        switch (files[i].kind) {
        case EXP_KEYLOG: export_keylog(f, &s->tr); break;
        case EXP_PCAP: export_pcap(f, &s->tr); break;
        case EXP_JSON: render_json(f, &s->tr, &ro); break;
        }
    }
    if (e != ERR_OK && e != ERR_IO)
        snprintf(set->why, sizeof set->why, "cannot encode the PEM files: %s", err_str(e));
    err_t c = afile_set_close(set, e == ERR_OK);
    if (c == ERR_OK) {
        free(set);
        return ERR_OK;
    }
    int err = errno;
    /* the sentence says what is on disk now, which is the point of writing
     * the set all at once */
    if (set->replaced)
        snprintf(why, cap, "%s; %zu of the files in '%s' had already been replaced",
                 afile_set_why(set), set->replaced, dir);
    else if (made && rmdir(dir) == 0)
        snprintf(why, cap, "%s; nothing was written ('%s' was removed again)",
                 afile_set_why(set), dir);
    else if (made)
        snprintf(why, cap, "%s; no file was written, but the new directory '%s' is left",
                 afile_set_why(set), dir);
    else
        snprintf(why, cap, "%s; no file was replaced: '%s' is unchanged", afile_set_why(set),
                 dir);
    free(set);
    errno = err;
    return e != ERR_OK ? e : c;
}

bool export_log(const trace *t, const render_opts *ro, const char *path, char *why,
                size_t cap)
{
    afile a;
    if (afile_open(&a, NULL, path, AFILE_PUBLIC) != ERR_OK) {
        snprintf(why, cap, "%s", afile_why(&a));
        return false;
    }
    render_log_jsonl(a.f, t, ro);
    if (afile_close(&a, true) != ERR_OK) {
        snprintf(why, cap, "%s", afile_why(&a));
        return false;
    }
    return true;
}
