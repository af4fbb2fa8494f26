/* main.c — command line, mode dispatch, exit statuses. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "export.h"
#include "options.h"
#include "render.h"
#include "sim.h"
#include "tui.h"

static void usage_error(const char *msg)
{
    fprintf(stderr, "mtls-sim: %s\n%s", msg, options_usage);
}

/* Batch and export: run once, print, write files. */
static int run_batch(const options *o)
{
    sim *s = sim_new();
    if (!s) {
        fprintf(stderr, "mtls-sim: out of memory\n");
        return EXIT_USAGE;
    }
    err_t e = sim_run(s, &o->sim);
    if (e != ERR_OK) {
        fprintf(stderr, "mtls-sim: the handshake could not be set up: %s\n", err_str(e));
        sim_free(s);
        return EXIT_USAGE;
    }
    int status = s->tr.outcome.ok ? EXIT_HANDSHAKE_OK : EXIT_HANDSHAKE_FAILED;
    render_opts ro = { .timings = o->timings };
    if (o->batch) {
        if (o->format == FMT_JSON)
            render_json(stdout, &s->tr, &ro);
        else
            render_text(stdout, &s->tr, &ro);
    }
    if (o->export_dir) {
        const char *bad = NULL;
        e = export_all(s, o->export_dir, &bad);
        if (e != ERR_OK) {
            fprintf(stderr, "mtls-sim: --export: cannot write %s in '%s': %s\n",
                    bad ? bad : "the files", o->export_dir, strerror(errno));
            status = EXIT_USAGE;
        } else if (!o->batch) {
            printf("mtls-sim: wrote ca.pem server.pem client.pem server.key client.key "
                   "keylog.txt handshake.pcap transcript.json to %s (handshake %s)\n",
                   o->export_dir, s->tr.outcome.ok ? "completed" : "failed");
        }
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "mtls-sim: cannot write the output: %s\n", strerror(errno));
        status = EXIT_USAGE;
    }
    sim_free(s);
    return status;
}

int main(int argc, char **argv)
{
    options o;
    char err[256];
    if (!options_parse(argc, argv, &o, err, sizeof err)) {
        usage_error(err);
        return EXIT_USAGE;
    }
    if (o.help) {
        fputs(options_usage, stdout);
        return 0;
    }
    if (o.version) {
        printf("mtls-sim %s (libsodium %s)\n", MTLS_VERSION, sodium_version_string());
        return 0;
    }
    if (sodium_init() < 0) {
        fprintf(stderr, "mtls-sim: libsodium could not be initialised\n");
        return EXIT_USAGE;
    }
    if (o.batch || o.export_dir)
        return run_batch(&o);
    return tui_main(&o);
}
