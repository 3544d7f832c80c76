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
    table
}
