/*
 * The board display (include/bulkhead/display.h): the first registered
 * driver (driver.h) whose probe finds its hardware in the host DT. Boards have one
 * display here, and one domain owns it (common/config/ refuses a second
 * bulkhead,framebuffer).
 */
#include <bulkhead/display.h>
#include <bulkhead/driver.h>
#include <bulkhead/log.h>
#include <bulkhead/spinlock.h>

static const struct display_driver *active;
static struct mem_range mmio;
static char why_none[120] = "no display driver for this board";
static spinlock_t lock = SPINLOCK_INIT; /* restarts run on any pCPU */

void display_init(const void *fdt)
{
	size_t n;
	const struct driver *t = driver_table(&n);

	active = NULL;
	mmio.base = mmio.size = 0;
	for (size_t i = 0; i < n; i++) {
		const struct display_driver *drv = t[i].ops;
		struct mem_range r = {0, 0};
		if (t[i].cls != DRIVER_DISPLAY)
			continue;
		int rc = drv->probe(fdt, &r, why_none, sizeof(why_none));
		if (r.size && !mmio.size)
			mmio = r;
		if (!rc) {
			active = drv;
			log_info("display: %s", active->name);
			return;
		}
	}
}

struct mem_range display_mmio(void) { return mmio; }

int display_show(const char *owner, const struct display_mode *m)
{
	int rc;

	if (!active) {
		log_notice("domain %s: framebuffer %ux%u: the board has no display (%s); it runs "
			   "headless",
			   owner, m->width, m->height, why_none);
		return 0;
	}
	spin_lock(&lock);
	rc = active->scanout(m);
	spin_unlock(&lock);
	if (rc)
		log_err("domain %s: display %s: cannot show its %ux%u framebuffer at 0x%llx (%d)",
			owner, active->name, m->width, m->height, m->paddr, rc);
	else
		log_info("domain %s: framebuffer %ux%u at 0x%llx on the display (%s)", owner,
			 m->width, m->height, m->paddr, active->name);
	return rc;
}

void display_blank(const char *owner)
{
	int rc;

	if (!active)
		return;
	spin_lock(&lock);
	rc = active->blank();
	spin_unlock(&lock);
	if (rc)
		log_err("domain %s: display %s: cannot blank it (%d)", owner, active->name, rc);
}
