//! `nifcheck completions SHELL` and `nifcheck man`: the shell completions and the manual pages,
//! generated from the clap definitions in `args.rs`, so both always say what the binary accepts.

use std::path::Path;

use clap::CommandFactory as _;
use nifcheck::{Error, Result};

use super::args::{Cli, Common};
use super::{Done, output};

/// The completion script for `shell`, on standard output (or `--output`).
pub(super) fn completions(common: &Common, shell: clap_complete::Shell) -> Result<Done> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "nifcheck", &mut script);
    output::write(common.output.as_deref(), script)?;
    Ok(Done::Conforms)
}

/// With `--out DIR`, every page (nifcheck.1, nifcheck-validate.1, nifcheck-framework-list.1…)
/// written into DIR; without, nifcheck.1 on standard output (or `--output`), for `man -l -`.
pub(super) fn man(common: &Common, out: Option<&Path>) -> Result<Done> {
    let mut pages = Vec::new();
    let mut root = Cli::command().disable_help_subcommand(true);
    root.build();
    collect_pages(&root, &mut pages);
    match out {
        None => {
            let main = pages.into_iter().next().map(|(_, page)| page).unwrap_or_default();
            output::write(common.output.as_deref(), main)?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
            for (name, page) in pages {
                output::write(Some(&dir.join(name)), page)?;
            }
            eprintln!("manual pages written to {}", dir.display());
        }
    }
    Ok(Done::Conforms)
}

/// The page of `cmd` (file name and roff text), then the pages of its commands, depth first.
fn collect_pages(cmd: &clap::Command, pages: &mut Vec<(String, Vec<u8>)>) {
    let man = clap_mangen::Man::new(cmd.clone())
        .source(format!("nifcheck {}", env!("CARGO_PKG_VERSION")))
        .manual("nifcheck manual");
    let mut page = Vec::new();
    // Rendering into memory cannot fail.
    let _ = man.render(&mut page);
    pages.push((man.get_filename(), page));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect_pages(sub, pages);
    }
}
