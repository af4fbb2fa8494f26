/* render_svg.c — the message ladder as one self-contained SVG (--format
 * svg), for slides: three lanes (client, the wire, server), the seven
 * steps as bands, each message an arrow with its number and size, an
 * encrypted one dashed, a failing run's alert in red with the word ALERT
 * beside it (so it is not colour alone), and the outcome under it.
 *
 * No fonts, images or styles from outside; every text escaped as XML
 * (esc_xml). Only generic font families, so it draws the same offline.
 */
#include "view/batch/render.h"

#include <stdlib.h>
#include <string.h>

#include "view/batch/ladder.h"

#define SVG_W 780
#define X_CLIENT 110
#define X_WIRE 390
#define X_SERVER 670
#define TOP 78      /* where the first row starts */
#define STEP_H 26   /* a step's title row */
#define MSG_H 34    /* a message's row */
#define QUIET_H 30  /* a step in which nothing was sent */
#define FOOT_H 56

static const char *const band_fill[2] = { "#e8f0fe", "#f1f3f4" };
static const char alert_red[] = "#b00020";

static void svg_text(FILE *f, int x, int y, const char *anchor, const char *cls, const char *s)
{
    fprintf(f, "  <text x=\"%d\" y=\"%d\" text-anchor=\"%s\" class=\"%s\">", x, y, anchor, cls);
    esc_xml_puts(f, s);
    fputs("</text>\n", f);
}

static int row_h(const ladder_row *r)
{
    return r->kind == LADDER_MSG ? MSG_H : r->quiet ? QUIET_H : STEP_H;
}

/* A step's band runs from its title row to the row before the next step. */
static int band_height(const ladder_row *rows, size_t n, size_t i)
{
    int h = row_h(&rows[i]);
    for (size_t k = i + 1; k < n && rows[k].kind == LADDER_MSG; k++)
        h += MSG_H;
    return h;
}

static void arrow(FILE *f, const trace *t, const ladder_row *r, int y, bool page)
{
    const trace_msg *m = r->msg;
    bool right = m->from == PARTY_CLIENT;
    int x1 = right ? X_CLIENT : X_SERVER, x2 = right ? X_SERVER : X_CLIENT;
    int tip = right ? x2 - 10 : x2 + 10;
    const char *stroke = r->alert ? alert_red : "#202124";
    char size[96], label[160];
    ladder_size(t, m, size, sizeof size);
    snprintf(label, sizeof label, "%d. %s%s (%s)", m->seq, r->alert ? "ALERT: " : "", m->name,
             size);
    /* on the web page each arrow leads to its message */
    if (page)
        fprintf(f, "  <a href=\"#msg-%d\">\n", m->seq);
    fprintf(f, "  <g class=\"msg%s\" id=\"m%d\">\n", r->alert ? " alert" : "", m->seq);
    fprintf(f, "  <title>#%d %s to %s: ", m->seq, party_name(m->from), render_peer(m->from));
    esc_xml_puts(f, label);
    fputs("</title>\n", f);
    fprintf(f, "  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"%s\"%s/>\n",
            x1, y, tip, y, stroke, r->alert ? "2.5" : "1.5",
            m->sealed ? " stroke-dasharray=\"7 4\"" : "");
    fprintf(f, "  <polygon points=\"%d,%d %d,%d %d,%d\" fill=\"%s\"/>\n", x2, y, tip, y - 5, tip,
            y + 5, stroke);
    /* the text sits above the arrow, in the middle of the wire */
    svg_text(f, X_WIRE, y - 7, "middle", r->alert ? "lbl alert" : "lbl", label);
    if (r->alert)
        /* a cross where it lands: the connection ends there */
        fprintf(f, "  <text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"cross\">X</text>\n",
                right ? X_SERVER + 16 : X_CLIENT - 16, y + 5);
    fputs("  </g>\n", f);
    if (page)
        fputs("  </a>\n", f);
}

void render_svg(FILE *f, const trace *t, const render_opts *o)
{
    (void)o; /* no timings: the same seed, the same picture */
    render_svg_ladder(f, t, false);
}

void render_svg_ladder(FILE *f, const trace *t, bool page)
{
    size_t cap = ladder_max_rows(t);
    ladder_row *rows = malloc(cap * sizeof *rows);
    if (!rows) {
        fputs("<!-- out of memory -->\n", f);
        return;
    }
    size_t n = ladder_rows(t, rows, cap);
    if (n > cap)
        n = cap;
    int h = TOP + FOOT_H;
    for (size_t i = 0; i < n; i++)
        h += row_h(&rows[i]);
    char title[160], out[256];
    snprintf(title, sizeof title, "Mutual TLS %s handshake: the messages on the wire",
             tls_version_str(t->version));
    ladder_outcome(t, out, sizeof out);

    const char *pre = page ? "svg-" : ""; /* ids unique on the web page */
    if (!page)
        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
               "viewBox=\"0 0 %d %d\" class=\"mtls-ladder\" role=\"img\" aria-labelledby=\"%stitle %sdesc\">\n",
            SVG_W, h, SVG_W, h, pre, pre);
    fprintf(f, "  <title id=\"%stitle\">", pre);
    esc_xml_puts(f, title);
    fprintf(f, "</title>\n  <desc id=\"%sdesc\">", pre);
    fprintf(f, "Made by mtls-sim %s from one run (", MTLS_VERSION);
    if (t->seeded)
        fprintf(f, "seed %llu", (unsigned long long)t->seed);
    else
        fputs("live randomness", f);
    fprintf(f, "): %zu messages in wire order, numbered, each with its size; ", t->n_msgs);
    esc_xml_puts(f, out[0] ? out : "the handshake completed");
    fputs(".</desc>\n", f);
    /* every rule under the svg's own class: inline in a web page, the
     * rules must not reach the page's own elements */
    fputs("  <style>\n"
          "    .mtls-ladder text { font-family: sans-serif; font-size: 13px; fill: #202124; }\n"
          "    .mtls-ladder .head { font-size: 15px; font-weight: bold; }\n"
          "    .mtls-ladder .lane { font-size: 12px; fill: #5f6368; }\n"
          "    .mtls-ladder .step { font-weight: bold; paint-order: stroke; stroke: #ffffff; "
          "stroke-width: 4px; }\n"
          "    .mtls-ladder .quiet { font-style: italic; fill: #3c4043; }\n"
          "    .mtls-ladder .alert { fill: #b00020; font-weight: bold; }\n"
          "    .mtls-ladder .cross { fill: #b00020; font-size: 18px; font-weight: bold; }\n"
          "    .mtls-ladder .ok { fill: #137333; font-weight: bold; }\n"
"  </style>\n", f);
    fprintf(f, "  <rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", SVG_W, h);
    svg_text(f, SVG_W / 2, 22, "middle", "head", title);
    svg_text(f, X_CLIENT, 52, "middle", "head", "client");
    svg_text(f, X_WIRE, 52, "middle", "lane", "the wire: what anyone watching sees");
    svg_text(f, X_SERVER, 52, "middle", "head", "server");
    if (t->one_side) {
        char who[96];
        snprintf(who, sizeof who, "(this side: the %s; the %s is a real peer)",
                 party_name(t->self), party_name(party_peer(t->self)));
        svg_text(f, X_WIRE, 68, "middle", "lane", who);
    }

    /* the bands first, behind the lanes and arrows */
    int y = TOP, bands = 0;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].kind == LADDER_STEP)
            fprintf(f, "  <rect x=\"8\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\" fill=\"%s\"/>\n",
                    y, SVG_W - 16, band_height(rows, n, i), band_fill[bands++ % 2]);
        y += row_h(&rows[i]);
    }
    int bottom = y;
    fprintf(f, "  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1a73e8\" stroke-width=\"3\"/>\n",
            X_CLIENT, TOP - 8, X_CLIENT, bottom);
    fprintf(f, "  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#9aa0a6\" stroke-width=\"1\" "
               "stroke-dasharray=\"2 4\"/>\n", X_WIRE, TOP - 8, X_WIRE, bottom);
    fprintf(f, "  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#e8710a\" stroke-width=\"3\"/>\n",
            X_SERVER, TOP - 8, X_SERVER, bottom);

    y = TOP;
    for (size_t i = 0; i < n; i++) {
        const ladder_row *r = &rows[i];
        if (r->kind == LADDER_STEP) {
            char s[160];
            snprintf(s, sizeof s, "Step %d of %d: %s", r->step, HS_STEPS,
                     trace_step_title(t, r->step));
            svg_text(f, 18, y + 18, "start", "step", s);
            if (r->quiet)
                svg_text(f, SVG_W - 18, y + 18, "end", "quiet",
                         "nothing sent: each side computes it");
        } else {
            arrow(f, t, r, y + MSG_H - 10, page);
        }
        y += row_h(r);
    }
    if (out[0]) {
        char marker[280];
        snprintf(marker, sizeof marker, "ALERT - %s", out);
        svg_text(f, SVG_W / 2, bottom + 30, "middle", "alert", marker);
    } else {
        svg_text(f, SVG_W / 2, bottom + 30, "middle", "ok",
                 "handshake complete: both sides authenticated each other");
    }
    fputs("</svg>\n", f);
    free(rows);
}
