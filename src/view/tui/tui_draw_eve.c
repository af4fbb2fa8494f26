/* tui_draw_eve.c — the eavesdropper with the stolen key (the key-leak
 * scenario): each step of her attempt with its verdict, then what she read,
 * or why forward secrecy left her nothing. Everything comes from the
 * eve_result the simulator recorded; nothing is computed here. */
#include <sodium.h>
#include <stdio.h>

#include "run/eve.h"
#include "view/tui/tui_model.h"
#include "view/tui/tui_view.h"

/* What she read, first: the point of the demonstration. */
static void verdict(tui_view *v, tui_pw *pw, const eve_result *e)
{
    const tui_theme *th = &v->th;
    if (!e->recovered) {
        tui_pw_wrap(pw, 0, tui_st(th, ROLE_OK, A_BOLD),
                    "recovered: no content of the session: forward secrecy");
    } else {
        tui_pw_wrap(pw, 0, tui_st(th, ROLE_FAIL, A_BOLD), "recovered: the whole conversation");
        for (int side = 0; side < 2; side++) {
            /* on one line: an HTTP message's CR LF as \r\n */
            char text[2 * HS_APP_MAX + 8], line[2 * HS_APP_MAX + 64];
            trace_text_escape((const uint8_t *)e->plaintext[side], e->plaintext_len[side], text,
                              sizeof text);
            snprintf(line, sizeof line, "the %s said \"%s\"", party_name((party)side), text);
            tui_pw_wrap(pw, 2, tui_st(th, ROLE_FAIL, 0), line);
        }
    }
    char line[800];
    if (e->learned[0]) {
        snprintf(line, sizeof line, "learned: %s", e->learned);
        tui_pw_wrap(pw, 0, tui_st(th, ROLE_FAIL, 0), line);
    }
    snprintf(line, sizeof line, "why: %s", e->why);
    tui_pw_wrap(pw, 0, tui_st(th, ROLE_NORMAL, 0), line);
}

void tui_draw_eve(tui_view *v, tui_pw *pw)
{
    const tui_theme *th = &v->th;
    const eve_result *e = v->t->eve;
    tui_pw_wrap(pw, 0, tui_st(th, ROLE_TITLE, A_BOLD),
                "Eve recorded every record; after the session she gets the server's long-term "
                "private key");
    verdict(v, pw, e);
    tui_pw_wrap(pw, 0, tui_st(th, ROLE_TITLE, 0), "her attempt, step by step:");
    for (size_t i = 0; i < e->n_steps && i < EVE_STEPS_MAX; i++) {
        const eve_step *s = &e->steps[i];
        int x = tui_pw_put(pw, 0, tui_st(th, s->ok ? ROLE_OK : ROLE_FAIL, A_BOLD),
                           s->ok ? "\u2713" : "\u2717");
        char line[sizeof s->what + sizeof s->detail + 2]; /* a whole step, never cut */
        snprintf(line, sizeof line, "%s: %s", s->what, s->detail);
        tui_pw_wrap(pw, x + 1, tui_st(th, s->ok ? ROLE_NORMAL : ROLE_FAIL, 0), line);
        if (s->len) {
            char hex[2 * KS_KEY_BLOCK_LEN + 8];
            tui_hex_fit(s->bytes, s->len, pw->width - 2, th->utf8, hex, sizeof hex);
            tui_pw_put(pw, 2, tui_st(th, ROLE_HIDDEN, 0), hex);
            tui_pw_nl(pw);
            sodium_memzero(hex, sizeof hex); /* a key she recovered */
        }
    }
}
