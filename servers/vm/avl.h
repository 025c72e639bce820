/*
 * An intrusive AVL tree keyed by uint64_t, for regions (by start address).
 * Pure: compiled on the host for unit tests. The tree never allocates:
 * nodes live inside the objects they order.
 */
#ifndef VM_AVL_H
#define VM_AVL_H

#include <stdint.h>
#include <stddef.h>

struct avl_node {
	struct avl_node *left, *right, *parent;
	uint64_t key;
	int height;
};

struct avl_tree {
	struct avl_node *root;
	size_t count;
};

void avl_init(struct avl_tree *t);
/* Insert n (n->key set); returns -1 if the key is already present. */
int avl_insert(struct avl_tree *t, struct avl_node *n);
void avl_remove(struct avl_tree *t, struct avl_node *n);
struct avl_node *avl_find(const struct avl_tree *t, uint64_t key);
/* The node with the greatest key <= key, or NULL. */
struct avl_node *avl_find_le(const struct avl_tree *t, uint64_t key);
/* The node with the smallest key >= key, or NULL. */
struct avl_node *avl_find_ge(const struct avl_tree *t, uint64_t key);
struct avl_node *avl_first(const struct avl_tree *t);
struct avl_node *avl_next(const struct avl_node *n);

#define avl_entry(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#endif
