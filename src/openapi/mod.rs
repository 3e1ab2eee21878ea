//! API descriptions: loading OpenAPI 3.0/3.1 (JSON or YAML, across files), the
//! specification's own checks, Spectral-format rulesets, and the reuse of national standards.

pub mod api;
pub mod document;
pub(crate) mod examples;
pub mod reference_table;
pub mod ruleset;
pub(crate) mod standards;
pub mod workspace;

use rayon::prelude::*;

use crate::error::Result;
use crate::finding::Finding;
use crate::framework::{CompileOptions, Framework};
use crate::rules;
use crate::source::inputs::Input;
use api::Api;
use document::ApiDocument;
use workspace::{Reach, Workspace};

/// Extensions picked up when a folder is linted.
pub const EXTENSIONS: &[&str] = &["json", "yaml", "yml"];

/// Lints API descriptions.
pub struct Linter<'a> {
    framework: Option<&'a Framework>,
    options: CompileOptions,
    reach: Reach,
    /// Shared, so a service lints every request with the rulesets it loaded once.
    rulesets: std::sync::Arc<[ruleset::Ruleset]>,
}

/// What one description produced.
#[derive(Debug, Default)]
pub struct Linted {
    /// The file as given.
    pub file: String,
    /// Everything found, in that file and in the files it references.
    pub findings: Vec<Finding>,
    /// Operations it describes.
    pub operations: usize,
}

impl<'a> Linter<'a> {
    /// A linter for `framework` (or none) applying `rulesets`; `options` apply without a
    /// framework.
    pub fn new(
        framework: Option<&'a Framework>,
        options: CompileOptions,
        rulesets: impl Into<std::sync::Arc<[ruleset::Ruleset]>>,
    ) -> Result<Self> {
        Ok(Linter::with_reach(framework, options, rulesets, Reach::of(framework)?))
    }

    /// A linter whose references reach only what `reach` allows: a service computes it once
    /// per framework, without a fetcher, so a description it is sent never makes it fetch.
    pub fn with_reach(
        framework: Option<&'a Framework>,
        options: CompileOptions,
        rulesets: impl Into<std::sync::Arc<[ruleset::Ruleset]>>,
        reach: Reach,
    ) -> Self {
        Linter {
            framework,
            reach,
            options,
            rulesets: rulesets.into(),
        }
    }

    /// Lints every input, in parallel.
    pub fn lint(&self, inputs: &[Input]) -> Result<Vec<Linted>> {
        inputs.par_iter().map(|input| self.lint_one(input)).collect()
    }

    fn lint_one(&self, input: &Input) -> Result<Linted> {
        let bytes = input.read_all()?;
        let absolute = input.path().and_then(|p| std::fs::canonicalize(p).ok());
        let mut linted = Linted {
            file: input.name.clone(),
            ..Linted::default()
        };
        let document = match ApiDocument::parse(&input.name, absolute, bytes) {
            Ok(document) => document,
            Err(finding) => {
                linted.findings.push(*finding);
                return Ok(linted);
            }
        };
        let ws = Workspace::load(document, &self.reach);
        for document in &ws.documents {
            linted.findings.extend(document.duplicate_keys());
        }
        let version = match rules::api::detect_version(&ws.documents[0]) {
            Ok(version) => version,
            Err(finding) => {
                let unrecognized = finding.rule == rules::UNRECOGNIZED_FORMAT.code;
                linted.findings.push(*finding);
                if unrecognized {
                    // The version is a placeholder: only rules without formats run.
                    let api = Api {
                        ws: &ws,
                        version: api::Version::V31,
                    };
                    linted.findings.extend(ruleset::run_unrecognized(&self.rulesets, &api));
                }
                return Ok(linted);
            }
        };
        let api = Api { ws: &ws, version };
        linted.operations = api.operations().len();
        let examples = examples::ExampleSchemas {
            framework: self.framework,
            options: self.options.clone(),
        };
        // Examples first, on their own: they hold a second copy of the description, which is
        // freed before the rules run. The other families are independent: side by side.
        let mut from_examples = Vec::new();
        examples.check(&api, &mut from_examples);
        let ((mut built_in, from_standards), from_rules) = rayon::join(
            || {
                rayon::join(
                    || rules::api::check(&api),
                    || {
                        self.framework
                            .map(|f| rules::standards::check(&api, f))
                            .unwrap_or_default()
                    },
                )
            },
            || ruleset::run(&self.rulesets, &api),
        );
        built_in.extend(from_examples);
        built_in.extend(from_standards);
        ruleset::adjust_builtins(&self.rulesets, &mut built_in);
        linted.findings.extend(built_in);
        linted.findings.extend(from_rules);
        // One component reached from several places is one finding.
        let mut seen = std::collections::HashSet::new();
        linted
            .findings
            .retain(|f| seen.insert((f.rule.clone(), f.file.clone(), f.pointer.clone(), f.message.clone())));
        Ok(linted)
    }
}

/// The rulesets a framework publishes, loaded.
pub fn framework_rulesets(framework: &Framework) -> Result<Vec<ruleset::Ruleset>> {
    framework
        .manifest
        .rulesets
        .iter()
        .map(|entry| framework_ruleset(framework, entry))
        .collect()
}

/// One ruleset a framework publishes, loaded.
pub fn framework_ruleset(framework: &Framework, entry: &crate::framework::RulesetEntry) -> Result<ruleset::Ruleset> {
    let bytes = framework.files.read(&entry.file)?.into_owned();
    let (base, root) = match &framework.files {
        crate::framework::FrameworkFiles::Dir(dir) => (
            dir.join(&entry.file)
                .parent()
                .map(std::path::Path::to_path_buf)
                .unwrap_or_default(),
            dir.clone(),
        ),
        crate::framework::FrameworkFiles::Embedded => (std::path::PathBuf::new(), std::path::PathBuf::new()),
    };
    ruleset::load_within(
        ruleset::Source {
            name: entry.file.clone(),
            base,
            bytes,
        },
        &root,
    )
}

/// A ruleset file named on the command line.
pub fn ruleset_file(path: &std::path::Path) -> Result<ruleset::Ruleset> {
    let bytes = crate::source::read_policy::read(path)?;
    ruleset::load(ruleset::Source {
        name: path.display().to_string(),
        base: path.parent().map(std::path::Path::to_path_buf).unwrap_or_default(),
        bytes,
    })
}
