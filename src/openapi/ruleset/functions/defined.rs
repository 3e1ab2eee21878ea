//! `defined`: the value is present (it may be null or empty).

use super::{Problem, RuleFunction, Target, describe};

#[derive(Debug)]
pub(crate) struct Defined;

impl RuleFunction for Defined {
    fn check(&self, target: &Target<'_>) -> Vec<Problem> {
        if target.value.is_some() {
            return Vec::new();
        }
        vec![Problem::here(format!("{} must be defined", describe(target)))]
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    #[test]
    fn passes_and_fails() {
        let f: super::super::Function = Box::new(Defined);
        assert!(run(&f, Some(&serde_json::Value::Null), None).is_empty());
        assert_eq!(run(&f, None, Some("x")).len(), 1);
    }
}
