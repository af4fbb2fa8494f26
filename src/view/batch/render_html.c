/* render_html.c — the web page of one run (--format html): one
 * self-contained HTML5 file, readable offline, on a phone and on paper.
 *
 *   header: the run's facts, who-knows-what legend, the tools
 *   the ladder (the SVG of render_svg.c, each arrow a link)
 *   seven sections, one per step: its messages (render_html_msg.c), values
 *   and checks (render_html_values.c) beside its lesson
 *   the outcome: the alert, the failed check, the comparison with the
 *   clean run; the eavesdropper's attempt; the lessons of no one step
 *
 * The page arrives unfolded, so that without a script everything is
 * readable; the inline script folds it and adds unfold-all and keys. The
 * eavesdropper's view is a checkbox and CSS. No timings and no paths, so
 * a seed gives the same bytes.
 */
#include "view/batch/render_html_int.h"

#include <sodium.h>
#include <string.h>

#include "run/eve.h"
#include "run/sim.h"
#include "view/batch/ladder.h"

/* ---- shared helpers ------------------------------------------------------ */

void html_hex(FILE *f, const uint8_t *b, size_t n)
{
    static const char d[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(' ', f);
        fputc(d[b[i] >> 4], f);
        fputc(d[b[i] & 15], f);
    }
}

void html_hex_dump(FILE *f, const uint8_t *b, size_t n)
{
    fputs("<pre class=\"hex\">", f);
    for (size_t i = 0; i < n; i += 16) {
        fprintf(f, "%04zx  ", i);
        html_hex(f, b + i, n - i < 16 ? n - i : 16);
        fputc('\n', f);
    }
    fputs("</pre>\n", f);
}

const char *html_know_class(unsigned know)
{
    if (know & KNOW_PUBLIC)
        return "k-public";
    if ((know & KNOW_CLIENT) && (know & KNOW_SERVER))
        return "k-both";
    if (know & KNOW_CLIENT)
        return "k-client";
    if (know & KNOW_SERVER)
        return "k-server";
    return "k-nobody";
}

void html_knowers(FILE *f, unsigned know)
{
    fprintf(f, "<span class=\"k %s\">[%s]</span>", html_know_class(know),
            trace_knowers_of(know)->word);
}

/* ---- lesson text --------------------------------------------------------- */

/* A paragraph: live values (between the marks) as code, blurred in the
 * eavesdropper's view when they are secrets. */
static void lesson_para(FILE *f, const trace *t, const char *s, size_t n)
{
    fputs("<p>", f);
    for (size_t i = 0; i < n;) {
        const char *on = memchr(s + i, LESSON_MARK_ON, n - i);
        size_t lit = on ? (size_t)(on - (s + i)) : n - i;
        esc_xml(f, s + i, lit);
        i += lit;
        if (!on)
            break;
        const char *off = memchr(on + 1, LESSON_MARK_OFF, n - i - 1);
        size_t vlen = off ? (size_t)(off - on - 1) : n - i - 1;
        fputs(html_live_secret(t, on + 1, vlen) ? "<code class=\"secret\">" : "<code>", f);
        esc_xml(f, on + 1, vlen);
        fputs("</code>", f);
        i += vlen + 1 + (off != NULL);
    }
    fputs("</p>\n", f);
}

/* A formula block: its lines as they are; a live value that is a secret
 * in a span the eavesdropper's view blurs, the marks dropped. */
static void lesson_display(FILE *f, const trace *t, const char *s, size_t n)
{
    fputs("<pre>", f);
    size_t i = 0;
    while (i < n) {
        if (s[i] == LESSON_MARK_ON) {
            const char *off = memchr(s + i + 1, LESSON_MARK_OFF, n - i - 1);
            size_t vlen = off ? (size_t)(off - (s + i + 1)) : n - i - 1;
            bool secret = html_live_secret(t, s + i + 1, vlen);
            fputs(secret ? "<span class=\"secret\">" : "", f);
            esc_xml(f, s + i + 1, vlen);
            fputs(secret ? "</span>" : "", f);
            i += vlen + 1 + (off != NULL);
            continue;
        }
        if (s[i] == LESSON_MARK_OFF) {
            i++;
            continue;
        }
        if ((i == 0 || s[i - 1] == '\n') && n - i >= 2 && s[i] == ' ' && s[i + 1] == ' ') {
            i += 2;
            continue;
        }
        size_t k = i;
        while (k < n && s[k] != LESSON_MARK_ON && s[k] != LESSON_MARK_OFF && s[k] != '\n')
            k++;
        esc_xml(f, s + i, k - i);
        if (k < n && s[k] == '\n') {
            fputc('\n', f);
            k++;
        }
        i = k;
    }
    fputs("</pre>\n", f);
}

static void lesson_body(FILE *f, const trace *t, const char *text)
{
    for (const char *p = text; *p;) {
        const char *end = strstr(p, "\n\n");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n >= 2 && p[0] == ' ' && p[1] == ' ')
            lesson_display(f, t, p, n);
        else if (n)
            lesson_para(f, t, p, n);
        p += n + (end ? 2 : 0);
    }
}

/* A lesson: its title at heading level `h`, its text, its questions each
 * with its answer folded under it. *qn numbers the questions. */
static void lesson(FILE *f, const trace *t, const lesson_set *ls, const char *id, int h, int *qn)
{
    fprintf(f, "<h%d>", h);
    esc_xml_puts(f, lesson_title_for(ls, id, t));
    fprintf(f, "</h%d>\n", h);
    err_t e;
    char err[512];
    char *body = lesson_expand(ls, id, t, true, &e, err, sizeof err);
    if (body) {
        lesson_body(f, t, body);
        lesson_text_free(body); /* it may hold the run's secrets */
    } else {
        fputs("<p class=\"bad\">Lesson error: ", f);
        esc_xml_puts(f, err);
        fputs("</p>\n", f);
    }
    size_t nq = lesson_n_questions_for(ls, id, t);
    if (nq)
        fprintf(f, "<h%d>Questions</h%d>\n", h + 1, h + 1);
    for (size_t i = 0; i < nq; i++) {
        fprintf(f, "<details class=\"q\" open><summary>Q%d. ", ++*qn);
        esc_xml_puts(f, lesson_question_for(ls, id, t, i));
        fputs("</summary>\n<p>", f);
        esc_xml_puts(f, lesson_answer_for(ls, id, t, i));
        fputs("</p></details>\n", f);
    }
}

/* ---- the page ------------------------------------------------------------ */

static void fact(FILE *f, const trace *t, const char *label, const char *id)
{
    char v[256];
    if (!lesson_fact(t, id, v, sizeof v))
        snprintf(v, sizeof v, "?");
    fputs("<tr><th scope=\"row\">", f);
    esc_xml_puts(f, label);
    fputs("</th><td>", f);
    esc_xml_puts(f, v);
    fputs("</td></tr>\n", f);
}

static void head(FILE *f, const trace *t)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"mtls-sim " MTLS_VERSION "\">\n", f);
    fprintf(f, "<title>Mutual TLS %s, byte by byte: one real handshake</title>\n",
            tls_version_str(t->version));
    fputs("<style>\n", f);
    for (const char *const *p = html_css; *p; p++)
        fputs(*p, f);
    fputs("</style>\n</head>\n<body>\n", f);
}

static void header(FILE *f, const trace *t)
{
    fprintf(f, "<header>\n<h1>Mutual TLS %s, byte by byte</h1>\n", tls_version_str(t->version));
    fprintf(f, "<p>Every byte below is a byte of one real TLS %s handshake with client "
               "certificates, made by mtls-sim %s; every field is named, decoded and cited. ",
            tls_version_str(t->version), MTLS_VERSION);
    if (t->one_side)
        fprintf(f, "This run was the %s against a real %s over TCP: the page shows this side's "
                   "values and checks and the wire both ways; what only the peer holds is not "
                   "visible here. ", party_name(t->self), party_name(party_peer(t->self)));
    fputs("The command below makes the same bytes again.</p>\n", f);
    fputs("<table class=\"facts\">\n<tbody>\n", f);
    char replay[256];
    const trace_value *m = trace_value_get(t, VAL_CLIENT_APP_PLAINTEXT);
    size_t n = 0;
    const uint8_t *b = m ? trace_value_bytes(m, &n) : NULL;
    bool own = b && (n != strlen(SIM_DEFAULT_MESSAGE) || memcmp(b, SIM_DEFAULT_MESSAGE, n));
    render_replay_args(t, replay, sizeof replay);
    fputs("<tr><th scope=\"row\">command</th><td><code>mtls-sim --batch --format html ", f);
    esc_xml_puts(f, replay);
    fprintf(f, "</code>%s</td></tr>\n", t->one_side ? " (this side's run; the peer is not "
                                                      "repeated)"
                                        : own ? " with the same --message" : "");
    sodium_memzero(replay, sizeof replay); /* holds the root key of a live run */
    fact(f, t, "randomness", "randomness");
    fact(f, t, "clock", "clock");
    fact(f, t, "cipher suite", "suite");
    fact(f, t, "suite number", "suite_id");
    fact(f, t, "key exchange", "kx");
    if (t->version != TLS_V13)
        fact(f, t, "master secret", "ems");
    if (t->scenario)
        fact(f, t, "scenario", "scenario");
    fact(f, t, "records on the wire", "message_count");
    fact(f, t, "handshake bytes", "handshake_bytes");
    fact(f, t, "checks made", "check_count");
    fact(f, t, "outcome", "outcome");
    fputs("</tbody>\n</table>\n", f);
    fputs("<h2>Who knows a value</h2>\n<ul class=\"legend\">\n", f);
    static const unsigned bits[4] = { KNOW_CLIENT, KNOW_SERVER, KNOW_CLIENT | KNOW_SERVER,
                                      KNOW_PUBLIC };
    for (size_t i = 0; i < 4; i++) {
        fputs("<li>", f);
        html_knowers(f, bits[i]);
        fputc(' ', f);
        esc_xml_puts(f, trace_knowers_of(bits[i])->meaning);
        fputs("</li>\n", f);
    }
    fputs("</ul>\n", f);
    fputs("<nav class=\"steps\" aria-label=\"steps\"><ol>\n", f);
    for (int s = 1; s <= HS_STEPS; s++) {
        fprintf(f, "<li><a href=\"#step-%d\">%d. ", s, s);
        esc_xml_puts(f, trace_step_title(t, s));
        fputs("</a></li>\n", f);
    }
    fputs("<li><a href=\"#outcome\">Outcome</a></li>\n</ol></nav>\n", f);
    fputs("<div class=\"tools\" id=\"tools\" hidden><button type=\"button\" id=\"unfold\">Unfold "
          "all</button><button type=\"button\" id=\"fold\">Fold all</button><span>Keys: "
          "<kbd>j</kbd>/<kbd>k</kbd> next/previous message, <kbd>e</kbd> the eavesdropper's "
          "view, Enter opens a fold.</span></div>\n</header>\n", f);
    /* the checkbox precedes main, so CSS alone can blur what is inside */
    fputs("<input class=\"eve-bar\" type=\"checkbox\" id=\"eve\" aria-describedby=\"eve-what\">"
          "<label class=\"eve-bar\" for=\"eve\">The eavesdropper's view</label>\n"
          "<p class=\"eve-bar\" id=\"eve-what\">Tick it to blur everything an eavesdropper on "
          "the wire cannot read: the secrets, and the contents of encrypted records.</p>\n", f);
}

static bool step_has_events(const trace *t, int step)
{
    for (size_t i = 0; i < t->n_events; i++)
        if (t->events[i].step == step)
            return true;
    return false;
}

static void step_section(FILE *f, const trace *t, const lesson_set *ls, int step, int *qn)
{
    fprintf(f, "<section class=\"step\" id=\"step-%d\" aria-labelledby=\"step-%d-h\">\n"
               "<h2 id=\"step-%d-h\">Step %d of %d: ", step, step, step, step, HS_STEPS);
    esc_xml_puts(f, trace_step_title(t, step));
    fputs("</h2>\n<div class=\"cols\">\n<div class=\"facts-col\">\n", f);
    if (!step_has_events(t, step) && !t->outcome.ok && step > t->outcome.step) {
        fprintf(f, "<p>This run ended at step %d; it did not reach this step.</p>\n",
                t->outcome.step);
    } else {
        bool any = false;
        for (size_t i = 0; i < t->n_msgs; i++) {
            if (t->msgs[i].step != step)
                continue;
            if (!any)
                fputs("<h3>Messages</h3>\n", f);
            any = true;
            html_message(f, t, &t->msgs[i]);
        }
        if (!any)
            fputs("<h3>Messages</h3>\n<p>None: each side computes this step on its own; nothing "
                  "crosses the wire.</p>\n", f);
        html_values(f, t, step);
        html_checks(f, t, step);
    }
    fputs("</div>\n<aside class=\"lesson\" aria-label=\"lesson\">\n", f);
    const char *id = steps_lesson(trace_steps(t), step);
    if (id && lesson_title_for(ls, id, t))
        lesson(f, t, ls, id, 3, qn);
    else
        fputs("<p>No lesson for this step.</p>\n", f);
    fputs("</aside>\n</div>\n</section>\n", f);
}

static void diff(FILE *f, const trace_diff *d)
{
    fputs("<h3>Compared with the same handshake without the fault</h3>\n<ul>\n", f);
    if (d->first_seq == 0)
        fputs("<li>Every message is the same in both runs.</li>\n", f);
    else if (d->first_seq == 1)
        fputs("<li>The runs differ from the first message on.</li>\n", f);
    else
        fprintf(f, "<li>Messages #1 to #%d are byte for byte the same in both runs.</li>\n",
                d->first_seq - 1);
    if (d->first_seq) {
        fprintf(f, "<li>From <a href=\"#msg-%d\">#%d</a> on they differ: #%d is the %s's ",
                d->first_seq, d->first_seq, d->first_seq, party_name(d->first_from));
        esc_xml_puts(f, d->first_name);
        fprintf(f, "%s.</li>\n", d->first_tampered ? ", changed in flight by the attacker" : "");
    }
    fprintf(f, "<li>Messages: %zu without the fault, %zu with it.</li>\n", d->n_clean, d->n_fault);
    fprintf(f, "<li>Values: %zu the same, %zu different, %zu never reached.</li>\n</ul>\n",
            d->n_same_values, d->n_changed_values, d->n_missing_values);
}

static void outcome(FILE *f, const trace *t, const render_opts *o)
{
    const trace_outcome *out = &t->outcome;
    fprintf(f, "<section id=\"outcome\" class=\"outcome %s\" aria-labelledby=\"outcome-h\">\n"
               "<h2 id=\"outcome-h\">Outcome</h2>\n", out->ok ? "passed" : "failed");
    if (out->ok) {
        fputs("<p class=\"ok\">Handshake complete: both sides authenticated each other.</p>\n", f);
        const trace_value *id = trace_value_get(t, trace_verdict_id(t));
        if (id && id->copy[PARTY_SERVER]) {
            fputs("<p>The server's verdict: <code>", f);
            esc_xml(f, (const char *)id->copy[PARTY_SERVER], id->len[PARTY_SERVER]);
            fputs("</code></p>\n", f);
        }
    } else {
        char line[256];
        ladder_outcome(t, line, sizeof line);
        fputs("<p class=\"bad\">ALERT: ", f);
        esc_xml_puts(f, line);
        fputs(".</p>\n<p>Reason: ", f);
        esc_xml_puts(f, err_str(out->err));
        fputs(".</p>\n", f);
        for (size_t i = 0; i < t->n_msgs; i++)
            if (t->msgs[i].content_type == CT_ALERT)
                fprintf(f, "<p>The alert on the wire: <a href=\"#msg-%d\">#%d</a>.</p>\n",
                        t->msgs[i].seq, t->msgs[i].seq);
        /* both sides of it; or, when the run ended without an alert, the
         * checks that failed */
        if (!html_sides(f, t))
            for (size_t i = 0; i < t->n_checks; i++) {
                const trace_check *c = &t->checks[i];
                if (c->result == ERR_OK)
                    continue;
                fprintf(f, "<p>A check that failed (<a href=\"#check-%zu\">step %d</a>), made by "
                           "the %s: ", i + 1, c->step, party_name(c->who));
                esc_xml_puts(f, c->name);
                fputs(": ", f);
                esc_xml_puts(f, c->detail);
                fputs(".</p>\n", f);
            }
    }
    if (o && o->diff)
        diff(f, o->diff);
    fputs("</section>\n", f);
}

static void eavesdropper(FILE *f, const eve_result *e)
{
    if (!e || !e->attempted)
        return;
    fputs("<section id=\"eavesdropper\" aria-labelledby=\"eve-h\">\n<h2 id=\"eve-h\">The "
          "eavesdropper, with the stolen key</h2>\n<p>What the wire alone told her: ", f);
    esc_xml_puts(f, e->learned);
    fputs("</p>\n<ol>\n", f);
    for (size_t i = 0; i < e->n_steps; i++) {
        fprintf(f, "<li><span class=\"%s\">%s</span> ", e->steps[i].ok ? "ok" : "bad",
                e->steps[i].ok ? "done" : "failed");
        esc_xml_puts(f, e->steps[i].what);
        fputs(": ", f);
        esc_xml_puts(f, e->steps[i].detail);
        if (e->steps[i].len) {
            fputs(" <code class=\"hex\">", f);
            html_hex(f, e->steps[i].bytes, e->steps[i].len);
            fputs("</code>", f);
        }
        fputs("</li>\n", f);
    }
    fputs("</ol>\n<p>", f);
    if (e->recovered) {
        fputs("She read the session. The client said: <code>", f);
        esc_xml(f, e->plaintext[PARTY_CLIENT], e->plaintext_len[PARTY_CLIENT]);
        fputs("</code>; the server said: <code>", f);
        esc_xml(f, e->plaintext[PARTY_SERVER], e->plaintext_len[PARTY_SERVER]);
        fputs("</code>. ", f);
    } else {
        fputs("She could not read the session. ", f);
    }
    esc_xml_puts(f, e->why);
    fputs("</p>\n</section>\n", f);
}

void render_html(FILE *f, const trace *t, const lesson_set *ls, const render_opts *o)
{
    if (!ls)
        ls = lesson_builtin();
    head(f, t);
    header(f, t);
    fputs("<main>\n<section id=\"ladder\" aria-labelledby=\"ladder-h\">\n<h2 id=\"ladder-h\">The "
          "messages on the wire</h2>\n<p>Every record in wire order with its size (record header "
          "included); dashed: encrypted. Each arrow leads to its message.</p>\n"
          "<div class=\"ladder\">\n", f);
    render_svg_ladder(f, t, true);
    fputs("</div>\n</section>\n", f);
    int qn = 0;
    for (int s = 1; s <= HS_STEPS; s++)
        step_section(f, t, ls, s, &qn);
    outcome(f, t, o);
    eavesdropper(f, t->eve);
    /* the lessons of no one step: the introduction, failures, practices */
    bool more = false;
    for (size_t i = 0; i < lesson_count(ls); i++) {
        const char *id = lesson_id(ls, i);
        if (steps_of_lesson(trace_steps(t), id))
            continue;
        if (!more)
            fputs("<section id=\"lessons\" aria-labelledby=\"lessons-h\">\n<h2 id=\"lessons-h\">"
                  "More lessons</h2>\n", f);
        more = true;
        lesson(f, t, ls, id, 3, &qn);
    }
    if (more)
        fputs("</section>\n", f);
    fputs("</main>\n<footer>\n<p>Made by mtls-sim " MTLS_VERSION ". The page needs no network: "
          "no script, font or style comes from outside. Without a script every fold is open; "
          "printing opens them all.</p>\n</footer>\n", f);
    fputs("<script>\n", f);
    for (const char *const *p = html_js; *p; p++)
        fputs(*p, f);
    fputs("</script>\n</body>\n</html>\n", f);
}
