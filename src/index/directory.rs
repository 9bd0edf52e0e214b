//! tantivy's memory-mapped directory, readable without write permission.
//!
//! Opening a searcher takes tantivy's meta lock (so a concurrent writer's garbage collection
//! does not delete the files being opened), and taking a lock creates a lock file: in a
//! directory the user may read but not write, every search failed with "Failed to acquire
//! Lockfile … Permission denied". Here, when the meta lock cannot be created for lack of
//! permission, reading goes on without it: whoever cannot write the directory cannot be the
//! writer it guards against, and a writer elsewhere only ever deletes files no commit refers
//! to. The writer lock is never faked: a writer without permission still fails, and
//! [`super::tantivy_error`] says so plainly.

use std::io;
use std::path::Path;
use std::sync::Arc;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle,
    WritePtr, META_LOCK,
};

/// An [`MmapDirectory`] whose meta lock gives way to a read-only directory.
#[derive(Debug, Clone)]
pub struct IndexDirectory {
    inner: MmapDirectory,
}

impl IndexDirectory {
    /// Opens the directory at `path`.
    pub fn open(path: &Path) -> tantivy::Result<Self> {
        Ok(IndexDirectory {
            inner: MmapDirectory::open(path)?,
        })
    }
}

impl Directory for IndexDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            Err(LockError::IoError(e))
                if e.kind() == io::ErrorKind::PermissionDenied
                    && lock.filepath == META_LOCK.filepath =>
            {
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
