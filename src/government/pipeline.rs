//! A whole government checked: every agency on its own (as `check` does), then the gaps
//! between them (exchanges and silos), with what the report's aggregates need.

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::check::{CheckOptions, check_agency};
use super::gaps::government_gaps_with;
use super::services::GovernmentServices;
use super::summary::{AgencyInfo, ExchangeInfo};
use super::{CompatCache, Government};
use crate::error::Result;
use crate::finding::{Finding, Subject};
use crate::framework::{CompileOptions, Framework};

/// What checking a government found.
pub struct GovernmentChecked {
    /// Every finding, unsorted; each names its agency.
    pub findings: Vec<Finding>,
    /// Every file checked.
    pub subjects: Vec<Subject>,
    /// Documents read.
    pub documents: usize,
    /// Each agency with the standards it adopts (claims, profiles and references).
    pub agencies: Vec<AgencyInfo>,
    /// Each `[[consumes]]` entry as an exchange between two agencies.
    pub exchanges: Vec<ExchangeInfo>,
}

/// Checks every agency (in parallel), then the gaps between them over the services the
/// agencies' checks read (each description is parsed once). `progress` is told each agency's
/// id as it is done.
pub fn check_government(
    government: &Government,
    framework: &Framework,
    compile: &CompileOptions,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<GovernmentChecked> {
    let per_agency: Vec<_> = government
        .agencies
        .par_iter()
        .map(|agency| {
            let options = CheckOptions {
                compile: compile.clone(),
                rulesets: crate::openapi::framework_rulesets(framework)?,
            };
            let checked = check_agency(agency, None, Some(framework), options)?;
            let claimed = agency
                .manifest
                .services
                .iter()
                .flat_map(|s| s.implements.iter().cloned());
            let profiled = agency.manifest.profiles.iter().map(|p| p.profile_of.clone());
            let referenced = checked
                .services
                .list
                .iter()
                .flat_map(|s| s.standards.iter())
                .filter_map(|&i| framework.standards.get(i).map(crate::framework::Standard::label));
            let info = AgencyInfo {
                id: agency.id().to_string(),
                name: agency.manifest.agency.name.clone(),
                level: agency.level().to_string(),
                parent: agency.manifest.agency.parent.clone(),
                services: agency.manifest.services.len(),
                standards: claimed.chain(profiled).chain(referenced).collect::<BTreeSet<_>>(),
            };
            progress(agency.id());
            Ok((checked, info))
        })
        .collect::<Result<_>>()?;
    let mut out = GovernmentChecked {
        findings: Vec::new(),
        subjects: Vec::new(),
        documents: 0,
        agencies: Vec::with_capacity(per_agency.len()),
        exchanges: exchanges(government),
    };
    let mut services = Vec::with_capacity(per_agency.len());
    for (agency, (checked, info)) in government.agencies.iter().zip(per_agency) {
        out.findings.extend(checked.findings);
        out.subjects.extend(checked.subjects);
        out.documents += checked.documents;
        out.agencies.push(info);
        services.push((agency, checked.services));
    }
    let provided = GovernmentServices::from_loaded(services);
    out.findings.extend(government_gaps_with(
        government,
        framework,
        &CompatCache::new(),
        &provided,
    )?);
    Ok(out)
}

/// Every `[[consumes]]` entry as an exchange.
fn exchanges(government: &Government) -> Vec<ExchangeInfo> {
    government
        .agencies
        .iter()
        .flat_map(|agency| {
            agency.manifest.consumes.iter().map(|consumed| ExchangeInfo {
                consumer: agency.id().to_string(),
                producer: consumed.agency.clone(),
                service: consumed.service.clone(),
                operation: consumed.operation.clone(),
                consumer_level: agency.level().to_string(),
                producer_level: government
                    .agency(&consumed.agency)
                    .map(|a| a.level().to_string())
                    .unwrap_or_default(),
            })
        })
        .collect()
}
