//! Writing a report: to standard output (a closed pipe is not an error), or atomically to a
//! file, so a reader never sees half a report.

use std::io::Write;
use std::path::Path;

use nifcheck::Error;

/// Writes `text` to `path`, or to standard output when there is none.
pub fn write(path: Option<&Path>, text: &str) -> Result<(), Error> {
    match path {
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::write("<stdout>", e)),
                _ => Ok(()),
            }
        }
        Some(path) => write_atomically(path, text.as_bytes()),
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::File::create(&temp)
        .and_then(|mut file| file.write_all(bytes).and_then(|()| file.sync_all()))
        .and_then(|()| std::fs::rename(&temp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(Error::write(path, e));
    }
    Ok(())
}
