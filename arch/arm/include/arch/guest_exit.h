/* Why guest_arch_enter returned (both hosts' guest_entry.S). */
#ifndef ARCH_GUEST_EXIT_H
#define ARCH_GUEST_EXIT_H

/* The exit path found an SError pending and took it (arch/serror.h). */
#define EXIT_SERROR_AT_EXIT 4

#ifndef __ASSEMBLY__
/* The vector a guest exit came through, or the SError taken at the exit. */
enum guest_exit {
	EXIT_SYNC = 0,
	EXIT_IRQ = 1,
	EXIT_FIQ = 2,
	EXIT_SERROR = 3,
	EXIT_SERROR_LATE = EXIT_SERROR_AT_EXIT
};
#endif

#endif
