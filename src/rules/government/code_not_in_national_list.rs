use crate::rules::declare_rule;

declare_rule! {
    /// An agency uses a code that the framework's code list does not hold, or not on that date.
    ///
    /// ## What it checks
    /// Codes in three places: the agency's samples (every value a standard or schema binds to a
    /// code list with `x-codelist`), enumerations in its API descriptions and profiles (an `enum`
    /// or `const` beside an `x-codelist`, or on a profile property the standard binds to a code
    /// list). A code must be in the list and valid on the check date; a sample that carries its own
    /// date (a top-level member ending in `At`, `Date` or `On`, such as `registeredAt` or
    /// `issueDate`) is judged on that date instead, both ways: a code retired since that date is
    /// fine, and a code valid today but retired before that date, or introduced after it, is a
    /// finding at the sample's value naming the date.
    ///
    /// ## Why it matters
    /// Local codes that do not map to the national list break statistics and every exchange that
    /// crosses a level: a district that merged into another still appears in a council's forms.
    ///
    /// ## Example
    /// ```yaml
    /// filingDistrict:
    ///   type: string
    ///   x-codelist: district
    ///   enum: [EX-NO-03, EX-NO-05]   # EX-NO-03 was retired in 2023
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    ///   enum: [EX-NO-01, EX-NO-05]
    /// ```
    ///
    /// ## Clause
    /// Examplia NIF section 5: agencies use the national code lists, with the codes valid at the
    /// time of the data.
    pub static CODE_NOT_IN_NATIONAL_LIST = { code: "GOV013", name: "code-not-in-national-list", severity: Error, kind: Vertical };
}
