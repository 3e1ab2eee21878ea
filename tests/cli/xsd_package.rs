//! XML Schema packages as shipped: `validate --schema maindoc/Main.xsd` whose imports climb to
//! `../common/`, a framework standard whose XSD does the same, and every location a package may
//! not use (climbing out of it, a link leading out, an absolute path, a remote URL), refused at
//! its place in every output format.

use std::path::Path;

use nifcheck::source::PlainNumbers;
use serde_json::Value;

use super::util::{assert_matches_report_schema, nifcheck, temp_files};

const MAIN: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:c="urn:example:common"
           targetNamespace="urn:example:main" xmlns="urn:example:main" elementFormDefault="qualified">
  <xs:import namespace="urn:example:common" schemaLocation="LOCATION"/>
  <xs:element name="Order">
    <xs:complexType>
      <xs:sequence>
        <xs:element ref="c:Id"/>
        <xs:element ref="c:IssueDate"/>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
</xs:schema>
"#;

const COMMON: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:example:common"
           xmlns="urn:example:common" elementFormDefault="qualified">
  <xs:include schemaLocation="Types.xsd"/>
  <xs:element name="Id" type="IdType"/>
  <xs:element name="IssueDate" type="xs:date"/>
</xs:schema>
"#;

pub(super) const TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:example:common"
           xmlns="urn:example:common">
  <xs:simpleType name="IdType">
    <xs:restriction base="xs:string"><xs:pattern value="[A-Z]{2}-[0-9]+"/></xs:restriction>
  </xs:simpleType>
</xs:schema>
"#;

const VALID: &str = r#"<Order xmlns="urn:example:main" xmlns:c="urn:example:common">
  <c:Id>AB-12</c:Id>
  <c:IssueDate>2026-01-31</c:IssueDate>
</Order>
"#;

const INVALID: &str = r#"<Order xmlns="urn:example:main" xmlns:c="urn:example:common">
  <c:Id>ab-12</c:Id>
  <c:IssueDate>2026-02-31</c:IssueDate>
</Order>
"#;

/// `pkg/maindoc/Main.xsd` importing `location`, `pkg/common/Common.xsd` including
/// `Types.xsd`, and two payloads.
pub(super) fn package(location: &str) -> tempfile::TempDir {
    temp_files(&[
        ("pkg/maindoc/Main.xsd", MAIN.replace("LOCATION", location).as_bytes()),
        ("pkg/common/Common.xsd", COMMON.as_bytes()),
        ("pkg/common/Types.xsd", TYPES.as_bytes()),
        ("valid.xml", VALID.as_bytes()),
        ("invalid.xml", INVALID.as_bytes()),
    ])
}

/// Runs in `dir`, so the reports name the files as the command line does.
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = nifcheck(args).current_dir(dir).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn json_in(dir: &Path, args: &[&str]) -> (i32, Value, String) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run_in(dir, &all);
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}\n{stderr}"));
    assert_matches_report_schema(&report);
    (code, report, stderr)
}

/// `value` with the temporary folder written `[tmp]`, so snapshots do not depend on where the
/// test ran.
fn without_tmp(value: &Value, dir: &Path) -> Value {
    let mut text = value.to_string();
    for path in [std::fs::canonicalize(dir).unwrap(), dir.to_path_buf()] {
        text = text.replace(&path.display().to_string(), "[tmp]");
    }
    serde_json::from_str(&text).unwrap()
}

#[test]
fn a_package_importing_from_a_sibling_folder_loads_as_shipped() {
    let dir = package("../common/Common.xsd");
    let schema = "pkg/maindoc/Main.xsd";
    let (code, report, stderr) = json_in(dir.path(), &["validate", "--schema", schema, "valid.xml"]);
    assert_eq!(code, 0, "{report:#}\n{stderr}");
    let (code, report, _) = json_in(dir.path(), &["validate", "--schema", schema, "invalid.xml"]);
    assert_eq!(code, 1);
    let lines: Vec<u64> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [2, 3], "{report:#}");
    // Named from anywhere: an absolute path, and from inside the package.
    let absolute = dir.path().join(schema).display().to_string();
    let (code, _, _) = json_in(dir.path(), &["validate", "--schema", &absolute, "valid.xml"]);
    assert_eq!(code, 0);
    let (code, _, stderr) = run_in(
        &dir.path().join("pkg/maindoc"),
        &["validate", "--schema", "Main.xsd", "../../valid.xml"],
    );
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn the_library_gives_documents_relative_to_the_package_root() {
    let dir = package("../common/Common.xsd");
    let package = nifcheck::xml::package::load(&dir.path().join("pkg/maindoc/Main.xsd")).unwrap();
    let rels: Vec<&str> = package.graph.docs.iter().map(|d| d.rel.as_str()).collect();
    assert_eq!(rels, ["maindoc/Main.xsd", "common/Common.xsd", "common/Types.xsd"]);
    assert_eq!(package.root(), std::fs::canonicalize(dir.path().join("pkg")).unwrap());
    // A schema that reaches nothing outside its folder keeps its folder as the root.
    let types = nifcheck::xml::package::load(&dir.path().join("pkg/common/Common.xsd")).unwrap();
    assert_eq!(
        types.root(),
        std::fs::canonicalize(dir.path().join("pkg/common")).unwrap()
    );
}

#[test]
fn a_refused_location_is_a_finding_at_its_place_in_json_and_sarif() {
    let dir = package("../../../../../../../../../../etc/passwd");
    let args = ["validate", "--schema", "pkg/maindoc/Main.xsd", "valid.xml"];
    let (code, report, stderr) = json_in(dir.path(), &args);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("../../../../../../../../../../etc/passwd"), "{stderr}");
    assert_refused_at(&report, dir.path(), "pkg/maindoc/Main.xsd", "xsd_location_refused_json");
    let (code, sarif, _) = run_in(
        dir.path(),
        &[
            "--format",
            "sarif",
            "validate",
            "--schema",
            "pkg/maindoc/Main.xsd",
            "valid.xml",
        ],
    );
    assert_eq!(code, 2);
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    insta::assert_json_snapshot!(
        "xsd_location_refused_sarif",
        PlainNumbers(&without_tmp(&sarif["runs"][0]["results"], dir.path()))
    );
    let (code, junit, _) = run_in(
        dir.path(),
        &[
            "--format",
            "junit",
            "validate",
            "--schema",
            "pkg/maindoc/Main.xsd",
            "valid.xml",
        ],
    );
    assert_eq!(code, 2);
    assert!(junit.contains("FWK004") && junit.contains("etc/passwd"), "{junit}");
}

#[test]
fn absolute_remote_and_escaping_locations_are_refused() {
    for (location, says) in [
        ("/etc/passwd", "absolute path"),
        ("file:///etc/passwd", "remote"),
        ("http://192.0.2.1/common.xsd", "remote"),
        (
            "https://docs.oasis-open.org/ubl/os-UBL-2.4/xsd/common/Common.xsd",
            "remote",
        ),
        ("../../../../../../../../../../etc/passwd", "leaves the schema package"),
        ("../.hidden/Common.xsd", "hidden"),
    ] {
        let dir = package(location);
        std::fs::create_dir_all(dir.path().join("pkg/.hidden")).unwrap();
        std::fs::write(dir.path().join("pkg/.hidden/Common.xsd"), COMMON).unwrap();
        let (code, report, stderr) = json_in(
            dir.path(),
            &["validate", "--schema", "pkg/maindoc/Main.xsd", "valid.xml"],
        );
        assert_eq!(code, 2, "{location}: {report:#}");
        let finding = &report["findings"][0];
        assert_eq!(finding["rule"], "FWK004", "{location}: {finding:#}");
        assert_eq!(finding["line"], 4, "{location}");
        let message = finding["message"].as_str().unwrap();
        assert!(
            message.contains(location) && message.contains(says),
            "{location}: {message}"
        );
        assert!(stderr.contains(says), "{location}: {stderr}");
        assert!(
            !report.to_string().contains("root:x:0"),
            "{location} leaked /etc/passwd"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_link_leading_out_of_the_package_is_refused() {
    // Beside the package, inside the same temporary folder: above the package root.
    let dir = package("../common/Common.xsd");
    std::fs::create_dir_all(dir.path().join("elsewhere")).unwrap();
    std::fs::write(dir.path().join("elsewhere/Types.xsd"), TYPES).unwrap();
    std::fs::remove_file(dir.path().join("pkg/common/Types.xsd")).unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("elsewhere/Types.xsd"),
        dir.path().join("pkg/common/Types.xsd"),
    )
    .unwrap();
    let (code, report, _) = json_in(
        dir.path(),
        &["validate", "--schema", "pkg/maindoc/Main.xsd", "valid.xml"],
    );
    assert_eq!(code, 2, "{report:#}");
    let finding = &report["findings"][0];
    assert_eq!(finding["rule"], "FWK004", "{finding:#}");
    assert_eq!(finding["file"], "pkg/common/Common.xsd");
    assert!(
        finding["message"].as_str().unwrap().contains("elsewhere"),
        "{finding:#}"
    );
    // And a link to a system file.
    std::fs::remove_file(dir.path().join("pkg/common/Types.xsd")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("pkg/common/Types.xsd")).unwrap();
    let (code, report, _) = json_in(
        dir.path(),
        &["validate", "--schema", "pkg/maindoc/Main.xsd", "valid.xml"],
    );
    assert_eq!(code, 2);
    assert_eq!(report["findings"][0]["rule"], "FWK004");
    assert!(!report.to_string().contains("root:x:0"), "leaked /etc/passwd");
}

const FRAMEWORK: &str = "[framework]\nid = \"t\"\nversion = \"1\"\ntitle = \"t\"\npublisher = \"p\"\nlevels = [\"national\"]\n\n[[standards]]\nid = \"order\"\nversion = \"1.0.0\"\ntitle = \"Order\"\nstatus = \"mandatory\"\njson-schema = \"order.schema.json\"\nxml-schema = \"standards/order/maindoc/Main.xsd\"\nxml-root = \"Order\"\n";

pub(super) fn framework(location: &str) -> tempfile::TempDir {
    temp_files(&[
        ("fw/framework.toml", FRAMEWORK.as_bytes()),
        ("fw/order.schema.json", br#"{"type": "object"}"#),
        (
            "fw/standards/order/maindoc/Main.xsd",
            MAIN.replace("LOCATION", location).as_bytes(),
        ),
        ("fw/standards/order/common/Common.xsd", COMMON.as_bytes()),
        ("fw/standards/order/common/Types.xsd", TYPES.as_bytes()),
        ("valid.xml", VALID.as_bytes()),
        ("invalid.xml", INVALID.as_bytes()),
    ])
}

#[test]
fn a_framework_standard_imports_anywhere_inside_the_framework() {
    let dir = framework("../common/Common.xsd");
    let base = ["--framework", "fw", "validate", "--standard", "order@1.0.0"];
    let (code, report, stderr) = json_in(dir.path(), &[&base[..], &["valid.xml"]].concat());
    assert_eq!(code, 0, "{report:#}\n{stderr}");
    let (code, report, _) = json_in(dir.path(), &[&base[..], &["invalid.xml"]].concat());
    assert_eq!(code, 1, "{report:#}");
    // Chosen by the root element, too.
    let (code, _, stderr) = json_in(dir.path(), &["--framework", "fw", "validate", "invalid.xml"]);
    assert_eq!(code, 1, "{stderr}");
    // Out of the framework: refused, and said in the report.
    let dir = framework("../../../../outside.xsd");
    std::fs::write(dir.path().join("outside.xsd"), COMMON).unwrap();
    let (code, report, stderr) = json_in(dir.path(), &[&base[..], &["valid.xml"]].concat());
    assert_eq!(code, 2, "{stderr}");
    let finding = &report["findings"][0];
    assert_eq!(finding["rule"], "FWK004", "{finding:#}");
    assert!(
        finding["file"]
            .as_str()
            .unwrap()
            .ends_with("fw/standards/order/maindoc/Main.xsd")
    );
    assert_eq!(finding["line"], 4);
    assert!(
        finding["message"].as_str().unwrap().contains("leaves the framework"),
        "{finding:#}"
    );
}

const AGENCY: &str = "[agency]\nid = \"orders-office\"\nname = \"Orders Office\"\nlevel = \"national\"\n\n[[samples]]\nfiles = \"order.xml\"\nstandard = \"order@1.0.0\"\n";

#[test]
fn check_reports_a_refused_framework_xsd_in_every_format() {
    let dir = framework("../../../../outside.xsd");
    std::fs::write(dir.path().join("outside.xsd"), COMMON).unwrap();
    std::fs::create_dir_all(dir.path().join("agency")).unwrap();
    std::fs::write(dir.path().join("agency/agency.toml"), AGENCY).unwrap();
    std::fs::write(dir.path().join("agency/order.xml"), VALID).unwrap();
    let check = ["--framework", "fw", "check", "agency"];
    let (code, report, stderr) = json_in(dir.path(), &check);
    // The run stops as `validate` stops: exit code 2, the message on standard error, and the
    // report holding the refusal at its place.
    assert_eq!(code, 2, "{report:#}\n{stderr}");
    assert!(stderr.contains("leaves the framework"), "{stderr}");
    assert_refused_at(
        &report,
        dir.path(),
        "fw/standards/order/maindoc/Main.xsd",
        "check_location_refused_json",
    );
    let (code, sarif, _) = run_in(dir.path(), &[&["--format", "sarif"][..], &check[..]].concat());
    assert_eq!(code, 2);
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    insta::assert_json_snapshot!(
        "check_location_refused_sarif",
        PlainNumbers(&without_tmp(&sarif["runs"][0]["results"], dir.path()))
    );
    let (code, junit, _) = run_in(dir.path(), &[&["--format", "junit"][..], &check[..]].concat());
    assert_eq!(code, 2);
    assert!(junit.contains("FWK004") && junit.contains("outside.xsd"), "{junit}");
    // The human format says it on standard error only, as before.
    let (code, stdout, stderr) = run_in(dir.path(), &check);
    assert_eq!(code, 2);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("outside.xsd"), "{stderr}");
}

/// The report's first finding is the FWK004 refusal of the location at line 4, column 61 of
/// `file`, and the findings match the JSON snapshot `snapshot`.
fn assert_refused_at(report: &Value, dir: &std::path::Path, file: &str, snapshot: &str) {
    let finding = &report["findings"][0];
    assert_eq!(finding["rule"], "FWK004", "{finding:#}");
    assert_eq!(finding["file"], file);
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(4), Some(61))
    );
    insta::assert_json_snapshot!(snapshot, PlainNumbers(&without_tmp(&report["findings"], dir)));
}
