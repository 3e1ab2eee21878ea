//! xs:hexBinary and xs:base64Binary (Part 2 §3.2.15, §3.2.16): the value is the octets, so
//! `0a` equals `0A` and the length facets count octets.

/// Reads hex digits, two per octet, either case.
pub fn parse_hex(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    bytes
        .chunks_exact(2)
        .map(|pair| Some(hex_digit(pair[0])? << 4 | hex_digit(pair[1])?))
        .collect()
}

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Reads the base64 grammar of Part 2 §3.2.16: groups of four characters, single spaces
/// allowed between any two characters (the value has been collapsed, so there are no others),
/// padding only at the end, and the last character before padding one whose unused bits are
/// zero (`B16char` before one `=`, `B04char` before two).
pub fn parse_base64(text: &str) -> Option<Vec<u8>> {
    let mut symbols: Vec<u8> = Vec::with_capacity(text.len());
    for b in text.bytes() {
        if b != b' ' {
            symbols.push(b);
        }
    }
    if !symbols.len().is_multiple_of(4) {
        return None;
    }
    let padding = symbols.iter().rev().take_while(|&&b| b == b'=').count();
    if padding > 2 {
        return None;
    }
    let data = &symbols[..symbols.len() - padding];
    let mut sextets = Vec::with_capacity(data.len());
    for &b in data {
        sextets.push(base64_value(b)?);
    }
    if let Some(&last) = sextets.last() {
        let unused_bits_clear = match padding {
            1 => last & 0b11 == 0,
            2 => last & 0b1111 == 0,
            _ => true,
        };
        if !unused_bits_clear {
            return None;
        }
    }
    let mut octets = Vec::with_capacity(sextets.len() * 3 / 4);
    for chunk in sextets.chunks(4) {
        let mut bits: u32 = 0;
        for (i, &s) in chunk.iter().enumerate() {
            bits |= u32::from(s) << (18 - 6 * i);
        }
        let [_, a, b, c] = bits.to_be_bytes();
        let count = chunk.len() * 6 / 8;
        octets.extend_from_slice(&[a, b, c][..count]);
    }
    Some(octets)
}

fn base64_value(b: u8) -> Option<u8> {
    match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_base64, parse_hex};

    #[test]
    fn hex_binary() {
        assert_eq!(parse_hex("0FB7"), Some(vec![0x0f, 0xb7]));
        assert_eq!(parse_hex("0fb7"), parse_hex("0FB7"));
        assert_eq!(parse_hex(""), Some(vec![]));
        for invalid in ["0FB", "0G", "0x0F", " 0F", "0F 0F"] {
            assert_eq!(parse_hex(invalid), None, "{invalid}");
        }
    }

    #[test]
    fn base64_binary() {
        assert_eq!(parse_base64("aGVsbG8="), Some(b"hello".to_vec()));
        assert_eq!(parse_base64("aGVsbG8h"), Some(b"hello!".to_vec()));
        assert_eq!(parse_base64("aGVsbA=="), Some(b"hell".to_vec()));
        assert_eq!(parse_base64("aGVs bG8="), Some(b"hello".to_vec()));
        assert_eq!(parse_base64("aG Vs bG 8="), Some(b"hello".to_vec()));
        assert_eq!(parse_base64("aGVsbA= ="), Some(b"hell".to_vec()));
        assert_eq!(parse_base64(""), Some(vec![]));
        for invalid in [
            "aGVsbG8",
            "aGVsbG9=",
            "aGVsbB==",
            "aGVs=G8=",
            "a===",
            "====",
            "aGVsbG8=a",
            "aGVs!G8=",
            "aGVsbG8-",
        ] {
            assert_eq!(parse_base64(invalid), None, "{invalid}");
        }
    }
}
