//! `falsy`: the value is absent, false, 0, "" or null.

use super::{Problem, RuleFunction, Target, describe, truthy_value};

#[derive(Debug)]
pub(crate) struct Falsy;

impl RuleFunction for Falsy {
    fn check(&self, target: &Target<'_>) -> Vec<Problem> {
        if !truthy_value(target.value) {
            return Vec::new();
        }
        vec![Problem::here(format!("{} must not be set", describe(target)))]
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    #[test]
    fn passes_and_fails() {
        let f: super::super::Function = Box::new(Falsy);
        assert!(run(&f, None, None).is_empty());
        assert!(run(&f, Some(&serde_json::json!(false)), None).is_empty());
        assert_eq!(run(&f, Some(&serde_json::json!({})), Some("x")).len(), 1);
    }
}
