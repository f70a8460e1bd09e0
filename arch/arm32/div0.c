/* libgcc's division helpers (__aeabi_uldivmod and friends, linked for 64-bit
 * division) call these on a zero divisor; libgcc's own versions raise SIGFPE
 * through libc. A division by zero in the hypervisor is a bug: panic. */
#include <bulkhead/panic.h>

/* NOLINTBEGIN(bugprone-reserved-identifier,cert-dcl37-c): the run-time ABI's names */
int __aeabi_idiv0(int r);
long long __aeabi_ldiv0(long long r);

int __aeabi_idiv0(int r)
{
	(void)r;
	panic("division by zero");
}

long long __aeabi_ldiv0(long long r)
{
	(void)r;
	panic("division by zero");
}
/* NOLINTEND(bugprone-reserved-identifier,cert-dcl37-c) */
