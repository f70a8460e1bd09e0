/*
 * Arm SMMUv1/v2 (IHI0062, "ARM System Memory Management Unit Architecture
 * Specification, SMMU architecture version 2.0"; v1 = IHI0062's version 1
 * subset): the registers the driver uses, named as IHI0062's register
 * descriptions name them: the Global register space 0 (GR0), the Global
 * register space 1 (GR1: CBARn, CBFRSYNRAn, CBA2Rn) one page above it, and
 * the Translation context bank address space (CB_*) in the upper half of the
 * SMMU's window. Offsets in bytes.
 */
#ifndef DRIVERS_IOMMU_SMMU_V2_H
#define DRIVERS_IOMMU_SMMU_V2_H

/* GR0 */
#define SMMU2_SCR0	  0x000
#define SMMU2_SIDR0	  0x020
#define SMMU2_SIDR1	  0x024
#define SMMU2_SIDR2	  0x028
#define SMMU2_SGFAR	  0x040 /* 64 bits */
#define SMMU2_SGFSR	  0x048
#define SMMU2_SGFSYNR0	  0x050
#define SMMU2_SGFSYNR1	  0x054
#define SMMU2_TLBIVMID	  0x064
#define SMMU2_TLBIALLNSNH 0x068
#define SMMU2_STLBGSYNC	  0x070
#define SMMU2_STLBGSTATUS 0x074
#define SMMU2_SMR(n)	  (0x800 + 4 * (n))
#define SMMU2_S2CR(n)	  (0xc00 + 4 * (n))
/* GR1: one page above GR0 */
#define SMMU2_CBAR(n)	   (0x000 + 4 * (n))
#define SMMU2_CBFRSYNRA(n) (0x400 + 4 * (n))
#define SMMU2_CBA2R(n)	   (0x800 + 4 * (n))
/* Context bank n: at base + NUMPAGE * page + n * page */
#define SMMU2_CB_SCTLR	0x000
#define SMMU2_CB_TTBR0	0x020 /* 64 bits */
#define SMMU2_CB_TCR	0x030
#define SMMU2_CB_FSR	0x058
#define SMMU2_CB_FAR	0x060 /* 64 bits */
#define SMMU2_CB_FSYNR0 0x068

/* sCR0: clients translate, unmatched streams fault, faults reported */
#define SCR0_CLIENTPD (1U << 0)
#define SCR0_GFRE     (1U << 1)
#define SCR0_GFIE     (1U << 2)
#define SCR0_GCFGFRE  (1U << 4)
#define SCR0_GCFGFIE  (1U << 5)
#define SCR0_USFCFG   (1U << 10)
#define SCR0_PTM      (1U << 12)
/* sIDR0 */
#define SIDR0_NUMSMRG(v) ((v)&0xff)
#define SIDR0_NUMSIDB(v) (((v) >> 9) & 0xf)
#define SIDR0_CTTW	 (1U << 14)
#define SIDR0_SMS	 (1U << 27)
#define SIDR0_S2TS	 (1U << 29)
/* sIDR1 */
#define SIDR1_NUMCB(v)	     ((v)&0xff)
#define SIDR1_NUMPAGENDXB(v) (((v) >> 28) & 7)
#define SIDR1_PAGESIZE	     (1U << 31) /* 64 KiB pages, else 4 KiB */
/* sIDR2 */
#define SIDR2_OAS(v)  (((v) >> 4) & 0xf)
#define SIDR2_PTFS_4K (1U << 12)
/* sGFSR and CB_FSR: write 1 to clear */
#define GFSR_USF  (1U << 1)
#define FSR_MULTI (1U << 31)
/* sTLBGSTATUS */
#define TLBGSTATUS_GSACTIVE (1U << 0)
/* SMRn: ID[14:0], MASK[30:16], VALID */
#define SMR_VALID      (1U << 31)
#define SMR_MASK_SHIFT 16
/* S2CRn: CBNDX[7:0], TYPE[17:16] */
#define S2CR_TYPE_FAULT (2U << 16)
/* CBARn: VMID[7:0], TYPE[17:16] = 0 "stage 2 context" */
/* CBA2Rn */
#define CBA2R_VA64 (1U << 0)
/* CB_SCTLR */
#define CB_SCTLR_M    (1U << 0)
#define CB_SCTLR_CFRE (1U << 5)
#define CB_SCTLR_CFIE (1U << 6)
/* CB_FSYNR0 */
#define FSYNR0_WNR (1U << 4)

#define SMMU2_MAX_SMR 128
#define SMMU2_MAX_CB  128

#endif
