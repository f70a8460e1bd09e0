/*
 * Raw Linux arm64 system calls and number formatting for the static,
 * libc-free programs that run in guests: the tools (bhctl, the screens'
 * demo programs in tools/screens/) and the tests' programs in guest
 * initramfs images (tests/bench/latency.c, tests/cockpit/periodic.c,
 * tests/smmu/dma_attack.c), which take it from here (-Itools/lib): tools/
 * uses no header of tests/.
 */
#ifndef TOOLS_LINUX_RAW_H
#define TOOLS_LINUX_RAW_H

typedef long i64;
typedef unsigned long u64;
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;

struct timespec64 {
	i64 tv_sec, tv_nsec;
};

#define SYS_ioctl	    29
#define SYS_openat	    56
#define SYS_close	    57
#define SYS_write	    64
#define SYS_exit	    93
#define SYS_clock_gettime   113
#define SYS_clock_nanosleep 115
#define SYS_mmap	    222
#define CLOCK_MONOTONIC	    1
#define CLOCK_BOOTTIME	    7
#define TIMER_ABSTIME	    1
#define AT_FDCWD	    (-100)
#define O_RDWR		    2
#define O_SYNC		    04010000
#define PROT_READ	    1
#define PROT_WRITE	    2
#define PROT_RW		    3
#define MAP_SHARED	    1
#define MAX_MMAP_ERRNO	    4096UL

static inline i64 sys(i64 n, i64 a, i64 b, i64 c, i64 d)
{
	register i64 x8 __asm__("x8") = n, x0 __asm__("x0") = a, x1 __asm__("x1") = b,
			x2 __asm__("x2") = c, x3 __asm__("x3") = d;
	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
	return x0;
}

/* mmap(NULL, len, prot, flags, fd, offset): six arguments, x0 to x5; the
 * address, or -errno (an address past -4096). */
static inline i64 sys_mmap(u64 len, i64 prot, i64 flags, i64 fd, u64 offset)
{
	register i64 x8 __asm__("x8") = SYS_mmap, x0 __asm__("x0") = 0, x1 __asm__("x1") = (i64)len,
			x2 __asm__("x2") = prot, x3 __asm__("x3") = flags, x4 __asm__("x4") = fd,
			x5 __asm__("x5") = (i64)offset;
	__asm__ volatile("svc #0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			 : "memory");
	return x0;
}

static inline i64 now_ns(void)
{
	struct timespec64 t;
	sys(SYS_clock_gettime, CLOCK_MONOTONIC, (i64)&t, 0, 0);
	return t.tv_sec * 1000000000L + t.tv_nsec;
}

static inline char *put_num(char *p, u64 v)
{
	char tmp[24];
	int n = 0;
	do
		tmp[n++] = (char)('0' + v % 10);
	while (v /= 10);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static inline char *put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

/* The program's entry: argc and argv from the initial stack to
 * main_c(argc, argv), whose result is the exit status. */
int main_c(int argc, char **argv);
__asm__(".global _start\n"
	"_start:\n"
	"	ldr x0, [sp]\n"
	"	add x1, sp, #8\n"
	"	bl main_c\n"
	"	mov x8, #93\n"
	"	svc #0\n");

#endif
