//! Emitted by `nifcheck validate --schema FILE` when the schema cannot be compiled: the run
//! stops (exit code 2), and the machine-readable formats carry this finding in place of the
//! payloads' findings, so a pipeline that reads only the report still sees why.

use crate::rules::declare_rule;

declare_rule! {
    /// The schema named with `--schema` does not compile, so no payload could be checked.
    ///
    /// ## What it checks
    /// Before any payload is read, the schema is compiled with every document its `$ref`s
    /// reach. A `$ref` that leads nowhere (a missing file, a JSON Pointer or anchor that the
    /// referenced document does not have) or a keyword with a value the specification does not
    /// allow stops the run. The finding names the `$ref` or keyword and its line and column in
    /// the schema file; when the reference was refused (a remote host nobody allowed), it says
    /// so and how to allow it (`--allow-host HOST`).
    ///
    /// ## Why it matters
    /// A schema that does not compile checks nothing; saying where it breaks is the difference
    /// between a one-line fix and a search through every referenced file.
    ///
    /// ## Example
    /// ```json
    /// { "properties": { "license": { "$ref": "base.json#/definitions/licence" } } }
    /// ```
    /// where `base.json` defines only `license`.
    ///
    /// ## Passes
    /// ```json
    /// { "properties": { "license": { "$ref": "base.json#/definitions/license" } } }
    /// ```
    ///
    /// ## Clause
    /// Framework policy: every schema a standard or a check uses compiles offline.
    pub static SCHEMA_DOES_NOT_COMPILE = { code: "FWK003", name: "schema-does-not-compile", severity: Error, kind: Framework };
}
