//! Code lists: versioned lists of allowed codes with validity dates.

use std::collections::BTreeMap;
use std::hash::BuildHasher;
use std::sync::OnceLock;

use hashbrown::{DefaultHashBuilder, HashTable};

use super::files::FrameworkFiles;
use super::manifest::CodeListEntry;
use crate::date::Date;
use crate::error::{Error, Result};

/// One code and when it is valid.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Code {
    /// The code itself.
    pub code: String,
    /// Its label.
    pub label: String,
    /// First valid day, if limited.
    #[serde(serialize_with = "as_string")]
    pub valid_from: Option<Date>,
    /// Last valid day, if limited.
    #[serde(serialize_with = "as_string")]
    pub valid_to: Option<Date>,
    /// The code that replaces this one once it is retired.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
    /// The other columns that have a value (the agency register's `level` and `parent`).
    #[serde(flatten)]
    pub extra: BTreeMap<String, String>,
}

impl Code {
    /// Whether the code is valid on a date, and if not, why.
    fn check_on(&self, on: Date) -> Result<(), CodeProblem> {
        match (self.valid_from, self.valid_to) {
            (Some(from), _) if on < from => Err(CodeProblem::NotYetValid(from)),
            (_, Some(to)) if on > to => Err(CodeProblem::Retired(to)),
            _ => Ok(()),
        }
    }

    fn is_valid_on(&self, on: Date) -> bool {
        self.check_on(on).is_ok()
    }
}

fn as_string<S: serde::Serializer>(d: &Option<Date>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.to_string()),
        None => s.serialize_none(),
    }
}

/// Why a value is not an acceptable code on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeProblem {
    /// Not in the list at all.
    Unknown,
    /// In the list, but retired before the date.
    Retired(Date),
    /// In the list, but not valid yet.
    NotYetValid(Date),
}

/// A loaded code list.
#[derive(Debug)]
pub struct CodeList {
    /// `district`.
    pub id: String,
    /// `2024.1`.
    pub version: String,
    /// Human title.
    pub title: String,
    /// Codes in file order.
    pub codes: Vec<Code>,
    /// The positions in `codes`, by code: no second copy of each code (a list is loaded on
    /// every run that checks one), and a hash cheaper than SipHash for every value of every
    /// NDJSON line. The keys are the framework's codes, fixed before any payload is read, so a
    /// payload's value cannot make a lookup slower than the list's own longest probe.
    by_code: HashTable<usize>,
    hasher: DefaultHashBuilder,
    /// Each code and label in lower case, in `codes` order, made when the first invalid value
    /// asks for a suggestion: an NDJSON file with many invalid codes asks once per value.
    folded: OnceLock<Vec<Folded>>,
}

/// A code and its label in lower case, and the length of the code as written, in characters.
#[derive(Debug)]
struct Folded {
    code: String,
    code_chars: usize,
    label: String,
}

impl CodeList {
    /// Loads the list a manifest entry names.
    pub fn load(files: &FrameworkFiles, entry: &CodeListEntry) -> Result<Self> {
        let name = files.display(&entry.file);
        // The embedded lists were split into cells when the binary was built.
        if let Some((headers, rows)) = files.prepared_cells(&entry.file) {
            return Self::from_cells(&name, entry, headers, rows);
        }
        let bytes = files.read(&entry.file)?;
        let table = if entry.file.ends_with(".json") {
            json_rows(&name, &bytes)?
        } else {
            csv_rows(&name, &bytes)?
        };
        Self::from_cells(&name, entry, &table.headers, &table.rows)
    }

    /// The list from its column names and its records' cells.
    fn from_cells<H, R, C>(name: &str, entry: &CodeListEntry, headers: &[H], rows: &[R]) -> Result<Self>
    where
        H: AsRef<str>,
        R: AsRef<[C]>,
        C: AsRef<str>,
    {
        // Columns by position, looked up once per list rather than once per row: every run that
        // checks a code loads its list, and most rows are a handful of short cells.
        let column = |name: &str| headers.iter().rposition(|h| h.as_ref() == name);
        let code_at = column(&entry.code_column);
        let label_at = column(&entry.label_column);
        let from_at = column(&entry.valid_from_column);
        let to_at = column(&entry.valid_to_column);
        let replaced_at = column(&entry.replaced_by_column);
        let known = [
            &entry.code_column,
            &entry.label_column,
            &entry.valid_from_column,
            &entry.valid_to_column,
            &entry.replaced_by_column,
        ];
        // The other columns, by position.
        let extra_at: Vec<(usize, &str)> = headers
            .iter()
            .enumerate()
            .filter(|(_, h)| !known.iter().any(|k| k.as_str() == h.as_ref()))
            .map(|(i, h)| (i, h.as_ref()))
            .collect();
        let mut codes: Vec<Code> = Vec::with_capacity(rows.len());
        let hasher = DefaultHashBuilder::default();
        let mut by_code = HashTable::with_capacity(rows.len());
        for (n, row) in rows.iter().enumerate() {
            let row = row.as_ref();
            let field = |at: Option<usize>| {
                at.and_then(|i| row.get(i))
                    .map(|s| s.as_ref().trim())
                    .filter(|s| !s.is_empty())
            };
            let place = || format!("{name}, record {}", n + 1);
            let code = field(code_at).ok_or_else(|| {
                Error::framework(
                    format!("{}: no value in the code column `{}`", place(), entry.code_column),
                    None,
                )
            })?;
            let date = |at: Option<usize>, column: &str| -> Result<Option<Date>> {
                field(at)
                    .map(|s| {
                        s.parse::<Date>()
                            .map_err(|e| Error::framework(format!("{}, `{column}`: {e}", place()), None))
                    })
                    .transpose()
            };
            let code = Code {
                code: code.to_string(),
                label: field(label_at).unwrap_or_default().to_string(),
                valid_from: date(from_at, &entry.valid_from_column)?,
                valid_to: date(to_at, &entry.valid_to_column)?,
                replaced_by: field(replaced_at).map(str::to_string),
                extra: extra_at
                    .iter()
                    .filter_map(|&(i, column)| Some((column, field(Some(i))?)))
                    .map(|(column, value)| (column.to_string(), value.to_string()))
                    .collect(),
            };
            let hash = hasher.hash_one(code.code.as_str());
            let same = |&i: &usize| codes.get(i).is_some_and(|c| c.code == code.code);
            if by_code.find(hash, same).is_some() {
                return Err(Error::framework(
                    format!("{}: code `{}` appears twice", place(), code.code),
                    None,
                ));
            }
            by_code.insert_unique(hash, codes.len(), |&i| {
                hasher.hash_one(codes.get(i).map_or("", |c| c.code.as_str()))
            });
            codes.push(code);
        }
        Ok(CodeList {
            id: entry.id.clone(),
            version: entry.version.clone(),
            title: entry.title.clone(),
            codes,
            by_code,
            hasher,
            folded: OnceLock::new(),
        })
    }

    /// The position in `codes` of a code.
    fn position(&self, value: &str) -> Option<usize> {
        let hash = self.hasher.hash_one(value);
        self.by_code
            .find(hash, |&i| self.codes.get(i).is_some_and(|c| c.code == value))
            .copied()
    }

    /// `district@2024.1`.
    pub fn label(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }

    /// The entry of a code, valid or not.
    pub fn code(&self, value: &str) -> Option<&Code> {
        self.position(value).and_then(|i| self.codes.get(i))
    }

    /// Checks a value on a date.
    pub fn check(&self, value: &str, on: Date) -> Result<(), CodeProblem> {
        self.code(value).ok_or(CodeProblem::Unknown)?.check_on(on)
    }

    /// What to say when no single code fits: the whole list when it is short.
    pub fn valid_codes_hint(&self, on: Date) -> String {
        let valid: Vec<&Code> = self.codes.iter().filter(|c| c.is_valid_on(on)).collect();
        if valid.len() <= 12 {
            let codes: Vec<String> = valid.iter().map(|c| format!("{} ({})", c.code, c.label)).collect();
            format!("valid codes: {}", codes.join(", "))
        } else {
            format!(
                "see `nifcheck framework show {}` for the {} valid codes",
                self.id,
                valid.len()
            )
        }
    }

    /// The code a retired one was replaced by.
    pub fn successor(&self, value: &str) -> Option<&Code> {
        let next = self.code(value)?.replaced_by.as_deref()?;
        self.code(next)
    }

    /// The code that looks most like `value` among those valid on `on` (a typo, a case slip).
    pub fn closest(&self, value: &str, on: Date) -> Option<&Code> {
        let wanted = value.to_lowercase();
        let wanted_chars = wanted.chars().count();
        let folded = self.folded.get_or_init(|| {
            let codes = self.codes.iter().map(|c| Folded {
                code: c.code.to_lowercase(),
                code_chars: c.code.chars().count(),
                label: c.label.to_lowercase(),
            });
            codes.collect()
        });
        let valid = || self.codes.iter().zip(folded).filter(|(c, _)| c.is_valid_on(on));
        // People often write the label instead of the code: "Female", "Euro", "United Kingdom".
        let by_label = valid().find(|(_, f)| {
            f.label == wanted || (wanted_chars >= 4 && f.label.split([' ', ',', '(', ')']).any(|w| w == wanted))
        });
        if let Some((code, _)) = by_label {
            return Some(code);
        }
        valid()
            .filter_map(|(c, f)| {
                let chars = f.code_chars;
                let most = 2.max(chars / 4);
                // The distance is at least the difference in length: a code too long or too
                // short to be within `most` edits is not measured.
                if wanted_chars.abs_diff(chars) > most {
                    return None;
                }
                let distance = strsim::levenshtein(&wanted, &f.code);
                (distance < chars && distance <= most).then_some((distance, c))
            })
            .min_by_key(|(d, _)| *d)
            .map(|(_, c)| c)
    }
}

/// A code list file as read: its column names and, for each record, its cells in that order.
struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn csv_rows(name: &str, bytes: &[u8]) -> Result<Table> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(bytes);
    let bad = |e: csv::Error| {
        let line = e.position().map(|p| format!(", line {}", p.line())).unwrap_or_default();
        Error::framework(format!("{name}{line}: {e}"), None)
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(bad)?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).map_err(bad)? {
        rows.push(record.iter().map(str::to_string).collect());
    }
    Ok(Table { headers, rows })
}

fn json_rows(name: &str, bytes: &[u8]) -> Result<Table> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| Error::framework(format!("{name}:{}:{}: {e}", e.line(), e.column()), None))?;
    let items = value
        .as_array()
        .ok_or_else(|| Error::framework(format!("{name}: a JSON code list is an array of objects"), None))?;
    let objects: Vec<&serde_json::Map<String, serde_json::Value>> =
        items.iter().filter_map(serde_json::Value::as_object).collect();
    let mut headers: Vec<String> = Vec::new();
    for key in objects.iter().flat_map(|o| o.keys()) {
        if !headers.contains(key) {
            headers.push(key.clone());
        }
    }
    let rows = objects
        .iter()
        .map(|obj| {
            headers
                .iter()
                .map(|h| {
                    obj.get(h).map_or_else(String::new, |v| {
                        v.as_str().map_or_else(|| v.to_string(), str::to_string)
                    })
                })
                .collect()
        })
        .collect();
    Ok(Table { headers, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(csv: &str) -> CodeList {
        let table = csv_rows("t.csv", csv.as_bytes()).unwrap();
        CodeList::from_cells("t.csv", &entry(), &table.headers, &table.rows).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn the_embedded_lists_prepared_at_build_time_are_the_lists_their_files_hold() {
        let files = FrameworkFiles::Embedded;
        let manifest = super::super::load::manifest(&files).unwrap_or_else(|e| panic!("{e:?}"));
        for entry in &manifest.code_lists {
            let Some((headers, rows)) = files.prepared_cells(&entry.file) else {
                panic!("{} was not prepared when the binary was built", entry.file);
            };
            let bytes = files.read(&entry.file).unwrap_or_else(|e| panic!("{e:?}"));
            let table = csv_rows(&entry.file, &bytes).unwrap_or_else(|e| panic!("{e:?}"));
            assert_eq!(headers, table.headers.as_slice(), "{}", entry.file);
            let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
            assert_eq!(rows, table.rows, "{}", entry.file);
            let prepared = CodeList::load(&files, entry).unwrap_or_else(|e| panic!("{e:?}"));
            let read = CodeList::from_cells(&entry.file, entry, &table.headers, &table.rows)
                .unwrap_or_else(|e| panic!("{e:?}"));
            assert_eq!(format!("{:?}", prepared.codes), format!("{:?}", read.codes));
        }
    }

    fn entry() -> CodeListEntry {
        let manifest = super::super::load::manifest(&FrameworkFiles::Embedded).unwrap_or_else(|e| panic!("{e:?}"));
        let mut entry = manifest.code_lists[0].clone();
        entry.code_column = "code".into();
        entry.label_column = "label".into();
        entry.valid_from_column = "valid-from".into();
        entry.valid_to_column = "valid-to".into();
        entry.replaced_by_column = "replaced-by".into();
        entry
    }

    #[test]
    fn a_repeated_code_is_an_error_at_the_first_record_that_repeats_one() {
        let headers = ["code", "label"];
        let rows = [["B", "b"], ["A", "a"], ["C", "c"], ["A", "again"], ["B", "again"]];
        let error = CodeList::from_cells("t.csv", &entry(), &headers, &rows)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("t.csv, record 4: code `A` appears twice"), "{error}");
        let rows = [["B", "b"], ["A", "a"], ["C", "c"]];
        let list = CodeList::from_cells("t.csv", &entry(), &headers, &rows).unwrap_or_else(|e| panic!("{e:?}"));
        let found: Vec<Option<&str>> = ["A", "B", "C", "D", ""]
            .iter()
            .map(|c| list.code(c).map(|c| c.label.as_str()))
            .collect();
        assert_eq!(found, [Some("a"), Some("b"), Some("c"), None, None]);
    }

    #[test]
    fn checks_validity_dates() {
        let l = list("code,label,valid-from,valid-to\nA,\"One, first\",,\nB,Two,,2023-06-30\nC,Three,2024-01-01,\n");
        let on: Date = "2024-06-01".parse().unwrap_or_else(|_| Date::today());
        assert_eq!(l.check("A", on), Ok(()));
        assert!(matches!(l.check("B", on), Err(CodeProblem::Retired(_))));
        assert_eq!(l.check("C", on), Ok(()));
        assert_eq!(l.check("Z", on), Err(CodeProblem::Unknown));
        let early: Date = "2023-01-01".parse().unwrap_or_else(|_| Date::today());
        assert!(matches!(l.check("C", early), Err(CodeProblem::NotYetValid(_))));
        assert_eq!(l.codes[0].label, "One, first");
        assert_eq!(l.closest("a", on).map(|c| c.code.as_str()), Some("A"));
        assert_eq!(l.closest("three", on).map(|c| c.code.as_str()), Some("C"));
        assert_eq!(l.closest("first", on).map(|c| c.code.as_str()), Some("A"));
    }

    #[test]
    fn the_closest_code_is_valid_and_within_a_few_edits() {
        let l = list("code,label,valid-from,valid-to\nEX-NO-01,North One,,\nGB,Britain,,\n");
        let retired = list("code,label,valid-from,valid-to\nEX-NO-01,North One,,\nEX-NO-02,North Two,,2023-06-30\n");
        let on: Date = "2024-06-01".parse().unwrap_or_else(|_| Date::today());
        let closest = |l: &CodeList, value: &str| l.closest(value, on).map(|c| c.code.clone());
        assert_eq!(closest(&retired, "ex-no-02").as_deref(), Some("EX-NO-01"));
        assert_eq!(closest(&l, "EX-NO-0").as_deref(), Some("EX-NO-01"));
        assert_eq!(closest(&l, "EX-NO-0123").as_deref(), Some("EX-NO-01"));
        assert_eq!(closest(&l, "G").as_deref(), Some("GB"));
        assert_eq!(closest(&l, "britain").as_deref(), Some("GB"));
        assert_eq!(closest(&l, "XYZW"), None);
        assert_eq!(closest(&l, "EX-NO-0123456"), None);
    }
}
