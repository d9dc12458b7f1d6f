//! `--json`: the report as JSON, or JSON Lines with a `file` field for several files.

use std::collections::HashMap;

use sendlens::Analysis;

/// Edits the JSON writes again for fixes that share one list, over the whole report. Each
/// diagnostic then stays self-contained, as consumers expect; beyond it a fix refers to the
/// first fix with the same edits instead (`sameEditsAs`), or 16,000 errors sharing a
/// 16,000-edit fix would be 256 million edits (tens of GB) of output.
pub(crate) const JSON_REPEATED_EDITS_BUDGET: usize = 200_000;

/// A fix of a report: (diagnostic index, fix index).
pub(crate) type FixIndex = (usize, usize);

/// For each diagnostic's fixes, the earlier fix whose edits it repeats once
/// [`JSON_REPEATED_EDITS_BUDGET`] is spent; `None` when no fix gets that far (every ordinary
/// report), so that the report is written as it is.
pub(crate) fn json_references(analysis: &Analysis) -> Option<Vec<Vec<Option<FixIndex>>>> {
    let mut first_written: HashMap<usize, FixIndex> = HashMap::new();
    let mut repeated = 0usize;
    let mut any = false;
    let mut references = Vec::with_capacity(analysis.diagnostics.len());
    for (d, diagnostic) in analysis.diagnostics.iter().enumerate() {
        let mut refer = Vec::with_capacity(diagnostic.fixes.len());
        for (f, fix) in diagnostic.fixes.iter().enumerate() {
            let list = &fix.edits;
            refer.push(match first_written.get(&list.shared_id()) {
                Some(&first) if repeated + list.len() > JSON_REPEATED_EDITS_BUDGET => Some(first),
                Some(_) => {
                    repeated += list.len();
                    None
                }
                None => {
                    first_written.insert(list.shared_id(), (d, f));
                    None
                }
            });
        }
        any |= refer.iter().any(Option::is_some);
        references.push(refer);
    }
    any.then_some(references)
}

/// The report as JSON when some fixes refer to earlier ones ([`json_references`]): the
/// library's `Analysis`, except that such a fix has no `edits` but
/// `"sameEditsAs": {"diagnostic": i, "fix": j}` (indices into this report). Missing `edits`
/// make a careless consumer fail loudly rather than apply nothing.
pub(crate) fn json_value(
    analysis: &Analysis,
    references: &[Vec<Option<FixIndex>>],
) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::{json, Value};
    let mut diagnostics = Vec::with_capacity(analysis.diagnostics.len());
    for (diagnostic, refer) in analysis.diagnostics.iter().zip(references) {
        if refer.iter().all(Option::is_none) {
            diagnostics.push(serde_json::to_value(diagnostic).unwrap_or(Value::Null));
            continue;
        }
        // Written without the edits it refers to, then given the reference.
        let mut light = diagnostic.clone();
        for (fix, first) in light.fixes.iter_mut().zip(refer) {
            if first.is_some() {
                fix.edits = sendlens::Edits::default();
            }
        }
        let mut value = serde_json::to_value(&light).unwrap_or(Value::Null);
        if let Some(fixes) = value.get_mut("fixes").and_then(Value::as_array_mut) {
            for (fix, first) in fixes.iter_mut().zip(refer) {
                if let (Some((d, f)), Some(object)) = (first, fix.as_object_mut()) {
                    object.remove("edits");
                    object.insert("sameEditsAs".into(), json!({ "diagnostic": d, "fix": f }));
                }
            }
        }
        diagnostics.push(value);
    }
    let mut report = serde_json::Map::new();
    report.insert("version".into(), analysis.version.clone().into());
    report.insert("diagnostics".into(), Value::Array(diagnostics));
    report
}

pub(crate) fn to_json(analysis: &Analysis) -> String {
    // Serializing plain data to a String cannot fail.
    match json_references(analysis) {
        None => serde_json::to_string(analysis),
        Some(references) => serde_json::to_string(&json_value(analysis, &references)),
    }
    .unwrap_or_default()
}

/// One line of JSON Lines output: the report with the file it belongs to (first, for readers).
pub(crate) fn json_line(file: &str, analysis: &Analysis) -> String {
    #[derive(serde::Serialize)]
    struct FileReport<'a, T: serde::Serialize> {
        file: &'a str,
        #[serde(flatten)]
        report: T,
    }
    match json_references(analysis) {
        None => serde_json::to_string(&FileReport { file, report: analysis }),
        Some(references) => serde_json::to_string(&FileReport { file, report: json_value(analysis, &references) }),
    }
    .unwrap_or_default()
}
