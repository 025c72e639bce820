/*
 * Host tests for the GNU-EFI loader's loader.cfg parser (boot/efi/config.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"

static struct loader_config cfg;
static struct config_error err;

static int parse(const char *text)
{
    memset(&cfg, 0xa5, sizeof cfg); /* stale bytes must not leak through */
    return config_parse(text, strlen(text), &cfg, &err);
}

static void test_good_config_sets_kernel_cmdline_and_modules(void **state)
{
    (void)state;
    assert_int_equal(parse("kernel /quire/kernel\n"
                           "cmdline console=com1 verbose\n"
                           "module /quire/vm vm\n"
                           "module /quire/runner runner -v /test\n"),
                     0);
    assert_string_equal(cfg.kernel, "/quire/kernel");
    assert_string_equal(cfg.cmdline, "console=com1 verbose");
    assert_int_equal(cfg.nmodules, 2);
    assert_string_equal(cfg.modules[0].path, "/quire/vm");
    assert_string_equal(cfg.modules[0].string, "vm");
    assert_string_equal(cfg.modules[1].path, "/quire/runner");
    assert_string_equal(cfg.modules[1].string, "runner -v /test");
}

static void test_comments_blank_lines_and_extra_blanks_are_skipped(void **state)
{
    (void)state;
    assert_int_equal(parse("# Quire boot configuration\n"
                           "\n"
                           "   \t\n"
                           "  # indented comment\n"
                           "\tkernel\t /quire/kernel  \n"
                           "module   /quire/vm    vm  \n"
                           "\n"),
                     0);
    assert_string_equal(cfg.kernel, "/quire/kernel");
    assert_int_equal(cfg.nmodules, 1);
    assert_string_equal(cfg.modules[0].string, "vm");
}

static void test_missing_cmdline_gives_empty_string(void **state)
{
    (void)state;
    assert_int_equal(parse("kernel /k"), 0); /* no final newline either */
    assert_string_equal(cfg.kernel, "/k");
    assert_string_equal(cfg.cmdline, "");
    assert_int_equal(cfg.nmodules, 0);
}

static void test_cmdline_keeps_hash_and_inner_spacing(void **state)
{
    (void)state;
    assert_int_equal(parse("kernel /k\ncmdline a  b #c\n"), 0);
    assert_string_equal(cfg.cmdline, "a  b #c");
}

static void test_empty_cmdline_line_is_allowed(void **state)
{
    (void)state;
    assert_int_equal(parse("cmdline\nkernel /k\n"), 0);
    assert_string_equal(cfg.cmdline, "");
}

static void test_crlf_line_ends_are_accepted(void **state)
{
    (void)state;
    assert_int_equal(parse("kernel /quire/kernel\r\nmodule /quire/vm vm\r\n"), 0);
    assert_string_equal(cfg.kernel, "/quire/kernel");
    assert_string_equal(cfg.modules[0].string, "vm");
}

static void test_backslashes_in_paths_become_slashes(void **state)
{
    (void)state;
    assert_int_equal(parse("kernel \\quire\\kernel\n"), 0);
    assert_string_equal(cfg.kernel, "/quire/kernel");
}

static void test_missing_kernel_line_is_an_error(void **state)
{
    (void)state;
    assert_int_equal(parse("cmdline x\nmodule /quire/vm vm\n"), -1);
    assert_int_equal(err.line, 0);
    assert_string_equal(err.msg, "no kernel line");
}

static void test_empty_file_is_missing_kernel(void **state)
{
    (void)state;
    assert_int_equal(parse(""), -1);
    assert_string_equal(err.msg, "no kernel line");
}

static void test_second_kernel_line_is_an_error(void **state)
{
    (void)state;
    assert_int_equal(parse("kernel /a\nkernel /b\n"), -1);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.msg, "second kernel line");
}

static void test_second_cmdline_line_is_an_error(void **state)
{
    (void)state;
    assert_int_equal(parse("kernel /a\ncmdline x\ncmdline y\n"), -1);
    assert_int_equal(err.line, 3);
}

static void test_kernel_with_extra_words_is_an_error(void **state)
{
    (void)state;
    assert_int_equal(parse("kernel /a b\n"), -1);
    assert_int_equal(err.line, 1);
    assert_string_equal(err.msg, "kernel takes one path and nothing else");
}

static void test_kernel_without_path_is_an_error(void **state)
{
    (void)state;
    assert_int_equal(parse("kernel\n"), -1);
    assert_string_equal(err.msg, "missing path");
}

static void test_relative_path_is_an_error(void **state)
{
    (void)state;
    assert_int_equal(parse("kernel quire/kernel\n"), -1);
    assert_string_equal(err.msg, "path must start with /");
}

static void test_directory_path_is_an_error(void **state)
{
    (void)state;
    assert_int_equal(parse("kernel /quire/\n"), -1);
    assert_string_equal(err.msg, "path must name a file, not a directory");
}

static void test_module_without_name_is_an_error(void **state)
{
    (void)state;
    assert_int_equal(parse("kernel /k\nmodule /quire/vm   \n"), -1);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.msg, "module needs a name after its path");
}

static void test_thirty_two_modules_fit(void **state)
{
    char text[4096] = "kernel /k\n";
    int i;
    (void)state;
    for (i = 0; i < CONFIG_MAX_MODULES; i++)
        sprintf(text + strlen(text), "module /m%d mod%d\n", i, i);
    assert_int_equal(parse(text), 0);
    assert_int_equal(cfg.nmodules, CONFIG_MAX_MODULES);
    assert_string_equal(cfg.modules[31].path, "/m31");
    assert_string_equal(cfg.modules[31].string, "mod31");
}

static void test_too_many_modules_is_an_error(void **state)
{
    char text[4096] = "kernel /k\n";
    int i;
    (void)state;
    for (i = 0; i < CONFIG_MAX_MODULES + 1; i++)
        sprintf(text + strlen(text), "module /m%d mod%d\n", i, i);
    assert_int_equal(parse(text), -1);
    assert_int_equal(err.line, CONFIG_MAX_MODULES + 2);
    assert_string_equal(err.msg, "too many modules");
}

static void test_longest_line_is_accepted(void **state)
{
    char text[CONFIG_LINE_MAX + 32];
    size_t n;
    (void)state;
    strcpy(text, "kernel /k\ncmdline ");
    n = strlen("cmdline ");
    memset(text + strlen(text), 'x', CONFIG_LINE_MAX - 1 - n);
    text[strlen("kernel /k\n") + CONFIG_LINE_MAX - 1] = '\0';
    assert_int_equal(parse(text), 0);
    assert_int_equal(strlen(cfg.cmdline), CONFIG_LINE_MAX - 1 - n);
}

static void test_overlong_line_is_an_error(void **state)
{
    char text[CONFIG_LINE_MAX + 32];
    (void)state;
    strcpy(text, "kernel /k\ncmdline ");
    memset(text + strlen(text), 'x', CONFIG_LINE_MAX);
    text[strlen("kernel /k\n") + CONFIG_LINE_MAX] = '\0';
    assert_int_equal(parse(text), -1);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.msg, "line too long");
}

static void test_overlong_path_is_an_error(void **state)
{
    char text[CONFIG_LINE_MAX];
    (void)state;
    strcpy(text, "kernel /");
    memset(text + strlen(text), 'p', CONFIG_PATH_MAX);
    text[strlen("kernel /") + CONFIG_PATH_MAX] = '\0';
    assert_int_equal(parse(text), -1);
    assert_string_equal(err.msg, "path too long");
}

static void test_unknown_keyword_is_an_error(void **state)
{
    (void)state;
    assert_int_equal(parse("kernel /k\ninitrd /x\n"), -1);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.msg, "unknown keyword (expected kernel, cmdline or module)");
}

static void test_keywords_are_case_sensitive(void **state)
{
    (void)state;
    assert_int_equal(parse("Kernel /k\n"), -1);
    assert_int_equal(err.line, 1);
}

static void test_binary_garbage_is_an_error(void **state)
{
    static const char junk[] = "kernel /k\n\x7f" "ELF\x02\x01\x01";
    (void)state;
    assert_int_equal(config_parse(junk, sizeof junk - 1, &cfg, &err), -1);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.msg, "invalid character (not printable ASCII)");
}

static void test_nul_byte_is_an_error(void **state)
{
    static const char text[] = "kernel /k\0\n";
    (void)state;
    assert_int_equal(config_parse(text, sizeof text - 1, &cfg, &err), -1);
    assert_int_equal(err.line, 1);
}

static void test_lone_carriage_return_is_an_error(void **state)
{
    (void)state;
    assert_int_equal(parse("kernel /k\rmodule /m m\n"), -1);
    assert_int_equal(err.line, 1);
}

static void test_text_need_not_be_nul_terminated(void **state)
{
    static const char text[] = "kernel /kernelXXXX";
    (void)state;
    assert_int_equal(config_parse(text, strlen("kernel /kernel"), &cfg, &err), 0);
    assert_string_equal(cfg.kernel, "/kernel");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_config_sets_kernel_cmdline_and_modules),
        cmocka_unit_test(test_comments_blank_lines_and_extra_blanks_are_skipped),
        cmocka_unit_test(test_missing_cmdline_gives_empty_string),
        cmocka_unit_test(test_cmdline_keeps_hash_and_inner_spacing),
        cmocka_unit_test(test_empty_cmdline_line_is_allowed),
        cmocka_unit_test(test_crlf_line_ends_are_accepted),
        cmocka_unit_test(test_backslashes_in_paths_become_slashes),
        cmocka_unit_test(test_missing_kernel_line_is_an_error),
        cmocka_unit_test(test_empty_file_is_missing_kernel),
        cmocka_unit_test(test_second_kernel_line_is_an_error),
        cmocka_unit_test(test_second_cmdline_line_is_an_error),
        cmocka_unit_test(test_kernel_with_extra_words_is_an_error),
        cmocka_unit_test(test_kernel_without_path_is_an_error),
        cmocka_unit_test(test_relative_path_is_an_error),
        cmocka_unit_test(test_directory_path_is_an_error),
        cmocka_unit_test(test_module_without_name_is_an_error),
        cmocka_unit_test(test_thirty_two_modules_fit),
        cmocka_unit_test(test_too_many_modules_is_an_error),
        cmocka_unit_test(test_longest_line_is_accepted),
        cmocka_unit_test(test_overlong_line_is_an_error),
        cmocka_unit_test(test_overlong_path_is_an_error),
        cmocka_unit_test(test_unknown_keyword_is_an_error),
        cmocka_unit_test(test_keywords_are_case_sensitive),
        cmocka_unit_test(test_binary_garbage_is_an_error),
        cmocka_unit_test(test_nul_byte_is_an_error),
        cmocka_unit_test(test_lone_carriage_return_is_an_error),
        cmocka_unit_test(test_text_need_not_be_nul_terminated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
