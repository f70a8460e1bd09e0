/* Included first in every hypervisor translation unit (-include). */
#ifndef BULKHEAD_COMPILER_H
#define BULKHEAD_COMPILER_H

#ifndef __ASSEMBLY__
/* Everything is linked into one position-independent image: no symbol is
 * preemptible, so keep references PC-relative instead of going through a GOT. */
#pragma GCC visibility push(hidden)
#endif

/* NOLINTBEGIN(bugprone-reserved-identifier,cert-dcl37-c): the kernel's names for the
 * attributes; neither GCC, clang nor glibc (the host tests) defines any of them. */
#define __noreturn     __attribute__((noreturn))
#define __packed       __attribute__((packed))
#define __aligned(x)   __attribute__((aligned(x)))
#define __section(s)   __attribute__((section(s)))
#define __used	       __attribute__((used))
#define __unused       __attribute__((unused))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define ALWAYS_INLINE  inline __attribute__((always_inline))
#define likely(x)      __builtin_expect(!!(x), 1)
#define unlikely(x)    __builtin_expect(!!(x), 0)
/* NOLINTEND(bugprone-reserved-identifier,cert-dcl37-c) */

#define ARRAY_SIZE(a)	 (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)	 (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
#define MIN(a, b)	 ((a) < (b) ? (a) : (b))
#define MAX(a, b)	 ((a) > (b) ? (a) : (b))

#define KiB (1024ULL)
#define MiB (1024ULL * KiB)
#define GiB (1024ULL * MiB)

#endif
