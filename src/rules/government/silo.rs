use crate::rules::declare_rule;

declare_rule! {
    /// Two or more agencies define the same concept separately instead of referencing the standard.
    ///
    /// ## What it checks
    /// The schemas of every agency's OpenAPI components and profiles that are the same as, or a
    /// near copy of, a national standard: their top-level properties (compared by name, with
    /// common synonyms and case styles, and by type) are almost all the standard's, and they
    /// carry the standard's required properties, yet they neither `$ref` the standard nor
    /// declare it (`x-nif-standard`, or a profile of it). When two or more agencies hold such a
    /// copy of one standard, one finding names every agency in the silo: it sits at the first
    /// agency's copy (by agency id), and `related` lists the others. A schema that is a plain
    /// `$ref` to the standard under a local name is reuse, not a copy.
    ///
    /// ## Why it matters
    /// Each copy drifts on its own: its own field names, its own rules, its own bugs. Agencies
    /// that copy a standard cannot exchange the record without a mapping, and a new version of
    /// the standard reaches none of them.
    ///
    /// ## Example
    /// ```yaml
    /// # prov-south-admin                      # loc-millbrook-village
    /// Resident:                               Inhabitant:
    ///   required: [nationalId, name, dateOfBirth]   required: [nin, name, birthDate]
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// Citizen:
    ///   $ref: 'https://nif.gov.example/standards/person/1.2.0/person.schema.json'
    /// ```
    ///
    /// ## Clause
    /// Examplia Interoperability Framework, reuse: one concept has one definition, the national standard.
    pub static SILO = { code: "GOV003", name: "silo", severity: Warning, kind: Horizontal };
}
