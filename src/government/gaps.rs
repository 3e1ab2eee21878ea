//! The gaps in exchanges between agencies: for every `[[consumes]]` entry, is the producer
//! there (GOV004), does it serve the version range the consumer expects (GOV002), and does
//! the consumer accept every payload the producer's 2xx response admits (GOV001, with a
//! witness)? Findings sit at the consumer's entry and name the producer in `related`; a
//! mismatch between agencies of one level is `horizontal`, across levels `vertical`.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use rayon::prelude::*;
use serde_json::Value;

use super::compat_cache::CompatCache;
use super::services::{GovernmentServices, LoadedService, SchemaAt, ServiceOperation};
use super::{Agency, Direction, Expect, Government};
use crate::compat::{Inclusion, Node, Verdict, Witness};
use crate::finding::{Finding, Kind, Related, Severity};
use crate::framework::{Framework, StandardRef};
use crate::openapi::document::ApiDocument;
use crate::openapi::workspace::references;
use crate::rules::{PROVIDER_MISSING, RESPONSE_NOT_ACCEPTED, Rule, VERSION_OUTSIDE_RANGE};
use strsim::levenshtein as edit_distance;

/// Every gap between the government's agencies: its exchanges' gaps and its silos, with the
/// services read once for both.
pub fn government_gaps(
    government: &Government,
    framework: &Framework,
    cache: &CompatCache,
) -> crate::Result<Vec<Finding>> {
    let provided = GovernmentServices::load(government, Some(framework), |_| true)?;
    government_gaps_with(government, framework, cache, &provided)
}

/// [`government_gaps`] over services already read.
pub(crate) fn government_gaps_with(
    government: &Government,
    framework: &Framework,
    cache: &CompatCache,
    provided: &GovernmentServices<'_>,
) -> crate::Result<Vec<Finding>> {
    let mut findings = exchange_gaps_with(government, framework, cache, provided, |_| true)?;
    findings.extend(super::silo::silos_with(government, framework, provided));
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(findings)
}

/// The gaps of every exchange of the government.
pub fn exchange_gaps(
    government: &Government,
    framework: &Framework,
    cache: &CompatCache,
) -> crate::Result<Vec<Finding>> {
    let provided = GovernmentServices::load(government, Some(framework), |_| true)?;
    exchange_gaps_with(government, framework, cache, &provided, |_| true)
}

/// The gaps of the exchanges one agency takes part in: what it consumes, and what its
/// consumers expect of it.
pub fn agency_exchange_gaps(
    government: &Government,
    framework: &Framework,
    cache: &CompatCache,
    agency: &str,
) -> crate::Result<Vec<Finding>> {
    let producers: HashSet<&str> = government
        .agency(agency)
        .map(|a| a.manifest.consumes.iter().map(|c| c.agency.as_str()).collect())
        .unwrap_or_default();
    let provided = GovernmentServices::load(government, Some(framework), |a| {
        a.id() == agency || producers.contains(a.id())
    })?;
    exchange_gaps_with(government, framework, cache, &provided, |(consumer, n)| {
        consumer.id() == agency || consumer.manifest.consumes[*n].agency == agency
    })
}

/// One `[[consumes]]` entry: the consumer and the entry's index.
type Exchange<'g> = (&'g Agency, usize);

pub(crate) fn exchange_gaps_with(
    government: &Government,
    framework: &Framework,
    cache: &CompatCache,
    provided: &GovernmentServices<'_>,
    wanted: impl Fn(&Exchange<'_>) -> bool,
) -> crate::Result<Vec<Finding>> {
    let exchanges: Vec<Exchange<'_>> = government
        .agencies
        .iter()
        .flat_map(|a| (0..a.manifest.consumes.len()).map(move |n| (a, n)))
        .filter(|e| wanted(e))
        .collect();
    let inclusion = Inclusion::for_framework(framework, documents(framework, provided, &exchanges))?;
    let checker = Checker {
        government,
        framework,
        provided,
        inclusion: &inclusion,
        cache,
    };
    let mut findings: Vec<Finding> = exchanges
        .par_iter()
        .flat_map_iter(|&(consumer, n)| checker.exchange(consumer, n))
        .collect();
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(findings)
}

/// Every document the exchanges compare, once each by URI: the producers' descriptions (and
/// the files they reach) and the consumers' expected schemas.
fn documents(
    framework: &Framework,
    provided: &GovernmentServices<'_>,
    exchanges: &[Exchange<'_>],
) -> Vec<(String, Value)> {
    let mut out = BTreeMap::new();
    for (_, service) in provided.iter() {
        let Some(workspace) = &service.workspace else { continue };
        for (doc, document) in workspace.documents.iter().enumerate() {
            out.entry(workspace.uri(doc)).or_insert_with(|| {
                if doc == 0 {
                    crate::compat::evolution::prepare_openapi(document.value.clone())
                } else {
                    document.value.clone()
                }
            });
        }
    }
    for &(consumer, n) in exchanges {
        let expects = &consumer.manifest.consumes[n].expects;
        if consumer.expected_standard(framework, expects).is_some() {
            continue;
        }
        if let Some((uri, document)) = expected_schema(consumer, expects) {
            out.entry(uri).or_insert(document.value);
        }
    }
    out.into_iter().collect()
}

/// A consumer's expected schema file, parsed, with the URI it is registered under.
fn expected_schema(consumer: &Agency, expects: &str) -> Option<(String, ApiDocument)> {
    let path = consumer.file(expects);
    let absolute = std::path::absolute(&path).ok()?;
    let bytes = crate::source::read_policy::read(&path).ok()?;
    let document = ApiDocument::parse(&path.display().to_string(), Some(absolute.clone()), bytes).ok()?;
    Some((format!("file://{}", absolute.display()), document))
}

/// What a consumer expects: a standard version (the one in force in its range) or a schema.
enum Expectation {
    Standard { wanted: StandardRef, index: usize },
    Schema { uri: String, file: String },
}

struct Checker<'a, 'g> {
    government: &'a Government,
    framework: &'a Framework,
    provided: &'a GovernmentServices<'g>,
    inclusion: &'a Inclusion,
    cache: &'a CompatCache,
}

impl Checker<'_, '_> {
    fn exchange(&self, consumer: &Agency, n: usize) -> Vec<Finding> {
        let entry = &consumer.manifest.consumes[n];
        let at = format!("/consumes/{n}");
        let missing = |message: String, help: Option<String>| {
            let mut f = consumer.finding(&PROVIDER_MISSING, &at, message);
            f.help = help;
            vec![f]
        };
        let Some(producer) = self.government.agency(&entry.agency) else {
            let ids = self.government.agencies.iter().map(Agency::id);
            return missing(
                format!(
                    "agency `{}` is not part of this government, so nobody provides its service `{}`",
                    entry.agency, entry.service
                ),
                closest(&entry.agency, ids),
            );
        };
        let Some((_, service)) = self.provided.service(&entry.agency, &entry.service) else {
            let ids = producer.manifest.services.iter().map(|s| s.id.as_str());
            return missing(
                format!("agency `{}` provides no service `{}`", entry.agency, entry.service),
                closest(&entry.service, ids),
            );
        };
        let Some(workspace) = &service.workspace else {
            return vec![self.undecided(
                consumer,
                producer,
                &at,
                format!(
                    "the description of `{}`'s service `{}` cannot be read, so this exchange is not checked",
                    entry.agency, entry.service
                ),
            )];
        };
        let Some(operation) = service.operation(&entry.operation) else {
            return missing(
                format!(
                    "service `{}` of `{}` has no operation `{}`",
                    entry.service, entry.agency, entry.operation
                ),
                closest(&entry.operation, service.operations.keys().map(String::as_str)),
            );
        };
        let Some(SchemaAt { doc, pointer }) = &operation.response else {
            return vec![self.undecided(
                consumer,
                producer,
                &at,
                format!(
                    "`{}` of `{}` has no 2xx JSON response schema to compare with what this agency expects",
                    entry.operation, entry.agency
                ),
            )];
        };
        let document = &workspace.documents[*doc];
        let related = Related {
            file: document.name.clone(),
            pointer: Some(pointer.clone()),
            line: document.position(pointer, false).map(|p| p.0),
            message: format!(
                "`{}` answers `{}` ({}) with this schema",
                entry.agency, entry.operation, entry.service
            ),
        };
        let producing = self
            .inclusion
            .root(&workspace.uri(*doc))
            .and_then(|root| self.inclusion.resolve(&root, &format!("#{pointer}")));
        let Some(expectation) = self.expectation(consumer, &entry.expects) else {
            return Vec::new();
        };
        let kind = if producer.level() == consumer.level() {
            Kind::Horizontal
        } else {
            Kind::Vertical
        };
        let exchange = Context {
            consumer,
            at: &at,
            kind,
            related,
        };
        let Some(producing) = producing else {
            return vec![exchange.place(self.undecided(
                consumer,
                producer,
                &at,
                format!(
                    "`{}`'s response schema for `{}` cannot be loaded",
                    entry.agency, entry.operation
                ),
            ))];
        };
        if let Expectation::Standard { wanted, .. } = &expectation
            && let Some(finding) = self.version_outside(&exchange, service, &producing, wanted)
        {
            // The versions disagree: a payload-level witness would only restate that.
            return vec![finding];
        }
        let examples = known_good_responses(producer, operation, 8);
        self.response_accepted(&exchange, &producing, &expectation, &examples)
            .into_iter()
            .collect()
    }

    fn expectation(&self, consumer: &Agency, expects: &str) -> Option<Expectation> {
        if let Some(wanted) = consumer.expected_standard(self.framework, expects) {
            let index = self.framework.resolve(&wanted).ok()?;
            return Some(Expectation::Standard { wanted, index });
        }
        let path = consumer.file(expects);
        let absolute = std::path::absolute(&path).ok()?;
        Some(Expectation::Schema {
            uri: format!("file://{}", absolute.display()),
            file: path.display().to_string(),
        })
    }

    /// GOV002: a served version of the expected standard outside the expected range.
    fn version_outside(
        &self,
        exchange: &Context<'_>,
        service: &LoadedService,
        producing: &Node,
        wanted: &StandardRef,
    ) -> Option<Finding> {
        let standards = &self.framework.standards;
        let mut served: BTreeSet<usize> = served_standards(self.inclusion, self.framework, producing)
            .into_iter()
            .filter(|&i| standards[i].entry.id == wanted.id)
            .collect();
        let mut source = "its response schema refers to";
        if served.is_empty() {
            source = "its service claims";
            served = service
                .entry
                .implements
                .iter()
                .filter_map(|claim| claim.parse::<StandardRef>().ok())
                .filter(|claim| claim.id == wanted.id)
                .filter_map(|claim| self.framework.resolve(&claim).ok())
                .collect();
        }
        let req = wanted.req.as_ref()?;
        let outside: Vec<String> = served
            .iter()
            .map(|&i| &standards[i])
            .filter(|s| !req.matches(&s.version))
            .map(crate::framework::Standard::label)
            .collect();
        if outside.is_empty() {
            return None;
        }
        let entry = &exchange.consumer.manifest.consumes[exchange.index()];
        let mut f = exchange.finding(
            &VERSION_OUTSIDE_RANGE,
            format!(
                "this agency expects `{wanted}`, but `{}`'s `{}` serves {} ({source} it)",
                entry.agency,
                entry.operation,
                outside.join(", ")
            ),
        );
        f.standard = Some(wanted.to_string());
        f.help = Some(format!(
            "agree on one version range: the producer moves to a version in `{wanted}`, or this agency widens its expectation"
        ));
        Some(f)
    }

    /// GOV001: every payload the producer may send is accepted by the expectation.
    fn response_accepted(
        &self,
        exchange: &Context<'_>,
        producing: &Node,
        expectation: &Expectation,
        examples: &[Value],
    ) -> Option<Finding> {
        let (expected, label, extra) = match expectation {
            Expectation::Standard { index, .. } => {
                let uri = self.framework.schema_uri(*index).ok()?;
                let label = self.framework.standards[*index].label();
                (self.inclusion.root(&uri), label, None)
            }
            Expectation::Schema { uri, file } => {
                let related = Related {
                    file: file.clone(),
                    pointer: Some(String::new()),
                    line: Some(1),
                    message: "the schema this agency expects".into(),
                };
                (self.inclusion.root(uri), format!("`{file}`"), Some(related))
            }
        };
        let entry = &exchange.consumer.manifest.consumes[exchange.index()];
        let Some(expected) = expected else {
            let mut f = exchange.finding(
                &RESPONSE_NOT_ACCEPTED,
                format!("the expected schema {label} cannot be loaded, so this exchange is not checked"),
            );
            f.severity = Severity::Warning;
            return Some(f);
        };
        let mut finding = match self
            .cache
            .check_with_examples(self.inclusion, producing, &expected, examples)
        {
            Verdict::Compatible => return None,
            Verdict::Incompatible(witness) if self.holds(producing, &expected, &witness) => {
                let mut f = exchange.finding(
                    &RESPONSE_NOT_ACCEPTED,
                    format!(
                        "`{}`'s `{}` may answer with a payload that {label} rejects: {}",
                        entry.agency, entry.operation, witness.message
                    ),
                );
                f.help = Some(format!(
                    "the witness is valid under the producer's response schema and invalid under {label} (keyword `{}` at `{}`); widen the expectation or agree on a narrower response",
                    witness.keyword,
                    if witness.path.is_empty() { "/" } else { &witness.path }
                ));
                f.witness = Some(witness.instance);
                f
            }
            Verdict::Incompatible(_) => {
                let mut f = exchange.finding(
                    &RESPONSE_NOT_ACCEPTED,
                    format!(
                        "whether {label} accepts everything `{}`'s `{}` may answer is not decided: the prover's witness did not hold under the validator",
                        entry.agency, entry.operation
                    ),
                );
                f.severity = Severity::Warning;
                f
            }
            Verdict::Unknown { reason, .. } => {
                let reason = reason
                    .replace("A's", "the response's")
                    .replace("B's", "the expectation's");
                let mut f = exchange.finding(
                    &RESPONSE_NOT_ACCEPTED,
                    format!(
                        "whether {label} accepts everything `{}`'s `{}` may answer is not decided: {reason}",
                        entry.agency, entry.operation
                    ),
                );
                f.severity = Severity::Warning;
                f
            }
        };
        if let Expectation::Standard { .. } = expectation {
            finding.standard = Some(label);
        }
        finding.related.extend(extra);
        Some(finding)
    }

    /// The witness, checked again with the validator of each side.
    fn holds(&self, producing: &Node, expected: &Node, witness: &Witness) -> bool {
        self.inclusion.validates(producing, &witness.instance) == Some(true)
            && self.inclusion.validates(expected, &witness.instance) == Some(false)
    }

    /// A warning under GOV001: the exchange could not be compared.
    fn undecided(&self, consumer: &Agency, producer: &Agency, at: &str, message: String) -> Finding {
        let mut f = consumer.finding(&RESPONSE_NOT_ACCEPTED, at, message);
        f.severity = Severity::Warning;
        f.kind = level_kind(consumer, producer);
        f
    }
}

fn level_kind(consumer: &Agency, producer: &Agency) -> Kind {
    if consumer.level() == producer.level() {
        Kind::Horizontal
    } else {
        Kind::Vertical
    }
}

/// One exchange being checked: where its findings sit and what they name.
struct Context<'a> {
    consumer: &'a Agency,
    at: &'a str,
    kind: Kind,
    related: Related,
}

impl Context<'_> {
    fn index(&self) -> usize {
        self.at.rsplit('/').next().and_then(|n| n.parse().ok()).unwrap_or(0)
    }

    fn finding(&self, rule: &Rule, message: String) -> Finding {
        let f = self.consumer.finding(rule, self.at, message);
        self.place(f)
    }

    fn place(&self, mut f: Finding) -> Finding {
        f.kind = self.kind;
        f.related.insert(0, self.related.clone());
        f
    }
}

/// Known-good payloads of an operation's response: the description's examples, then the
/// producer's valid samples of it (JSON files only), at most `limit`.
fn known_good_responses(producer: &Agency, operation: &ServiceOperation, limit: usize) -> Vec<Value> {
    let mut out = operation.examples.clone();
    for (n, sample) in producer.manifest.samples.iter().enumerate() {
        if out.len() >= limit {
            break;
        }
        if sample.operation.as_deref() != Some(operation.id.as_str())
            || sample.direction != Direction::Response
            || sample.expect != Expect::Valid
        {
            continue;
        }
        for file in producer.sample_files(n).unwrap_or_default() {
            if let Some(value) = crate::source::read_policy::read(&file)
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok())
            {
                out.push(value);
            }
        }
    }
    out.truncate(limit);
    out
}

/// The framework standards a schema refers to, through its own documents' references (the
/// standards' own references to each other are theirs, not the schema's).
fn served_standards(inclusion: &Inclusion, framework: &Framework, node: &Node) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    let mut seen = HashSet::new();
    let mut stack = vec![node.clone()];
    while let Some(current) = stack.pop() {
        if seen.len() > 10_000 {
            break;
        }
        let mut found = Vec::new();
        references(&current.value, &mut String::new(), &mut |_, r| {
            found.push(r.to_string())
        });
        for reference in found {
            let Some(target) = inclusion.resolve(&current, &reference) else {
                continue;
            };
            let location = target.location.clone().unwrap_or_default();
            let document = location.split('#').next().unwrap_or_default();
            if let Ok(Some(index)) = framework.standard_by_uri(document) {
                out.insert(index);
            } else if seen.insert(location) {
                stack.push(target);
            }
        }
    }
    out
}

/// A "did you mean" for a name among candidates, when one is close.
fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let limit = (name.chars().count() / 3).max(2);
    candidates
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| format!("did you mean `{c}`?"))
}

#[cfg(test)]
pub(crate) mod tests {
    use std::path::Path;

    use super::*;
    use crate::framework::{CompileOptions, FrameworkSource};

    /// A government folder of the repository with its framework, on its check date.
    pub(crate) fn load(dir: &str) -> (Government, Framework) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let government = Government::load(&dir).unwrap_or_else(|e| panic!("{e}"));
        let options = CompileOptions {
            as_of: government.as_of().unwrap_or_else(crate::date::Date::today),
            ..CompileOptions::default()
        };
        let source = FrameworkSource::parse(&government.framework_source()).unwrap_or_else(|e| panic!("{e}"));
        let framework = Framework::load(&source, options)
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no framework"));
        (government, framework)
    }

    fn summary(findings: &[Finding]) -> Vec<String> {
        findings
            .iter()
            .map(|f| {
                format!(
                    "{} {} {:?} {} {}",
                    f.rule,
                    f.severity.as_str(),
                    f.kind,
                    f.agency.as_deref().unwrap_or(""),
                    f.pointer.as_deref().unwrap_or("")
                )
            })
            .collect()
    }

    #[test]
    fn the_sample_government_has_its_deliberate_exchange_gaps() {
        let (government, framework) = load("fixtures/government");
        let cache = CompatCache::new();
        let findings = exchange_gaps(&government, &framework, &cache).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            summary(&findings),
            [
                "GOV001 error Vertical dist-redcliff-council /consumes/0",
                "GOV002 error Vertical loc-redcliff-city /consumes/0",
                "GOV004 error Horizontal loc-riverside-city /consumes/0",
                "GOV001 error Horizontal nat-social-security /consumes/0",
                "GOV004 error Horizontal nat-social-security /consumes/1",
                "GOV002 error Horizontal nat-treasury /consumes/0",
            ]
        );
        for f in findings.iter().filter(|f| f.rule == "GOV001") {
            assert!(f.witness.is_some(), "{}", f.message);
            assert!(
                f.related.iter().any(|r| r.file.ends_with("openapi.yaml")),
                "{:?}",
                f.related
            );
        }
        // Every other exchange is compatible, some through the same pair of schemas.
        assert!(cache.proved() >= 5);
        let one = agency_exchange_gaps(&government, &framework, &cache, "nat-civil-registry")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            summary(&one),
            ["GOV001 error Horizontal nat-social-security /consumes/0"]
        );
    }

    /// Every `fixtures/rules/GOV00x/` government: the rule fires on `fail_*`, not on `pass_*`.
    /// (`tests/cli/rules.rs` runs the same folders through `nifcheck report`.)
    #[test]
    fn gap_rule_fixtures_pass_and_fail() {
        for code in ["GOV001", "GOV002", "GOV003", "GOV004"] {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules").join(code);
            let mut cases: Vec<String> = std::fs::read_dir(&dir)
                .unwrap_or_else(|e| panic!("{code}: {e}"))
                .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
                .collect();
            cases.sort();
            assert!(cases.iter().any(|c| c.starts_with("pass_")) && cases.iter().any(|c| c.starts_with("fail_")));
            for case in cases {
                let (government, framework) = load(&format!("fixtures/rules/{code}/{case}"));
                let findings =
                    government_gaps(&government, &framework, &CompatCache::new()).unwrap_or_else(|e| panic!("{e}"));
                let hits: Vec<&Finding> = findings.iter().filter(|f| f.rule == code).collect();
                if case.starts_with("pass_") {
                    assert!(hits.is_empty(), "{code}/{case} should stay silent: {hits:?}");
                } else {
                    assert!(!hits.is_empty(), "{code}/{case} should produce {code}: {findings:?}");
                    assert!(
                        hits.iter()
                            .all(|f| f.agency.is_some() && !f.related.is_empty() || f.rule == "GOV004")
                    );
                }
            }
        }
    }
}
