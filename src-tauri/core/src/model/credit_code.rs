//! The unified social credit code (统一社会信用代码, GB 32100-2015).

/// The 31 characters of the code, valued 0–30 in this order (no I, O, S, V, Z).
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

fn value_of(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|v| v as u32)
}

/// The check character for the first 17 characters, or `None` if one of them
/// is not in the alphabet.
#[must_use]
pub fn check_char(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (&b, w) in bytes.iter().zip(WEIGHTS) {
        sum += value_of(b)? * w;
    }
    let check = (31 - sum % 31) % 31;
    Some(ALPHABET[check as usize] as char)
}

/// Why a code is not valid, in words a clerk can act on; `Ok` if valid.
pub fn check(code: &str) -> Result<(), String> {
    let len = code.chars().count();
    if len != 18 {
        return Err(format!("应为 18 位，实为 {len} 位"));
    }
    if let Some((i, c)) = code
        .chars()
        .enumerate()
        .find(|&(_, c)| !c.is_ascii() || value_of(c as u8).is_none())
    {
        return Err(format!(
            "第 {} 位“{c}”不是允许的字符（数字和除 I、O、S、V、Z 外的大写字母）",
            i + 1
        ));
    }
    let expected = check_char(&code[..17]).expect("17 valid characters");
    let actual = code[17..].chars().next().expect("18 characters");
    if expected != actual {
        return Err(format!("校验位应为“{expected}”，实为“{actual}”"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_table() {
        // (code, valid?)
        let cases = [
            ("91520113MA6DKXLB8F", false), // wrong check character
            ("91110000600037341L", true),  // a real published code
            ("9152011321436712X0", false), // X in the middle is allowed, check wrong
            ("91520113MA6DKXLB8", false),  // 17 characters
            ("91520113MA6DKXLB8FF", false),
            ("91520113MA6DKXLBOF", false), // O is not allowed
            ("91520113ma6dkxlb8f", false), // lower case
            ("", false),
            ("中文中文中文中文中文中文中文中文中文", false),
        ];
        for (code, valid) in cases {
            assert_eq!(check(code).is_ok(), valid, "{code}: {:?}", check(code));
        }
    }

    #[test]
    fn generated_codes_are_valid() {
        for body in [
            "91520113MA6DKXLB8",
            "12520000429200452",
            "00000000000000000",
        ] {
            let code = format!("{body}{}", check_char(body).unwrap());
            assert!(check(&code).is_ok(), "{code}");
        }
        // 0 when the sum is a multiple of 31: all zeros.
        assert_eq!(check_char("00000000000000000"), Some('0'));
    }

    #[test]
    fn messages_say_what_is_wrong() {
        assert_eq!(check("123").unwrap_err(), "应为 18 位，实为 3 位");
        assert!(check("91520113MA6DKXLBOF")
            .unwrap_err()
            .contains("第 17 位“O”"));
        assert!(check("91110000600037341A")
            .unwrap_err()
            .contains("校验位应为“L”"));
    }
}
