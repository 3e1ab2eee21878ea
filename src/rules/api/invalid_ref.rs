use crate::rules::declare_rule;

declare_rule! {
    /// A `$ref` cannot be resolved.
    ///
    /// ## What it checks
    /// That every `$ref` leads somewhere: a JSON Pointer inside the same document, a relative file next to
    /// it (and a pointer inside that file), or a national standard by its `$id`, which resolves offline
    /// against the framework. A remote reference is refused unless the framework's `allowed-hosts`
    /// permits its host. The finding points at the `$ref` itself and says why it failed.
    ///
    /// ## Why it matters
    /// A broken reference makes the description incomplete: code generators fail, and every check that
    /// follows the reference sees nothing. Remote references make the meaning of a description depend on
    /// a server nobody controls.
    ///
    /// ## Example
    /// ```yaml
    /// schema:
    ///   $ref: '#/components/schemas/Persn'
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// schema:
    ///   $ref: '#/components/schemas/Person'
    /// ```
    ///
    /// ## Clause
    /// OpenAPI 3.1 section 4.8.23 (Reference Object): "$ref: REQUIRED. The reference identifier. This MUST
    /// be in the form of a URI."
    pub static INVALID_REF = { code: "OAS003", name: "invalid-ref", severity: Error, kind: Api };
}
