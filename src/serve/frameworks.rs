//! The framework a service checks against: loaded and compiled once, swapped whole on reload.
//! A request takes the framework current when it starts and keeps it to its end, so a reload
//! never changes the rules under a check that is running; a reload that fails changes nothing.

use std::sync::{Arc, Mutex, PoisonError, RwLock};

use crate::date::Timestamp;
use crate::error::Result;
use crate::framework::Framework;
use crate::openapi::ruleset::Ruleset;
use crate::openapi::workspace::Reach;
use crate::payload::XmlSchemas;

/// Loads the framework the service is configured with (`--framework`, the project's, the
/// lock's or the embedded one): the command line knows how, the service calls it at start and
/// on every reload. `None` is `--framework none`.
pub type Loader = Box<dyn Fn() -> Result<Option<Framework>> + Send + Sync>;

/// A framework with everything the checks need built: every standard's validator, the
/// rulesets, what a description's references may reach.
pub struct Loaded {
    pub(super) framework: Option<Framework>,
    /// Every ruleset the framework publishes, for a lint without `?ruleset=`.
    pub(super) all_rulesets: Arc<[Ruleset]>,
    /// Each ruleset on its own, by its id in the manifest.
    pub(super) rulesets: Vec<(String, Arc<[Ruleset]>)>,
    /// The framework's schemas by URI, and no fetcher: nothing a request sends is fetched.
    pub(super) reach: Reach,
    pub(super) xml_schemas: XmlSchemas,
    /// When it was loaded.
    pub(super) loaded_at: Timestamp,
}

impl Loaded {
    /// Compiles everything `framework` holds, so the first request waits for nothing and a
    /// broken standard stops the start (or the reload) instead of failing requests.
    pub fn compile(framework: Option<Framework>, loaded_at: Timestamp) -> Result<Loaded> {
        let Some(framework) = framework else {
            return Ok(Loaded {
                framework: None,
                all_rulesets: Arc::from(Vec::new()),
                rulesets: Vec::new(),
                reach: Reach::default(),
                xml_schemas: XmlSchemas::new(None),
                loaded_at,
            });
        };
        for index in 0..framework.standards.len() {
            framework.validator(index)?;
        }
        let all_rulesets: Arc<[Ruleset]> = crate::openapi::framework_rulesets(&framework)?.into();
        // Loaded a second time one by one (a ruleset is not cloned): a lint with `?ruleset=ID`
        // applies that ruleset alone.
        let rulesets = framework
            .manifest
            .rulesets
            .iter()
            .map(|entry| {
                let alone = crate::openapi::framework_ruleset(&framework, entry)?;
                Ok((entry.id.clone(), Arc::from(vec![alone])))
            })
            .collect::<Result<Vec<_>>>()?;
        let mut reach = Reach::of(Some(&framework))?;
        reach.fetcher = None;
        let xml_schemas = XmlSchemas::new(Some(&framework));
        Ok(Loaded {
            framework: Some(framework),
            all_rulesets,
            rulesets,
            reach,
            xml_schemas,
            loaded_at,
        })
    }

    /// The framework, `None` for `--framework none`.
    pub fn framework(&self) -> Option<&Framework> {
        self.framework.as_ref()
    }

    /// When it was loaded.
    pub fn loaded_at(&self) -> Timestamp {
        self.loaded_at
    }
}

/// The framework in use, and how to load it again.
pub struct Frameworks {
    current: RwLock<Arc<Loaded>>,
    loader: Loader,
    clock: fn() -> Timestamp,
    /// One reload at a time: two at once would compile twice and race to be the last.
    reloading: Mutex<()>,
}

impl Frameworks {
    /// Loads and compiles the framework for the first time.
    pub fn load(loader: Loader, clock: fn() -> Timestamp) -> Result<Frameworks> {
        let loaded = Loaded::compile(loader()?, clock())?;
        Ok(Frameworks {
            current: RwLock::new(Arc::new(loaded)),
            loader,
            clock,
            reloading: Mutex::new(()),
        })
    }

    /// The framework in use now; it stays alive as long as the caller holds it.
    pub fn current(&self) -> Arc<Loaded> {
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Loads and compiles the framework again and swaps it in. On failure the framework in
    /// use stays, and the error says why. Blocking: it reads files and compiles schemas.
    pub fn reload(&self) -> Result<Arc<Loaded>> {
        let _one_at_a_time = self.reloading.lock().unwrap_or_else(PoisonError::into_inner);
        let loaded = Arc::new(Loaded::compile((self.loader)()?, (self.clock)())?);
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::clone(&loaded);
        Ok(loaded)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// A loader whose every other call fails: `--framework none` when it works.
    fn flaky() -> Loader {
        let calls = AtomicUsize::new(0);
        Box::new(move || match calls.fetch_add(1, Ordering::Relaxed) % 2 {
            0 => Ok(None),
            _ => Err(crate::Error::framework("framework.toml: expected `]`", None)),
        })
    }

    #[test]
    fn a_reload_swaps_the_framework_whole_and_a_failed_one_keeps_it() {
        let frameworks = Frameworks::load(flaky(), || Timestamp(1)).unwrap();
        let first = frameworks.current();
        let refused = frameworks.reload().err().unwrap();
        assert!(refused.to_string().contains("expected"), "{refused}");
        assert!(Arc::ptr_eq(&first, &frameworks.current()));
        let second = frameworks.reload().unwrap();
        assert!(Arc::ptr_eq(&second, &frameworks.current()));
        assert!(!Arc::ptr_eq(&first, &second));
        // A request that took the old framework still has it.
        assert_eq!(first.loaded_at(), Timestamp(1));
        assert!(first.framework().is_none());
    }

    #[test]
    fn without_a_framework_a_standard_cannot_be_named() {
        let loaded = Loaded::compile(None, Timestamp(0)).unwrap();
        let body: Arc<[u8]> = Arc::from(&b"{}"[..]);
        let named = super::super::SchemaChoice::Standard("person".into());
        let refused = loaded
            .validate("p.json", body, super::super::PayloadType::Json, &named, Timestamp(0))
            .err()
            .unwrap();
        assert!(matches!(refused, crate::Error::Usage { .. }), "{refused}");
        assert!(loaded.standards().is_empty());
    }
}
