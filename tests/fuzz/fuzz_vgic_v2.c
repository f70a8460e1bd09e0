/* libFuzzer target: the GICv2 vGIC; the input, the model and the checks are
 * described in tests/fuzz/fuzz_vgic.h. */
#define VGIC_VERSION 2
#define FUZZ_NAME    "fuzz_vgic_v2"
#include "fuzz_vgic.h"
