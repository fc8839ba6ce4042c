//! Owner-only files: the data directory holds users' names, phones, unexpired codes, ID photos
//! and selfies, and beside it the API key and the TLS private key. Everything the sandbox
//! creates there is readable by its own user only (directories 0700, files 0600), whatever the
//! process's umask, and [`tighten`] closes what an older run left open.

use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

pub const DIR_MODE: u32 = 0o700;
pub const FILE_MODE: u32 = 0o600;

/// `dir` and its missing parents, owner-only (parents that exist are left as they are: the data
/// directory may live in a shared place). An existing `dir` is tightened, unless it is a shared
/// one (sticky, as `/tmp` is): a data directory pointed at such a place must not close it.
pub fn create_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(DIR_MODE)
        .create(dir)?;
    let mode = std::fs::metadata(dir)?.permissions().mode();
    if mode & 0o077 != 0 && mode & STICKY == 0 {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(DIR_MODE))?;
    }
    Ok(())
}

const STICKY: u32 = 0o1000;

/// What the sandbox keeps in its data directory, by name: only these are tightened at start,
/// so a data directory shared with other files leaves those alone.
pub const OWN_ENTRIES: &[&str] = &[
    "sandbox.sqlite3",
    "sandbox.sqlite3-wal",
    "sandbox.sqlite3-shm",
    "dev-api-key",
    crate::tls::CERT_FILE,
    crate::tls::KEY_FILE,
    crate::tls::NAMES_FILE,
    "media",
    "liveness",
    "documents",
];

/// Tightens the data directory (unless shared) and the sandbox's own entries in it, with all
/// they hold; returns how many were tightened.
pub fn tighten_data_dir(data_dir: &Path) -> std::io::Result<usize> {
    let mut tightened = 0;
    let mode = std::fs::metadata(data_dir)?.permissions().mode();
    if mode & 0o077 != 0 && mode & STICKY == 0 {
        std::fs::set_permissions(data_dir, std::fs::Permissions::from_mode(DIR_MODE))?;
        tightened += 1;
    }
    for name in OWN_ENTRIES {
        let path = data_dir.join(name);
        if std::fs::symlink_metadata(&path).is_ok() {
            tightened += tighten(&path)?;
        }
    }
    Ok(tightened)
}

/// Writes `bytes` to `path`, created owner-only (an existing file is tightened first).
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(FILE_MODE)
        .open(path)?;
    if file.metadata()?.permissions().mode() & 0o077 != 0 {
        file.set_permissions(std::fs::Permissions::from_mode(FILE_MODE))?;
    }
    file.write_all(bytes)
}

/// [`write`], then the file flushed to disk before this returns.
pub fn write_durably(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write(path, bytes)?;
    std::fs::File::open(path)?.sync_all()
}

/// Flushes `dir`'s entries (a file renamed into it) to disk.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

/// Creates `path` empty and owner-only if it does not exist, so that a file another library
/// then opens (SQLite, which gives its WAL and shared-memory files the database's mode) starts
/// private.
pub fn touch(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(FILE_MODE)
        .open(path)
        .map(drop)
}

/// Takes group and other permissions away from `root` and everything under it (symbolic links
/// are not followed); returns how many entries were tightened.
pub fn tighten(root: &Path) -> std::io::Result<usize> {
    let mut tightened = 0;
    let mut pending = vec![root.to_path_buf()];
    while let Some(path) = pending.pop() {
        let meta = std::fs::symlink_metadata(&path)?;
        if meta.file_type().is_symlink() {
            continue;
        }
        let mode = meta.permissions().mode();
        if mode & 0o077 != 0 {
            let private = if meta.is_dir() { DIR_MODE } else { FILE_MODE };
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(private))?;
            tightened += 1;
        }
        if meta.is_dir() {
            for entry in std::fs::read_dir(&path)? {
                pending.push(entry?.path());
            }
        }
    }
    Ok(tightened)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn made_owner_only_and_old_ones_tightened() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("a/b");
        create_dir(&data).unwrap();
        assert_eq!(mode(&data), DIR_MODE);
        let file = data.join("key");
        write(&file, b"secret").unwrap();
        assert_eq!(mode(&file), FILE_MODE);
        assert_eq!(std::fs::read(&file).unwrap(), b"secret");
        // What an older run left readable by everyone.
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let old = data.join("old.jpg");
        std::fs::write(&old, b"x").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(tighten(&data).unwrap(), 3);
        assert_eq!(
            (mode(&data), mode(&file), mode(&old)),
            (0o700, 0o600, 0o600)
        );
        assert_eq!(tighten(&data).unwrap(), 0);
        // Writing over an open file tightens it too.
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        write(&file, b"again").unwrap();
        assert_eq!(mode(&file), FILE_MODE);
        let db = data.join("db");
        touch(&db).unwrap();
        assert_eq!(mode(&db), FILE_MODE);
    }

    #[test]
    fn a_shared_data_directory_keeps_its_mode_and_its_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let shared = dir.path();
        std::fs::set_permissions(shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
        let theirs = shared.join("someone-else.txt");
        std::fs::write(&theirs, b"x").unwrap();
        std::fs::set_permissions(&theirs, std::fs::Permissions::from_mode(0o644)).unwrap();
        let media = shared.join("media");
        std::fs::create_dir(&media).unwrap();
        std::fs::set_permissions(&media, std::fs::Permissions::from_mode(0o755)).unwrap();
        create_dir(shared).unwrap();
        assert_eq!(tighten_data_dir(shared).unwrap(), 1);
        assert_eq!(mode(shared), 0o777, "sticky and open, as it was");
        assert_eq!(mode(&theirs), 0o644);
        assert_eq!(mode(&media), 0o700);
    }
}
