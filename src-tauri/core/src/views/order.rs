//! The order of names as a Chinese reader expects it: by pinyin (with the
//! tone after the syllable), as a dictionary or Excel's 拼音排序 orders them,
//! the same however many rows a page shows.

use pinyin::ToPinyin;

/// A key that sorts names by pinyin: each Chinese character as its
/// syllable with the tone number (`bai2`), every other character as itself
/// in lower case, the name itself last so that equal readings stay apart.
#[must_use]
pub fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len() * 3);
    for c in name.chars() {
        match c.to_pinyin() {
            Some(p) => key.push_str(p.with_tone_num_end()),
            None => key.extend(c.to_lowercase()),
        }
        // Below every letter and digit: a shorter reading sorts first.
        key.push('\u{1}');
    }
    key.push('\u{0}');
    key.push_str(name);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_by_pinyin() {
        let cases = [
            // (before, after)
            ("阿拉善碳素", "白云铝业"),
            ("白云铝业", "白云山制药"),
            ("白云", "白云铝业"),
            ("长城机械", "中原建设"),
            ("八一", "白云"),
            ("abc", "白云"),
            ("ABC机械", "abd"),
            ("3号项目", "安装公司"),
        ];
        for (a, b) in cases {
            assert!(name_key(a) < name_key(b), "{a} before {b}");
        }
        assert_ne!(
            name_key("白云"),
            name_key("白芸"),
            "equal readings stay apart"
        );
    }
}
