#ifndef QAPCHECK_CFILESYSTEM_H
#define QAPCHECK_CFILESYSTEM_H

/* What the system library does not give Swift: Glibc's module leaves out the calls that need
   _GNU_SOURCE. */

/* Starts writing a range of a file to disk and returns at once (Linux: sync_file_range with
   SYNC_FILE_RANGE_WRITE), so that a later fsync finds most of it written. Elsewhere nothing is
   started. Returns 0, or -1 with errno set. */
int qapcheck_start_writeback(int fd, long long offset, long long length);

/* Inserts `length` bytes of room (a hole) at the start of a file, moving what it holds up by as
   much without copying it (Linux: fallocate with FALLOC_FL_INSERT_RANGE, which ext4 and XFS
   take for whole blocks of a non-empty file). Elsewhere, or where the file system cannot, -1
   with errno set (EOPNOTSUPP, EINVAL) and the file unchanged; otherwise 0. */
int qapcheck_insert_room(int fd, long long length);

#endif
