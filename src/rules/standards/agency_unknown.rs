use crate::rules::declare_rule;

declare_rule! {
    /// The API's `x-agency-id` is not a code of the framework's agency register.
    ///
    /// ## What it checks
    /// That `info.x-agency-id`, which names the agency that provides the API, is a code of the
    /// framework's `agency` code list that is valid on the check date. A retired code names its
    /// successor; an unknown one gets the closest code as a hint.
    ///
    /// ## Why it matters
    /// The agency register is how the whole-of-government report attributes APIs, gaps and
    /// dependencies to agencies. An API with a wrong agency code belongs to nobody.
    ///
    /// ## Example
    /// ```yaml
    /// info: { title: Civil register, version: 1.0.0, x-agency-id: nat-civil-registri }
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// info: { title: Civil register, version: 1.0.0, x-agency-id: nat-civil-registry }
    /// ```
    ///
    /// ## Clause
    /// Examplia API Design Standard API-06: info.x-agency-id gives the code of the providing
    /// agency in the agency register.
    pub static AGENCY_UNKNOWN = { code: "NIF005", name: "agency-unknown", severity: Error, kind: Api };
}
