/* The one way down: print, stop the other CPUs, halt. */
#include <stdarg.h>
#include <string.h>
#include <bulkhead/console.h>
#include <bulkhead/fmt.h>
#include <bulkhead/panic.h>
#include <bulkhead/smp.h>
#include <arch/cpu.h>

static int panicking;

void __noreturn panic(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	cpu_arch_irq_disable();
	if (__atomic_fetch_add(&panicking, 1, __ATOMIC_SEQ_CST))
		cpu_arch_halt(); /* another CPU is already panicking */
	n = fmt_snprintf(line, sizeof(line), "\nBULKHEAD PANIC on CPU %u: ", smp_cpu_id());
	va_start(ap, fmt);
	fmt_vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	n = (int)strlen(line);
	line[n++] = '\n';
	console_write_force(line, (size_t)n);
	smp_stop_others();
	console_write_force("System halted.\n", 15);
	cpu_arch_halt();
}

/* libfdt is built with the stack protector; a smashed stack is corrupt state. */
/* NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c): the stack protector's ABI */
void __noreturn __stack_chk_fail(void);
void __noreturn __stack_chk_fail(void) { panic("stack smashing detected"); }
