/*
 * Arm SMMUv3 (IHI0070, "Arm System Memory Management Unit Architecture
 * Specification, SMMU architecture version 3"): the registers, stream table
 * entries, context descriptors, commands and events the driver uses. Section
 * references are IHI0070's: registers chapter 6 (named as there), STE 5.2,
 * level-1 stream table descriptor 5.1, CD 5.4, commands chapter 4, events 7.3.
 */
#ifndef DRIVERS_IOMMU_SMMU_V3_H
#define DRIVERS_IOMMU_SMMU_V3_H

#include <bulkhead/iommu.h>

/* Registers (chapter 6, by register name), offsets in bytes from page 0. */
#define SMMU3_IDR0	      0x00
#define SMMU3_IDR1	      0x04
#define SMMU3_IDR5	      0x14
#define SMMU3_CR0	      0x20
#define SMMU3_CR0ACK	      0x24
#define SMMU3_CR1	      0x28
#define SMMU3_CR2	      0x2c
#define SMMU3_GBPA	      0x44
#define SMMU3_IRQ_CTRL	      0x50
#define SMMU3_IRQ_CTRLACK     0x54
#define SMMU3_GERROR	      0x60
#define SMMU3_GERRORN	      0x64
#define SMMU3_STRTAB_BASE     0x80
#define SMMU3_STRTAB_BASE_CFG 0x88
#define SMMU3_CMDQ_BASE	      0x90
#define SMMU3_CMDQ_PROD	      0x98
#define SMMU3_CMDQ_CONS	      0x9c
#define SMMU3_EVENTQ_BASE     0xa0
#define SMMU3_EVENTQ_PROD     0x100a8 /* in register page 1 */
#define SMMU3_EVENTQ_CONS     0x100ac
#define SMMU3_MIN_SIZE	      0x20000 /* both pages */

/* SMMU_IDR0 */
#define IDR0_S2P	 (1U << 0)
#define IDR0_S1P	 (1U << 1)
#define IDR0_TTF_AA64	 (1U << 3) /* TTF[3:2] = 0b10 or 0b11 */
#define IDR0_COHACC	 (1U << 4)
#define IDR0_VMID16	 (1U << 18)
#define IDR0_ST_LEVEL(v) (((v) >> 27) & 3) /* 0: linear only; 1: 2-level too */
/* SMMU_IDR1 */
#define IDR1_SIDSIZE(v)	   ((v)&0x3f)
#define IDR1_EVENTQS(v)	   (((v) >> 16) & 0x1f)
#define IDR1_CMDQS(v)	   (((v) >> 21) & 0x1f)
#define IDR1_TABLES_PRESET (1U << 30)
#define IDR1_QUEUES_PRESET (1U << 29)
/* SMMU_IDR5 */
#define IDR5_OAS(v) ((v)&7)
#define IDR5_GRAN4K (1U << 4)

/* SMMU_CR0 */
#define CR0_SMMUEN   (1U << 0)
#define CR0_EVENTQEN (1U << 2)
#define CR0_CMDQEN   (1U << 3)
/* SMMU_CR1: walks of tables and queues Normal WB cacheable, inner shareable */
#define CR1_WB_INNER (1U << 0 | 1U << 2 | 3U << 4 | 1U << 6 | 1U << 8 | 3U << 10)
/* SMMU_CR2 */
#define CR2_RECINVSID (1U << 1)
#define CR2_PTM	      (1U << 2)
/* SMMU_GBPA */
#define GBPA_ABORT  (1U << 20)
#define GBPA_UPDATE (1U << 31)
/* SMMU_GERROR */
#define GERROR_CMDQ_ERR	  (1U << 0)
#define GERROR_EVENTQ_ABT (1U << 2)
#define GERROR_SFM_ERR	  (1U << 8)
/* SMMU_STRTAB_BASE, SMMU_STRTAB_BASE_CFG */
#define STRTAB_RA	  (1ULL << 62)
#define STRTAB_ADDR_MASK  0x000fffffffffffc0ULL
#define STRTAB_CFG_2LEVEL (1U << 16)
#define STRTAB_SPLIT	  8 /* 2-level: 256 STEs (16 KiB) per second-level table */
/* SMMU_CMDQ_BASE, SMMU_EVENTQ_BASE: RA/WA, ADDR[51:5], LOG2SIZE */
#define Q_ALLOC		 (1ULL << 62)
#define Q_ADDR_MASK	 0x000fffffffffffe0ULL
#define CMDQ_CONS_ERR(v) (((v) >> 24) & 0x7f)
#define EVENTQ_OVFLG	 (1U << 31)

/* Stream table entry (5.2), 8 doublewords. */
#define STE_DWORDS	    8
#define STE_BYTES	    64ULL
#define STE_V		    (1ULL << 0)
#define STE_CFG_ABORT	    (0ULL << 1)
#define STE_CFG_S1	    (5ULL << 1) /* stage 1 translates, stage 2 bypassed */
#define STE_CFG_S2	    (6ULL << 1) /* stage 1 bypassed, stage 2 translates */
#define STE_S1CTXPTR_MASK   0x000fffffffffffc0ULL
#define STE1_S1_WB_INNER    (1ULL << 2 | 1ULL << 4 | 3ULL << 6) /* S1CIR, S1COR, S1CSH */
#define STE1_SHCFG_INCOMING (1ULL << 44)
#define STE2_VTCR_SHIFT	    32 /* S2T0SZ..S2PS sit as VTCR_EL2[18:0] does */
#define STE2_VTCR_MASK	    0x7ffffULL
#define STE2_S2PS_SHIFT	    48
#define STE2_S2AA64	    (1ULL << 51)
#define STE2_S2R	    (1ULL << 58) /* record faults in the event queue */
#define STE3_S2TTB_MASK	    0x000ffffffffffff0ULL
/* Level-1 stream table descriptor (5.1): SPAN[4:0], L2Ptr[51:6] */
#define L1STD_SPAN (STRTAB_SPLIT + 1)

/* Context descriptor (5.4), 8 doublewords; only for stage-1-only SMMUs. */
#define CD_DWORDS    8
#define CD_BYTES     64ULL
#define CD0_T0SZ(n)  ((u64)(n) << 0)
#define CD0_WB_INNER (1ULL << 8 | 1ULL << 10 | 3ULL << 12) /* IR0, OR0, SH0 */
#define CD0_EPD1     (1ULL << 30)
#define CD0_V	     (1ULL << 31)
#define CD0_IPS(n)   ((u64)(n) << 32)
#define CD0_AA64     (1ULL << 41)
#define CD0_R	     (1ULL << 45)
#define CD0_A	     (1ULL << 46)
#define CD0_ASID(n)  ((u64)(n) << 48)

/* Commands (IHI0070 chapter 4), 2 doublewords; opcode in DW0[7:0]. */
#define CMD_CFGI_STE	     0x03
#define CMD_CFGI_ALL	     0x04
#define CMD_TLBI_NH_ASID     0x11
#define CMD_TLBI_S12_VMALL   0x28
#define CMD_TLBI_NSNH_ALL    0x30
#define CMD_SYNC	     0x46
#define CMD_ERR_ILL	     1 /* CMDQ_CONS.ERR codes */
#define CMD_ERR_ABT	     2
#define CMD_ERR_ATC_INV_SYNC 3

/* Events (7.3), 4 doublewords; type in DW0[7:0], StreamID in DW0[63:32]. */
#define EVT_F_TRANSLATION 0x10
#define EVT_F_PERMISSION  0x13
#define EVT_DWORDS	  4

/* Encoders (smmu_v3_ste.c): pure functions, unit-tested. */
void smmu3_ste_abort(u64 *ste);
void smmu3_ste_s2(u64 *ste, const struct iommu_domain *dom, unsigned int oas);
void smmu3_ste_s1(u64 *ste, u64 cd_pa);
void smmu3_cd(u64 *cd, const struct iommu_domain *dom, u64 ttb, unsigned int oas);
/* One line for an event record: "F_TRANSLATION write 0x..."; into buf. */
const char *smmu3_event_str(const u64 *evt, char *buf, size_t len);

#endif
