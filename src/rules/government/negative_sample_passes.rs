use crate::rules::declare_rule;

declare_rule! {
    /// A sample marked `expect = "invalid"` conforms.
    ///
    /// ## What it checks
    /// Every file of a `[[samples]]` entry with `expect = "invalid"` is validated against its
    /// target like any sample; a file that produces no error is a finding at the entry. A negative
    /// sample that fails, as it should, produces nothing.
    ///
    /// ## Why it matters
    /// Negative samples document what the agency refuses. One that passes documents a rule that
    /// does not exist: the schema is wider than its authors believe.
    ///
    /// ## Example
    /// ```toml
    /// [[samples]]
    /// files = "samples/invalid-no-house-number.json"   # houseNumber is optional
    /// standard = "address@2.0.0"
    /// expect = "invalid"
    /// ```
    ///
    /// ## Passes
    /// ```toml
    /// [[samples]]
    /// files = "samples/invalid-nin-nine-digits.json"   # the nin pattern rejects it
    /// standard = "person@1.2.0"
    /// expect = "invalid"
    /// ```
    ///
    /// ## Clause
    /// Examplia NIF section 7: an agency's test data shows both what it accepts and what it refuses.
    pub static NEGATIVE_SAMPLE_PASSES = { code: "GOV030", name: "negative-sample-passes", severity: Error, kind: Payload };
}
