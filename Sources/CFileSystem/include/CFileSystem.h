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

/* Reads up to `length` bytes at the file's position, as read(2) does, but only what is in
   memory already (Linux: preadv2 with RWF_NOWAIT): -1 with errno EAGAIN when the first byte
   would wait for the disk, a short count when only the first part is in memory. Where the
   system cannot tell, -1 with errno ENOSYS, and nothing is read. */
long qapcheck_read_if_in_memory(int fd, void *buffer, unsigned long length);

/* Asks the system to start reading the regular file at `path` into memory, when some of it is
   not there yet, and returns without waiting for it (Linux: posix_fadvise with
   POSIX_FADV_WILLNEED). What is in memory is asked with cachestat, which reads nothing; where
   the system has no cachestat, by reading the first and last bytes if they need no wait.
   Anything else at the path (a FIFO, a device, a folder) is left unopened. Returns 1 when it
   asked, 0 when there was nothing to ask for, -1 with errno set. */
int qapcheck_read_ahead(const char *path);

#endif
