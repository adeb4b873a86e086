#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/falloc.h>
#endif
#include "CFileSystem.h"

int qapcheck_start_writeback(int fd, long long offset, long long length) {
#ifdef __linux__
    return sync_file_range(fd, (off_t)offset, (off_t)length, SYNC_FILE_RANGE_WRITE);
#else
    (void)fd; (void)offset; (void)length;
    return 0;
#endif
}

int qapcheck_insert_room(int fd, long long length) {
#if defined(__linux__) && defined(FALLOC_FL_INSERT_RANGE)
    return fallocate(fd, FALLOC_FL_INSERT_RANGE, 0, (off_t)length);
#else
    (void)fd; (void)length;
    errno = EOPNOTSUPP;
    return -1;
#endif
}

long qapcheck_read_if_in_memory(int fd, void *buffer, unsigned long length) {
#if defined(__linux__) && defined(RWF_NOWAIT)
    struct iovec part = { buffer, length };
    return (long)preadv2(fd, &part, 1, -1, RWF_NOWAIT);
#else
    (void)fd; (void)buffer; (void)length;
    errno = ENOSYS;
    return -1;
#endif
}

#ifdef __linux__
/* Whether the byte at `offset` can be read without waiting for the disk. Not free of effects:
   where it is not in memory the system starts reading it (and may have it by the time it
   answers), so it serves only where `file_in_memory` cannot answer. */
static int byte_in_memory(int fd, off_t offset) {
#ifdef RWF_NOWAIT
    char byte;
    struct iovec one = { &byte, 1 };
    return preadv2(fd, &one, 1, offset, RWF_NOWAIT) == 1;
#else
    (void)fd; (void)offset;
    return 0;
#endif
}

/* The cachestat(2) call (Linux 6.5), which the C library here does not wrap: how many of a
   file's pages are in memory, asked without reading any. Its number is the same on every
   architecture. */
#ifndef SYS_cachestat
#define SYS_cachestat 451
#endif
struct file_cache_range { uint64_t offset, length; };
struct file_cache_counts { uint64_t cached, dirty, writeback, evicted, recently_evicted; };

/* Set once the system has said it has no cachestat. */
static int no_cachestat;

/* Whether every page of the file (`size` bytes) is in memory: 1 or 0; -1 where the system cannot
   say without reading. */
static int file_in_memory(int fd, off_t size) {
    if (__atomic_load_n(&no_cachestat, __ATOMIC_RELAXED)) return -1;
    struct file_cache_range whole = { 0, 0 };
    struct file_cache_counts counts;
    if (syscall(SYS_cachestat, fd, &whole, &counts, 0) != 0) {
        /* Not there, or refused by a sandbox: it will not be there later either. */
        if (errno == ENOSYS || errno == EPERM) __atomic_store_n(&no_cachestat, 1, __ATOMIC_RELAXED);
        return -1;
    }
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0) page = 4096;
    return counts.cached >= (uint64_t)((size + page - 1) / page);
}
#endif

int qapcheck_read_ahead(const char *path) {
#ifdef __linux__
    struct stat info;
    if (stat(path, &info) != 0) return -1;
    if (!S_ISREG(info.st_mode) || info.st_size == 0) return 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return -1;
    /* Asked without reading where the system can say; else by its first and last bytes (the
       system reads a small file whole). */
    int cached = file_in_memory(fd, info.st_size);
    if (cached < 0) cached = byte_in_memory(fd, 0) && byte_in_memory(fd, info.st_size - 1);
    if (cached) {
        close(fd);
        return 0;
    }
    int advised = posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED);
    close(fd);
    if (advised != 0) { errno = advised; return -1; }
    return 1;
#else
    (void)path;
    return 0;
#endif
}
