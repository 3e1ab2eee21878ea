//! The JSON report: the contract in DESIGN.md, published as `schemas/report.schema.json`.

use std::io::Write;

use crate::report::Report;

/// Serialises the report straight into `out`: no copy of it is built first.
pub(super) fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, report)?;
    out.write_all(b"\n")?;
    out.flush()
}
