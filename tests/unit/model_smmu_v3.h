/* A register-level model of an SMMUv3, written from IHI0070 (the SMMUv3
 * architecture specification) for tests/unit/test_smmu_v3.c: the registers
 * the driver programs, the command queue consumed on each CMDQ_PROD write
 * (CMD_SYNC, configuration and TLB invalidation; an illegal command stops
 * the queue with CMDQ_CONS.ERR and GERROR.CMDQ_ERR until GERRORN
 * acknowledges it), the stream table (linear and 2-level) and a DMA access
 * carried out through an STE as the SMMU does, recording events. */
#ifndef UNIT_MODEL_SMMU_V3_H
#define UNIT_MODEL_SMMU_V3_H

#include <bulkhead/types.h>

#define M3_MAX_CMDS 512

struct model3 {
	u32 idr0, idr1, idr5;
	u32 cr0, cr1, cr2, gbpa, irq_ctrl, gerror, gerrorn, strtab_cfg;
	u32 cmdq_prod, cmdq_cons, evtq_prod, evtq_cons;
	u64 strtab_base, cmdq_base, evtq_base;
	bool stuck;		  /* consumes no command: a CMD_SYNC never completes */
	u8 refuse_op;		  /* this opcode is illegal (0: none) */
	u64 cmds[M3_MAX_CMDS][2]; /* what it consumed, in order */
	unsigned int ncmds;
};

extern struct model3 m3;

/* A fresh SMMU: S1P and/or S2P, sid_bits, 2-level support. */
void model3_reset(bool s1, bool s2, unsigned int sid_bits, bool two_level);
/* The STE the SMMU would use for sid, or NULL (invalid L1 descriptor). */
const u64 *model3_ste(u32 sid);
/* A DMA access by stream sid: 0 and *pa, or -1 when it is aborted (with an
 * event record where the architecture makes one). */
int model3_dma(u32 sid, u64 addr, bool write, u64 *pa);
/* Opcode of the n-th consumed command from the end (0: the last). */
u8 model3_cmd_op(unsigned int back);

#endif
