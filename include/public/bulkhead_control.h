/*
 * Bulkhead's control interface, version 1: the public ABI between the
 * hypervisor and control tools (tools/bhctl.c). Every domain finds one page
 * of registers at BH_CTL_BASE in its physical address space (its device tree
 * has a node compatible "bulkhead,control-1"); only domains with the
 * bulkhead,control property may use it, the others get BH_CTL_EPERM.
 *
 * A request: write a domain name (NUL-terminated) into the buffer and the
 * arguments into ARG0..2, then the command into CMD; the hypervisor runs it
 * before the write completes. STATUS then holds 0 or a negative BH_CTL_E*
 * code and LEN the bytes of text the command left in the buffer (which
 * overwrites the name: write it again for the next command). Registers
 * and buffer take 32-bit accesses (ldr/str of a W register: a stage-2 trap
 * needs an instruction syndrome, which load/store pairs and SIMD do not
 * give). One request at a time per domain.
 */
#ifndef BULKHEAD_PUBLIC_CONTROL_H
#define BULKHEAD_PUBLIC_CONTROL_H

#define BH_CTL_BASE    0x08ff0000UL /* in QEMU virt's GIC window, past 8 redistributors */
#define BH_CTL_SIZE    0x1000UL
#define BH_CTL_MAGIC   0x4c544342U /* "BCTL" */
#define BH_CTL_VERSION 1U

#define BH_CTL_REG_MAGIC   0x000 /* RO */
#define BH_CTL_REG_VERSION 0x004 /* RO */
#define BH_CTL_REG_CMD	   0x008 /* WO: writing runs the command */
#define BH_CTL_REG_STATUS  0x00c /* RO: 0 or a negative BH_CTL_E* */
#define BH_CTL_REG_LEN	   0x010 /* RO: bytes of text in the buffer */
#define BH_CTL_REG_ARG0	   0x014
#define BH_CTL_REG_ARG1	   0x018
#define BH_CTL_REG_ARG2	   0x01c
#define BH_CTL_BUF	   0x100 /* domain name in, text out */
#define BH_CTL_BUF_SIZE	   (BH_CTL_SIZE - BH_CTL_BUF)

enum bh_ctl_cmd {
	BH_CTL_LIST = 1,     /* text: one line per domain (see docs/control.md) */
	BH_CTL_PAUSE = 2,    /* name */
	BH_CTL_UNPAUSE = 3,  /* name */
	BH_CTL_RESTART = 4,  /* name: rebuilt from its boot modules, as after a crash */
	BH_CTL_SHUTDOWN = 5, /* name: halted */
	BH_CTL_SCHED = 6,    /* name, ARG0 period_us, ARG1 budget_us */
	BH_CTL_LOG = 7,	     /* text: the hypervisor's log */
	BH_CTL_STATS = 8,    /* text: per-vCPU accounting */
};

#define BH_CTL_OK     0
#define BH_CTL_EPERM  (-1) /* the domain has no bulkhead,control */
#define BH_CTL_ENOENT (-2) /* no domain of that name */
#define BH_CTL_EINVAL (-3) /* bad command or argument */
#define BH_CTL_ENOSYS (-4) /* not implemented by this hypervisor */
#define BH_CTL_EBUSY  (-5) /* the domain is not in a state that allows it */

#endif
