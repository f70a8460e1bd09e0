# Host fuzzing (libFuzzer), run from the top directory:
#   make -f tests/fuzz/fuzz.mk BUILD=build AUTOCONF=build/include/generated/autoconf.h
# Each target links the hypervisor's own C files (no copies), compiled as the
# unit tests compile them (tests/unit/unit.mk: same include paths and
# pre-included headers, tests/unit's host shims) but with clang under
# libFuzzer, ASan and UBSan. `run` fuzzes each target for FUZZ_SECONDS on a
# copy of its seed corpus (tests/fuzz/corpus/<target>, copied into
# $(BUILD)/fuzz/corpus/<target>, so the tree is never written); a crash, a
# sanitizer report, a leak or a hang (-timeout) fails it, naming the
# reproducer: replay it with `$(BUILD)/fuzz/<target> <file>`; one of up to
# 16 KiB is also printed in base64, so a CI log alone can replay it. A target's
# dictionary, tests/fuzz/<target>.dict, is used when it exists. Every target
# runs even after one fails; the exit status is non-zero if any failed.

BUILD    ?= build
AUTOCONF ?= $(BUILD)/include/generated/autoconf.h
FUZZ_CC  ?= clang
FUZZ_SECONDS ?= 10
# Seconds one input may take before it counts as a hang.
FUZZ_TIMEOUT ?= 5
FUZZ_RSS_MB  ?= 2048
# More libFuzzer options for every target (e.g. -jobs=2, -dict=...).
FUZZ_ARGS ?=
HOST_LIBFDT_H ?= /usr/include/libfdt.h

OUT    := $(BUILD)/fuzz
CORPUS := tests/fuzz/corpus

CPPFLAGS := -Iinclude -Iarch/arm/include -I$(BUILD)/include -Itests/unit -include $(AUTOCONF) \
            -include include/bulkhead/compiler.h -include tests/unit/host.h \
            -include $(HOST_LIBFDT_H) -D_POSIX_C_SOURCE=200809L -MMD -MP
CFLAGS   := -std=c11 -Wall -Wextra -Werror -g -O1 -fsanitize=fuzzer,address,undefined \
            -fno-sanitize-recover=all
LDLIBS   := -lfdt

# Each target and the hypervisor files it exercises.
TARGETS := fuzz_config fuzz_vcontrol fuzz_vsp805 fuzz_hostdt fuzz_guest_dt fuzz_smccc fuzz_vpl011 \
           fuzz_mmio fuzz_vgic_v2 fuzz_vgic_v3 fuzz_image_layout
fuzz_config-src   := $(wildcard common/config/*.c) common/dt_iommu.c common/dt.c common/lib/fmt.c
fuzz_vcontrol-src := common/vcontrol.c common/vmmio.c common/lib/fmt.c common/log_limit.c
fuzz_vsp805-src   := common/vsp805.c common/vmmio.c
fuzz_hostdt-src   := common/hostdt.c common/driver.c common/dt.c common/lib/fmt.c \
                     tests/unit/registry_hostdt.c
fuzz_guest_dt-src := common/guest_dt.c common/dt.c common/lib/fmt.c
fuzz_smccc-src    := arch/arm/smccc.c arch/arm/psci_guest.c
fuzz_vpl011-src   := common/vpl011.c common/vmmio.c common/log_limit.c common/lib/fmt.c
fuzz_image_layout-src := common/image_layout.c common/lib/fmt.c
vgic-src          := arch/arm/vgic/vgic.c arch/arm/vgic/vgic-mmio.c arch/arm/vgic/vgic-v2.c \
                     arch/arm/vgic/vgic-v3.c common/vmmio.c tests/unit/shim_vgic.c
fuzz_mmio-src     := arch/arm/aarch32.c $(vgic-src)
fuzz_vgic_v2-src  := $(vgic-src)
fuzz_vgic_v3-src  := $(vgic-src)

.DEFAULT_GOAL := run
.DELETE_ON_ERROR:
.PHONY: run build

# libFuzzer's log of each run is $(OUT)/<target>.log; its last "#N ... DONE"
# or "#N" status line gives the number of runs.
run:
	@test -f $(AUTOCONF) || { echo "fuzz: $(AUTOCONF) is missing: run 'make $(AUTOCONF)'" >&2; exit 1; }
	@pass=0; fail=0; for t in $(TARGETS); do \
	  echo "---- $$t ($(FUZZ_SECONDS) s)"; \
	  if ! $(MAKE) --no-print-directory -s -f tests/fuzz/fuzz.mk $(OUT)/$$t; then \
	    echo "$$t: FAILED: does not build"; fail=$$((fail + 1)); continue; fi; \
	  rm -rf $(OUT)/corpus/$$t $(OUT)/artifacts/$$t; \
	  mkdir -p $(OUT)/corpus/$$t $(OUT)/artifacts/$$t; \
	  if [ -d $(CORPUS)/$$t ]; then cp $(CORPUS)/$$t/* $(OUT)/corpus/$$t/ 2>/dev/null; fi; \
	  dict=; [ -f tests/fuzz/$$t.dict ] && dict=-dict=tests/fuzz/$$t.dict; \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  timeout -k 10 $$(( $(FUZZ_SECONDS) + 60 )) $(OUT)/$$t -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=$(FUZZ_TIMEOUT) -rss_limit_mb=$(FUZZ_RSS_MB) -detect_leaks=1 \
	    -print_final_stats=1 -artifact_prefix=$(OUT)/artifacts/$$t/ $$dict $(FUZZ_ARGS) \
	    $(OUT)/corpus/$$t >$(OUT)/$$t.log 2>&1; rc=$$?; \
	  runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $(OUT)/$$t.log | tail -n 1); \
	  repro=$$(ls $(OUT)/artifacts/$$t/ 2>/dev/null | head -n 1); \
	  if [ $$rc -eq 0 ] && [ -z "$$repro" ] && \
	     ! grep -q 'ERROR: \(AddressSanitizer\|LeakSanitizer\|libFuzzer\)\|runtime error:' $(OUT)/$$t.log; then \
	    echo "$$t: $${runs:-0} runs, 0 crashes"; pass=$$((pass + 1)); \
	  else \
	    grep -m 1 -A 12 'ERROR: \|runtime error:\|^==[0-9]*== ERROR' $(OUT)/$$t.log; \
	    grep -m 1 '^SUMMARY:' $(OUT)/$$t.log; \
	    echo "$$t: $${runs:-0} runs, 1 crash (exit status $$rc; log $(OUT)/$$t.log)"; \
	    if [ -n "$$repro" ]; then \
	      echo "$$t: FAILED: reproducer $(OUT)/artifacts/$$t/$$repro: replay with $(OUT)/$$t $(OUT)/artifacts/$$t/$$repro"; \
	      if [ $$(stat -c %s $(OUT)/artifacts/$$t/$$repro) -le 16384 ]; then \
	        echo "$$t: reproducer, base64: $$(base64 -w 0 $(OUT)/artifacts/$$t/$$repro)"; fi; \
	    else echo "$$t: FAILED: no reproducer written; see $(OUT)/$$t.log"; fi; \
	    fail=$$((fail + 1)); \
	  fi; \
	done; echo "fuzz: $$pass passed, $$fail failed"; [ $$fail -eq 0 ]

build: $(addprefix $(OUT)/,$(TARGETS))

objs = $(patsubst %.c,$(OUT)/obj/%.o,tests/fuzz/$(1).c $($(1)-src))
define target_rule
$(OUT)/$(1): $(call objs,$(1))
	@echo "  FUZZLD  $$@"
	@$(FUZZ_CC) $(CFLAGS) $$^ $(LDLIBS) -o $$@
endef
$(foreach t,$(TARGETS),$(eval $(call target_rule,$(t))))
# struct domain (domain.h) holds struct vcpu_arch: the arm64 one, host-compilable.
$(call objs,fuzz_vsp805) $(call objs,fuzz_vcontrol) $(call objs,fuzz_smccc) \
  $(call objs,fuzz_vpl011): CPPFLAGS += -Iarch/arm64/include
# The vGIC's: also the host arch/gicv3.h (tests/unit/shim_vgic.c's hooks).
$(call objs,fuzz_mmio) $(call objs,fuzz_vgic_v2) $(call objs,fuzz_vgic_v3): \
  CPPFLAGS += -Itests/unit/host-arch -Iarch/arm64/include

# fuzz_vgic_v2 and fuzz_vgic_v3: tests/fuzz/fuzz_vgic.c for each GIC version.
$(OUT)/obj/tests/fuzz/fuzz_vgic_v%.o: tests/fuzz/fuzz_vgic.c $(AUTOCONF)
	@mkdir -p $(@D)
	@echo "  FUZZCC  $< (GICv$*)"
	@$(FUZZ_CC) $(CPPFLAGS) $(CFLAGS) -DVGIC_VERSION=$* -DFUZZ_NAME='"fuzz_vgic_v$*"' -c $< -o $@

$(OUT)/obj/%.o: %.c $(AUTOCONF)
	@mkdir -p $(@D)
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

-include $(shell find $(OUT)/obj -name '*.d' 2>/dev/null)
