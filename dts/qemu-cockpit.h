/* Where the QEMU cockpit's boot modules sit in host RAM (QEMU's -device
 * loader puts them there; tools/cockpit.py reads these lines). */
#define COCKPIT_KERNEL	       0x50000000 /* the cloud Image: dom0 */
#define COCKPIT_DOM0_INITRD    0x52000000
#define COCKPIT_CLUSTER_INITRD 0x52400000
#define COCKPIT_IVI_INITRD     0x52800000 /* up to 8 MiB: the GPU's modules */
#define COCKPIT_IVI_PCIE       0x53000000 /* ivi's partial DT: the PCIe host bridge */
#define COCKPIT_KERNEL_GENERIC 0x54000000 /* the generic Image (DRM, simplefb): cluster, ivi */
