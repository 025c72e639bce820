# The serial-console tty driver: a libsys program, boot module "tty".
TTY_SRCS := \
	drivers/tty/main.c \
	drivers/tty/uart.c \
	drivers/tty/ldisc.c
$(eval $(call libsys_program,tty,$(TTY_SRCS)))
