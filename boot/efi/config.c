/*
 * loader.cfg parser.
 *
 * Format (one directive per line):
 *
 *   # a comment: the first non-blank character of the line is '#'
 *   kernel  /quire/kernel
 *   cmdline console=com1 verbose
 *   module  /quire/vm vm
 *   module  /quire/runner runner -v /test
 *
 *   - Lines end in LF; a CR before the LF (or at the end of the file) is
 *     ignored, so a file edited on Windows works. The last line needs no
 *     line end.
 *   - A line holds at most CONFIG_LINE_MAX - 1 bytes, all printable ASCII
 *     (0x20..0x7e) or tab. Anything else (NUL, control bytes, UTF-8) is an
 *     error: the file is more likely corrupt than meant.
 *   - Blanks (space, tab) around the keyword and at the end of the line are
 *     ignored. Blank lines and comment lines are skipped. There are no
 *     comments at the end of a directive: '#' may be part of a command line.
 *   - kernel PATH      exactly once. PATH is one word.
 *   - cmdline TEXT     at most once; TEXT is the rest of the line (may be
 *                      empty). Without it the kernel gets "".
 *   - module PATH STRING...
 *                      up to CONFIG_MAX_MODULES times, in boot order.
 *                      STRING is the rest of the line after PATH (a name,
 *                      then optional arguments) and must not be empty; it
 *                      becomes the multiboot2 module string verbatim.
 *   - PATH is absolute on the EFI system partition the loader came from,
 *     shorter than CONFIG_PATH_MAX, '/' separated ('\' is accepted and
 *     turned into '/'), and does not end in a separator.
 *   - Keywords are lower case. Any other keyword is an error.
 */
#include "config.h"

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* Compare the n bytes at a with the NUL-terminated word w, exactly. */
static int word_is(const char *a, size_t n, const char *w)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (w[i] != a[i])
            return 0;
    return w[n] == '\0';
}

/* Copy n bytes and terminate; the caller has checked that n < cap. */
static void copy_str(char *dst, const char *src, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        dst[i] = src[i];
    dst[n] = '\0';
}

static int fail(struct config_error *err, unsigned line, const char *msg)
{
    err->line = line;
    err->msg = msg;
    return -1;
}

/* Validate and store one path word. Returns NULL or an error message. */
static const char *take_path(char *dst, const char *src, size_t n)
{
    size_t i;
    if (n == 0)
        return "missing path";
    if (src[0] != '/' && src[0] != '\\')
        return "path must start with /";
    if (n >= CONFIG_PATH_MAX)
        return "path too long";
    if (src[n - 1] == '/' || src[n - 1] == '\\')
        return "path must name a file, not a directory";
    copy_str(dst, src, n);
    for (i = 0; i < n; i++)
        if (dst[i] == '\\')
            dst[i] = '/';
    return 0;
}

/*
 * Handle one line with blanks already trimmed off both ends (n > 0, not a
 * comment). Returns NULL or an error message.
 */
static const char *parse_directive(const char *s, size_t n,
                                   struct loader_config *cfg, int *seen_kernel,
                                   int *seen_cmdline)
{
    size_t kw = 0, p, arg, alen;
    const char *why;

    while (kw < n && !is_blank(s[kw]))
        kw++;
    p = kw;
    while (p < n && is_blank(s[p]))
        p++;
    arg = p; /* the rest of the line starts here; it has no trailing blanks */
    alen = n - arg;

    if (word_is(s, kw, "kernel")) {
        size_t w = 0;
        if (*seen_kernel)
            return "second kernel line";
        while (w < alen && !is_blank(s[arg + w]))
            w++;
        if (w != alen)
            return "kernel takes one path and nothing else";
        why = take_path(cfg->kernel, s + arg, w);
        if (why)
            return why;
        *seen_kernel = 1;
        return 0;
    }
    if (word_is(s, kw, "cmdline")) {
        if (*seen_cmdline)
            return "second cmdline line";
        /* alen < CONFIG_LINE_MAX because the whole line is shorter. */
        copy_str(cfg->cmdline, s + arg, alen);
        *seen_cmdline = 1;
        return 0;
    }
    if (word_is(s, kw, "module")) {
        struct config_module *m;
        size_t w = 0, q;
        if (cfg->nmodules >= CONFIG_MAX_MODULES)
            return "too many modules";
        m = &cfg->modules[cfg->nmodules];
        while (w < alen && !is_blank(s[arg + w]))
            w++;
        why = take_path(m->path, s + arg, w);
        if (why)
            return why;
        q = arg + w;
        while (q < n && is_blank(s[q]))
            q++;
        if (q == n)
            return "module needs a name after its path";
        copy_str(m->string, s + q, n - q);
        cfg->nmodules++;
        return 0;
    }
    return "unknown keyword (expected kernel, cmdline or module)";
}

int config_parse(const char *text, size_t len, struct loader_config *cfg,
                 struct config_error *err)
{
    size_t pos = 0;
    unsigned lineno = 0;
    int seen_kernel = 0, seen_cmdline = 0;

    cfg->kernel[0] = '\0';
    cfg->cmdline[0] = '\0';
    cfg->nmodules = 0;
    err->line = 0;
    err->msg = 0;

    while (pos < len) {
        size_t start = pos, end, b, e, i;
        const char *why;

        lineno++;
        while (pos < len && text[pos] != '\n')
            pos++;
        end = pos;
        if (pos < len)
            pos++; /* skip the LF */
        if (end > start && text[end - 1] == '\r')
            end--;

        if (end - start >= CONFIG_LINE_MAX)
            return fail(err, lineno, "line too long");
        for (i = start; i < end; i++) {
            unsigned char c = (unsigned char)text[i];
            if (c != '\t' && (c < 0x20 || c > 0x7e))
                return fail(err, lineno, "invalid character (not printable ASCII)");
        }

        b = start;
        e = end;
        while (b < e && is_blank(text[b]))
            b++;
        while (e > b && is_blank(text[e - 1]))
            e--;
        if (b == e || text[b] == '#')
            continue;

        why = parse_directive(text + b, e - b, cfg, &seen_kernel, &seen_cmdline);
        if (why)
            return fail(err, lineno, why);
    }

    if (!seen_kernel)
        return fail(err, 0, "no kernel line");
    return 0;
}
