/* Ticket spinlock on C11/GCC atomics (acquire/release), fair between CPUs. */
#ifndef BULKHEAD_SPINLOCK_H
#define BULKHEAD_SPINLOCK_H

#include <bulkhead/types.h>

typedef struct {
	u16 next, owner;
} spinlock_t;

#define SPINLOCK_INIT                                                                              \
	{                                                                                          \
		0, 0                                                                               \
	}

static inline void spin_lock(spinlock_t *l)
{
	u16 me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		;
}

/* Gives up after about `spins` tries (for the panic path). */
static inline bool spin_trylock_for(spinlock_t *l, unsigned long spins)
{
	u16 me = __atomic_load_n(&l->next, __ATOMIC_RELAXED);
	while (spins--) {
		u16 expect = me;
		if (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) == me &&
		    __atomic_compare_exchange_n(&l->next, &expect, (u16)(me + 1), false,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return true;
		me = __atomic_load_n(&l->next, __ATOMIC_RELAXED);
	}
	return false;
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->owner, (u16)(l->owner + 1), __ATOMIC_RELEASE);
}

#endif
