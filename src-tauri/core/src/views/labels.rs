//! The labels the desktop's pages show for codes, in both languages.

use std::collections::BTreeMap;

/// Every label the desktop's pages look up by `group.code` key: the
/// model's codes and the gap codes (`"gap.UNCOVERED"`), by language.
#[must_use]
pub fn labels() -> BTreeMap<&'static str, BTreeMap<String, &'static str>> {
    let mut table = crate::model::labels::ui_table();
    for (code, zh, en) in crate::rules::gaps::LABELS {
        let key = format!(
            "gap.{}",
            serde_json::to_value(code)
                .expect("codes serialize")
                .as_str()
                .expect("codes are strings")
        );
        for (lang, label) in [("zh", zh), ("en", en)] {
            table
                .get_mut(lang)
                .expect("both languages")
                .insert(key.clone(), label);
        }
    }
    // The statistics table's rows and columns (`t27.units`), for the
    // dashboard's card and dialog.
    let t27 = crate::rules::table27::COLUMNS
        .iter()
        .map(|&(key, zh, _)| (key, zh))
        .chain(crate::rules::table27::ROWS);
    for (key, zh) in t27 {
        let en = crate::rules::table27::LABELS_EN
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(zh, |(_, en)| en);
        for (lang, label) in [("zh", zh), ("en", en)] {
            table
                .get_mut(lang)
                .expect("both languages")
                .insert(format!("t27.{key}"), label);
        }
    }
    table
}

#[cfg(test)]
mod tests {
    /// Every row and column of the statistics table has its English label.
    #[test]
    fn the_statistics_table_reads_in_english() {
        let en = &super::labels()["en"];
        let keys = crate::rules::table27::COLUMNS
            .iter()
            .map(|c| c.0)
            .chain(crate::rules::table27::ROWS.iter().map(|r| r.0));
        for key in keys {
            let label = en[&format!("t27.{key}")];
            assert!(label.is_ascii(), "t27.{key}: {label}");
        }
    }
}
