//! Emitted by `nifcheck validate` and `nifcheck check` when an XML Schema names a location
//! nifcheck will not read (`src/xml/schema.rs` and `src/xml/package.rs` refuse it): the run
//! stops (exit code 2), and the machine-readable formats carry this finding
//! (`src/cli/schema_error.rs`), so a pipeline that reads only the report
//! still sees why nothing was checked.

use crate::rules::declare_rule;

declare_rule! {
    /// An XML Schema imports, includes or redefines a document from outside its package, so no payload could be checked.
    ///
    /// ## What it checks
    /// Every `schemaLocation` of an `xs:import`, `xs:include` or `xs:redefine` is read from
    /// inside the schema's package, never from the network:
    /// - for a framework standard, the package is the framework folder (or the reference
    ///   framework in the binary);
    /// - for `validate --schema FILE.xsd`, it is the schema's folder, widened to the nearest
    ///   ancestor that holds every file the imports reach (`maindoc/Main.xsd` importing
    ///   `../common/Common.xsd` makes the package the folder above `maindoc/`). The package root
    ///   is never more than 6 folders above the schema's folder, never the file system's root
    ///   or a folder directly below it, and never widened from a schema under `/proc`, `/sys`,
    ///   `/dev` or `/etc`. Hidden files and folders outside the schema's own folder are not
    ///   part of a package.
    ///
    /// A remote location (`http://…`), an absolute path, a location that climbs out of the
    /// package and a symbolic link that leads out of it are refused. The finding names the
    /// schema document, the line and column of the location, and the location as written.
    /// The usual remote location of the XML namespace's schema is the one exception: that
    /// namespace is built in, so the location is never needed. A payload's
    /// `xsi:schemaLocation` is never read.
    ///
    /// ## Why it matters
    /// A schema that pulls documents from anywhere makes conformance depend on whoever serves
    /// them, and a crafted schema could otherwise read files of the machine into a report.
    ///
    /// ## Example
    /// ```xml
    /// <xs:import namespace="urn:example:common" schemaLocation="../../../../etc/passwd"/>
    /// ```
    ///
    /// ## Passes
    /// ```xml
    /// <xs:import namespace="urn:example:common" schemaLocation="../common/Common.xsd"/>
    /// ```
    /// where `common/` sits beside the schema's folder.
    ///
    /// ## Clause
    /// Framework safety policy: schemas load offline, from inside their package.
    pub static SCHEMA_LOCATION_REFUSED = { code: "FWK004", name: "schema-location-refused", severity: Error, kind: Framework };
}
