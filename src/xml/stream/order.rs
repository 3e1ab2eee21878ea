//! The root's content model, checked in the order its children go by.

use super::super::outline::RootModel;
use crate::finding::Finding;
use crate::rules;

/// The root's content model, checked as its children go by: a sequence or a choice of element
/// particles with their counts. Names the model does not know are left to the record engine,
/// which reports them as unexpected.
pub(super) struct RootOrder {
    model: RootModel,
    root: String,
    /// Current particle and how many times it matched.
    at: usize,
    count: u64,
    pub(super) last_name: String,
    findings: Vec<Finding>,
}

impl RootOrder {
    pub(super) fn new(model: &RootModel, root: &str) -> Self {
        RootOrder {
            model: model.clone(),
            root: root.to_string(),
            at: 0,
            count: 0,
            last_name: String::new(),
            findings: Vec::new(),
        }
    }

    fn finding(&self, file: &str, message: String, help: String, pointer: String, at: (usize, usize)) -> Finding {
        let rule = &rules::SCHEMA_VIOLATION;
        let mut finding = Finding::new(rule.code, rule.severity, rule.kind, file, message);
        finding.pointer = Some(pointer);
        finding.line = Some(at.0 + 1);
        finding.column = Some(at.1);
        finding.help = Some(help);
        finding
    }

    fn expected(&self) -> String {
        let names: Vec<&str> = self.model.particles.iter().map(|p| p.name.as_str()).collect();
        let joiner = if self.model.choice { " or " } else { ", " };
        format!("<{}> holds {}", self.root, names.join(joiner))
    }

    /// One child of the root; a finding when it breaks the order or a count.
    pub(super) fn next(&mut self, name: &str, ordinal: usize, at: (usize, usize), file: &str) -> Option<Finding> {
        self.last_name = name.to_string();
        let local = name.rsplit(':').next().unwrap_or(name);
        let pointer = format!("/{}/{name}[{ordinal}]", self.root);
        let position = self.model.particles.iter().position(|p| p.name == local)?;
        if self.model.choice && self.count > 0 && position != self.at {
            let message = format!("Unexpected element '{local}' after choice");
            return Some(self.finding(file, message, self.expected(), pointer, at));
        }
        if position < self.at {
            let message = format!("Unexpected element '{local}' in sequence (out of order)");
            return Some(self.finding(file, message, self.expected(), pointer, at));
        }
        let mut missing = None;
        while self.at < position {
            let particle = &self.model.particles[self.at];
            if self.count < particle.min && missing.is_none() && !self.model.choice {
                missing = Some(particle.name.clone());
            }
            self.at += 1;
            self.count = 0;
        }
        self.count += 1;
        if let Some(missing) = missing {
            let message = format!("Expected at least 1 occurrence(s) of element '{missing}' before '{local}'");
            return Some(self.finding(file, message, format!("add <{missing}> here"), pointer, at));
        }
        let max = self.model.particles[self.at].max;
        if max.is_some_and(|m| self.count > m) {
            let message = format!("element '{local}' occurs more than {} time(s)", max.unwrap_or(0));
            return Some(self.finding(file, message, self.expected(), pointer, at));
        }
        None
    }

    /// Counts still missing at the end of the root.
    pub(super) fn finish(mut self, file: &str, root_at: (usize, usize)) -> Vec<Finding> {
        let pointer = format!("/{}", self.root);
        let start = if self.count == 0 { self.at } else { self.at + 1 };
        let mut findings = std::mem::take(&mut self.findings);
        let first = self.model.particles.get(self.at);
        let short = first.is_some_and(|p| self.count > 0 && self.count < p.min);
        let missing: Vec<String> = if self.model.choice {
            (self.count == 0 && self.model.particles.iter().all(|p| p.min > 0))
                .then(|| self.model.particles.first().map(|p| p.name.clone()))
                .flatten()
                .into_iter()
                .collect()
        } else {
            self.model
                .particles
                .iter()
                .skip(start)
                .filter(|p| p.min > 0)
                .map(|p| p.name.clone())
                .collect()
        };
        if short && let Some(p) = first {
            let message = format!(
                "Expected at least {} occurrence(s) of element '{}', found {}",
                p.min, p.name, self.count
            );
            findings.push(self.finding(file, message, format!("add <{}>", p.name), pointer.clone(), root_at));
        }
        for name in missing {
            let message = format!("Expected at least 1 occurrence(s) of element '{name}', found 0");
            findings.push(self.finding(file, message, format!("add <{name}>"), pointer.clone(), root_at));
        }
        findings
    }
}
