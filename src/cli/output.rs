//! Writing a report: to standard output (a closed pipe is not an error), or atomically to a
//! file, so a reader never sees half a report.

use std::io::Write;
use std::path::Path;

use nifcheck::Error;
use nifcheck::atomic::write_atomically;

/// Writes `text` to `path`, or to standard output when there is none.
pub(super) fn write(path: Option<&Path>, text: impl AsRef<[u8]>) -> Result<(), Error> {
    let text = text.as_ref();
    match path {
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(text).and_then(|()| stdout.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::write("<stdout>", e)),
                _ => Ok(()),
            }
        }
        Some(path) => write_atomically(path, text).map_err(|e| Error::write(path, e)),
    }
}
