//! The XML side of the checker: which XML Schema a payload follows (`--schema FILE.xsd`,
//! `--standard`, the project's mapping, or the standard whose `xml-root` is the payload's root
//! element), built once per standard. The checking itself lives in [`crate::xml`].

use std::path::Path;
use std::sync::Arc;

use super::{Checker, Choice, FileOutcome, Input, Origin};
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::framework::StandardRef;
use crate::xml::XmlSchema;

/// Whether a file is XML by its name alone (big files are streamed, so not read first).
pub(super) fn by_extension(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xml"))
}

impl Checker<'_> {
    /// Checks one XML payload with `run`, once its schema is known.
    pub(super) fn check_xml(
        &self,
        input: &Input,
        run: impl FnOnce(&XmlSchema) -> Result<Vec<Finding>>,
    ) -> Result<FileOutcome> {
        let Some(schema) = self.xml_schema(input)? else {
            // No root element to pick a schema by: the payload itself is refused.
            let bytes = match &input.origin {
                Origin::File(path) => crate::source::read_policy::read(path)?,
                Origin::Memory(bytes) => bytes.to_vec(),
                Origin::Stdin => Vec::new(),
            };
            let refusal = crate::xml::refusal(&bytes, &input.name);
            return Ok(FileOutcome {
                findings: refusal.into_iter().collect(),
                documents: 1,
                ..FileOutcome::default()
            });
        };
        let findings = run(&schema)?;
        let mut out = FileOutcome {
            findings,
            documents: 1,
            ..FileOutcome::default()
        };
        if let Some(standard) = schema.standard {
            out.standards.insert(standard, (0, Vec::new()));
        }
        Ok(out)
    }

    /// `None` when the payload has no root element to choose by.
    fn xml_schema(&self, input: &Input) -> Result<Option<Arc<XmlSchema>>> {
        match &self.choice {
            Choice::Xml(schema) => Ok(Some(Arc::clone(schema))),
            Choice::Standard(index) => self.standard_xml(*index).map(Some),
            Choice::Schema(_) => Err(Error::usage(
                format!("{}: is XML, but the schema given is a JSON Schema", input.name),
                Some("pass an XML Schema (.xsd) with --schema, or a standard that has one with --standard".into()),
            )),
            Choice::Auto => {
                let framework = self.framework;
                if let (Some(mapping), Some(framework)) =
                    (self.project.and_then(|p| p.mapping_for(&input.name)), framework)
                    && let Some(reference) = &mapping.standard
                {
                    let reference: StandardRef = reference.parse().map_err(|e: String| Error::usage(e, None))?;
                    return self.standard_xml(framework.resolve(&reference)?).map(Some);
                }
                let Some(root) = root_of(input)? else {
                    return Ok(None);
                };
                let local = root.rsplit(':').next().unwrap_or(&root);
                let standards = framework.map_or(&[][..], |f| f.standards.as_slice());
                let candidates: Vec<_> = standards
                    .iter()
                    .filter(|s| s.entry.xml_schema.is_some() && s.entry.xml_root.as_deref() == Some(local))
                    .cloned()
                    .collect();
                let chosen = candidates.first().and_then(|s| {
                    StandardRef {
                        id: s.entry.id.clone(),
                        req: None,
                        text: s.entry.id.clone(),
                    }
                    .select(&candidates)
                });
                let index = chosen.and_then(|c| standards.iter().position(|s| s.label() == c.label()));
                match index {
                    Some(index) => self.standard_xml(index).map(Some),
                    None => Err(Error::usage(
                        format!("{}: no standard has the XML root element <{local}>", input.name),
                        Some(
                            "pass --standard ID[@VERSION] or --schema FILE.xsd, or map the file in nifcheck.toml"
                                .into(),
                        ),
                    )),
                }
            }
        }
    }

    /// The XML Schema of a framework standard, built once.
    fn standard_xml(&self, index: usize) -> Result<Arc<XmlSchema>> {
        let framework = self
            .framework
            .ok_or_else(|| Error::usage("--standard needs a framework", None))?;
        let cell = self
            .xml_targets
            .0
            .get(index)
            .ok_or_else(|| Error::framework(format!("no standard number {index}"), None))?;
        cell.get_or_init(|| {
            let standard = &framework.standards[index];
            let rel = standard.entry.xml_schema.as_deref().ok_or_else(|| {
                Error::usage(
                    format!("{} has no XML Schema: it cannot check XML payloads", standard.label()),
                    Some("`nifcheck framework show` lists the standards with an xml-schema".to_string()),
                )
            })?;
            let mut schema = XmlSchema::load_cached(&framework.files, rel, self.xsd_cache.as_ref())?;
            schema.label = Some(Arc::from(standard.label()));
            schema.standard = Some(index);
            schema.code_lists = Some((Arc::clone(framework.code_lists()), framework.options().as_of));
            Ok(Arc::new(schema))
        })
        .clone()
    }
}

/// The root element's name, read from the start of the payload.
fn root_of(input: &Input) -> Result<Option<String>> {
    match &input.origin {
        Origin::File(path) => {
            let file = crate::source::read_policy::open(path, None).map_err(crate::Error::from)?;
            Ok(root_element(std::io::BufReader::new(file)))
        }
        Origin::Memory(bytes) => Ok(root_element(&bytes[..])),
        Origin::Stdin => Err(Error::usage(
            "an XML payload on standard input needs --standard or --schema",
            None,
        )),
    }
}

/// The name of the first element `source` holds; the scan stops there.
fn root_element<R: std::io::BufRead>(source: R) -> Option<String> {
    let mut root = None;
    let mut visit = |visit: crate::xml::scan::Visit<'_>, _: &mut R| {
        if let crate::xml::scan::Visit::Start { name, .. } = visit {
            root = Some(name.to_string());
        }
        false
    };
    let mut reader = quick_xml::reader::NsReader::from_reader(source);
    let _ = crate::xml::scan::walk(&mut reader, &mut visit);
    root
}
