//! RFC 8785 JSON Canonicalization Scheme (JCS): one byte sequence per JSON
//! value, so that a sealed artifact hashes the same on every machine and any
//! reader can re-canonicalize it with an off-the-shelf JCS library.
//!
//! Objects are written with their members sorted by the UTF-16 code units of
//! their names, no whitespace, strings escaped as ECMAScript's
//! `JSON.stringify` does, and numbers in ECMAScript's shortest form.

use serde_json::Value;

/// Why a value has no canonical form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// The canonical bytes of `value`.
pub fn to_vec(value: &Value) -> Result<Vec<u8>, Error> {
    let mut out = String::new();
    write_value(value, &mut out)?;
    Ok(out.into_bytes())
}

/// Parses `bytes` as JSON and returns its canonical form.
pub fn canonicalize(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| Error(format!("not JSON: {e}")))?;
    to_vec(&v)
}

/// Whether `bytes` are already in canonical form.
pub fn is_canonical(bytes: &[u8]) -> bool {
    canonicalize(bytes).is_ok_and(|c| c == bytes)
}

fn write_value(v: &Value, out: &mut String) -> Result<(), Error> {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number(n)?),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out)?;
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            // RFC 8785 §3.2.3: sort by UTF-16 code units, not by UTF-8 bytes
            // (they differ for characters above U+FFFF versus U+E000–U+FFFF).
            members.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
            out.push('{');
            for (i, (k, v)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(k, out);
                out.push(':');
                write_value(v, out)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A number as ECMAScript's `Number.prototype.toString` writes the double
/// closest to it (RFC 8785 §3.2.2.3).
fn number(n: &serde_json::Number) -> Result<String, Error> {
    let f = if let Some(i) = n.as_i64() {
        i as f64
    } else if let Some(u) = n.as_u64() {
        u as f64
    } else {
        n.as_f64()
            .ok_or_else(|| Error(format!("number {n} is not a double")))?
    };
    format_double(f)
}

/// ECMAScript's shortest round-trip formatting of a finite double.
///
/// One known difference: when a double lies exactly halfway between two
/// shortest decimals (e.g. 1424953923781206.25), ECMAScript picks the even
/// digit and Rust's formatter the upper one. policypress artifacts hold no
/// fractional numbers, so their bytes are unaffected.
pub fn format_double(f: f64) -> Result<String, Error> {
    if !f.is_finite() {
        return Err(Error("NaN and infinity have no JSON form".into()));
    }
    if f == 0.0 {
        return Ok("0".into());
    }
    let sign = if f < 0.0 { "-" } else { "" };
    // Rust's `{:e}` gives the shortest digits that round-trip, as
    // ECMAScript requires; only the layout differs.
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci
        .split_once('e')
        .expect("bug: `{:e}` output always has an exponent");
    let exp: i32 = exp.parse().expect("bug: `{:e}` exponent is an integer");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i32;
    // ECMAScript names n the position of the decimal point: value = 0.digits × 10^n.
    let n = exp + 1;
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let esign = if e < 0 { '-' } else { '+' };
        if k == 1 {
            format!("{digits}e{esign}{}", e.abs())
        } else {
            format!("{}.{}e{esign}{}", &digits[..1], &digits[1..], e.abs())
        }
    };
    Ok(format!("{sign}{body}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc8785_section_3_2_2_example() {
        let input = br#"{
          "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
          "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
          "literals": [null, true, false]
        }"#;
        let expected = r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#;
        assert_eq!(
            String::from_utf8(canonicalize(input).unwrap()).unwrap(),
            expected
        );
    }

    #[test]
    fn rfc8785_section_3_2_3_sorting() {
        let input = r#"{
          "\u20ac": "Euro Sign",
          "\r": "Carriage Return",
          "\ufb33": "Hebrew Letter Dalet With Dagesh",
          "1": "One",
          "\ud83d\ude00": "Emoji: Grinning Face",
          "\u0080": "Control",
          "\u00f6": "Latin Small Letter O With Diaeresis"
        }"#;
        let out = String::from_utf8(canonicalize(input.as_bytes()).unwrap()).unwrap();
        let order: Vec<&str> = out
            .split(",\"")
            .map(|m| {
                m.split("\":\"")
                    .nth(1)
                    .unwrap()
                    .trim_end_matches(['"', '}'])
            })
            .collect();
        assert_eq!(
            order,
            [
                "Carriage Return",
                "One",
                "Control",
                "Latin Small Letter O With Diaeresis",
                "Euro Sign",
                "Emoji: Grinning Face",
                "Hebrew Letter Dalet With Dagesh"
            ]
        );
    }

    #[test]
    fn rfc8785_appendix_b_numbers() {
        for (bits, text) in [
            (0x0000000000000000u64, "0"),
            (0x8000000000000000, "0"),
            (0x0000000000000001, "5e-324"),
            (0x8000000000000001, "-5e-324"),
            (0x7fefffffffffffff, "1.7976931348623157e+308"),
            (0xffefffffffffffff, "-1.7976931348623157e+308"),
            (0x4340000000000000, "9007199254740992"),
            (0xc340000000000000, "-9007199254740992"),
            (0x4430000000000000, "295147905179352830000"),
            (0x44b52d02c7e14af5, "9.999999999999997e+22"),
            (0x44b52d02c7e14af6, "1e+23"),
            (0x44b52d02c7e14af7, "1.0000000000000001e+23"),
            (0x444b1ae4d6e2ef4e, "999999999999999700000"),
            (0x444b1ae4d6e2ef4f, "999999999999999900000"),
            (0x444b1ae4d6e2ef50, "1e+21"),
            (0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"),
            (0x3eb0c6f7a0b5ed8d, "0.000001"),
            (0x41b3de4355555553, "333333333.3333332"),
            (0x41b3de4355555554, "333333333.33333325"),
            (0x41b3de4355555555, "333333333.3333333"),
            (0x41b3de4355555556, "333333333.3333334"),
            (0x41b3de4355555557, "333333333.33333343"),
            (0xbecbf647612f3696, "-0.0000033333333333333333"),
        ] {
            assert_eq!(
                format_double(f64::from_bits(bits)).unwrap(),
                text,
                "{bits:#x}"
            );
        }
        assert!(format_double(f64::NAN).is_err());
        assert!(format_double(f64::INFINITY).is_err());
    }

    /// What a sealed artifact may not be, though a lenient reader would
    /// take it for one: repeated names (readers differ on which wins),
    /// bytes after the value, a BOM, a lone surrogate, another spelling of
    /// a number or string.
    #[test]
    fn only_the_one_canonical_spelling_is_canonical() {
        assert!(is_canonical(br#"{"a":1,"b":"x"}"#));
        for bad in [
            &br#"{"a":1,"a":1}"#[..],
            br#"{"a":1,"b":"x"} "#,
            br#"{"a":1,"b":"x"}x"#,
            b"\xef\xbb\xbf{\"a\":1}",
            br#"{"a":"\ud800"}"#,
            br#"{"a":1.0}"#,
            br#"{"a":-0}"#,
            br#"{"a":"\u0041"}"#,
            br#"{"a":"\u001F"}"#,
        ] {
            assert!(!is_canonical(bad), "{}", String::from_utf8_lossy(bad));
        }
        assert!(is_canonical(br#"{"a":"\u001f"}"#));
    }

    #[test]
    fn canonical_output_is_a_fixed_point() {
        let c = canonicalize(br#"{"b":[1,{"z":null,"a":"x"}],"a":"\u00e9\t"}"#).unwrap();
        assert_eq!(c, r#"{"a":"é\t","b":[1,{"a":"x","z":null}]}"#.as_bytes());
        assert!(is_canonical(&c));
        assert!(!is_canonical(br#"{"b":1,"a":2}"#));
        assert!(!is_canonical(br#"{"a": 2}"#));
    }
}
