/*
 * bhctl: Bulkhead's control tool, run in a domain with bulkhead,control.
 * Static and libc-free (raw system calls), so dom0's initramfs needs
 * nothing else; it reaches the control page (include/public/
 * bulkhead_control.h) through /dev/mem, which Debian's stock kernel allows
 * for an address that is no RAM and that no driver claims.
 *   bhctl list | restart NAME | shutdown NAME | pause NAME | unpause NAME
 *   bhctl sched NAME PERIOD_US BUDGET_US | log | stats
 * Exit status: 0 done, 1 refused by the hypervisor, 2 usage or system error.
 */
#include "linux_raw.h"
#include <public/bulkhead_control.h>

static volatile unsigned int *page;

static void out(int fd, const char *s)
{
	u64 n = 0;
	while (s[n])
		n++;
	sys(SYS_write, fd, (i64)s, (i64)n, 0);
}

static int fail(const char *a, const char *b, int code)
{
	out(2, "bhctl: ");
	out(2, a);
	out(2, b);
	out(2, "\n");
	return code;
}

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static unsigned int reg(unsigned int off) { return page[off / 4]; }
static void set(unsigned int off, unsigned int v) { page[off / 4] = v; }

/* The name into the buffer, word by word (the page takes 32-bit accesses). */
static int put_name(const char *name)
{
	unsigned int n = 0, w = 0;
	for (;; n++) {
		if (n >= BH_CTL_BUF_SIZE)
			return -1;
		w |= (unsigned int)(unsigned char)name[n] << (8 * (n % 4));
		if (n % 4 == 3 || !name[n]) {
			set(BH_CTL_BUF + n / 4 * 4, w);
			w = 0;
		}
		if (!name[n])
			return 0;
	}
}

static void print_text(int fd)
{
	char buf[BH_CTL_BUF_SIZE + 1];
	unsigned int len = reg(BH_CTL_REG_LEN);
	if (len > BH_CTL_BUF_SIZE)
		len = BH_CTL_BUF_SIZE;
	for (unsigned int i = 0; i < len; i += 4) {
		unsigned int w = reg(BH_CTL_BUF + i);
		for (unsigned int k = 0; k < 4; k++)
			buf[i + k] = (char)(w >> (8 * k));
	}
	buf[len] = 0;
	out(fd, buf);
}

static const char *error_name(int status)
{
	switch (status) {
	case BH_CTL_EPERM: return "permission denied (this domain has no bulkhead,control)";
	case BH_CTL_ENOENT: return "no such domain";
	case BH_CTL_EINVAL: return "invalid request";
	case BH_CTL_ENOSYS: return "not supported by this hypervisor yet";
	case BH_CTL_EBUSY: return "the domain is not running";
	default: return "unknown error";
	}
}

static unsigned int parse(const char *s, int *ok)
{
	unsigned int v = 0;
	*ok = *s != 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 429496729U)
			*ok = 0;
		v = v * 10 + (unsigned int)(*s - '0');
	}
	return v;
}

static int run(int argc, char **argv)
{
	static const struct {
		const char *name;
		unsigned int cmd, nargs; /* after the command: a name, then numbers */
	} cmds[] = {{"list", BH_CTL_LIST, 0},	      {"log", BH_CTL_LOG, 0},
		    {"stats", BH_CTL_STATS, 0},	      {"restart", BH_CTL_RESTART, 1},
		    {"shutdown", BH_CTL_SHUTDOWN, 1}, {"pause", BH_CTL_PAUSE, 1},
		    {"unpause", BH_CTL_UNPAUSE, 1},   {"sched", BH_CTL_SCHED, 3}};
	unsigned int i;
	int status;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (argc >= 2 && streq(argv[1], cmds[i].name))
			break;
	if (i == sizeof(cmds) / sizeof(cmds[0]) || (unsigned int)argc != 2 + cmds[i].nargs)
		return fail("usage: bhctl list | restart NAME | shutdown NAME | pause NAME | "
			    "unpause NAME | sched NAME PERIOD_US BUDGET_US | log | stats",
			    "", 2);
	if (reg(BH_CTL_REG_MAGIC) != BH_CTL_MAGIC || reg(BH_CTL_REG_VERSION) != BH_CTL_VERSION)
		return fail("no Bulkhead control interface (version 1) at its address", "", 2);
	if (cmds[i].nargs && put_name(argv[2]))
		return fail("domain name too long: ", argv[2], 2);
	for (unsigned int a = 1; a < cmds[i].nargs; a++) {
		int ok;
		unsigned int v = parse(argv[2 + a], &ok);
		if (!ok)
			return fail("not a number: ", argv[2 + a], 2);
		set(BH_CTL_REG_ARG0 + 4 * (a - 1), v);
	}
	set(BH_CTL_REG_CMD, cmds[i].cmd);
	status = (int)reg(BH_CTL_REG_STATUS);
	if (status != BH_CTL_OK) {
		out(2, "bhctl: ");
		out(2, argv[1]);
		out(2, ": ");
		out(2, error_name(status));
		out(2, "\n");
		print_text(2); /* the hypervisor's reason, if it gave one */
		return 1;
	}
	print_text(1);
	return 0;
}

int main_c(int argc, char **argv)
{
	i64 fd = sys(SYS_openat, AT_FDCWD, (i64) "/dev/mem", O_RDWR | O_SYNC, 0);
	u64 addr;
	if (fd < 0)
		return fail("cannot open /dev/mem (is devtmpfs mounted?)", "", 2);
	addr = (u64)sys_mmap(BH_CTL_SIZE, PROT_RW, MAP_SHARED, fd, BH_CTL_BASE);
	if (addr >= (u64)-MAX_MMAP_ERRNO)
		return fail("cannot map the control page from /dev/mem", "", 2);
	page = (volatile unsigned int *)addr;
	return run(argc, argv);
}
