//! Uploaded images: PNG, JPEG, WebP and SVG, told apart by their bytes, not their names; a name must
//! agree with what the bytes are. SVG is text that can carry scripts: one with anything active in it
//! (scripts, event handlers, foreign objects, external references, entity declarations) is refused.

use super::EditError;
use crate::content::parse;

/// The largest image accepted.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub name: String,
    pub content_type: &'static str,
}

/// What the bytes are, by their first bytes (and for SVG, their text).
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        let text = std::str::from_utf8(bytes).ok()?;
        let head = text.trim_start_matches('\u{feff}').trim_start();
        let lower: String = head.chars().take(4096).collect::<String>().to_lowercase();
        (lower.starts_with("<svg") || (lower.starts_with("<?xml") && lower.contains("<svg")))
            .then_some("image/svg+xml")
    }
}

/// Why an SVG is refused, if it is.
fn svg_danger(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    if lower.contains("<script") {
        return Some("it contains a script");
    }
    if lower.contains("<!entity") || lower.contains("<!doctype") {
        return Some("it declares entities");
    }
    if lower.contains("<foreignobject")
        || lower.contains("<iframe")
        || lower.contains("<embed")
        || lower.contains("<object")
    {
        return Some("it embeds other documents");
    }
    if compact.contains("javascript:")
        || compact.contains("vbscript:")
        || compact.contains("data:text/html")
    {
        return Some("it contains a script address");
    }
    // An event handler: ` onload=`, `/onclick =`…
    let bytes = lower.as_bytes();
    for i in 1..bytes.len().saturating_sub(2) {
        if (bytes[i - 1].is_ascii_whitespace()
            || bytes[i - 1] == b'/'
            || bytes[i - 1] == b'"'
            || bytes[i - 1] == b'\'')
            && bytes[i] == b'o'
            && bytes[i + 1] == b'n'
        {
            let rest = &lower[i + 2..];
            let name_len = rest.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
            if name_len > 0 && rest[name_len..].trim_start().starts_with('=') {
                return Some("it has an event handler attribute");
            }
        }
    }
    // An animation that sets a handler or an address.
    for (pos, _) in compact.match_indices("attributename=") {
        let value = compact[pos + "attributename=".len()..].trim_start_matches(['"', '\'']);
        if value.starts_with("on") || value.starts_with("href") || value.starts_with("xlink:href") {
            return Some("it animates an event handler or an address");
        }
    }
    // References to anything but a fragment of the file itself or an embedded image.
    for attr in ["href=", "xlink:href=", "src="] {
        for (pos, _) in compact.match_indices(attr) {
            let value = compact[pos + attr.len()..].trim_start_matches(['"', '\'']);
            if !(value.starts_with('#')
                || value.starts_with("data:image/png")
                || value.starts_with("data:image/jpeg"))
            {
                return Some("it refers to another file or address");
            }
        }
    }
    if compact.contains("url(") && !compact.contains("url(#") {
        return Some("it refers to another file or address");
    }
    None
}

/// Checks an upload: its name, its size, what it is, and that the name says so.
pub fn check(name: &str, bytes: &[u8]) -> Result<Checked, EditError> {
    let name = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(name)
        .to_lowercase();
    parse::check_asset_name(&name).map_err(|m| EditError::invalid(Some("image"), m))?;
    if bytes.is_empty() {
        return Err(EditError::invalid(Some("image"), "the file is empty"));
    }
    if bytes.len() > MAX_BYTES {
        return Err(EditError::invalid(
            Some("image"),
            format!(
                "the file is {} bytes, over the {} MiB limit",
                bytes.len(),
                MAX_BYTES / 1024 / 1024
            ),
        ));
    }
    let Some(actual) = sniff(bytes) else {
        return Err(EditError::invalid(
            Some("image"),
            "the file is not a PNG, JPEG, WebP or SVG image",
        ));
    };
    let by_name = parse::media_type(&name);
    if by_name != Some(actual) {
        return Err(EditError::invalid(
            Some("image"),
            format!(
                "the file is {} but its name `{name}` says otherwise",
                match actual {
                    "image/png" => "a PNG image",
                    "image/jpeg" => "a JPEG image",
                    "image/webp" => "a WebP image",
                    _ => "an SVG image",
                }
            ),
        ));
    }
    if actual == "image/svg+xml" {
        let text = std::str::from_utf8(bytes).unwrap_or_default();
        if let Some(why) = svg_danger(text) {
            return Err(EditError::invalid(
                Some("image"),
                format!("this SVG is refused: {why}"),
            ));
        }
    }
    Ok(Checked {
        name,
        content_type: actual,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn an_image_is_known_by_its_bytes_not_its_name() {
        assert_eq!(check("a.png", PNG).unwrap().content_type, "image/png");
        assert!(check("a.jpg", PNG).is_err());
        assert!(check("a.png", b"GIF89a....").is_err());
        assert!(check("a.png", b"<html><script>alert(1)</script>").is_err());
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0rest"), Some("image/jpeg"));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
    }

    #[test]
    fn an_svg_with_anything_active_is_refused() {
        let ok = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="10" height="10"/><use href="#g"/></svg>"##;
        assert!(check("ok.svg", ok).is_ok());
        for bad in [
            &br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#[..],
            br#"<svg onload="alert(1)"></svg>"#,
            br#"<svg><a href="javascript:alert(1)"><text>x</text></a></svg>"#,
            br#"<svg><a xlink:href="jav&#x09;ascript:alert(1)">x</a></svg>"#,
            br#"<svg><foreignObject><iframe src="x"/></foreignObject></svg>"#,
            br#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><svg/>"#,
            br#"<svg><image href="https://evil.example/x.png"/></svg>"#,
            br#"<svg><rect style="fill:url(https://evil.example/a)"/></svg>"#,
            br#"<svg><set attributeName="onmouseover" to="alert(1)"/></svg>"#,
            br#"<svg><animate onbegin = "alert(1)"/></svg>"#,
            br#"<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>"#,
        ] {
            assert!(
                check("bad.svg", bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn an_oversized_or_empty_file_is_refused() {
        let mut big = PNG.to_vec();
        big.resize(MAX_BYTES + 1, 0);
        let e = check("a.png", &big).unwrap_err().to_string();
        assert!(e.contains("over the 5 MiB limit"), "{e}");
        assert!(check("a.png", b"").is_err());
    }
}
