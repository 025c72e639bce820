/*
 * The ext2 on-disk layout (revision 1), as far as this server uses it.
 * All fields are little-endian, which is also the CPU's order.
 *
 * A 4 KiB-block file system, as Quire makes them:
 *
 *   block 0          boot area (1 KiB), then the superblock (1 KiB at 1024)
 *   block 1..        the group descriptor table (32 bytes a group)
 *   then             reserved GDT blocks (resize_inode), and per group:
 *                    block bitmap, inode bitmap, inode table, data blocks
 *
 * Groups hold up to 32768 blocks (one bitmap block of bits: mke2fs
 * makes them that big unless told otherwise with -g); groups 0, 1 and
 * the powers of 3, 5 and 7 also start with backup copies of the
 * superblock and descriptors (sparse_super). Inode i (from 1) is entry
 * (i-1) % inodes_per_group of group (i-1) / inodes_per_group.
 */
#ifndef EXT2_H
#define EXT2_H

#include <quire/types.h>

#define EXT2_SUPER_MAGIC     0xEF53
#define EXT2_SUPER_OFFSET    1024      /* bytes into the device */
#define EXT2_SUPER_SIZE      1024
#define EXT2_BLOCK_SIZE      4096      /* the only block size served */
#define EXT2_BLOCK_SHIFT     12
#define EXT2_LOG_BLOCK_SIZE  2         /* s_log_block_size of a 4 KiB file system */
#define EXT2_DYNAMIC_REV     1

#define EXT2_ROOT_INO        2
#define EXT2_GOOD_OLD_INODE_SIZE 128

/* i_block[]: 12 direct pointers, then single, double, triple indirect. */
#define EXT2_NDIR_BLOCKS     12
#define EXT2_IND_BLOCK       12
#define EXT2_DIND_BLOCK      13
#define EXT2_TIND_BLOCK      14
#define EXT2_N_BLOCKS        15
#define EXT2_PTRS_PER_BLOCK  (EXT2_BLOCK_SIZE / 4)
#define EXT2_PTRS_SHIFT      10

#define EXT2_LINK_MAX        32000
#define EXT2_NAME_LEN        255
/* A symlink whose target is shorter than this lives in i_block. */
#define EXT2_FAST_SYMLINK_MAX 60

/* s_state */
#define EXT2_VALID_FS        0x1       /* cleanly unmounted */
#define EXT2_ERROR_FS        0x2

/* Features. A file system with an incompat feature we do not know is not
 * served; one with an unknown ro_compat feature is served read-only. */
#define EXT2_FEATURE_COMPAT_DIR_PREALLOC   0x0001
#define EXT2_FEATURE_COMPAT_HAS_JOURNAL    0x0004
#define EXT2_FEATURE_COMPAT_EXT_ATTR       0x0008
#define EXT2_FEATURE_COMPAT_RESIZE_INODE   0x0010
#define EXT2_FEATURE_COMPAT_DIR_INDEX      0x0020
#define EXT2_FEATURE_INCOMPAT_FILETYPE     0x0002
#define EXT2_FEATURE_INCOMPAT_RECOVER      0x0004
#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER 0x0001
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE  0x0002

#define EXT2_INCOMPAT_SUPPORTED  EXT2_FEATURE_INCOMPAT_FILETYPE
#define EXT2_RO_COMPAT_SUPPORTED (EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER | \
				  EXT2_FEATURE_RO_COMPAT_LARGE_FILE)

struct ext2_super {
	uint32_t s_inodes_count;
	uint32_t s_blocks_count;
	uint32_t s_r_blocks_count;
	uint32_t s_free_blocks_count;
	uint32_t s_free_inodes_count;
	uint32_t s_first_data_block;
	uint32_t s_log_block_size;
	uint32_t s_log_frag_size;
	uint32_t s_blocks_per_group;
	uint32_t s_frags_per_group;
	uint32_t s_inodes_per_group;
	uint32_t s_mtime;               /* last mount */
	uint32_t s_wtime;               /* last write */
	uint16_t s_mnt_count;
	int16_t  s_max_mnt_count;
	uint16_t s_magic;
	uint16_t s_state;
	uint16_t s_errors;
	uint16_t s_minor_rev_level;
	uint32_t s_lastcheck;
	uint32_t s_checkinterval;
	uint32_t s_creator_os;
	uint32_t s_rev_level;
	uint16_t s_def_resuid;
	uint16_t s_def_resgid;
	/* EXT2_DYNAMIC_REV */
	uint32_t s_first_ino;
	uint16_t s_inode_size;
	uint16_t s_block_group_nr;
	uint32_t s_feature_compat;
	uint32_t s_feature_incompat;
	uint32_t s_feature_ro_compat;
	uint8_t  s_uuid[16];
	char     s_volume_name[16];
	char     s_last_mounted[64];
	uint32_t s_algorithm_usage_bitmap;
	uint8_t  s_prealloc_blocks;
	uint8_t  s_prealloc_dir_blocks;
	uint16_t s_reserved_gdt_blocks;
	uint8_t  s_rest[EXT2_SUPER_SIZE - 208];  /* kept as read */
};
_Static_assert(sizeof(struct ext2_super) == EXT2_SUPER_SIZE, "superblock is 1 KiB");
_Static_assert(__builtin_offsetof(struct ext2_super, s_magic) == 56, "s_magic");
_Static_assert(__builtin_offsetof(struct ext2_super, s_first_ino) == 84, "s_first_ino");
_Static_assert(__builtin_offsetof(struct ext2_super, s_feature_ro_compat) == 100, "features");
_Static_assert(__builtin_offsetof(struct ext2_super, s_reserved_gdt_blocks) == 206, "gdt");

struct ext2_group_desc {
	uint32_t bg_block_bitmap;
	uint32_t bg_inode_bitmap;
	uint32_t bg_inode_table;
	uint16_t bg_free_blocks_count;
	uint16_t bg_free_inodes_count;
	uint16_t bg_used_dirs_count;
	uint16_t bg_flags;
	uint32_t bg_reserved[3];
};
_Static_assert(sizeof(struct ext2_group_desc) == 32, "group descriptors are 32 bytes");
#define EXT2_DESC_PER_BLOCK (EXT2_BLOCK_SIZE / sizeof(struct ext2_group_desc))

/* The first 128 bytes of an on-disk inode (larger inodes keep the rest). */
struct ext2_inode {
	uint16_t i_mode;
	uint16_t i_uid;
	uint32_t i_size;
	uint32_t i_atime;
	uint32_t i_ctime;
	uint32_t i_mtime;
	uint32_t i_dtime;               /* when it was freed */
	uint16_t i_gid;
	uint16_t i_links_count;
	uint32_t i_blocks;              /* 512-byte units, indirect blocks included */
	uint32_t i_flags;
	uint32_t i_osd1;
	uint32_t i_block[EXT2_N_BLOCKS];
	uint32_t i_generation;
	uint32_t i_file_acl;            /* extended-attribute block */
	uint32_t i_size_high;           /* regular files: bits 32..63 of the size */
	uint32_t i_faddr;
	uint16_t i_blocks_hi;
	uint16_t i_file_acl_high;
	uint16_t i_uid_high;
	uint16_t i_gid_high;
	uint32_t i_osd2_rest;
};
_Static_assert(sizeof(struct ext2_inode) == EXT2_GOOD_OLD_INODE_SIZE, "inodes are 128 bytes");
_Static_assert(__builtin_offsetof(struct ext2_inode, i_block) == 40, "i_block");

/* i_flags we look at */
#define EXT2_INDEX_FL     0x00001000    /* hashed-index directory */
#define EXT4_EXTENTS_FL   0x00080000    /* extent-mapped: not served */

/* Extended-attribute block header (freeing an inode drops one reference). */
#define EXT2_XATTR_MAGIC  0xEA020000
struct ext2_xattr_header {
	uint32_t h_magic;
	uint32_t h_refcount;
	uint32_t h_blocks;
};

/* A directory entry; entries chain through rec_len to the block's end. */
struct ext2_dirent {
	uint32_t inode;                 /* 0: unused */
	uint16_t rec_len;               /* bytes to the next entry, a multiple of 4 */
	uint8_t  name_len;
	uint8_t  file_type;             /* EXT2_FT_* (with the filetype feature) */
	char     name[];
};
#define EXT2_DIRENT_HDR   8
/* The smallest rec_len that holds a name of `len` bytes. */
#define EXT2_DIRENT_LEN(len) (((unsigned)(len) + EXT2_DIRENT_HDR + 3) & ~3u)

#define EXT2_FT_UNKNOWN  0
#define EXT2_FT_REG_FILE 1
#define EXT2_FT_DIR      2
#define EXT2_FT_CHRDEV   3
#define EXT2_FT_BLKDEV   4
#define EXT2_FT_FIFO     5
#define EXT2_FT_SOCK     6
#define EXT2_FT_SYMLINK  7

#endif
