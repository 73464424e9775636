//! Uploaded images: PNG, JPEG, WebP and SVG, told apart by their bytes, not their names; a name must
//! agree with what the bytes are. SVG is a document that can carry scripts and fetch other files, so what
//! is stored is not what was sent but the SVG rebuilt from an allowlist (`svg::sanitise`); one that is not
//! well-formed, declares entities or carries a script is refused.

use super::EditError;
use crate::content::parse;
use crate::content::svg;

/// The largest image accepted.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub name: String,
    pub content_type: &'static str,
    /// What to store: the rebuilt document for an SVG, the bytes as sent otherwise.
    pub bytes: Vec<u8>,
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

/// Checks an upload (its name, its size, what it is, and that the name says so) and gives the bytes to store.
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
    let bytes = if actual == "image/svg+xml" {
        let text = std::str::from_utf8(bytes).unwrap_or_default();
        let clean = svg::sanitise(text).map_err(|why| {
            EditError::invalid(Some("image"), format!("this SVG is refused: {why}"))
        })?;
        if clean.len() > MAX_BYTES {
            return Err(EditError::invalid(
                Some("image"),
                format!(
                    "the SVG, written out again, is over the {} MiB limit",
                    MAX_BYTES / 1024 / 1024
                ),
            ));
        }
        clean.into_bytes()
    } else {
        bytes.to_vec()
    };
    Ok(Checked {
        name,
        content_type: actual,
        bytes,
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
    fn an_svg_is_stored_as_rebuilt_not_as_sent() {
        let ok = br##"<?xml version="1.0"?><!-- made by hand --><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="10" height="10"/><use href="#g"/></svg>"##;
        let checked = check("ok.svg", ok).unwrap();
        assert_eq!(checked.content_type, "image/svg+xml");
        assert_eq!(
            String::from_utf8(checked.bytes).unwrap(),
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="10" height="10"/><use href="#g"/></svg>"##
        );
        assert_eq!(
            check("a.png", PNG).unwrap().bytes,
            PNG,
            "other images as sent"
        );
    }

    #[test]
    fn an_svg_with_anything_active_is_refused_or_stored_without_it() {
        for (bad, refused) in [
            (
                &br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#[..],
                true,
            ),
            (
                br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:svg="http://www.w3.org/2000/svg"><svg:script>alert(1)</svg:script></svg>"#,
                true,
            ),
            (br#"<svg onload="alert(1)"></svg>"#, true),
            (
                br#"<svg><a href="javascript:alert(1)"><text>x</text></a></svg>"#,
                true,
            ),
            (
                br#"<svg xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="jav&#x09;ascript:alert(1)">x</a></svg>"#,
                true,
            ),
            (
                br#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><svg/>"#,
                true,
            ),
            (br#"<svg><animate onbegin = "alert(1)"/></svg>"#, true),
            (
                br#"<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>"#,
                true,
            ),
            (
                br#"<svg><foreignObject><iframe src="x"/></foreignObject></svg>"#,
                false,
            ),
            (
                br#"<svg><image href="https://evil.example/x.png"/></svg>"#,
                false,
            ),
            (
                br#"<svg><rect style="fill:url(#a) url(https://evil.example/a)"/></svg>"#,
                false,
            ),
            (
                br#"<svg><set attributeName="onmouseover" to="alert(1)"/></svg>"#,
                false,
            ),
        ] {
            let shown = String::from_utf8_lossy(bad);
            match check("bad.svg", bad) {
                Err(e) => {
                    assert!(refused, "{shown}: {e}");
                    assert!(e.to_string().starts_with("this SVG is refused: "), "{e}");
                }
                Ok(checked) => {
                    assert!(!refused, "{shown}");
                    let stored = String::from_utf8(checked.bytes).unwrap().to_lowercase();
                    for active in ["script", "evil", "foreignobject", "iframe", "onmouseover", "set"] {
                        assert!(!stored.contains(active), "{shown} => {stored}");
                    }
                }
            }
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
