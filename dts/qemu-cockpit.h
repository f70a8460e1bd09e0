/* Where the QEMU cockpit's boot modules sit in host RAM (QEMU's -device
 * loader puts them there; tools/cockpit.py reads these lines). */
#define COCKPIT_KERNEL	       0x50000000 /* one Image, shared by the three domains */
#define COCKPIT_DOM0_INITRD    0x52000000
#define COCKPIT_CLUSTER_INITRD 0x52400000
#define COCKPIT_IVI_INITRD     0x52800000
