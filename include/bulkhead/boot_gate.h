/* The first-frame gate (bulkhead,first-frame-gate, common/boot_gate.c): the
 * domains after the critical one in boot order are loaded and started at its
 * first frame. Called by the boot flow (boot.c) and the domain code. */
#ifndef BULKHEAD_BOOT_GATE_H
#define BULKHEAD_BOOT_GATE_H

#include <bulkhead/types.h>

struct domain;
struct vcpu;

/* Before d is loaded, when d has bulkhead,first-frame-gate: close the gate
 * for it (a gate closes once per boot). */
void boot_gate_close(struct domain *d);
/* Starts the loaded domain d; d's own start arms the gate's timeout. */
void boot_gate_start(struct domain *d);
/* The boot flow, before it loads the next domain: while the gate is closed,
 * returns true and has resume run on this CPU's scheduler (sched_defer)
 * once the gate opens; else returns false. */
bool boot_gate_defer(void (*resume)(void));
/* Is d's framebuffer to stay unmapped, so that its first access traps? */
bool boot_gate_holds_fb(const struct domain *d);
/* v touched its domain's framebuffer (a stage-2 fault on it); and v waits
 * for an interrupt (WFI). The second after the first opens the gate closed
 * for v's domain: its first frame is drawn. */
void boot_gate_fb_touched(struct vcpu *v);
void boot_gate_idle(struct vcpu *v);
/* d stopped or was refused: opens the gate if it was closed for d. */
void boot_gate_stopped(struct domain *d);

#endif
