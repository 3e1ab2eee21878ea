//! Writing files so that no reader ever sees half of one: a temporary file in the same folder,
//! flushed to disk, then renamed over the target.

use std::io::Write;
use std::path::Path;

/// Writes through a uniquely named temporary file in the same folder and renames it into place.
/// A path that exists and is not a regular file (`/dev/null`, a named pipe, a terminal) is
/// written to directly: renaming over it would replace the device with a file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically_with(path, |out| out.write_all(bytes))
}

/// Like [`write_atomically`], with the content written by `write` as it is produced (a report
/// streamed finding by finding), through a buffer.
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        let mut target = std::io::BufWriter::new(std::fs::OpenOptions::new().write(true).open(path)?);
        write(&mut target)?;
        return target.flush();
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tmp-");
    // Temporary files are private; the file written is a report or a cached framework others may
    // read, so it gets the permissions `File::create` gives (the umask still applies).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    // Dropped on any error before `persist`, which removes it: a failed write leaves nothing.
    let temp = builder.tempfile_in(dir)?;
    let mut buffered = std::io::BufWriter::new(temp);
    write(&mut buffered)?;
    let temp = buffered.into_inner().map_err(std::io::IntoInnerError::into_error)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_files_whole_and_leaves_devices_alone() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("report.json");
        write_atomically(&file, b"first").unwrap();
        write_atomically(&file, b"second").unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"second");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let reference = dir.path().join("reference");
            std::fs::File::create(&reference).unwrap();
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&file), mode(&reference), "the permissions File::create gives");
        }
        let null = Path::new("/dev/null");
        if null.exists() {
            write_atomically(null, b"discarded").unwrap();
            assert!(
                std::fs::metadata(null).is_ok_and(|m| !m.is_file()),
                "/dev/null must stay a device"
            );
        }
    }
}
