/*
 * Parser for \quire\loader.cfg, the GNU-EFI loader's configuration.
 *
 * Pure C with no EFI or libc dependency: it builds for the loader
 * (freestanding) and for the host unit tests alike. The format is
 * described at the top of config.c and in docs/boot-efi.md.
 */
#ifndef QUIRE_EFI_CONFIG_H
#define QUIRE_EFI_CONFIG_H

#include <stddef.h>

/* Limits. Every buffer below is fixed-size, so the parser never allocates. */
#define CONFIG_LINE_MAX    256 /* bytes per line, without the line end */
#define CONFIG_PATH_MAX    128 /* bytes per path, with the NUL */
#define CONFIG_MAX_MODULES 32

struct config_module {
    char path[CONFIG_PATH_MAX];  /* on the ESP, '/'-separated, absolute */
    char string[CONFIG_LINE_MAX]; /* the multiboot2 module string: name and args */
};

struct loader_config {
    char kernel[CONFIG_PATH_MAX];
    char cmdline[CONFIG_LINE_MAX]; /* "" when the file has no cmdline line */
    unsigned nmodules;
    struct config_module modules[CONFIG_MAX_MODULES];
};

/* Where and why parsing failed. line is 1-based; 0 = not tied to a line. */
struct config_error {
    unsigned line;
    const char *msg; /* static English text, never NULL after a failure */
};

/*
 * Parse len bytes of text (need not be NUL-terminated) into *cfg.
 * Returns 0 on success; on failure returns -1, fills *err and leaves
 * *cfg in an unspecified state.
 */
int config_parse(const char *text, size_t len, struct loader_config *cfg,
                 struct config_error *err);

#endif
