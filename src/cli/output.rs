//! Writing a report: to standard output (a closed pipe is not an error), or atomically to a
//! file, so a reader never sees half a report.

use std::io::Write;
use std::path::Path;

use nifcheck::Error;
use nifcheck::atomic::{write_atomically, write_atomically_with};
use nifcheck::report::Report;
use nifcheck::report::render::{Format, RenderOptions, render_to};

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

/// Renders `report` straight into `path`, or standard output when there is none: the JSON and
/// SARIF reports are written as they are serialised, never held whole in memory.
pub(super) fn write_report(
    path: Option<&Path>,
    report: &Report,
    format: Format,
    options: RenderOptions,
) -> Result<(), Error> {
    let render = |out: &mut dyn Write| render_to(report, format, options, out);
    match path {
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            match render(&mut stdout).and_then(|()| stdout.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::write("<stdout>", e)),
                _ => Ok(()),
            }
        }
        Some(path) => write_atomically_with(path, render).map_err(|e| Error::write(path, e)),
    }
}
