/*
 * Host tests for the ready queues (kernel/sched_queue.c): one FIFO per
 * priority over real struct proc objects. After every change the queues
 * are walked and compared with what they should hold.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "sched.h"

#define NP 8

static struct proc p[NP];
static struct runq rq;

static int setup(void **state)
{
	memset(&rq, 0, sizeof(rq));
	memset(p, 0, sizeof(p));
	for (int i = 0; i < NP; i++) {
		p[i].slot = i;
		p[i].priority = USER_PRIORITY;
		p[i].next_ready = &p[(i + 1) % NP];    /* stale link: add must reset it */
	}
	return 0;
}

/* Queue q holds exactly the n processes of want, in order, and its tail
 * is the last of them. */
static void assert_queue(int q, struct proc *const *want, int n)
{
	struct proc *cur = rq.head[q];
	for (int i = 0; i < n; i++) {
		assert_non_null(cur);
		assert_ptr_equal(cur, want[i]);
		assert_int_equal(cur->priority, q);
		if (i + 1 < n)
			cur = cur->next_ready;
	}
	if (n == 0) {
		assert_null(rq.head[q]);
		assert_null(rq.tail[q]);
		return;
	}
	assert_ptr_equal(rq.tail[q], cur);
	assert_null(cur->next_ready);
}

#define QUEUE(q, ...) do { \
	struct proc *const want_[] = { __VA_ARGS__ }; \
	assert_queue(q, want_, (int)(sizeof(want_) / sizeof(want_[0]))); \
} while (0)

static void assert_all_empty(void)
{
	for (int q = 0; q < NR_SCHED_QUEUES; q++) {
		assert_null(rq.head[q]);
		assert_null(rq.tail[q]);
	}
}

/* ---- pick --------------------------------------------------------------- */

static void empty_queues_pick_nothing(void **state)
{
	assert_null(runq_pick(&rq));
}

static void single_process_is_picked(void **state)
{
	runq_add(&rq, &p[0]);
	assert_ptr_equal(runq_pick(&rq), &p[0]);
	QUEUE(USER_PRIORITY, &p[0]);
	assert_null(p[0].next_ready);
}

static void pick_returns_the_highest_priority_head(void **state)
{
	p[0].priority = 12;
	p[1].priority = 3;
	p[2].priority = 7;
	p[3].priority = 3;
	for (int i = 0; i < 4; i++)
		runq_add(&rq, &p[i]);
	assert_ptr_equal(runq_pick(&rq), &p[1]);
	runq_remove(&rq, &p[1]);
	assert_ptr_equal(runq_pick(&rq), &p[3]);
	runq_remove(&rq, &p[3]);
	assert_ptr_equal(runq_pick(&rq), &p[2]);
	runq_remove(&rq, &p[2]);
	assert_ptr_equal(runq_pick(&rq), &p[0]);
	runq_remove(&rq, &p[0]);
	assert_null(runq_pick(&rq));
}

static void pick_sees_the_first_and_last_queue(void **state)
{
	p[0].priority = NR_SCHED_QUEUES - 1;
	runq_add(&rq, &p[0]);
	assert_ptr_equal(runq_pick(&rq), &p[0]);
	p[1].priority = 0;
	runq_add(&rq, &p[1]);
	assert_ptr_equal(runq_pick(&rq), &p[1]);
}

static void pick_does_not_dequeue(void **state)
{
	runq_add(&rq, &p[0]);
	runq_add(&rq, &p[1]);
	assert_ptr_equal(runq_pick(&rq), &p[0]);
	assert_ptr_equal(runq_pick(&rq), &p[0]);
	QUEUE(USER_PRIORITY, &p[0], &p[1]);
}

/* ---- add ---------------------------------------------------------------- */

static void add_is_fifo_within_a_priority(void **state)
{
	runq_add(&rq, &p[2]);
	runq_add(&rq, &p[0]);
	runq_add(&rq, &p[1]);
	QUEUE(USER_PRIORITY, &p[2], &p[0], &p[1]);
	assert_ptr_equal(runq_pick(&rq), &p[2]);
}

static void add_touches_only_its_own_queue(void **state)
{
	p[0].priority = 1;
	p[1].priority = 2;
	p[2].priority = 1;
	runq_add(&rq, &p[0]);
	runq_add(&rq, &p[1]);
	runq_add(&rq, &p[2]);
	QUEUE(1, &p[0], &p[2]);
	QUEUE(2, &p[1]);
	for (int q = 0; q < NR_SCHED_QUEUES; q++)
		if (q != 1 && q != 2)
			assert_queue(q, NULL, 0);
}

static void add_head_goes_before_the_others(void **state)
{
	runq_add(&rq, &p[0]);
	runq_add(&rq, &p[1]);
	runq_add_head(&rq, &p[2]);
	QUEUE(USER_PRIORITY, &p[2], &p[0], &p[1]);
	assert_ptr_equal(runq_pick(&rq), &p[2]);
}

static void add_head_to_an_empty_queue_sets_the_tail(void **state)
{
	runq_add_head(&rq, &p[0]);
	QUEUE(USER_PRIORITY, &p[0]);
	runq_add(&rq, &p[1]);
	QUEUE(USER_PRIORITY, &p[0], &p[1]);
}

/* ---- remove ------------------------------------------------------------- */

static void remove_of_the_head(void **state)
{
	for (int i = 0; i < 3; i++)
		runq_add(&rq, &p[i]);
	runq_remove(&rq, &p[0]);
	QUEUE(USER_PRIORITY, &p[1], &p[2]);
	assert_null(p[0].next_ready);
	assert_ptr_equal(runq_pick(&rq), &p[1]);
}

static void remove_of_the_middle(void **state)
{
	for (int i = 0; i < 3; i++)
		runq_add(&rq, &p[i]);
	runq_remove(&rq, &p[1]);
	QUEUE(USER_PRIORITY, &p[0], &p[2]);
	assert_null(p[1].next_ready);
}

static void remove_of_the_tail_moves_the_tail_back(void **state)
{
	for (int i = 0; i < 3; i++)
		runq_add(&rq, &p[i]);
	runq_remove(&rq, &p[2]);
	QUEUE(USER_PRIORITY, &p[0], &p[1]);
	runq_add(&rq, &p[3]);                  /* the tail must be p[1] now */
	QUEUE(USER_PRIORITY, &p[0], &p[1], &p[3]);
}

static void remove_of_the_only_one_empties_the_queue(void **state)
{
	runq_add(&rq, &p[0]);
	runq_remove(&rq, &p[0]);
	assert_all_empty();
	assert_null(runq_pick(&rq));
	runq_add(&rq, &p[1]);
	QUEUE(USER_PRIORITY, &p[1]);
}

static void remove_of_an_absent_process_changes_nothing(void **state)
{
	runq_add(&rq, &p[0]);
	runq_add(&rq, &p[1]);
	p[5].next_ready = NULL;
	runq_remove(&rq, &p[5]);
	QUEUE(USER_PRIORITY, &p[0], &p[1]);
	runq_remove(&rq, &p[1]);
	runq_remove(&rq, &p[1]);               /* twice */
	QUEUE(USER_PRIORITY, &p[0]);
}

static void remove_from_an_empty_queue_changes_nothing(void **state)
{
	p[0].next_ready = NULL;
	runq_remove(&rq, &p[0]);
	assert_all_empty();
}

static void remove_then_add_puts_it_at_the_tail(void **state)
{
	for (int i = 0; i < 3; i++)
		runq_add(&rq, &p[i]);
	runq_remove(&rq, &p[0]);
	runq_add(&rq, &p[0]);
	QUEUE(USER_PRIORITY, &p[1], &p[2], &p[0]);
}

/* ---- rotate ------------------------------------------------------------- */

static void rotate_moves_the_head_to_the_tail(void **state)
{
	for (int i = 0; i < 3; i++)
		runq_add(&rq, &p[i]);
	runq_rotate(&rq, &p[0]);
	QUEUE(USER_PRIORITY, &p[1], &p[2], &p[0]);
	runq_rotate(&rq, &p[1]);
	QUEUE(USER_PRIORITY, &p[2], &p[0], &p[1]);
	runq_rotate(&rq, &p[2]);
	QUEUE(USER_PRIORITY, &p[0], &p[1], &p[2]);
}

static void rotate_of_two_swaps_them(void **state)
{
	runq_add(&rq, &p[0]);
	runq_add(&rq, &p[1]);
	runq_rotate(&rq, &p[0]);
	QUEUE(USER_PRIORITY, &p[1], &p[0]);
	assert_ptr_equal(runq_pick(&rq), &p[1]);
}

static void rotate_of_a_single_process_is_a_no_op(void **state)
{
	runq_add(&rq, &p[0]);
	runq_rotate(&rq, &p[0]);
	QUEUE(USER_PRIORITY, &p[0]);
}

static void rotate_of_a_non_head_is_a_no_op(void **state)
{
	for (int i = 0; i < 3; i++)
		runq_add(&rq, &p[i]);
	runq_rotate(&rq, &p[1]);
	QUEUE(USER_PRIORITY, &p[0], &p[1], &p[2]);
	runq_rotate(&rq, &p[2]);
	QUEUE(USER_PRIORITY, &p[0], &p[1], &p[2]);
	runq_rotate(&rq, &p[6]);               /* not queued at all */
	QUEUE(USER_PRIORITY, &p[0], &p[1], &p[2]);
}

static void rotate_leaves_other_priorities_alone(void **state)
{
	p[0].priority = 4;
	p[1].priority = 4;
	p[2].priority = 9;
	p[3].priority = 9;
	for (int i = 0; i < 4; i++)
		runq_add(&rq, &p[i]);
	runq_rotate(&rq, &p[2]);
	QUEUE(4, &p[0], &p[1]);
	QUEUE(9, &p[3], &p[2]);
	assert_ptr_equal(runq_pick(&rq), &p[0]);
}

static void round_robin_visits_each_in_turn(void **state)
{
	for (int i = 0; i < 4; i++)
		runq_add(&rq, &p[i]);
	for (int turn = 0; turn < 12; turn++) {
		struct proc *cur = runq_pick(&rq);
		assert_ptr_equal(cur, &p[turn % 4]);
		runq_rotate(&rq, cur);
	}
	QUEUE(USER_PRIORITY, &p[0], &p[1], &p[2], &p[3]);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(empty_queues_pick_nothing),
		T(single_process_is_picked),
		T(pick_returns_the_highest_priority_head),
		T(pick_sees_the_first_and_last_queue),
		T(pick_does_not_dequeue),
		T(add_is_fifo_within_a_priority),
		T(add_touches_only_its_own_queue),
		T(add_head_goes_before_the_others),
		T(add_head_to_an_empty_queue_sets_the_tail),
		T(remove_of_the_head),
		T(remove_of_the_middle),
		T(remove_of_the_tail_moves_the_tail_back),
		T(remove_of_the_only_one_empties_the_queue),
		T(remove_of_an_absent_process_changes_nothing),
		T(remove_from_an_empty_queue_changes_nothing),
		T(remove_then_add_puts_it_at_the_tail),
		T(rotate_moves_the_head_to_the_tail),
		T(rotate_of_two_swaps_them),
		T(rotate_of_a_single_process_is_a_no_op),
		T(rotate_of_a_non_head_is_a_no_op),
		T(rotate_leaves_other_priorities_alone),
		T(round_robin_visits_each_in_turn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
