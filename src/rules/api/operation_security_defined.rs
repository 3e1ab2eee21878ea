use crate::rules::declare_rule;

declare_rule! {
    /// A security requirement names a scheme that is not defined.
    ///
    /// ## What it checks
    /// That every name in a Security Requirement Object, at the top level and in each operation, is a key
    /// of `components.securitySchemes`.
    ///
    /// ## Why it matters
    /// An undefined scheme leaves the operation's protection unknown: gateways cannot enforce it and
    /// clients cannot authenticate.
    ///
    /// ## Example
    /// ```yaml
    /// security: [{ oauth: [] }]
    /// components: { securitySchemes: { oidc: { type: openIdConnect, openIdConnectUrl: https://id.example.gov } } }
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// security: [{ oidc: [] }]
    /// components: { securitySchemes: { oidc: { type: openIdConnect, openIdConnectUrl: https://id.example.gov } } }
    /// ```
    ///
    /// ## Clause
    /// OpenAPI 3.1 section 4.8.30 (Security Requirement Object): "Each name MUST correspond to a security
    /// scheme which is declared in the Security Schemes under the Components Object."
    pub static OPERATION_SECURITY_DEFINED = { code: "OAS006", name: "oas3-operation-security-defined", severity: Error, kind: Api };
}
