//! Emitted by the XML reader (`xml/scan.rs`).

use crate::rules::declare_rule;

declare_rule! {
    /// An XML payload has a DOCTYPE that declares entities; nifcheck refuses it unread.
    ///
    /// ## What it checks
    /// That no XML payload carries a document type declaration with `<!ENTITY …>` declarations.
    /// nifcheck never expands entities, never reads an external DTD and never fetches anything
    /// a payload names, so such a payload is reported here, at its DOCTYPE, and not validated
    /// further. A DOCTYPE without declarations is ignored (its DTD is never read).
    ///
    /// ## Why it matters
    /// Entity declarations are how XML external entity (XXE) attacks read files or reach hosts
    /// inside a network, and how "billion laughs" documents exhaust a receiver's memory. No
    /// exchange standard needs them: payloads are described by their XSD.
    ///
    /// ## Example
    /// ```xml
    /// <!DOCTYPE Person [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
    /// <Person><Name>&secret;</Name></Person>
    /// ```
    ///
    /// ## Passes
    /// ```xml
    /// <Person><Name>Ana</Name></Person>
    /// ```
    ///
    /// ## Clause
    /// Framework safety policy: payloads never expand or fetch entities.
    pub static DOCTYPE_REFUSED = { code: "PAY008", name: "doctype-refused", severity: Error, kind: Payload };
}
