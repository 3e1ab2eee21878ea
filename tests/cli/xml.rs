//! `nifcheck validate` on XML payloads: XSD validation with paths and positions, sniffing,
//! the reference framework's XML encodings, hostile inputs, big files, and the TAR report
//! checked against the EU Interoperability Test Bed schema.

use nifcheck::source::PlainNumbers;
use std::io::Write as _;

use super::util::{corpus, nifcheck, report, root, run};

const REGISTER_XSD: &str = "fixtures/rules/PAY002/schema.xsd";

#[test]
fn every_error_has_its_path_line_and_help() {
    let (code, report) = report(&[
        "validate",
        "--schema",
        REGISTER_XSD,
        "fixtures/rules/PAY002/fail_impossible_date.xml",
    ]);
    assert_eq!(code, 1);
    insta::assert_json_snapshot!("xml_findings", PlainNumbers(&report["findings"]));
}

#[test]
fn human_output_shows_xml_findings_like_json_ones() {
    let (code, stdout, _) = run(&[
        "validate",
        "--schema",
        REGISTER_XSD,
        "fixtures/rules/PAY002/fail_impossible_date.xml",
    ]);
    assert_eq!(code, 1);
    insta::with_settings!({ filters => vec![(r"sha256:[0-9a-f]{64}", "sha256:[digest]")] }, {
        insta::assert_snapshot!("xml_human", stdout);
    });
}

#[test]
fn xml_is_recognised_by_its_content_and_read_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let payload = dir.path().join("export.dat");
    std::fs::copy(root().join("fixtures/rules/PAY002/fail_impossible_date.xml"), &payload).unwrap();
    let xsd = root().join(REGISTER_XSD);
    let (code, found) = report(&[
        "validate",
        "--schema",
        &xsd.display().to_string(),
        &payload.display().to_string(),
    ]);
    assert_eq!(code, 1);
    assert_eq!(found["summary"]["errors"], 3);
    let bytes =
        std::fs::read(root().join("schemas/reference/standards/address/2.0.0/examples/valid/riverside.xml")).unwrap();
    let out = nifcheck(&["validate", "--standard", "address@2.0", "-"])
        .write_stdin(bytes)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_standard_is_chosen_by_the_root_element() {
    let (code, found) = report(&[
        "validate",
        "schemas/reference/standards/person/1.2.0/examples/invalid/sex-as-word-xml.xml",
    ]);
    assert_eq!(code, 1);
    assert_eq!(found["findings"][0]["standard"], "person@1.2.0");
    assert_eq!(found["findings"][0]["pointer"], "/Person/Sex");
}

/// One standard, two encodings: every XML example has a JSON twin and both conform.
#[test]
fn xml_and_json_examples_of_one_record_both_conform() {
    let mut checked = 0;
    for (standard, folder) in [
        ("address@2.0.0", "address/2.0.0"),
        ("person@1.2.0", "person/1.2.0"),
        ("birth-registration@1.0.0", "birth-registration/1.0.0"),
        ("death-registration@1.0.0", "death-registration/1.0.0"),
        ("marriage-registration@1.0.0", "marriage-registration/1.0.0"),
    ] {
        let valid = root()
            .join("schemas/reference/standards")
            .join(folder)
            .join("examples/valid");
        for entry in std::fs::read_dir(&valid).unwrap() {
            let xml = entry.unwrap().path();
            if xml.extension().is_none_or(|e| e != "xml") {
                continue;
            }
            let json = xml.with_extension("json");
            assert!(json.is_file(), "{} has no JSON twin", xml.display());
            for file in [&xml, &json] {
                let (code, found) = report(&["validate", "--standard", standard, &file.display().to_string()]);
                assert_eq!(code, 0, "{}: {:#}", file.display(), found["findings"]);
            }
            checked += 1;
        }
    }
    assert!(checked >= 5, "only {checked} XML examples");
}

#[test]
fn a_broken_or_incomplete_xsd_is_a_tool_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.xsd");
    std::fs::write(
        &broken,
        "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:element",
    )
    .unwrap();
    let payload = root()
        .join("fixtures/rules/PAY002/pass_conforming.xml")
        .display()
        .to_string();
    let (code, _, stderr) = run(&["validate", "--schema", &broken.display().to_string(), &payload]);
    assert_eq!(code, 2);
    assert!(stderr.contains("broken.xsd"), "{stderr}");
    let missing = dir.path().join("main.xsd");
    std::fs::write(
        &missing,
        "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:include schemaLocation='types.xsd'/></xs:schema>",
    )
    .unwrap();
    let (code, _, stderr) = run(&["validate", "--schema", &missing.display().to_string(), &payload]);
    assert_eq!(code, 2);
    assert!(stderr.contains("types.xsd"), "{stderr}");
    let escaping = dir.path().join("escaping.xsd");
    std::fs::write(
        &escaping,
        "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:include schemaLocation='../../etc/x.xsd'/></xs:schema>",
    )
    .unwrap();
    let (code, _, stderr) = run(&["validate", "--schema", &escaping.display().to_string(), &payload]);
    assert_eq!(code, 2);
    assert!(stderr.contains("leaves"), "{stderr}");
}

#[test]
fn hostile_documents_are_refused_without_expanding_or_fetching() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET").unwrap();
    let laughs: String = (1..10)
        .map(|i| format!("<!ENTITY l{i} \"{}\">", format!("&l{};", i - 1).repeat(10)))
        .collect();
    let cases = [
        (
            "xxe.xml",
            format!(
                "<!DOCTYPE Register [<!ENTITY s SYSTEM \"file://{}\">]><Register><Birth id='a'><Child>&s;</Child><Date>2024-01-01</Date></Birth></Register>",
                secret.display()
            ),
            "PAY008",
        ),
        (
            "laughs.xml",
            format!("<!DOCTYPE Register [<!ENTITY l0 \"ha\">{laughs}]><Register>&l9;</Register>"),
            "PAY008",
        ),
        (
            "remote-dtd.xml",
            "<!DOCTYPE Register SYSTEM \"http://192.0.2.1/r.dtd\"><Register>&x;</Register>".into(),
            "PAY001",
        ),
        ("deep.xml", format!("<Register>{}", "<Birth>".repeat(10_000)), "PAY006"),
    ];
    for (name, text, rule) in cases {
        let path = dir.path().join(name);
        std::fs::File::create(&path)
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let (code, found) = report(&["validate", "--schema", REGISTER_XSD, &path.display().to_string()]);
        assert_eq!(code, 1, "{name}");
        assert_eq!(found["findings"][0]["rule"], rule, "{name}: {:#}", found["findings"]);
        assert!(!found.to_string().contains("TOP-SECRET"), "{name} leaked a file");
    }
}

/// A big file is validated record by record; its findings are those of the whole document.
#[test]
fn streamed_records_find_what_whole_validation_finds() {
    let mut text = String::from("<?xml version=\"1.0\"?>\n<Register>\n");
    for i in 0..3000 {
        let date = if i % 97 == 5 { "2024-02-30" } else { "2024-02-29" };
        let child = if i % 211 == 7 {
            String::new()
        } else {
            format!("<Child>Child {i}</Child>")
        };
        text.push_str(&format!(
            "  <Birth id=\"b{i}\">\n    {child}<Date>{date}</Date>\n  </Birth>\n"
        ));
    }
    text.push_str("</Register>\n");
    let (whole, streamed) = whole_and_streamed(&text, "fixtures/rules/PAY002", "schema.xsd");
    let key = |f: &nifcheck::report::Finding| (f.line, f.column, f.rule.clone(), f.pointer.clone(), f.message.clone());
    let whole: Vec<_> = whole.iter().map(key).collect();
    let streamed: Vec<_> = streamed.iter().map(key).collect();
    // 31 impossible dates and 15 missing children (every 97th and every 211th record).
    assert_eq!(whole.len(), 31 + 15, "{whole:#?}");
    assert_eq!(streamed, whole);
}

/// Keys declared on the root hold across records that the engine sees in different batches.
#[test]
fn what_the_engine_misses_is_checked_in_streamed_records_too() {
    let mut text = String::from(
        "<Register xmlns=\"urn:test:complement\" xmlns:c=\"urn:test:complement\"\n  xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n",
    );
    for i in 0..3000 {
        // 1000: a status of no member type; 1500: a source that is no date; 2000: a version that
        // is not the fixed one (`1.00` is); 2500: a party without xsi:type.
        let status = if i == 1000 {
            "maybe"
        } else if i % 2 == 0 {
            "pending"
        } else {
            "7"
        };
        let source = if i == 1500 { "yesterday" } else { "2024-02-29" };
        let version = match i {
            2000 => "2.0",
            _ if i % 3 == 0 => "1.00",
            _ => "1.0",
        };
        let party = if i == 2500 { "" } else { " xsi:type=\"c:Person\"" };
        text.push_str(&format!(
            "  <Entry c:source=\"{source}\" version=\"{version}\">\n    <Status>{status}</Status>\n    <Party{party}><Name>N{i}</Name></Party>\n  </Entry>\n"
        ));
    }
    text.push_str("</Register>\n");
    let (whole, streamed) = whole_and_streamed(&text, "tests/data/xml", "register-complement.xsd");
    let key = |f: &nifcheck::report::Finding| (f.line, f.column, f.pointer.clone(), f.message.clone());
    let mut whole: Vec<_> = whole.iter().map(key).collect();
    let mut streamed: Vec<_> = streamed.iter().map(key).collect();
    whole.sort();
    streamed.sort();
    let lines: Vec<_> = streamed.iter().map(|k| (k.0, k.2.clone())).collect();
    assert_eq!(
        lines,
        vec![
            (Some(3 + 4 * 1000 + 1), Some("/Register/Entry[1001]/Status".to_string())),
            (Some(3 + 4 * 1500), Some("/Register/Entry[1501]/@c:source".to_string())),
            (Some(3 + 4 * 2000), Some("/Register/Entry[2001]/@version".to_string())),
            (Some(3 + 4 * 2500 + 2), Some("/Register/Entry[2501]/Party".to_string())),
        ],
        "{streamed:#?}"
    );
    assert_eq!(streamed, whole);
}

#[test]
fn root_keys_compare_numbers_as_numbers_and_strings_as_written_streamed_or_not() {
    let mut text = String::from("<Register xmlns=\"urn:test:typed-keys\">\n");
    for i in 0..3000 {
        // Record 2000's amount is record 7's written otherwise (a duplicate); record 2500's code
        // is record 8's with a leading zero (not one).
        let amount = if i == 2000 { "7.000".to_string() } else { format!("{i}") };
        let code = if i == 2500 { "08".to_string() } else { format!("{i}") };
        text.push_str(&format!("  <Entry amount=\"{amount}\" code=\"{code}\"/>\n"));
    }
    text.push_str("</Register>\n");
    let (whole, streamed) = whole_and_streamed(&text, "tests/data/xml", "register-typed-keys.xsd");
    let place = |f: &nifcheck::report::Finding| (f.line, f.pointer.clone());
    let whole: Vec<_> = whole.iter().map(place).collect();
    let streamed: Vec<_> = streamed.iter().map(place).collect();
    let expected = vec![(Some(2002), Some("/Register/Entry[2001]".to_string()))];
    assert_eq!(whole, expected);
    assert_eq!(streamed, expected);
}

#[test]
fn root_identity_constraints_hold_across_streamed_records() {
    let mut text = String::from("<Register xmlns=\"urn:test:register\">\n");
    for i in 0..8000 {
        // Record 7000 repeats the id of record 3; record 7500 has none; 7600 names a twin that
        // does not exist and 7700 one that does.
        let id = match i {
            7000 => " id=\"b3\"".to_string(),
            7500 => String::new(),
            _ => format!(" id=\"b{i}\""),
        };
        let twin = match i {
            7600 => " twin=\"b99999\"",
            7700 => " twin=\"b7699\"",
            _ => "",
        };
        text.push_str(&format!(
            "  <Birth{id}{twin}><Child>Child number {i}</Child><Date>2024-02-29</Date></Birth>\n"
        ));
    }
    text.push_str("</Register>\n");
    let (whole, streamed) = whole_and_streamed(&text, "tests/data/xml", "register-keys.xsd");
    let key = |f: &nifcheck::report::Finding| (f.line, f.column, f.pointer.clone(), f.message.clone());
    let mut whole: Vec<_> = whole.iter().map(key).collect();
    let mut streamed: Vec<_> = streamed.iter().map(key).collect();
    whole.sort();
    streamed.sort();
    assert_eq!(streamed.len(), 3, "{streamed:#?}");
    assert_eq!(streamed, whole);
}

#[test]
fn tar_reports_follow_the_eu_test_bed_schema() {
    let Some(itb) = corpus("itb/gitb_tr.xsd") else {
        return;
    };
    let folder = itb.parent().unwrap().to_path_buf();
    let schema = nifcheck::xml::XmlSchema::load(&nifcheck::xml::Folder(folder), "gitb_tr.xsd").unwrap();
    for args in [
        &["validate", "fixtures/render"][..],
        &[
            "validate",
            "--schema",
            REGISTER_XSD,
            "fixtures/rules/PAY002/fail_impossible_date.xml",
        ],
        &["validate", "fixtures/rules/PAY002/pass_conforming.json"],
    ] {
        let mut all = vec!["--format", "tar"];
        all.extend_from_slice(args);
        let (_, tar, stderr) = run(&all);
        assert!(tar.starts_with("<?xml"), "{stderr}");
        let findings = nifcheck::xml::check_document(tar.as_bytes(), "report.xml", &schema);
        assert!(findings.is_empty(), "{args:?}: {:#?}\n{tar}", pairs_of(&findings));
    }
}

fn pairs_of(findings: &[nifcheck::report::Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| format!("{:?}:{:?} {:?} {}", f.line, f.column, f.pointer, f.message))
        .collect()
}

/// The findings of `text` as `register.xml` against a schema in the repository: validated
/// whole, and streamed record by record.
fn whole_and_streamed(
    text: &str,
    folder: &str,
    xsd: &str,
) -> (Vec<nifcheck::report::Finding>, Vec<nifcheck::report::Finding>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.xml");
    std::fs::write(&path, text).unwrap();
    let schema = nifcheck::xml::XmlSchema::load(&nifcheck::xml::Folder(root().join(folder)), xsd).unwrap();
    let whole = nifcheck::xml::check_document(text.as_bytes(), "register.xml", &schema);
    let streamed = nifcheck::xml::stream::check_file(&path, "register.xml", &schema).unwrap();
    (whole, streamed)
}

/// The findings of a file validated whole and streamed record by record, as comparable keys.
fn both_ways(path: &std::path::Path, schema: &nifcheck::xml::XmlSchema) -> (Vec<String>, Vec<String>) {
    use nifcheck::xml::stream::check_path_streaming_from;
    let keys = |found: Vec<nifcheck::report::Finding>| {
        let mut keys: Vec<String> = found
            .iter()
            .map(|f| format!("{:?}:{:?} {} {:?} {}", f.line, f.column, f.rule, f.pointer, f.message))
            .collect();
        keys.sort();
        keys
    };
    let whole = check_path_streaming_from(path, "payload.xml", schema, u64::MAX).unwrap();
    let streamed = check_path_streaming_from(path, "payload.xml", schema, 0).unwrap();
    (keys(whole), keys(streamed))
}

/// Text directly inside a root that holds only elements fails whole; streamed, the records were
/// cut around it and it passed (files of 8 MiB or more).
#[test]
fn text_between_records_fails_streamed_as_it_fails_whole() {
    let dir = tempfile::tempdir().unwrap();
    let schema = nifcheck::xml::XmlSchema::load(
        &nifcheck::xml::Folder(root().join("fixtures/rules/PAY002")),
        "schema.xsd",
    )
    .unwrap();
    let record = |i: usize| format!("  <Birth id=\"b{i}\"><Child>C{i}</Child><Date>2024-02-29</Date></Birth>\n");
    for (name, stray) in [
        ("text", "  stray text\n"),
        ("cdata", "  <![CDATA[x]]>\n"),
        ("reference", "  &amp;\n"),
    ] {
        let text = format!("<Register>\n{}{stray}{}</Register>\n", record(1), record(2));
        let path = dir.path().join(format!("{name}.xml"));
        std::fs::write(&path, &text).unwrap();
        let (whole, streamed) = both_ways(&path, &schema);
        assert_eq!(whole.len(), 1, "{name}: {whole:#?}");
        assert!(
            whole[0].starts_with("Some(3):Some(3) PAY002 Some(\"/Register\") Non-whitespace text"),
            "{name}: {whole:#?}"
        );
        assert_eq!(streamed, whole, "{name}");
    }
    // White space, a character reference to a space and a mixed root are no stray text.
    let path = dir.path().join("blank.xml");
    std::fs::write(
        &path,
        format!("<Register>\n{} &#32; \n{}</Register>\n", record(1), record(2)),
    )
    .unwrap();
    let (whole, streamed) = both_ways(&path, &schema);
    assert_eq!((whole.len(), streamed.len()), (0, 0), "{whole:#?} {streamed:#?}");
}

/// Every XML fixture gets the same findings validated whole and streamed.
#[test]
fn every_xml_fixture_gets_the_same_findings_whole_and_streamed() {
    let mut checked = 0;
    let rules = root().join("fixtures/rules");
    for rule in std::fs::read_dir(&rules).unwrap() {
        let folder = rule.unwrap().path();
        if !folder.join("schema.xsd").is_file() {
            continue;
        }
        let schema = nifcheck::xml::XmlSchema::load(&nifcheck::xml::Folder(folder.clone()), "schema.xsd").unwrap();
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "xml") {
                let (whole, streamed) = both_ways(&path, &schema);
                assert_eq!(streamed, whole, "{}", path.display());
                checked += 1;
            }
        }
    }
    let standards = root().join("schemas/reference/standards");
    for standard in std::fs::read_dir(&standards).unwrap() {
        let standard = standard.unwrap().path();
        for version in std::fs::read_dir(&standard).unwrap() {
            let version = version.unwrap().path();
            let name = standard.file_name().unwrap().to_string_lossy();
            let xsd = format!("{name}/{}/{name}.xsd", version.file_name().unwrap().to_string_lossy());
            if !standards.join(&xsd).is_file() {
                continue;
            }
            let schema = nifcheck::xml::XmlSchema::load(&nifcheck::xml::Folder(standards.clone()), &xsd).unwrap();
            for kind in ["valid", "invalid"] {
                let Ok(examples) = std::fs::read_dir(version.join("examples").join(kind)) else {
                    continue;
                };
                for entry in examples {
                    let path = entry.unwrap().path();
                    if path.extension().is_some_and(|e| e == "xml") {
                        let (whole, streamed) = both_ways(&path, &schema);
                        assert_eq!(streamed, whole, "{}", path.display());
                        // The invalid ones may break only a code list, which is not loaded here.
                        assert!(kind == "invalid" || whole.is_empty(), "{}: {whole:#?}", path.display());
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked >= 20, "only {checked} fixtures");
}

/// A document of many errors is validated in records from 1 MiB on, from a file or from
/// standard input: the engine's cost per error grows with the text it is given (it counts the
/// lines before each), so a whole document of 100,000 errors took minutes.
#[test]
fn many_errors_in_a_big_document_are_found_record_by_record() {
    let mut text = String::from("<Register>\n");
    let mut i: usize = 0;
    while text.len() < (1 << 20) + 4096 {
        let date = if i.is_multiple_of(10) { "x" } else { "2024-02-29" };
        text.push_str(&format!(
            "  <Birth id=\"b{i}\"><Child>c</Child><Date>{date}</Date></Birth>\n"
        ));
        i += 1;
    }
    text.push_str("</Register>\n");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.xml");
    std::fs::write(&path, &text).unwrap();
    let schema = nifcheck::xml::XmlSchema::load(
        &nifcheck::xml::Folder(root().join("fixtures/rules/PAY002")),
        "schema.xsd",
    )
    .unwrap();
    let (whole, streamed) = both_ways(&path, &schema);
    assert_eq!(whole.len(), i.div_ceil(10));
    assert_eq!(streamed, whole);
    let from_memory = nifcheck::xml::stream::check_bytes(text.as_bytes(), "payload.xml", &schema);
    assert_eq!(from_memory.len(), whole.len());
    assert!(
        from_memory
            .iter()
            .all(|f| f.pointer.as_deref().is_some_and(|p| p.ends_with("/Date")))
    );
}
