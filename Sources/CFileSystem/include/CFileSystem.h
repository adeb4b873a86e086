#ifndef QAPCHECK_CFILESYSTEM_H
#define QAPCHECK_CFILESYSTEM_H

/* What the system library does not give Swift: Glibc's module leaves out the calls that need
   _GNU_SOURCE. */

/* Starts writing a range of a file to disk and returns at once (Linux: sync_file_range with
   SYNC_FILE_RANGE_WRITE), so that a later fsync finds most of it written. Elsewhere nothing is
   started. Returns 0, or -1 with errno set. */
int qapcheck_start_writeback(int fd, long long offset, long long length);

#endif
