//! Emitted by the JSON Schema validator: the schema retriever (`framework/retriever.rs`) puts
//! a refusing keyword where a reference left the framework's allowed hosts, and
//! `framework/codelist_keyword.rs` reports it.

use crate::rules::declare_rule;

declare_rule! {
    /// A schema refers to a document nifcheck may not fetch, so values that depend on it cannot be checked.
    ///
    /// ## What it checks
    /// Every `$ref` that leaves the framework: a remote reference is fetched only from a host the
    /// framework's `allowed-hosts` names (never from a private, loopback or link-local address
    /// the list does not name literally), and a local reference only inside the framework folder
    /// (or, for `--schema FILE`, inside that file's folder). Any other reference is refused; each
    /// value that reaches it is reported here, naming the reference, and the rest of the payload
    /// is still checked. `nifcheck framework verify` fails on such references.
    ///
    /// ## Why it matters
    /// A schema that pulls definitions from anywhere makes conformance depend on whoever serves
    /// them, and lets a crafted schema make the validator reach internal services.
    ///
    /// ## Example
    /// ```json
    /// { "properties": { "address": { "$ref": "https://unlisted.example.net/address.json" } } }
    /// ```
    /// with `allowed-hosts = []`.
    ///
    /// ## Passes
    /// ```json
    /// { "properties": { "address": { "$ref": "https://nif.gov.example/standards/address/2.0.0/address.schema.json" } } }
    /// ```
    /// where that `$id` is a standard of the framework.
    ///
    /// ## Clause
    /// Framework safety policy: references resolve inside the framework or on its allow-list.
    pub static REMOTE_REFERENCE_REFUSED = { code: "FWK001", name: "remote-reference-refused", severity: Error, kind: Framework };
}
