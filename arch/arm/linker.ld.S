/* Bulkhead image layout, arm64 and arm32 (the linker's default OUTPUT_ARCH).
 * Linked at 0 and relocated at boot (head.S: RELA on arm64, REL on arm32).
 * Sections are page aligned so the EL2/HYP stage-1 map can give each its own
 * permissions (text RX, rodata R, data/bss RW, never W and X together). */
#include <arch/layout.h>

ENTRY(_head)

SECTIONS
{
	. = 0;
	_head_start = .;
	.text : {
		__text_start = .;
		*(.text.head)
		*(.text .text.*)
		*(.glue_7 .glue_7t .vfp11_veneer .v4_bx)
	}
	. = ALIGN(PAGE_SIZE);
	__text_end = .;

	__rodata_start = .;
	.rodata : {
		*(.rodata .rodata.*)
		/* The driver registry (include/bulkhead/driver.h): one array,
		 * relocated by head.S before the MMU makes it read-only. Not a
		 * C-identifier name: ld would then size its relocations after
		 * placing __rela_end (head.S would skip them). */
		. = ALIGN(8);
		driver_table_start = .;
		KEEP(*(.bh_drivers))
		driver_table_end = .;
	}
	.ARM.exidx : { *(.ARM.exidx .ARM.exidx.*) }
	.rela.dyn : ALIGN(8) {
		__rela_start = .;
		*(.rela .rela.*)
		__rela_end = .;
	}
	.rel.dyn : ALIGN(8) {
		__rel_start = .;
		*(.rel .rel.*)
		__rel_end = .;
	}
	/* head.S applies what lies between these bounds: all of it, always. */
	ASSERT(__rela_end - __rela_start == SIZEOF(.rela.dyn), "relocations outside __rela_start..__rela_end")
	ASSERT(__rel_end - __rel_start == SIZEOF(.rel.dyn), "relocations outside __rel_start..__rel_end")
	.got : { *(.got .got.plt) }
	. = ALIGN(PAGE_SIZE);
	__rodata_end = .;

	__data_start = .;
	.data : { *(.data .data.*) }
	. = ALIGN(16);
	.bss (NOLOAD) : {
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(16);
		__bss_end = .;
	}
	. = ALIGN(PAGE_SIZE);
	__data_end = .;
	_end = .;
	__image_size = _end - _head_start;

	/DISCARD/ : {
		*(.interp .dynamic .dynsym .dynstr .hash .gnu.hash)
		*(.note .note.* .comment .eh_frame .ARM.attributes)
	}
}
