/* tool_certcheck.c — verify one certificate against a CA with our own code,
 * for the shell checks that compare it with openssl.
 *
 *   build/tool_certcheck CERT.pem CA.pem [server|client] [NAME] [UNIXTIME]
 *
 * Role defaults to server, NAME to no name check ("-" also means none),
 * UNIXTIME to the current time. Files are PEM (first CERTIFICATE block) or,
 * when they hold no PEM block, raw DER.
 *
 * Prints one line per check, "check <name>: ok|<ERR_NAME>: <detail>", then
 * "result: OK" or "result: <ERR_NAME>".
 * Exit status: 0 verified; 1 verification failed; 2 bad input: usage, a file
 * that cannot be read, or a certificate that does not parse — including one
 * with an algorithm we do not support (RSA, ECDSA: "result: X509_ALG").
 */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "pki/pki.h"
#include "pki/x509.h"

#define FILE_MAX 65536

static void on_check(void *ctx, x509_check check, err_t result, const char *detail)
{
    const char *name = x509_check_name(check);
    (void)ctx;
    if (result == ERR_OK)
        printf("check %s: ok: %s\n", name, detail);
    else
        printf("check %s: %s: %s\n", name, err_name(result), detail);
}

static int has_pem(const char *text, size_t n)
{
    static const char mark[] = "-----BEGIN ";
    for (size_t i = 0; i + sizeof mark - 1 <= n; i++)
        if (memcmp(text + i, mark, sizeof mark - 1) == 0)
            return 1;
    return 0;
}

/* Read and parse one certificate; on failure say which file and why. */
static int load(const char *path, uint8_t *der, size_t *der_len, x509_cert *x)
{
    static char text[FILE_MAX];
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "tool_certcheck: %s: %s\n", path, strerror(errno));
        return 2;
    }
    size_t n = fread(text, 1, sizeof text, f);
    int bad = ferror(f) || !feof(f);
    fclose(f);
    if (bad) {
        fprintf(stderr, "tool_certcheck: %s: cannot read (or larger than %d bytes)\n", path,
                FILE_MAX);
        return 2;
    }
    err_t e = ERR_OK;
    if (has_pem(text, n))
        e = pem_decode(text, n, "CERTIFICATE", der, X509_CERT_MAX, der_len);
    else if (n <= X509_CERT_MAX) {
        memcpy(der, text, n);
        *der_len = n;
    } else
        e = ERR_OVERFLOW;
    if (e == ERR_OK)
        e = x509_parse(der, *der_len, x);
    if (e != ERR_OK) {
        fprintf(stderr, "tool_certcheck: %s: %s (%s)\n", path, err_name(e), err_str(e));
        printf("result: %s\n", err_name(e));
        return 2;
    }
    return 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: tool_certcheck CERT.pem CA.pem [server|client] [NAME] [UNIXTIME] "
                    "[INTERMEDIATE.pem]\n");
    return 2;
}

int main(int argc, char **argv)
{
    static uint8_t cert_der[X509_CERT_MAX], ca_der[X509_CERT_MAX], inter_der[X509_CERT_MAX];
    size_t cert_len, ca_len, inter_len;
    x509_cert chain[2], ca;
    if (argc < 3 || argc > 7)
        return usage();
    if (sodium_init() < 0) {
        fprintf(stderr, "tool_certcheck: libsodium failed to initialise\n");
        return 2;
    }
    x509_policy pol = { .anchor = &ca, .role = X509_ROLE_SERVER, .now = (int64_t)time(NULL) };
    if (argc > 3) {
        if (strcmp(argv[3], "server") == 0)
            pol.role = X509_ROLE_SERVER;
        else if (strcmp(argv[3], "client") == 0)
            pol.role = X509_ROLE_CLIENT;
        else
            return usage();
    }
    if (argc > 4 && strcmp(argv[4], "-") != 0)
        pol.expected_name = argv[4];
    if (argc > 5) {
        char *end;
        errno = 0;
        long long t = strtoll(argv[5], &end, 10);
        if (errno || end == argv[5] || *end)
            return usage();
        pol.now = (int64_t)t;
    }
    int rc = load(argv[1], cert_der, &cert_len, &chain[0]);
    if (rc == 0)
        rc = load(argv[2], ca_der, &ca_len, &ca);
    /* the intermediate the leaf's side sends after it */
    if (rc == 0 && argc > 6)
        rc = load(argv[6], inter_der, &inter_len, &chain[1]);
    if (rc != 0)
        return rc;
    err_t e = x509_verify_chain(chain, argc > 6 ? 2 : 1, &pol, on_check, NULL);
    printf("result: %s\n", e == ERR_OK ? "OK" : err_name(e));
    return e == ERR_OK ? 0 : 1;
}
