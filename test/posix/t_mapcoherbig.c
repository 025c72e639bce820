/*
 * The coherence engine of t_mapcoher.c over 36 MiB: more than the ext2
 * server's 8192 block buffers (32 MiB), so while mappings hold pages the
 * server's cache window keeps giving frames back to VM's page cache and
 * getting them again (VM_CACHE_GET of a block VM still has), and full
 * compares through read() cycle the whole file through the window.
 * Fewer steps than t_mapcoher (each full compare reads 36 MiB three ways).
 */
#define COHER_NAME "t_mapcoherbig"
#define FILE_MAX (36 * 1024 * 1024)
#define OPS 1500
#define FULL_EVERY 500
#include "t_mapcoher.c"
