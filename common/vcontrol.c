/*
 * The control interface (include/public/bulkhead_control.h): one page of
 * registers in every domain; commands from domains without
 * bulkhead,control are refused. Register table after that header; each
 * command is one function. Requests are checked and bounded here: a name is
 * read only within the buffer, text written only within it.
 */
#include <string.h>
#include <bulkhead/console.h>
#include <bulkhead/domain.h>
#include <bulkhead/fmt.h>
#include <bulkhead/log.h>
#include <bulkhead/log_limit.h>
#include <bulkhead/vcontrol.h>
#include <bulkhead/vcpu_sched.h>
#include <bulkhead/vmmio.h>
#include <public/bulkhead_control.h>

struct vcontrol {
	struct domain *d;
	u32 args[3];
	s32 status;
	u32 len;
	char buf[BH_CTL_BUF_SIZE];
};

static struct vcontrol controls[CONFIG_MAX_DOMAINS];

static const char *const state_names[] = {
	[DOM_EMPTY] = "empty",	 [DOM_CREATED] = "created",	  [DOM_RUNNING] = "running",
	[DOM_HALTED] = "halted", [DOM_RESTARTING] = "restarting", [DOM_PAUSED] = "paused",
};

/* The domain named in the buffer (NUL-terminated inside it), or NULL. */
static struct domain *named(struct vcontrol *c)
{
	size_t n = strnlen(c->buf, sizeof(c->buf));
	if (n == sizeof(c->buf))
		return NULL;
	for (unsigned int i = 0; i < domain_count(); i++)
		if (strcmp(domain_by_id(i)->name, c->buf) == 0)
			return domain_by_id(i);
	return NULL;
}

static void text(struct vcontrol *c, const char *fmt, ...) __printf(2, 3);

static void text(struct vcontrol *c, const char *fmt, ...)
{
	va_list ap;
	int n;
	if (c->len >= sizeof(c->buf) - 1)
		return;
	va_start(ap, fmt);
	n = fmt_vsnprintf(c->buf + c->len, sizeof(c->buf) - c->len, fmt, ap);
	va_end(ap);
	c->len = MIN(c->len + (u32)MAX(n, 0), (u32)sizeof(c->buf) - 1);
}

/* NAME ID STATE VCPUS MEM_MIB POOL SCHED PERIOD_US BUDGET_US RESTARTS CPU_MS MISSES */
static s32 cmd_list(struct vcontrol *c)
{
	c->len = 0;
	for (unsigned int i = 0; i < domain_count(); i++) {
		struct domain *d = domain_by_id(i);
		u64 cpu_ns = 0, misses = 0;
		for (unsigned int k = 0; k < d->nvcpus; k++) {
			cpu_ns += d->vcpus[k].unit.runtime;
			misses += d->vcpus[k].unit.misses;
		}
		text(c, "%s %u %s %u %llu %s %s %llu %llu %u %llu %llu\n", d->name, d->id,
		     d->state < ARRAY_SIZE(state_names) ? state_names[d->state] : "?", d->nvcpus,
		     d->ram_size / MiB, sched_pool_name(&d->vcpus[0]),
		     sched_policy_name(&d->vcpus[0]), d->vcpus[0].unit.period / 1000,
		     d->vcpus[0].unit.budget / 1000, d->restarts, cpu_ns / 1000000, misses);
	}
	return BH_CTL_OK;
}

static s32 cmd_stop(struct vcontrol *c, bool restart)
{
	struct domain *t = named(c);
	c->len = 0;
	if (!t)
		return BH_CTL_ENOENT;
	return domain_control_stop(t, restart, c->d->name) ? BH_CTL_EBUSY : BH_CTL_OK;
}

static s32 cmd_pause(struct vcontrol *c, bool pause)
{
	struct domain *t = named(c);
	c->len = 0;
	if (!t)
		return BH_CTL_ENOENT;
	if (t == c->d && pause)
		return BH_CTL_EINVAL; /* nobody would be left to unpause it */
	return (pause ? domain_pause(t) : domain_unpause(t)) ? BH_CTL_EBUSY : BH_CTL_OK;
}

/* ARG0 period_us, ARG1 budget_us for every vCPU of the named domain; the
 * refusal's reason comes back as text. */
static s32 cmd_sched(struct vcontrol *c)
{
	struct domain *t = named(c);
	char err[120];
	int rc;
	c->len = 0;
	if (!t)
		return BH_CTL_ENOENT;
	rc = sched_set_rtds(t, c->args[0], c->args[1], err, sizeof(err));
	if (rc) {
		text(c, "%s\n", err);
		return rc == -E_RANGE ? BH_CTL_EBUSY : BH_CTL_EINVAL;
	}
	log_limited(c->d->name, LOG_CLASS_CONTROL, LOG_NOTICE,
		    "domain %s: rtds %u/%u us (asked by %s)", t->name, c->args[0], c->args[1],
		    c->d->name);
	return BH_CTL_OK;
}

static s32 cmd_log(struct vcontrol *c)
{
	c->len = (u32)console_history(c->buf, sizeof(c->buf) - 1);
	c->buf[c->len] = 0;
	return BH_CTL_OK;
}

/* DOMAIN.VCPU POOL SCHED STATE CPU_MS MISSES, one line per vCPU. */
static s32 cmd_stats(struct vcontrol *c)
{
	c->len = 0;
	for (unsigned int i = 0; i < domain_count(); i++) {
		struct domain *d = domain_by_id(i);
		for (unsigned int k = 0; k < d->nvcpus; k++) {
			struct vcpu *v = &d->vcpus[k];
			text(c, "%s.%u %s %s %s %llu %llu\n", d->name, k, sched_pool_name(v),
			     sched_policy_name(v),
			     v->parked		? "parked"
			     : !v->online	? "off"
			     : v->unit.runnable ? "runnable"
						: "waiting",
			     v->unit.runtime / 1000000, v->unit.misses);
		}
	}
	return BH_CTL_OK;
}

static void run(struct vcontrol *c, u32 cmd)
{
	if (!c->d->cfg->control) {
		domain_log_once(c->d, "control interface used without bulkhead,control: refused");
		c->status = BH_CTL_EPERM;
		c->len = 0;
		return;
	}
	switch (cmd) {
	case BH_CTL_LIST: c->status = cmd_list(c); break;
	case BH_CTL_RESTART: c->status = cmd_stop(c, true); break;
	case BH_CTL_SHUTDOWN: c->status = cmd_stop(c, false); break;
	case BH_CTL_PAUSE: c->status = cmd_pause(c, true); break;
	case BH_CTL_UNPAUSE: c->status = cmd_pause(c, false); break;
	case BH_CTL_SCHED: c->status = cmd_sched(c); break;
	case BH_CTL_LOG: c->status = cmd_log(c); break;
	case BH_CTL_STATS: c->status = cmd_stats(c); break;
	default: c->status = BH_CTL_EINVAL; break;
	}
}

/* Handlers get the offset inside their register range (vmmio.h). */
static u64 magic_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	(void)v, (void)dev, (void)arg, (void)off, (void)len;
	return BH_CTL_MAGIC;
}

static u64 version_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	(void)v, (void)dev, (void)arg, (void)off, (void)len;
	return BH_CTL_VERSION;
}

static u64 status_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	(void)v, (void)arg, (void)off, (void)len;
	return (u32)((struct vcontrol *)dev)->status;
}

static u64 len_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	(void)v, (void)arg, (void)off, (void)len;
	return ((struct vcontrol *)dev)->len;
}

static void cmd_write(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len, u64 val)
{
	(void)v, (void)arg, (void)off, (void)len;
	run(dev, (u32)val);
}

static u64 args_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	(void)v, (void)arg, (void)len;
	return ((struct vcontrol *)dev)->args[off / 4];
}

static void args_write(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len, u64 val)
{
	(void)v, (void)arg, (void)len;
	((struct vcontrol *)dev)->args[off / 4] = (u32)val;
}

static u64 buf_read(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len)
{
	u32 val;
	(void)v, (void)arg, (void)len;
	memcpy(&val, ((struct vcontrol *)dev)->buf + (off & ~3U), 4);
	return val;
}

static void buf_write(struct vcpu *v, void *dev, u32 arg, u32 off, unsigned int len, u64 val)
{
	u32 w = (u32)val;
	(void)v, (void)arg, (void)len;
	memcpy(((struct vcontrol *)dev)->buf + (off & ~3U), &w, 4);
}

/* clang-format off */
/* The register layout of include/public/bulkhead_control.h. */
static const struct mmio_reg control_regs[] = {
	{BH_CTL_REG_MAGIC,   4, MMIO_W32, 0, magic_read,   NULL},
	{BH_CTL_REG_VERSION, 4, MMIO_W32, 0, version_read, NULL},
	{BH_CTL_REG_CMD,     4, MMIO_W32, 0, NULL,         cmd_write},
	{BH_CTL_REG_STATUS,  4, MMIO_W32, 0, status_read,  NULL},
	{BH_CTL_REG_LEN,     4, MMIO_W32, 0, len_read,     NULL},
	{BH_CTL_REG_ARG0,   12, MMIO_W32, 0, args_read,    args_write},
	{BH_CTL_BUF, BH_CTL_BUF_SIZE, MMIO_W32, 0, buf_read, buf_write},
};
/* clang-format on */

static const struct mmio_device control_dev = {
	.name = "control",
	.regs = control_regs,
	.nregs = ARRAY_SIZE(control_regs),
};

int vcontrol_create(struct domain *d)
{
	struct vcontrol *c;
	if (d->id >= CONFIG_MAX_DOMAINS)
		return -E_RANGE;
	c = &controls[d->id];
	memset(c, 0, sizeof(*c));
	c->d = d;
	return vmmio_add(d, BH_CTL_BASE, BH_CTL_SIZE, &control_dev, c);
}
