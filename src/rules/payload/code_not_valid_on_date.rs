//! Emitted by the code-list keyword of the JSON Schema validator
//! (`framework/codelist_keyword.rs`) and by the XSD engine (`xml/codes.rs`).

use crate::rules::declare_rule;

declare_rule! {
    /// A code is in its code list, but not valid on the date of the check.
    ///
    /// ## What it checks
    /// Code-list entries carry validity dates: a district merged into another is retired, a new
    /// one is valid from the day it is created. The check date is today, or the date given with
    /// `--as-of`. The finding names the list, its version and the date the code stopped (or
    /// starts) being valid.
    ///
    /// ## Why it matters
    /// Retired codes keep circulating in old systems long after a reform. A message that still
    /// uses a retired district code is routed to an authority that no longer exists.
    ///
    /// ## Example
    /// ```json
    /// { "district": "EX-NO-03" }
    /// ```
    /// where `EX-NO-03` was merged into `EX-NO-02` and retired after 2023-06-30.
    ///
    /// ## Passes
    /// ```json
    /// { "district": "EX-NO-02" }
    /// ```
    ///
    /// ## Clause
    /// The framework's code lists and their `valid-from` / `valid-to` dates.
    pub static CODE_NOT_VALID_ON_DATE = { code: "PAY005", name: "code-not-valid-on-date", severity: Error, kind: Payload };
}
