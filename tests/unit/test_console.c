/*
 * Console accounting (common/console_mux.c, common/console.c) over a model of
 * a real UART: every byte sent moves the clock on by the time a byte takes
 * at the UART's baud rate, which QEMU's PL011 never does. A domain's lines
 * are charged the UART's time; a flooding domain gets its share of it and
 * no more, the other domain's lines and the hypervisor's all go out. And the
 * baud rate is read back from the UART drivers (PL011 IBRD/FBRD, the 16550's
 * divisor latch) over register arrays in memory.
 */
#include "unit.h"
#include <bulkhead/console.h>
#include <bulkhead/domain.h>
#include <bulkhead/irq.h>
#include <bulkhead/log.h>
#include <bulkhead/timer.h>
#include <bulkhead/vcpu_sched.h>
#include <bulkhead/vpl011.h>
#include "shim_log.h"
#include "shim_timer.h"

/* What console_mux.c calls besides the console. */
void sched_dump(void) {}
void domain_dump_memory(void) {}
int irq_set_spi_handler(u32 intid, irq_handler_fn fn, unsigned int cpu, bool forwarded)
{
	(void)intid, (void)fn, (void)cpu, (void)forwarded;
	return 0;
}
bool vpl011_receive(struct vpl011 *u, char c)
{
	(void)u, (void)c;
	return true;
}

/* The model UART: bytes sent, to whom they are charged (the writer the test
 * names before each call), and the clock moved on by each byte's time. */
enum { WHO_FLOOD, WHO_CALM, WHO_HYP, WHOS };
static u64 sent[WHOS];
static int writer;
static char out[1 << 20]; /* 20 s at 115200 baud fit: 230 KB */
static size_t out_len;
static u32 model_baud;

bool host_cpu_irqs_on; /* tests/unit/host-cpu/arch/cpu.h */
static bool irqs_on_while_sending;

static void model_putc(const struct uart_dev *u, char c)
{
	(void)u;
	irqs_on_while_sending |= host_cpu_irqs_on;
	sent[writer]++;
	shim_now_ns += console_ns_per_byte();
	assert_true(out_len < sizeof(out) - 1);
	out[out_len++] = c;
}
static u32 model_baud_op(const struct uart_dev *u)
{
	(void)u;
	return model_baud;
}
static const struct uart_ops model_ops = {"model", model_putc, NULL, NULL, model_baud_op};

static struct domain flood = {.id = 0, .name = "flood"}, calm = {.id = 1, .name = "calm"};

static void use_uart(u32 programmed, u32 hint)
{
	struct uart_dev u = {.ops = &model_ops, .baud_hint = hint};
	model_baud = programmed;
	console_set_uart(&u);
}

static unsigned int count(const char *s)
{
	unsigned int n = 0;
	out[out_len] = 0;
	for (const char *p = out; (p = strstr(p, s)); p++)
		n++;
	return n;
}

/* 20 s of a domain printing 200-character lines as fast as the console
 * takes them, beside one printing a line every 100 ms and the hypervisor a
 * line every 500 ms, on a 115200-baud UART (the rate assumed when the UART
 * does not say). The flood's UART time stays within its third (two domains
 * and the hypervisor) plus its burst; every line of the others goes out; the
 * flood's dropped lines are counted in its notes. */
TEST(test_flood_held_to_its_share)
{
	char line[200];
	const u64 end = 20ULL * 1000000000;
	u64 next_calm = 0, next_hyp = 0, t0;
	unsigned int calm_lines = 0, hyp_lines = 0, flood_tries = 0;

	use_uart(0, 0);
	assert_int_equal(console_baud(NULL), 115200);
	assert_int_equal(console_ns_per_byte(), 86805); /* 10 bits a byte */
	console_mux_register(&flood);
	console_mux_register(&calm);
	memset(line, 'x', sizeof(line));
	shim_now_ns = t0 = 1000000000;
	while (shim_now_ns - t0 < end) {
		u64 before = shim_now_ns;
		writer = WHO_FLOOD;
		console_mux_domain_line(&flood, line, sizeof(line));
		flood_tries++;
		if (shim_now_ns - t0 >= next_calm) {
			writer = WHO_CALM;
			console_mux_domain_line(&calm, "calm and steady", 15);
			calm_lines++;
			next_calm += 100000000;
		}
		if (shim_now_ns - t0 >= next_hyp) {
			writer = WHO_HYP;
			console_write("(bh) hypervisor\n", 16);
			hyp_lines++;
			next_hyp += 500000000;
		}
		if (shim_now_ns == before) /* the flood's vCPU spins: the clock goes on */
			shim_now_ns += 100000;
	}
	u64 elapsed = shim_now_ns - t0, flood_ns = sent[WHO_FLOOD] * console_ns_per_byte();
	print_message("flood: %llu of %llu ms of UART time, %u tries\n",
		      (unsigned long long)(flood_ns / 1000000),
		      (unsigned long long)(elapsed / 1000000), flood_tries);
	assert_true(flood_ns <= elapsed / 3 + 2ULL * 1000000000 + 20000000);
	assert_true(flood_ns >= elapsed / 3); /* and it does get its share */
	assert_int_equal(count("[calm] calm and steady\r\n"), calm_lines);
	assert_int_equal(calm_lines, 200);
	assert_int_equal(count("(bh) hypervisor\r\n"), hyp_lines);
	assert_int_equal(count("[calm] ("), 0); /* nothing of calm's dropped */
	assert_true(count("[flood] (") > 0);
	/* Every try is a line that went out or one a note counted (but for
	 * those since its last line out, still to be said). */
	unsigned int shown = count("[flood] xxxx"), dropped = 0;
	for (const char *p = out; (p = strstr(p, "[flood] (")); p++) {
		unsigned int n;
		assert_int_equal(sscanf(p,
					"[flood] (%u lines dropped: over its console share, "
					"3840 bytes/s)",
					&n),
				 1);
		dropped += n;
	}
	assert_true(shown + dropped <= flood_tries);
	assert_true(flood_tries - shown - dropped < 1000);
}

/* A domain that floods and then goes quiet still has its drops said: a
 * timer armed at the first drop prints the note once its budget has
 * anything again. */
TEST(test_drops_said_after_the_flood)
{
	static struct domain quiet = {.id = 2, .name = "quiet"};
	char line[200], want[96];
	unsigned int tries = 0, before = count("[quiet] xxxx");

	memset(line, 'x', sizeof(line));
	shim_last_armed = NULL;
	writer = WHO_FLOOD;
	while (!shim_last_armed && tries < 10000) { /* its burst, then the first drop */
		console_mux_domain_line(&quiet, line, sizeof(line));
		tries++;
	}
	assert_non_null(shim_last_armed); /* the note's timer */
	for (int i = 0; i < 9; i++)	  /* nine more, then nothing */
		console_mux_domain_line(&quiet, line, sizeof(line));
	assert_int_equal(count("[quiet] ("), 0);
	shim_timer_fire(shim_last_armed);
	unsigned int shown = count("[quiet] xxxx") - before;
	snprintf(want, sizeof(want), "[quiet] (%u lines dropped: over its console share,",
		 tries + 9 - shown);
	assert_int_equal(count(want), 1);
	assert_int_equal(shown, tries - 1);
}

/* The rate comes from the UART's divisor, else the DT's hint, else 115200;
 * a rate no UART runs at is not believed. */
TEST(test_baud_sources)
{
	const char *how;
	use_uart(1500000, 115200);
	assert_int_equal(console_baud(&how), 1500000);
	assert_string_equal(how, "its divisor");
	assert_int_equal(console_ns_per_byte(), 6666);
	use_uart(0, 9600);
	assert_int_equal(console_baud(&how), 9600);
	assert_string_equal(how, "the device tree's");
	use_uart(7, 0);
	assert_int_equal(console_baud(&how), 115200);
	assert_non_null(strstr(how, "assumed"));
}

/* PL011 (DDI 0183 3.3.6-7): UARTCLK 24 MHz, IBRD 13, FBRD 1: 115246 baud;
 * IBRD 0 (nobody programmed it) or no clock: unknown. */
TEST(test_pl011_divisor)
{
	u32 regs[0x40 / 4] = {0};
	struct uart_dev u = {.base = (uintptr_t)regs, .clock_hz = 24000000};
	regs[0x24 / 4] = 13;
	regs[0x28 / 4] = 1;
	assert_int_equal(uart_pl011_ops.baud(&u), 115246);
	u.clock_hz = 0;
	assert_int_equal(uart_pl011_ops.baud(&u), 0);
	u.clock_hz = 24000000;
	regs[0x24 / 4] = 0;
	assert_int_equal(uart_pl011_ops.baud(&u), 0);
}

/* 16550: 1.8432 MHz / (16 x 12) = 9600 baud, read behind LCR.DLAB and LCR
 * put back. Memory is no 16550 (DLAB does not bank the registers), but the
 * driver's reads and writes land where the datasheet puts them. */
TEST(test_ns16550_divisor)
{
	u8 regs[8] = {0};
	struct uart_dev u = {.base = (uintptr_t)regs, .io_width = 1, .clock_hz = 1843200};
	regs[0] = 12;	/* DLL */
	regs[1] = 0;	/* DLM */
	regs[3] = 0x03; /* LCR: 8N1 */
	regs[5] = 0x60; /* LSR: THRE | TEMT */
	assert_int_equal(uart_ns16550_ops.baud(&u), 9600);
	assert_int_equal(regs[3], 0x03);
	u.clock_hz = 0;
	assert_int_equal(uart_ns16550_ops.baud(&u), 0);
}

/* A full line on a 300-baud UART costs more than a domain's whole bucket
 * (237 bytes, 7.9 s > 2 s): it costs the bucket, and still goes out. */
TEST(test_line_on_a_very_slow_uart)
{
	static struct domain slow = {.id = 5, .name = "slow"};
	char line[200];
	memset(line, 's', sizeof(line));
	use_uart(300, 0);
	out_len = 0;
	console_mux_register(&slow);
	console_mux_domain_line(&slow, line, sizeof(line));
	assert_int_equal(count("[slow] ssss"), 1);
	use_uart(0, 0);
}

/* Once other CPUs print, the console's lock is held with interrupts masked
 * (a timer event logging on the CPU that holds it would spin for good),
 * and the caller's interrupt mask comes back as it was. */
TEST(test_console_lock_masks_interrupts)
{
	use_uart(0, 0);
	console_smp_enable();
	host_cpu_irqs_on = true;
	irqs_on_while_sending = false;
	console_write("masked\n", 7);
	assert_false(irqs_on_while_sending);
	assert_true(host_cpu_irqs_on);
	host_cpu_irqs_on = false;
	console_write("still\n", 6);
	assert_false(host_cpu_irqs_on);
}

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flood_held_to_its_share),
		cmocka_unit_test(test_drops_said_after_the_flood),
		cmocka_unit_test(test_baud_sources),
		cmocka_unit_test(test_pl011_divisor),
		cmocka_unit_test(test_ns16550_divisor),
		cmocka_unit_test(test_line_on_a_very_slow_uart),
		cmocka_unit_test(test_console_lock_masks_interrupts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
