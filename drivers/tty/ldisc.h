/*
 * The tty's line discipline: input editing, echo and the input queue,
 * with no I/O of its own (the driver gives it the typed bytes and an echo
 * function), so it also runs on the host under cmocka.
 *
 * The input queue is a ring of LD_BUFSZ entries. Each entry is a byte and
 * flags; the queue is split into the committed part (readers may take it)
 * and, behind it, the line being edited (cooked mode only).
 *
 * Cooked mode (TTY_COOKED):
 *   printable bytes   stored and echoed; other control bytes echoed as ^X
 *   0x7F, 0x08        erase the last character of the line ("\b \b"; a
 *                     whole UTF-8 sequence, two columns for a ^X)
 *   ^U                erase the whole line
 *   \r, \n            end the line: stored as '\n' (LD_EOL), echoed "\r\n"
 *   ^D                commit the line without adding a byte: a marker entry
 *                     (LD_EOT) ends the read that reaches it; alone on a
 *                     line the read returns 0, which is end of file
 *   ^C                drop the line, echo "^C\r\n", report LD_EV_INTR
 *   ^Z, ^\            the same with "^Z", "^\\": LD_EV_SUSP, LD_EV_QUIT
 * A read takes at most one line: it stops after an LD_EOL byte or at an
 * LD_EOT marker (which it consumes). Committed data always ends with a
 * line end, so "anything committed" means "a complete line".
 *
 * Raw mode (TTY_RAW): every byte is committed as it comes, no echo, no
 * editing, no signals; a read takes whatever is there, up to its size.
 *
 * Full queue: in cooked mode the last free entry is kept for a line end
 * (\r, \n or ^D), so a full line can always be finished; other bytes are
 * dropped (and echo a bell). In raw mode bytes that do not fit are
 * dropped. Either way `dropped` counts them.
 */
#ifndef TTY_LDISC_H
#define TTY_LDISC_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define LD_BUFSZ 4096            /* input queue entries */

/* Entry flags (the high byte of an entry). */
#define LD_EOL  0x100            /* a line end: delivered, and ends the read */
#define LD_EOT  0x200            /* ^D: not delivered, ends the read */

/* ld_input's result bits. */
#define LD_EV_DATA 0x1           /* committed data grew: a read may complete */
#define LD_EV_INTR 0x2           /* ^C: signal the foreground process */
#define LD_EV_SUSP 0x4           /* ^Z: SIGTSTP to the foreground group */
#define LD_EV_QUIT 0x8           /* ^\: SIGQUIT to the foreground group */

/* Control characters. */
#define LD_CTRL(c) ((c) & 0x1f)
#define LD_INTR  LD_CTRL('C')
#define LD_SUSP  LD_CTRL('Z')
#define LD_QUIT  0x1c
#define LD_EOF   LD_CTRL('D')
#define LD_KILL  LD_CTRL('U')
#define LD_ERASE 0x7f
#define LD_BS    0x08

typedef void (*ld_echo_fn)(void *arg, const char *s, size_t n);

struct ldisc {
	int mode;                    /* TTY_COOKED or TTY_RAW */
	uint16_t q[LD_BUFSZ];        /* byte | LD_EOL | LD_EOT */
	size_t head;                 /* index of the oldest entry */
	size_t committed;            /* entries readers may take, from head */
	size_t line;                 /* entries of the line being edited, after those */
	uint64_t dropped;            /* bytes lost to a full queue */
	ld_echo_fn echo;             /* may be NULL */
	void *echo_arg;
};

void ld_init(struct ldisc *ld, ld_echo_fn echo, void *arg);

/* One typed byte; returns LD_EV_* bits. */
int ld_input(struct ldisc *ld, uint8_t c);

/* Switch modes (TTY_COOKED or TTY_RAW; anything else: false). Going raw
 * commits the line being edited; returns LD_EV_DATA in *ev then. */
bool ld_setmode(struct ldisc *ld, int mode, int *ev);

/* Whether a read would complete now (with data or end of file). */
bool ld_readable(const struct ldisc *ld);

/* Copy what a read of up to max bytes would take, without taking it:
 * returns the bytes copied to out and, in *entries, how many queue
 * entries they use (markers included). Entries 0: nothing to read.
 * Entries > 0 and 0 bytes: end of file. */
size_t ld_peek(const struct ldisc *ld, char *out, size_t max, size_t *entries);

/* Take entries (from ld_peek) off the queue once the data is delivered. */
void ld_consume(struct ldisc *ld, size_t entries);

/* Discard all input: what is committed and the line being edited
 * (tcflush TCIFLUSH). */
void ld_flush(struct ldisc *ld);

/* Free entries in the queue. */
size_t ld_space(const struct ldisc *ld);

#endif
