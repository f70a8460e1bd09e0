# The test images: guest initramfs images and the cockpit's tree, included
# by the top Makefile (make images | cockpit-images | smmu-images |
# screens-images, and the bench images). The static, libc-free guest programs
# take tools/lib/linux_raw.h; bhctl itself is built by the top Makefile.
IMAGES_STAMP := $(CACHE)/images/.complete
images: $(IMAGES_STAMP) $(BUILD)/images/initramfs-arm64.cpio $(BUILD)/images/initramfs-armhf.cpio
$(IMAGES_STAMP): tools/fetch-images.sh | $(DEPS_STAMP)
	$(Q)bash tools/fetch-images.sh $(CACHE)/images && touch $@
# The plain guest initramfs per Debian architecture (armhf: the arm32 host's Linux guests).
$(BUILD)/images/initramfs-arm64.cpio $(BUILD)/images/initramfs-armhf.cpio: \
$(BUILD)/images/initramfs-%.cpio: $(IMAGES_STAMP) tools/mkinitramfs.py
	$(Q)mkdir -p $(dir $@)
	$(Q)$(PYTHON) tools/mkinitramfs.py $(CACHE)/images/$*/busybox $@

# ---- benchmarks (docs/perf.md) -------------------------------------------------
$(BUILD)/bench/latency: tests/bench/latency.c tools/lib/linux_raw.h
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) -O2 -static -nostdlib -ffreestanding -fno-stack-protector -Wall -Wextra -Werror \
	    -Itools/lib -o $@ $<
$(BUILD)/images/initramfs-bench-%.cpio: $(IMAGES_STAMP) $(BUILD)/bench/latency tools/mkinitramfs.py
	$(Q)mkdir -p $(dir $@)
	$(Q)$(PYTHON) tools/mkinitramfs.py $(CACHE)/images/arm64/busybox $@ \
	    --file $(BUILD)/bench/latency:/bin/latency \
	    --init-extra 'echo BENCH-USERSPACE; /bin/latency $*; poweroff -f'
# The ARMv7 host's boot figure (tests/bench/boot32.py): armhf busybox, ready line, off.
$(BUILD)/images/initramfs-boot-armhf.cpio: $(IMAGES_STAMP) tools/mkinitramfs.py
	$(Q)mkdir -p $(dir $@)
	$(Q)$(PYTHON) tools/mkinitramfs.py $(CACHE)/images/armhf/busybox $@ \
	    --init-extra 'echo BENCH-USERSPACE; poweroff -f'
# ---- the cockpit's guests (dom0 boots the plain initramfs-arm64.cpio) ----------
# devtmpfs gives the guests /dev/null (a background job needs it) and device
# nodes; mkinitramfs.py makes no parent directories, hence the modules' /tmp.
MODULES_DIR := $(CACHE)/images/arm64/modules
IVI_INIT := mount -t devtmpfs dev /dev; mkdir -p /lib/modules; mv /tmp/*.ko /lib/modules/; \
            insmod /lib/modules/watchdog.ko; insmod /lib/modules/sp805_wdt.ko; \
            [ -e /dev/watchdog ] && echo WATCHDOG ok || echo WATCHDOG missing
$(BUILD)/cockpit/periodic: tests/cockpit/periodic.c tools/lib/linux_raw.h
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) -O2 -static -nostdlib -ffreestanding -fno-stack-protector -Wall -Wextra -Werror \
	    -Itools/lib -o $@ $<
$(BUILD)/images/initramfs-dom0.cpio: $(IMAGES_STAMP) $(BUILD)/tools/bhctl tools/mkinitramfs.py
	$(Q)mkdir -p $(dir $@)
	$(Q)$(PYTHON) tools/mkinitramfs.py $(CACHE)/images/arm64/busybox $@ \
	    --file $(BUILD)/tools/bhctl:/bin/bhctl --init-extra 'mount -t devtmpfs dev /dev'
$(BUILD)/images/initramfs-cluster.cpio: $(IMAGES_STAMP) $(BUILD)/cockpit/periodic $(BUILD)/tools/bhctl \
                                        tools/mkinitramfs.py
	$(Q)mkdir -p $(dir $@)
	$(Q)$(PYTHON) tools/mkinitramfs.py $(CACHE)/images/arm64/busybox $@ \
	    --file $(BUILD)/cockpit/periodic:/bin/periodic --file $(BUILD)/tools/bhctl:/bin/bhctl \
	    --init-extra 'mount -t devtmpfs dev /dev; /bin/periodic >/dev/console 2>&1 &'
# The cockpit's DT: QEMU's own tree for the machine (with its SMMUv3),
# decompiled, then dts/qemu-cockpit.dts on top with this build's module sizes
# (tools/cockpit.py places the modules). ivi's partial DT gives it the PCIe
# host bridge (tools/pcie_partial_dt.py), where its virtio-gpu-pci sits.
COCKPIT := $(BUILD)/cockpit
GENERIC_KERNEL := $(CACHE)/images/arm64-generic/Image
COCKPIT_MODS := $(CACHE)/images/arm64/Image $(BUILD)/images/initramfs-dom0.cpio \
                $(BUILD)/images/initramfs-cluster-screen.cpio \
                $(BUILD)/images/initramfs-ivi-screen.cpio $(COCKPIT)/ivi-pcie.dtb $(GENERIC_KERNEL)
$(GENERIC_KERNEL) $(CACHE)/images/arm64/Image: $(IMAGES_STAMP)
$(COCKPIT)/qemu-virt.dts: tools/cockpit.py | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(PYTHON) tools/cockpit.py --dumpdtb $(COCKPIT)/qemu-virt.dtb
	$(Q)dtc -q -I dtb -O dts -o $@ $(COCKPIT)/qemu-virt.dtb
$(COCKPIT)/qemu-virt.dtb: $(COCKPIT)/qemu-virt.dts
$(COCKPIT)/ivi-pcie.dtb: $(COCKPIT)/qemu-virt.dtb tools/pcie_partial_dt.py
	$(Q)$(PYTHON) tools/pcie_partial_dt.py $< $@
$(COCKPIT)/sizes.h: $(COCKPIT_MODS)
	$(Q)mkdir -p $(dir $@)
	$(Q)set -- $$(stat -c %s $^); printf '#define KERNEL_SIZE %#x\n#define DOM0_INITRD_SIZE %#x\n#define CLUSTER_INITRD_SIZE %#x\n#define IVI_INITRD_SIZE %#x\n#define IVI_PCIE_SIZE %#x\n#define KERNEL_GENERIC_SIZE %#x\n' $$1 $$2 $$3 $$4 $$5 $$6 > $@
$(COCKPIT)/cockpit.dtb: dts/qemu-cockpit.dts dts/qemu-cockpit.h $(COCKPIT)/sizes.h $(COCKPIT)/qemu-virt.dts
	$(Q)cpp -nostdinc -undef -x assembler-with-cpp -P -Idts -I$(COCKPIT) $< > $(COCKPIT)/cockpit.pre.dts
	$(Q)dtc -q -I dts -O dtb -i $(COCKPIT) -o $@ $(COCKPIT)/cockpit.pre.dts
	@echo "  DTC     $@"
$(BUILD)/images/initramfs-ivi.cpio: $(IMAGES_STAMP) $(BUILD)/tools/bhctl tools/mkinitramfs.py
	$(Q)mkdir -p $(dir $@)
	$(Q)$(PYTHON) tools/mkinitramfs.py $(CACHE)/images/arm64/busybox $@ \
	    --file $(BUILD)/tools/bhctl:/bin/bhctl \
	    --file $(MODULES_DIR)/watchdog.ko:/tmp/watchdog.ko \
	    --file $(MODULES_DIR)/sp805_wdt.ko:/tmp/sp805_wdt.ko \
	    --init-extra '$(IVI_INIT)'
# ---- the SMMU test's guest (tests/integration/test_smmu.py) -------------------
# The virtio PCI and block modules, loaded in dependency order; the disk's
# known file read once at boot. dma_attack: tests/smmu/dma_attack.c.
SMMU_MODS := virtio virtio_ring virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_blk
SMMU_INIT := mount -t devtmpfs dev /dev; mkdir -p /lib/modules /mnt; mv /tmp/*.ko /lib/modules/; \
             for m in $$(cat /tmp/modorder); do insmod /lib/modules/$$m.ko; done; \
             i=0; while [ ! -b /dev/vda ] && [ $$i -lt 100 ]; do sleep 0.1; i=$$((i+1)); done; \
             mount -t ext4 -o ro /dev/vda /mnt && echo "SMMU-DISK $$(cat /mnt/hello.txt)"; umount /mnt
$(BUILD)/smmu/dma_attack: tests/smmu/dma_attack.c tools/lib/linux_raw.h
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) -O2 -static -nostdlib -ffreestanding -fno-stack-protector -Wall -Wextra -Werror \
	    -Itools/lib -o $@ $<
# Loaded in the order the modules' own dependencies give (tools/modorder.py).
$(BUILD)/images/initramfs-smmu.cpio: $(IMAGES_STAMP) $(BUILD)/smmu/dma_attack tools/mkinitramfs.py \
                                     tools/modorder.py
	$(Q)mkdir -p $(dir $@) $(BUILD)/smmu
	$(Q)$(PYTHON) tools/modorder.py $(MODULES_DIR) $(SMMU_MODS) > $(BUILD)/smmu/modorder
	$(Q)$(PYTHON) tools/mkinitramfs.py $(CACHE)/images/arm64/busybox $@ \
	    --file $(BUILD)/smmu/dma_attack:/bin/dma_attack \
	    --file $(BUILD)/smmu/modorder:/tmp/modorder \
	    $(foreach m,$(SMMU_MODS),--file $(MODULES_DIR)/$(m).ko:/tmp/$(m).ko) \
	    --init-extra '$(SMMU_INIT)'
smmu-images: $(BUILD)/images/initramfs-smmu.cpio $(BUILD)/images/initramfs-cluster.cpio

.PHONY: cockpit-images smmu-images
cockpit-images: $(COCKPIT_MODS) $(BUILD)/cockpit/cockpit.dtb

# ---- the screens (docs/screens.md) -------------------------------------------
# gauge (cluster) and ivi_screen (ivi): static, libc-free, on /dev/fb0. Both
# run on Debian's generic kernel (cache/images/arm64-generic: fbdev, DRM and
# virtio-gpu, which the cloud kernel lacks); simple-framebuffer is built in,
# virtio-gpu comes as modules, loaded in dependency order.
SCREENS := $(BUILD)/screens
$(SCREENS)/gauge $(SCREENS)/ivi_screen: $(SCREENS)/%: tools/screens/%.c tools/screens/screen.h \
                                        tools/lib/linux_raw.h
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) -O2 -static -nostdlib -ffreestanding -fno-stack-protector -Wall -Wextra -Werror \
	    -Itools/lib -o $@ $<
GENERIC_MODULES := $(CACHE)/images/arm64-generic/modules
SCREEN_MODS := virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_dma_buf drm \
               drm_kms_helper drm_shmem_helper virtio-gpu sp805_wdt
WAIT_FB0 := i=0; while [ ! -e /dev/fb0 ] && [ $$i -lt 100 ]; do sleep 0.1; i=$$((i+1)); done
CLUSTER_SCREEN_INIT := mount -t devtmpfs dev /dev; /bin/periodic >/dev/console 2>&1 & \
                       $(WAIT_FB0); /bin/gauge >/dev/console 2>&1 &
IVI_SCREEN_INIT := mount -t devtmpfs dev /dev; mkdir -p /lib/modules; mv /tmp/*.ko /lib/modules/; \
                   for m in $(SCREEN_MODS); do insmod /lib/modules/$$m.ko; done; \
                   [ -e /dev/watchdog ] && echo WATCHDOG ok || echo WATCHDOG missing; \
                   $(WAIT_FB0); /bin/ivi_screen >/dev/console 2>&1 &
$(BUILD)/images/initramfs-cluster-screen.cpio: $(IMAGES_STAMP) $(SCREENS)/gauge $(BUILD)/cockpit/periodic \
                                               $(BUILD)/tools/bhctl tools/mkinitramfs.py
	$(Q)mkdir -p $(dir $@)
	$(Q)$(PYTHON) tools/mkinitramfs.py $(CACHE)/images/arm64/busybox $@ \
	    --file $(SCREENS)/gauge:/bin/gauge --file $(BUILD)/cockpit/periodic:/bin/periodic \
	    --file $(BUILD)/tools/bhctl:/bin/bhctl --init-extra '$(CLUSTER_SCREEN_INIT)'
# gauge is in ivi's image too: any fb0 will do for it (tests/integration/test_screens.py).
$(BUILD)/images/initramfs-ivi-screen.cpio: $(IMAGES_STAMP) $(SCREENS)/ivi_screen $(SCREENS)/gauge \
                                           $(BUILD)/tools/bhctl tools/mkinitramfs.py
	$(Q)mkdir -p $(dir $@)
	$(Q)$(PYTHON) tools/mkinitramfs.py $(CACHE)/images/arm64/busybox $@ \
	    --file $(SCREENS)/ivi_screen:/bin/ivi_screen --file $(SCREENS)/gauge:/bin/gauge \
	    --file $(BUILD)/tools/bhctl:/bin/bhctl \
	    $(foreach m,$(SCREEN_MODS),--file $(GENERIC_MODULES)/$(m).ko:/tmp/$(m).ko) \
	    --init-extra '$(IVI_SCREEN_INIT)'
.PHONY: screens-images
screens-images: $(BUILD)/images/initramfs-cluster-screen.cpio $(BUILD)/images/initramfs-ivi-screen.cpio
