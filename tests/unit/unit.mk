# Host unit tests (cmocka), run from the top directory:
#   make -f tests/unit/unit.mk BUILD=build AUTOCONF=build/include/generated/autoconf.h
# The tests link the hypervisor's own C files (no copies), built with the host
# gcc under ASan and UBSan. DTB fixtures are dumped from QEMU's virt machine
# and compiled from tests/unit/fixtures/ into $(BUILD)/unit/dtb/. Every test
# binary runs even after one fails or does not build; the exit status is
# non-zero if anything failed. UNIT_KNOWN_BUGS=1 also runs the tests of
# reported, unfixed bugs (see KNOWN_BUG in unit.h).

BUILD    ?= build
AUTOCONF ?= $(BUILD)/include/generated/autoconf.h
HOSTCC   ?= gcc
QEMU     ?= qemu-system-aarch64
DTC      ?= dtc
# Seconds a test binary may take: a hang counts as a failure, not a stuck make.
UNIT_TIMEOUT ?= 120
# The host's libfdt, also when $(BUILD)/include holds the arm64 copy.
HOST_LIBFDT_H ?= /usr/include/libfdt.h

OUT := $(BUILD)/unit
DTB := $(OUT)/dtb
FIX := tests/unit/fixtures

# _POSIX_C_SOURCE: strnlen, which include/libc/string.h has and strict C11 hides.
CPPFLAGS := -Iinclude -Iarch/arm/include -I$(BUILD)/include -include $(AUTOCONF) \
            -include include/bulkhead/compiler.h -include tests/unit/host.h \
            -include $(HOST_LIBFDT_H) -D_POSIX_C_SOURCE=200809L -MMD -MP
CFLAGS   := -std=c11 -Wall -Wextra -Werror -g -fsanitize=address,undefined \
            -fno-sanitize-recover=all
LDLIBS   := -lcmocka -lfdt

# Each test and the hypervisor files it exercises.
TESTS := test_fmt test_pmem test_lpae test_bootargs test_hostdt test_guest_dt \
         test_config_domain test_config_modules test_config_passthrough test_config_pools \
         test_entropy test_vsp805 test_sched test_vcontrol test_smccc test_vpl011 \
         test_mmio_decode test_vgic test_aarch32 test_cp_emul test_smmu_v3 test_smmu_v2 \
         test_display test_mem_update test_serror test_image_layout test_domain test_console
test_console-src  := common/console_mux.c common/console.c drivers/uart/pl011.c \
                     drivers/uart/ns16550.c common/lib/fmt.c
test_fmt-src      := common/lib/fmt.c
test_mem_update-src := common/lib/mem_update.c
test_serror-src   := arch/arm/serror.c
test_image_layout-src := common/image_layout.c common/lib/fmt.c
test_pmem-src     := common/mm/pmem.c
test_lpae-src     := arch/arm/lpae.c
test_bootargs-src := common/bootargs.c common/lib/fmt.c
test_hostdt-src   := common/hostdt.c common/driver.c common/dt.c common/lib/fmt.c \
                     tests/unit/registry_hostdt.c
test_guest_dt-src := common/guest_dt.c common/dt.c common/lib/fmt.c
config-src        := common/config/props.c common/config/domain.c common/config/modules.c \
                     common/config/passthrough.c common/config/pools.c common/dt_iommu.c \
                     common/dt.c common/lib/fmt.c
test_config_domain-src      := $(config-src) tests/unit/test_config_env.c
test_config_modules-src     := $(config-src) tests/unit/test_config_env.c
test_config_passthrough-src := $(config-src) tests/unit/test_config_env.c
test_config_pools-src       := $(config-src) tests/unit/test_config_env.c
test_entropy-src  := common/entropy.c common/lib/chacha20.c
test_vsp805-src   := common/vsp805.c common/vmmio.c
test_sched-src    := common/sched/null.c common/sched/rtds.c common/lib/fmt.c
test_vcontrol-src := common/vcontrol.c common/vmmio.c common/lib/fmt.c common/log_limit.c
test_smccc-src    := arch/arm/smccc.c arch/arm/psci_guest.c
test_vpl011-src   := common/vpl011.c common/vmmio.c common/log_limit.c common/lib/fmt.c
test_mmio_decode-src := arch/arm/aarch32.c common/vmmio.c
test_aarch32-src  := arch/arm/aarch32.c common/vmmio.c
test_cp_emul-src  := arch/arm/cp_emul.c arch/arm/reg_handlers.c arch/arm/aarch32.c \
                     common/lib/fmt.c
test_smmu_v3-src  := drivers/iommu/smmu_v3.c drivers/iommu/smmu_v3_ste.c \
                     drivers/iommu/smmu_v3_s1.c drivers/iommu/binding.c arch/arm/lpae.c \
                     common/lib/fmt.c common/log_limit.c tests/unit/model_iommu.c \
                     tests/unit/model_smmu_v3.c
test_smmu_v2-src  := drivers/iommu/smmu_v2.c drivers/iommu/binding.c common/dt.c arch/arm/lpae.c \
                     common/lib/fmt.c common/log_limit.c tests/unit/model_iommu.c \
                     tests/unit/model_smmu_v2.c
test_display-src  := drivers/display/display.c drivers/display/ramfb.c common/driver.c \
                     drivers/firmware/qemu_fw_cfg.c common/dt.c common/lib/fmt.c
test_domain-src   := common/domain.c common/passthrough.c common/irq.c common/sched/sched.c \
                     common/sched/null.c common/sched/rtds.c arch/arm/lpae.c \
                     arch/arm/stage2_tables.c common/log_limit.c common/lib/fmt.c
test_vgic-src     := arch/arm/vgic/vgic.c arch/arm/vgic/vgic-mmio.c arch/arm/vgic/vgic-v2.c \
                     arch/arm/vgic/vgic-v3.c common/vmmio.c tests/unit/shim_vgic.c

# QEMU virt DTBs: virt-gic<G>-smp<N>.dtb. Synthetic ones: fixtures/*.dts, plus
# two corruptions of board.dtb that dtc cannot express.
VIRT_DTBS := $(foreach g,2 3,$(foreach n,1 4,$(DTB)/virt-gic$(g)-smp$(n).dtb))
FIX_DTBS  := $(patsubst $(FIX)/%.dts,$(DTB)/%.dtb,$(wildcard $(FIX)/*.dts)) \
             $(DTB)/bad-truncated.dtb $(DTB)/bad-magic.dtb

.DEFAULT_GOAL := run
.DELETE_ON_ERROR:
.PHONY: run build dtbs

run:
	@test -f $(AUTOCONF) || { echo "unit: $(AUTOCONF) is missing: run 'make $(AUTOCONF)'" >&2; exit 1; }
	@$(MAKE) --no-print-directory -s -k -f tests/unit/unit.mk dtbs || \
	  echo "unit: some DTB fixtures could not be made; the tests that need them fail"
	@fail=0; for t in $(TESTS); do \
	  echo "---- $$t"; \
	  if ! $(MAKE) --no-print-directory -s -f tests/unit/unit.mk $(OUT)/$$t; then \
	    echo "[  FAILED  ] 1 test(s): $$t does not build"; fail=1; continue; fi; \
	  timeout -k 5 $(UNIT_TIMEOUT) $(OUT)/$$t $(DTB) >$(OUT)/$$t.log 2>&1; rc=$$?; \
	  cat $(OUT)/$$t.log; [ $$rc -eq 124 ] && echo "$$t: timed out after $(UNIT_TIMEOUT) s"; \
	  if [ $$rc -ne 0 ]; then fail=1; \
	    grep -q '^\[  FAILED  \] [0-9]* test(s)' $(OUT)/$$t.log || \
	      echo "[  FAILED  ] 1 test(s): $$t exited with status $$rc before its summary"; \
	  fi; \
	done; exit $$fail

build: $(addprefix $(OUT)/,$(TESTS))
dtbs: $(VIRT_DTBS) $(FIX_DTBS)

objs = $(patsubst %.c,$(OUT)/obj/%.o,tests/unit/$(1).c $($(1)-src))
define test_rule
$(OUT)/$(1): $(call objs,$(1))
	@echo "  HOSTLD  $$@"
	@$(HOSTCC) $(CFLAGS) $$^ $(LDLIBS) -o $$@
endef
$(foreach t,$(TESTS),$(eval $(call test_rule,$(t))))
# struct domain (domain.h) holds struct vcpu_arch: the arm64 one, host-compilable.
$(call objs,test_vsp805) $(call objs,test_vcontrol) $(call objs,test_smccc) \
  $(call objs,test_vpl011) $(call objs,test_mmio_decode) $(call objs,test_aarch32) \
  $(call objs,test_cp_emul): CPPFLAGS += -Iarch/arm64/include
# console.c masks interrupts around its lock: the host's arch/cpu.h (tests/unit/host-cpu).
$(call objs,test_console): CPPFLAGS += -Itests/unit/host-cpu -Iarch/arm64/include
# struct domain as above; arch/cpu.h is the host's (tests/unit/host-cpu).
$(call objs,test_domain): CPPFLAGS += -Itests/unit/host-cpu -Iarch/arm64/include
# The SMMU drivers' private headers.
$(call objs,test_smmu_v3) $(call objs,test_smmu_v2): CPPFLAGS += -Idrivers/iommu
# The vGIC's: also the host arch/gicv3.h (tests/unit/shim_vgic.c's hooks).
$(call objs,test_vgic): CPPFLAGS += -Itests/unit/host-arch -Iarch/arm64/include
# Its shims' checks fail the test (cmocka) instead of aborting.
$(OUT)/obj/tests/unit/shim_vgic.o: CPPFLAGS += -DSHIM_CHECK_CMOCKA

$(OUT)/obj/%.o: %.c $(AUTOCONF)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	@$(HOSTCC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

# Stem "2-smp4": GIC version 2, 4 CPUs. Remade when QEMU changes.
virt = $(word $(1),$(subst -smp, ,$*))
$(DTB)/virt-gic%.dtb: $(shell command -v $(QEMU))
	@mkdir -p $(@D)
	@echo "  QEMU    $@"
	@$(QEMU) -M virt,virtualization=on,gic-version=$(call virt,1),dumpdtb=$@.tmp \
	  -cpu cortex-a57 -smp $(call virt,2) -m 2G -nographic -nic none >$@.log 2>&1 || \
	  { cat $@.log >&2; rm -f $@.tmp; exit 1; }
	@rm -f $@.log
	@mv $@.tmp $@

# The malformed fixtures draw dtc warnings on purpose: keep it quiet for them.
$(DTB)/%.dtb: $(FIX)/%.dts $(wildcard $(FIX)/*.dtsi)
	@mkdir -p $(@D)
	@echo "  DTC     $@"
	@$(DTC) $(if $(filter bad-%,$*),-q) -I dts -O dtb -o $@ $<

$(DTB)/bad-truncated.dtb: $(DTB)/board.dtb
	@echo "  CUT     $@"
	@head -c $$(( $$(stat -c %s $<) / 2 )) $< >$@

$(DTB)/bad-magic.dtb: $(DTB)/board.dtb
	@echo "  CORRUPT $@"
	@cp $< $@.tmp && printf '\336\255\276\357' | dd of=$@.tmp conv=notrunc status=none
	@mv $@.tmp $@

-include $(shell find $(OUT)/obj -name '*.d' 2>/dev/null)
