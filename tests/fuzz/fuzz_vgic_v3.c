/* libFuzzer target: the GICv3 vGIC; the input, the model and the checks are
 * described in tests/fuzz/fuzz_vgic.h. */
#define VGIC_VERSION 3
#define FUZZ_NAME    "fuzz_vgic_v3"
#include "fuzz_vgic.h"
