/* The environment of the config parser's tests (test_config_*.c, one per
 * part of common/config/): tests/unit/fixtures/domains-*.dts (argv[1] is
 * the directory unit.mk compiles them into) and copies of domains-valid.dtb
 * and domains-pools.dtb edited with libfdt. Module addresses name host RAM
 * that does not exist here: the partial DT of domU1 lives in a buffer,
 * which the limits' map callback returns for its module's address. Every
 * parse() reads the pools first, as boot.c does. test_config_env.c has
 * the definitions. */
#ifndef UNIT_TEST_CONFIG_H
#define UNIT_TEST_CONFIG_H

#include "unit.h"
#include <libfdt.h>
#include <bulkhead/domain_config.h>
#include "fdt_edit.h"

#define MAXD	     8
#define PARTIAL_PA   0x49800000ULL /* domU1's multiboot,device-tree module */
#define PARTIAL_SIZE 0x1000	   /* its size in domains-valid.dts */
#define PARTIAL2_PA  0x49900000ULL
#define SERIAL	     "/passthrough/serial@9040000"
#define ETH	     "/passthrough/ethernet@a000000"

/* The valid tree with one domain broken: the others stay valid. */
#define EDIT(name, idx, err, ...)                                                                  \
	TEST(name)                                                                                 \
	{                                                                                          \
		void *f = valid_copy();                                                            \
		__VA_ARGS__;                                                                       \
		expect_only_refused(f, idx, err);                                                  \
		free(f);                                                                           \
	}

#define DOMU1	"domain domU1 (/chosen/domU1): "
#define DOMU2	"domain domU2 (/chosen/domU2): "
#define CLUSTER "domain rt-cluster (/chosen/cluster): "
#define C	"/chosen/cluster"

struct mapper {
	struct {
		u64 pa;
		const void *buf;
		u64 size;
	} at[2];
	unsigned int n, calls;
	u64 last_pa, last_size;
};

extern u64 mpidr[4];
extern struct mapper mapper;
extern struct config_limits lim;
extern u8 partial[PARTIAL_SIZE], partial2[PARTIAL_SIZE];
extern struct pool_config pools[CFG_MAX_POOLS];
extern unsigned int npools, pool_max;
extern int npools_valid;

/* The console log: the last line config.c wrote and how many. */
const char *config_logged(void);
int config_nlogged(void);

void *load(const char *name);
void *valid_copy(void);
void *pools_copy(void);
int setup(void **state);
void set_empty(void *f, const char *path, const char *prop);
void add_module(void *f, const char *parent, const char *name, const char *kind, u32 base,
		u32 size);
int parse(const void *f, unsigned int max, struct domain_config *out, unsigned int *count);
void expect_sched(const struct domain_config *c, int pool, u32 period, u32 budget, bool extratime,
		  u32 watchdog, u32 restart_limit);
void expect_pool(const struct pool_config *pl, const void *f, const char *path, const char *name,
		 u64 cpus, enum sched_kind sched);
void expect_pool_refused(const struct pool_config *pl, const void *f, const char *path,
			 const char *err);
void expect_valid(const struct domain_config *c, const void *f, const char *path, const char *name);
void expect_refused(const struct domain_config *c, const void *f, const char *path,
		    const char *err);
void check_pt_domU1(const struct domain_config *c);
void check_domU1(const struct domain_config *c, const void *f);
void check_domU2(const struct domain_config *c, const void *f);
void check_cluster(const struct domain_config *c, const void *f);
void check_guard(const struct domain_config *c, const void *f);
void check_tail(const struct domain_config *c, const void *f);
void expect_only_refused(const void *f, unsigned int idx, const char *err);

/* cmocka's run of tests (each with setup) named name, argv[1] the DTB directory. */
int config_tests_run(const char *name, const struct CMUnitTest *tests, size_t n, int argc,
		     char **argv);

#endif
