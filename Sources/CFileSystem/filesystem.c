#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
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
