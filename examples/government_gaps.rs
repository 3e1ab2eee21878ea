//! Times the gap analysis of a government folder (exchange gaps and silos):
//! `cargo run --release --example government_gaps -- DIR`. Used by `benches/government.sh`.

use std::path::Path;
use std::time::Instant;

use nifcheck::framework::{CompileOptions, Framework, FrameworkSource};
use nifcheck::government::{CompatCache, Government, government_gaps};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: government_gaps GOVERNMENT_DIR")?;
    let start = Instant::now();
    let government = Government::load(Path::new(&dir))?;
    let options = CompileOptions {
        as_of: government.as_of().unwrap_or_else(nifcheck::date::Date::today),
        ..CompileOptions::default()
    };
    let source = FrameworkSource::parse(&government.framework_source())?;
    let framework = Framework::load(&source, options)?.ok_or("the government names no framework")?;
    let loaded = start.elapsed();
    let cache = CompatCache::new();
    let findings = government_gaps(&government, &framework, &cache)?;
    let exchanges: usize = government.agencies.iter().map(|a| a.manifest.consumes.len()).sum();
    let mut by_rule = std::collections::BTreeMap::new();
    for f in &findings {
        *by_rule.entry(f.rule.as_str()).or_insert(0) += 1;
    }
    println!(
        "agencies {} exchanges {exchanges} proofs {} findings {by_rule:?} load {:.2}s total {:.2}s",
        government.agencies.len(),
        cache.proved(),
        loaded.as_secs_f64(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
