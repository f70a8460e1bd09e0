/* SMCCC calls to firmware from HYP mode (SMCCC 1.1, section 2.6: the
 * AArch32 convention passes r0-r3 and returns results in r0-r3). */
#include <bulkhead/types.h>
#include <arch/smccc.h>

/* clang-format off */
#define SMCCC_CALL(insn)                                                                           \
	register u32 r0 __asm__("r0") = (u32)fid;                                                  \
	register u32 r1 __asm__("r1") = (u32)a1;                                                   \
	register u32 r2 __asm__("r2") = (u32)a2;                                                   \
	register u32 r3 __asm__("r3") = (u32)a3;                                                   \
	__asm__ volatile(".arch_extension sec\n\t.arch_extension virt\n\t" insn " #0"              \
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : : "memory");                    \
	res->a0 = r0;                                                                              \
	res->a1 = r1;                                                                              \
	res->a2 = r2;                                                                              \
	res->a3 = r3
/* clang-format on */

void smccc_arch_smc(u64 fid, u64 a1, u64 a2, u64 a3, struct smccc_res *res) { SMCCC_CALL("smc"); }

void smccc_arch_hvc(u64 fid, u64 a1, u64 a2, u64 a3, struct smccc_res *res) { SMCCC_CALL("hvc"); }
