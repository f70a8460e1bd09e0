# Bulkhead top-level Makefile.
#   make                 build build/bulkhead (ELF) and build/bulkhead.bin (Image)
#   make run             boot it on QEMU virt (installs what it needs)
#   make check           unit + integration tests, ends with "N passed, N failed"
#   make <board>_defconfig | menuconfig | savedefconfig | olddefconfig
#   make arm32           the ARMv7-A host in build-arm32/ (configs/qemu_arm32_defconfig)
#   make deps | images | size | lint | clean
#   make cockpit-images | smmu-images | screens-images   guest initramfs images
#   make fuzz            libFuzzer on the DT and MMIO parsers, FUZZ_SECONDS (60) per target

PYTHON    := /usr/bin/python3
KCONFIG   := $(PYTHON) -m
BUILD     := build
CACHE     := cache
DEFCONFIG ?= qemu_arm64_defconfig
Q         := @

# A second build beside build/ keeps its own configuration, e.g. the arm32 one
# that make check builds: make BUILD=build-arm32 KCONFIG_CONFIG=build-arm32/.config
KCONFIG_CONFIG ?= .config
export KCONFIG_CONFIG

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.PHONY: all deps images run check unit integration size lint format clean distclean \
        menuconfig savedefconfig olddefconfig FORCE

# ---- dependencies (Debian 12 packages, installed by the project) ----------
DEPS_STAMP := $(CACHE)/deps.stamp
deps:
	$(Q)bash tools/deps.sh
	$(Q)mkdir -p $(CACHE) && touch $(DEPS_STAMP)
$(DEPS_STAMP): tools/deps.sh
	$(Q)$(MAKE) --no-print-directory deps

# ---- the test images (guest initramfs images, the cockpit's tree) ------------
include tests/images.mk

XEN_STAMP := $(CACHE)/xen/xen-4.17-armhf # fetched after the arm64 one
$(XEN_STAMP): | $(DEPS_STAMP)
	$(Q)bash tools/fetch-xen.sh $(CACHE)/xen
BENCH_LOOPS ?= 200
.PHONY: bench bench-quick
bench: all arm32 guests $(BUILD)/images/initramfs-bench-$(BENCH_LOOPS).cpio \
       $(BUILD)/images/initramfs-boot-armhf.cpio $(XEN_STAMP) cockpit-images
	$(Q)$(PYTHON) tests/bench/run.py --initrd $(BUILD)/images/initramfs-bench-$(BENCH_LOOPS).cpio $(BENCH_ARGS)
bench-quick:
	$(Q)$(MAKE) --no-print-directory bench BENCH_LOOPS=50 BENCH_ARGS="--runs 1 --frame-runs 1 --domains 1 \
	    --cockpit none --out $(BUILD)/perf-quick.md"

# ---- configuration (Kconfig through python3-kconfiglib) -------------------
%_defconfig: $(DEPS_STAMP)
	$(Q)test -f configs/$@ || { echo "no such config: configs/$@" >&2; exit 1; }
	$(Q)$(KCONFIG) defconfig --kconfig Kconfig configs/$@
menuconfig: $(DEPS_STAMP)
	$(Q)$(KCONFIG) menuconfig Kconfig
savedefconfig: $(KCONFIG_CONFIG)
	$(Q)$(KCONFIG) savedefconfig --kconfig Kconfig --out defconfig
	$(Q)echo "wrote ./defconfig; copy it to configs/<board>_defconfig"
olddefconfig: $(KCONFIG_CONFIG)
	$(Q)$(KCONFIG) olddefconfig Kconfig

$(KCONFIG_CONFIG): | $(DEPS_STAMP)
	$(Q)echo "no $@: using configs/$(DEFCONFIG)"
	$(Q)mkdir -p $(dir $@)
	$(Q)$(KCONFIG) defconfig --kconfig Kconfig configs/$(DEFCONFIG)

AUTOCONF := $(BUILD)/include/generated/autoconf.h
AUTOCONF_MK := $(BUILD)/include/generated/auto.conf
$(AUTOCONF) $(AUTOCONF_MK) &: $(KCONFIG_CONFIG) Kconfig
	$(Q)mkdir -p $(dir $(AUTOCONF))
	$(Q)KCONFIG_CONFIG=$(KCONFIG_CONFIG) $(KCONFIG) genconfig --header-path $(AUTOCONF) \
	    --config-out $(AUTOCONF_MK) Kconfig

# Targets that must not need a configuration or a toolchain.
NOCONFIG_GOALS := deps clean distclean menuconfig %_defconfig
ifeq ($(filter-out deps clean distclean %_defconfig,$(MAKECMDGOALS)),)
ifneq ($(MAKECMDGOALS),)
SKIP_CONFIG := 1
endif
endif

# What make reads is the full configuration Kconfig makes of .config (new
# symbols at their defaults, as in autoconf.h), so an older .config cannot
# leave the object lists behind the header. make remakes it first.
ifndef SKIP_CONFIG
-include $(AUTOCONF_MK)
endif

# ---- toolchain ------------------------------------------------------------
# The architecture (Kconfig's choice) picks arch/<arch>/, its flags (ARCH_CFLAGS,
# in arch/<arch>/build.mk) and the Debian architecture of libfdt.
ifdef CONFIG_ARM32
ARCH       := arm32
DEB_ARCH   := armhf
DEB_TRIPLE := arm-linux-gnueabihf
else
ARCH       := arm64
DEB_ARCH   := arm64
DEB_TRIPLE := aarch64-linux-gnu
endif
CONFIG_CROSS_COMPILE ?= "$(DEB_TRIPLE)-"
CROSS_COMPILE ?= $(patsubst "%",%,$(CONFIG_CROSS_COMPILE))
CC      := $(CROSS_COMPILE)gcc
LD      := $(CROSS_COMPILE)ld
OBJCOPY := $(CROSS_COMPILE)objcopy
NM      := $(CROSS_COMPILE)nm

VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo unknown)

ARCH_DIR := arch/$(ARCH)
LIBFDT_DIR := $(CACHE)/libfdt-$(DEB_ARCH)
LIBFDT_A   := $(LIBFDT_DIR)/usr/lib/$(DEB_TRIPLE)/libfdt.a

# Set by $(ARCH_DIR)/build.mk: ARCH_CFLAGS (ISA, no FP/SIMD registers, alignment),
# ARCH_LIBS (e.g. libgcc's 64-bit division on arm32), COMPDB_FILTER (gcc flags
# clang-tidy's clang does not take for that target).
ARCH_CFLAGS :=
ARCH_LIBS :=
COMPDB_FILTER :=
obj-y :=
include $(ARCH_DIR)/build.mk

CPPFLAGS := -nostdinc -isystem $(shell $(CC) -print-file-name=include 2>/dev/null) \
            -Iinclude -Iinclude/libc -I$(ARCH_DIR)/include -Iarch/arm/include -I$(BUILD)/include \
            -include $(AUTOCONF) -include include/bulkhead/compiler.h \
            -MMD -MP
CFLAGS   := -std=c11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-common \
            -fno-stack-protector -fpie -fno-plt -fno-omit-frame-pointer \
            $(ARCH_CFLAGS) -fno-delete-null-pointer-checks
ASFLAGS  := -D__ASSEMBLY__
LDFLAGS  := -pie --no-dynamic-linker -z notext -z norelro -z noexecstack \
            --build-id=none -nostdlib --no-warn-rwx-segments

# ---- sources --------------------------------------------------------------
include arch/arm/build.mk
include common/build.mk
include drivers/build.mk

OBJS := $(addprefix $(BUILD)/obj/,$(obj-y))

# bhctl runs in an arm64 Linux domain (tools/lib/linux_raw.h is AArch64 only).
all: $(BUILD)/bulkhead $(BUILD)/bulkhead.bin size $(if $(CONFIG_ARM32),,$(BUILD)/tools/bhctl)

# bhctl: static and libc-free, for dom0's initramfs (tools/bhctl.c).
$(BUILD)/tools/bhctl: tools/bhctl.c tools/lib/linux_raw.h include/public/bulkhead_control.h
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) -O2 -static -nostdlib -ffreestanding -fno-stack-protector -Wall -Wextra -Werror \
	    -Itools/lib -Iinclude -o $@ $<

$(LIBFDT_A): | $(DEPS_STAMP)
	$(Q)bash tools/fetch-libfdt.sh $(LIBFDT_DIR) $(DEB_ARCH) $(DEB_TRIPLE)

# libfdt's own headers, next to our libfdt_env.h (libfdt.h includes it by "").
LIBFDT_HDRS := $(BUILD)/include/libfdt.h $(BUILD)/include/fdt.h $(BUILD)/include/libfdt_env.h
$(BUILD)/include/libfdt.h $(BUILD)/include/fdt.h: $(LIBFDT_A)
	$(Q)mkdir -p $(dir $@) && cp $(LIBFDT_DIR)/usr/include/$(notdir $@) $@
$(BUILD)/include/libfdt_env.h: include/bulkhead/libfdt_env.h
	$(Q)mkdir -p $(dir $@) && cp $< $@

# Rewritten only when `git describe` changes, so only boot.c rebuilds.
VERSION_H := $(BUILD)/include/generated/version.h
$(VERSION_H): FORCE
	$(Q)mkdir -p $(dir $@)
	$(Q)echo '#define BH_VERSION "$(VERSION)"' > $@.tmp
	$(Q)cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
$(BUILD)/obj/common/boot.o: $(VERSION_H)

$(BUILD)/obj/%.o: %.c $(AUTOCONF) $(LIBFDT_HDRS)
	$(Q)mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@
$(BUILD)/obj/%.o: %.S $(AUTOCONF)
	$(Q)mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) $(CPPFLAGS) $(ASFLAGS) -c $< -o $@
$(BUILD)/linker.ld: arch/arm/linker.ld.S $(AUTOCONF)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) -E -P $(CPPFLAGS) $(ASFLAGS) $< -o $@

$(BUILD)/bulkhead: $(OBJS) $(LIBFDT_A) $(BUILD)/linker.ld
	@echo "  LD      $@"
	$(Q)$(LD) $(LDFLAGS) -T $(BUILD)/linker.ld -Map $@.map -o $@ $(OBJS) $(LIBFDT_A) $(ARCH_LIBS)
	$(Q)bash tools/check-image.sh $@ $(NM) $(ARCH)

$(BUILD)/bulkhead.bin: $(BUILD)/bulkhead
	$(Q)$(OBJCOPY) -O binary $< $@

SIZE_LIMIT := 262144
size: $(BUILD)/bulkhead.bin
	$(Q)s=$$(stat -c %s $<); echo "  SIZE    $< $$s bytes (limit $(SIZE_LIMIT))"; \
	  test $$s -lt $(SIZE_LIMIT) || { echo "bulkhead.bin is over 256 KiB" >&2; exit 1; }

-include $(OBJS:.o=.d)

# ---- running and testing --------------------------------------------------
QEMU_SMP ?= 4
QEMU_GIC ?= 3
# The cockpit through Debian's U-Boot over TFTP (dts/qemu-cockpit.config and
# QEMU's own tree, build/cockpit/qemu-virt.dtb, made with qemu-virt.dts);
# RUN_ARGS=--direct boots it with -kernel and cockpit.dtb instead.
run: all images cockpit-images $(COCKPIT)/qemu-virt.dts
	$(Q)$(PYTHON) tools/run.py --smp $(QEMU_SMP) --gic $(QEMU_GIC) $(RUN_ARGS)
# build/cockpit/disk.img: MBR, one FAT partition with the files and boot.scr (an SD card's layout).
.PHONY: cockpit-disk
cockpit-disk: all images cockpit-images $(COCKPIT)/qemu-virt.dts
	$(Q)$(PYTHON) tools/cockpit.py --disk

unit: $(AUTOCONF) | $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory -f tests/unit/unit.mk BUILD=$(BUILD) AUTOCONF=$(AUTOCONF)

# Host fuzzing with libFuzzer (tests/fuzz/fuzz.mk): each target FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
.PHONY: fuzz fuzz-check
fuzz: $(AUTOCONF) | $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory -f tests/fuzz/fuzz.mk BUILD=$(BUILD) AUTOCONF=$(AUTOCONF) \
	    FUZZ_SECONDS=$(FUZZ_SECONDS)
fuzz-check: $(AUTOCONF) | $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory -f tests/fuzz/fuzz.mk BUILD=$(BUILD) AUTOCONF=$(AUTOCONF) \
	    FUZZ_SECONDS=10

.PHONY: guests
guests: | $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory -C tests/guests BUILD=$(abspath $(BUILD))/guests

# The arm32 host beside the default build: its own directory and configuration
# (tests/integration/test_arm32_host.py boots build-arm32/bulkhead.bin).
ARM32_BUILD := build-arm32
.PHONY: arm32
arm32: | $(DEPS_STAMP)
	$(Q)$(MAKE) --no-print-directory BUILD=$(ARM32_BUILD) KCONFIG_CONFIG=$(ARM32_BUILD)/.config \
	    DEFCONFIG=qemu_arm32_defconfig all

integration: all arm32 guests images cockpit-images smmu-images screens-images $(BUILD)/images/initramfs-bench-20.cpio \
             $(BUILD)/images/initramfs-boot-armhf.cpio | $(DEPS_STAMP)
	$(Q)mkdir -p $(BUILD)/test-logs
	$(Q)$(PYTHON) -m pytest -q -p no:cacheprovider tests/integration \
	    --junitxml=$(BUILD)/test-logs/integration.xml $(PYTEST_ARGS)

check: | $(DEPS_STAMP)
	$(Q)bash tools/check.sh

# The build's own compile commands for clang-tidy (tools/lint.sh), so that its
# flags cannot drift from the build's: every C file obj-y compiles.
COMPDB := $(BUILD)/compile_commands.json
COMPDB_SRCS := $(wildcard $(obj-y:.o=.c))
$(COMPDB): $(filter-out %.d,$(MAKEFILE_LIST))
	$(Q)mkdir -p $(dir $@)
	$(Q){ echo '['; sep=' '; for f in $(COMPDB_SRCS); do \
	    printf '%s{"directory": "%s", "file": "%s",\n  "command": "%s -c %s"}\n' \
	        "$$sep" "$(CURDIR)" "$$f" "$(CC) $(filter-out -MMD -MP,$(CPPFLAGS)) $(filter-out $(COMPDB_FILTER),$(CFLAGS))" "$$f"; \
	    sep=,; done; echo ']'; } > $@

# What clang-tidy needs of a build; lint.sh checks arm64 with build/ and the
# arm32 files with build-arm32/ (same sources, 32-bit types, cp15 headers).
.PHONY: lint-db
lint-db: $(AUTOCONF) $(LIBFDT_HDRS) $(VERSION_H) $(COMPDB)
lint: lint-db | $(DEPS_STAMP)
	$(Q)test -z "$(CONFIG_ARM32)" || { echo "make lint: build/ must hold the arm64 build" \
	    "(make qemu_arm64_defconfig); the arm32 one is checked in build-arm32/" >&2; exit 1; }
	$(Q)$(MAKE) --no-print-directory BUILD=$(ARM32_BUILD) KCONFIG_CONFIG=$(ARM32_BUILD)/.config \
	    DEFCONFIG=qemu_arm32_defconfig lint-db
	$(Q)bash tools/lint.sh

format:
	$(Q)clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ARM32_BUILD)
distclean: clean
	rm -rf $(CACHE) .config .config.old defconfig build-arm32
