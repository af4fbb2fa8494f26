/* fuzz_options.c — libFuzzer target for the command-line parser
 * (options.c): the input, split at NUL bytes, is argv[1..].
 *
 * A command line the parser refuses gets one line in err (also when err is
 * small: it is cut, never overrun). One it accepts holds only values the
 * options allow: a known format and key exchange, --auto from 0.1 to 3600
 * seconds, a clock from 1 to 253402300799, a --message of at most
 * HS_APP_MAX bytes, a replay key only with live labelling, and every string
 * it keeps pointing into argv. Parsing twice gives the same options.
 * Build: make build/fuzz_options. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ARGS_MAX 64
#define INPUT_MAX 8192

static int argc;
static char *argv[ARGS_MAX + 2];

/* s is NULL or points into one of the arguments. */
static void in_argv(const char *s)
{
    if (!s)
        return;
    for (int i = 1; i < argc; i++)
        if (s >= argv[i] && s <= argv[i] + strlen(argv[i]))
            return;
    __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char buf[INPUT_MAX + 1];
    static char name[] = "mtls-sim";
    if (size > INPUT_MAX)
        size = INPUT_MAX;
    memcpy(buf, data, size);
    buf[size] = '\0';
    argc = 0;
    argv[argc++] = name;
    for (size_t at = 0; at <= size && argc <= ARGS_MAX; at += strlen(buf + at) + 1)
        argv[argc++] = buf + at;
    argv[argc] = NULL;

    options o, o2;
    char err[256], small[16];
    err[0] = '\0';
    bool ok = options_parse(argc, argv, &o, err, sizeof err);
    memset(small, 0x55, sizeof small);
    bool ok_small = options_parse(argc, argv, &o2, small, sizeof small);
    if (ok != ok_small)
        __builtin_trap();
    if (!ok) {
        /* a message, cut to fit the small buffer */
        if (!err[0] || !memchr(small, '\0', sizeof small) || strncmp(err, small, strlen(small)))
            __builtin_trap();
        return 0;
    }
    if (o.format != FMT_TEXT && o.format != FMT_JSON && o.format != FMT_MARKDOWN)
        __builtin_trap();
    if (o.format != FMT_TEXT && !o.batch)
        __builtin_trap(); /* --format implies --batch */
    if (o.sim.kx != KX_ECDHE && o.sim.kx != KX_TRANSPORT)
        __builtin_trap();
    if (o.auto_seconds != 0 && !(o.auto_seconds >= 0.1 && o.auto_seconds <= 3600.0))
        __builtin_trap();
    if (o.sim.now != 0 && (o.sim.now < 1 || o.sim.now > 253402300799))
        __builtin_trap();
    if (o.sim.root_key && (o.sim.root_key != o.seed_key || o.sim.seeded))
        __builtin_trap();
    if (o.sim.message && strlen(o.sim.message) > HS_APP_MAX)
        __builtin_trap();
    if (o.export_dir && !o.export_dir[0])
        __builtin_trap();
    /* the exercises: one at a time, about one in-process run; a key only
     * for one of them in batch output, and a mystery never with --scenario */
    if (o.predict && o.mystery)
        __builtin_trap();
    if (o.mystery && (o.scenario || !o.mystery[0]))
        __builtin_trap();
    if (o.mystery_random != (o.mystery && !strcmp(o.mystery, "random")))
        __builtin_trap();
    if (o.answers_file && !((o.predict || o.mystery) && o.batch))
        __builtin_trap();
    if ((o.predict || o.mystery) && (o.export_dir || o.connect_to || o.listen_on ||
                                     o.compare_versions || o.scenario_all))
        __builtin_trap();
    if (o.predict && o.batch && o.format != FMT_MARKDOWN)
        __builtin_trap();
    if (o2.sim.root_key == o2.seed_key)
        o2.sim.root_key = o.seed_key; /* each points at its own copy */
    if (memcmp(&o, &o2, sizeof o) != 0)
        __builtin_trap(); /* the same command line, other options */
    const char *kept[] = { o.sim.message, o.export_dir, o.lessons_dir, o.scenario,
                           o.log_file, o.keys, o.screen_dump, o.mystery, o.answers_file };
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
        in_argv(kept[i]);
    return 0;
}
