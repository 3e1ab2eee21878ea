//! `truthy`: the value is present and not false, 0, "" or null.

use super::{Problem, RuleFunction, Target, describe, truthy_value};

#[derive(Debug)]
pub(crate) struct Truthy;

impl RuleFunction for Truthy {
    fn check(&self, target: &Target<'_>) -> Vec<Problem> {
        if truthy_value(target.value) {
            return Vec::new();
        }
        vec![Problem::here(format!("{} must be set and not empty", describe(target)))]
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    #[test]
    fn passes_and_fails() {
        let f: super::super::Function = Box::new(Truthy);
        assert!(run(&f, Some(&serde_json::json!("x")), None).is_empty());
        assert_eq!(run(&f, None, Some("contact")).len(), 1);
        assert_eq!(run(&f, Some(&serde_json::json!("")), None).len(), 1);
    }
}
