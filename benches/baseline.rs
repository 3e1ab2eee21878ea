//! The baseline nifcheck's NDJSON validation is measured against: a plain single-threaded loop
//! of `serde_json::from_str::<Value>` + `Validator::is_valid` over the lines of an NDJSON file,
//! with the person@1.2.0 validator compiled exactly as nifcheck compiles it (embedded framework,
//! default options: `format` asserted, `x-codelist` checked on today's date). No positions, no
//! messages, no parallelism: the least work that still says which lines are invalid.
//!
//!     cargo build --release --bench baseline      # then run the executable it names, or:
//!     cargo bench --bench baseline -- [NDJSON]     # default bench-data/persons.ndjson
//!
//! Prints documents, invalid count and seconds (the loop alone, and the whole run).

use std::error::Error;
use std::time::Instant;

use nifcheck::framework::{CompileOptions, Framework, FrameworkSource, StandardRef};
use serde_json::Value;

fn main() -> Result<(), Box<dyn Error>> {
    let start = Instant::now();
    // `cargo bench` passes `--bench`; the first other argument is the file.
    let given = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let path = given.clone().unwrap_or_else(|| "bench-data/persons.ndjson".to_string());
    // `cargo test --all-targets` runs this too: without data it has nothing to measure.
    if given.is_none() && !std::path::Path::new(&path).exists() {
        eprintln!("skipped: {path} is missing; `bash benches/run.sh` generates it");
        return Ok(());
    }

    let framework = Framework::load(&FrameworkSource::Embedded, CompileOptions::default())?
        .ok_or("the embedded framework did not load")?;
    let reference: StandardRef = "person@1.2.0".parse()?;
    let validator = framework.validator(framework.resolve(&reference)?)?;

    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    let loop_start = Instant::now();
    let mut documents = 0usize;
    let mut invalid = 0usize;
    for line in text.lines() {
        if line.trim().is_empty() {
            continue;
        }
        documents += 1;
        let ok = serde_json::from_str::<Value>(line).is_ok_and(|value| validator.is_valid(&value));
        if !ok {
            invalid += 1;
        }
    }
    let looped = loop_start.elapsed().as_secs_f64();
    println!(
        "{path}: {documents} documents, {invalid} invalid, {looped:.3} s validating ({:.3} s in all)",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
