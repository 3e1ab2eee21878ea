//! Writing files so that no reader ever sees half of one: a uniquely named temporary file in the
//! same folder, flushed to disk, then renamed over the target.

use std::io::Write;
use std::path::Path;

/// Writes through a uniquely named temporary file in the same folder and renames it into place.
/// A path that exists and is not a regular file (`/dev/null`, a named pipe, a terminal) is
/// written to directly: renaming over it would replace the device with a file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        let mut target = std::fs::OpenOptions::new().write(true).open(path)?;
        return target.write_all(bytes).and_then(|()| target.flush());
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let temp = dir.join(format!(".tmp-{}-{}", std::process::id(), unique()));
    let result = std::fs::File::create(&temp)
        .and_then(|mut file| file.write_all(bytes).and_then(|()| file.sync_all()))
        .and_then(|()| std::fs::rename(&temp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// A name part no other writer uses at the same time.
pub fn unique() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{nanos}-{}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_files_whole_and_leaves_devices_alone() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("report.json");
        write_atomically(&file, b"first").unwrap_or_default();
        write_atomically(&file, b"second").unwrap_or_default();
        assert_eq!(std::fs::read(&file).unwrap_or_default(), b"second");
        assert_eq!(
            std::fs::read_dir(dir.path()).map(Iterator::count).unwrap_or(0),
            1,
            "no temporary file left"
        );
        let null = Path::new("/dev/null");
        if null.exists() {
            write_atomically(null, b"discarded").unwrap_or_default();
            assert!(
                std::fs::metadata(null).is_ok_and(|m| !m.is_file()),
                "/dev/null must stay a device"
            );
        }
    }
}
