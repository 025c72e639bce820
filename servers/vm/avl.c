#include "avl.h"

static int height(const struct avl_node *n)
{
	return n ? n->height : 0;
}

static void update(struct avl_node *n)
{
	int l = height(n->left), r = height(n->right);
	n->height = (l > r ? l : r) + 1;
}

static void replace_child(struct avl_tree *t, struct avl_node *parent,
			  struct avl_node *old, struct avl_node *new)
{
	if (!parent)
		t->root = new;
	else if (parent->left == old)
		parent->left = new;
	else
		parent->right = new;
	if (new)
		new->parent = parent;
}

/* Rotate so that n's child c takes n's place. */
static struct avl_node *rotate(struct avl_tree *t, struct avl_node *n, struct avl_node *c)
{
	replace_child(t, n->parent, n, c);
	if (n->left == c) {
		n->left = c->right;
		if (c->right)
			c->right->parent = n;
		c->right = n;
	} else {
		n->right = c->left;
		if (c->left)
			c->left->parent = n;
		c->left = n;
	}
	n->parent = c;
	update(n);
	update(c);
	return c;
}

static struct avl_node *balance(struct avl_tree *t, struct avl_node *n)
{
	update(n);
	int bf = height(n->left) - height(n->right);
	if (bf > 1) {
		if (height(n->left->left) < height(n->left->right))
			rotate(t, n->left, n->left->right);
		return rotate(t, n, n->left);
	}
	if (bf < -1) {
		if (height(n->right->right) < height(n->right->left))
			rotate(t, n->right, n->right->left);
		return rotate(t, n, n->right);
	}
	return n;
}

static void rebalance_up(struct avl_tree *t, struct avl_node *n)
{
	while (n) {
		n = balance(t, n);
		n = n->parent;
	}
}

void avl_init(struct avl_tree *t)
{
	t->root = NULL;
	t->count = 0;
}

int avl_insert(struct avl_tree *t, struct avl_node *n)
{
	struct avl_node *parent = NULL, **link = &t->root;
	while (*link) {
		parent = *link;
		if (n->key == parent->key)
			return -1;
		link = n->key < parent->key ? &parent->left : &parent->right;
	}
	n->left = n->right = NULL;
	n->parent = parent;
	n->height = 1;
	*link = n;
	t->count++;
	rebalance_up(t, parent);
	return 0;
}

void avl_remove(struct avl_tree *t, struct avl_node *n)
{
	struct avl_node *start;
	if (n->left && n->right) {
		/* Put the successor s in n's place. */
		struct avl_node *s = n->right;
		while (s->left)
			s = s->left;
		start = s->parent == n ? s : s->parent;
		if (s->parent != n) {
			replace_child(t, s->parent, s, s->right);
			s->right = n->right;
			s->right->parent = s;
		}
		s->left = n->left;
		s->left->parent = s;
		replace_child(t, n->parent, n, s);
		s->height = n->height;
	} else {
		struct avl_node *child = n->left ? n->left : n->right;
		start = n->parent;
		replace_child(t, n->parent, n, child);
	}
	t->count--;
	rebalance_up(t, start);
}

struct avl_node *avl_find(const struct avl_tree *t, uint64_t key)
{
	struct avl_node *n = t->root;
	while (n && n->key != key)
		n = key < n->key ? n->left : n->right;
	return n;
}

struct avl_node *avl_find_le(const struct avl_tree *t, uint64_t key)
{
	struct avl_node *n = t->root, *best = NULL;
	while (n) {
		if (n->key <= key) {
			best = n;
			n = n->right;
		} else {
			n = n->left;
		}
	}
	return best;
}

struct avl_node *avl_find_ge(const struct avl_tree *t, uint64_t key)
{
	struct avl_node *n = t->root, *best = NULL;
	while (n) {
		if (n->key >= key) {
			best = n;
			n = n->left;
		} else {
			n = n->right;
		}
	}
	return best;
}

struct avl_node *avl_first(const struct avl_tree *t)
{
	struct avl_node *n = t->root;
	while (n && n->left)
		n = n->left;
	return n;
}

struct avl_node *avl_next(const struct avl_node *n)
{
	if (n->right) {
		n = n->right;
		while (n->left)
			n = n->left;
		return (struct avl_node *)n;
	}
	while (n->parent && n->parent->right == n)
		n = n->parent;
	return n->parent;
}
