//! JSONPath selection times on GitHub's API description (about 1.5 million nodes), for the
//! expressions the rulesets use most: the shapes that stress descendant, filter and key selection.
//!
//!     cargo bench --bench jsonpath                 # $NIFCHECK_CORPUS/openapi/github-api.github.com.json
//!     cargo bench --bench jsonpath -- FILE.json
//!
//! Prints, per expression, the milliseconds of one selection and the number of nodes selected.

use std::error::Error;
use std::path::PathBuf;
use std::time::Instant;

use nifcheck::jsonpath::JsonPath;
use serde_json::Value;

const EXPRESSIONS: &[&str] = &[
    "$..parameters[?(@.in == 'query')]",
    "$.paths[*][*]",
    "$..*",
    "$..[?(@.type == 'object' && !@.properties)]",
    "$..content..[?(@ && @.schema && (@.example !== void 0 || @.examples))]",
    "$..[?(@property !== 'properties' && @ != null && @.enum && @.enum.constructor.name === 'Array')]",
    "$.paths[*][get,put,post,delete,options,head,patch,trace].responses[?(@property.match(/^2/))]",
    "$..properties[*]~",
    "$..[?(@path && @path.length > 400)]",
];

fn main() -> Result<(), Box<dyn Error>> {
    // `cargo bench` passes `--bench`; the first other argument is the file.
    let given = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from);
    let corpus =
        std::env::var_os("NIFCHECK_CORPUS").map(|c| PathBuf::from(c).join("openapi/github-api.github.com.json"));
    let Some(path) = given.or(corpus).filter(|p| p.is_file()) else {
        eprintln!(
            "skipped: give a JSON file, or set NIFCHECK_CORPUS to the folder holding openapi/github-api.github.com.json"
        );
        return Ok(());
    };
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
    for expression in EXPRESSIONS {
        let compiled = JsonPath::parse(expression)?;
        let start = Instant::now();
        let count = compiled.select(&doc).len();
        println!(
            "{:>9.1} ms {count:>8} nodes  {expression}",
            start.elapsed().as_secs_f64() * 1000.0
        );
    }
    Ok(())
}
