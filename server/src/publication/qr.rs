//! QR codes of magazines and cases, drawn as SVG: one path of dark modules inside a white quiet zone, sharp at
//! any size on screen and paper. The address they encode is absolute (`LIKEWISE_PUBLIC_URL`).

use qrcode::{Color, EcLevel, QrCode};

/// Modules of white around the code, as the standard asks for.
pub const QUIET_ZONE: usize = 4;

/// The code of `data` at error correction level M (15 %): enough for a card that gets creased on a stand,
/// small enough for long addresses. `None` only for data too long for any QR code.
pub fn code(data: &str) -> Option<QrCode> {
    QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).ok()
}

/// The code as a standalone SVG document; each row's runs of dark modules are one subpath each. `title` is
/// its accessible name when the file is opened on its own.
pub fn svg(data: &str, title: &str) -> Option<String> {
    let code = code(data)?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET_ZONE;
    let mut path = String::with_capacity(width * width);
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if colors[y * width + x] == Color::Dark {
                let start = x;
                while x < width && colors[y * width + x] == Color::Dark {
                    x += 1;
                }
                let run = x - start;
                path.push_str(&format!(
                    "M{} {}h{run}v1h-{run}z",
                    start + QUIET_ZONE,
                    y + QUIET_ZONE
                ));
            } else {
                x += 1;
            }
        }
    }
    let mut title_text = String::new();
    app::text::escape_into(title, &mut title_text);
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"{px}\" height=\"{px}\" \
         shape-rendering=\"crispEdges\" role=\"img\"><title>{title_text}</title>\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
        px = size * 4
    ))
}

/// The modules an SVG made by [`svg`] draws, read back from its path: `(width in modules, dark modules)`.
/// Tests rasterise this to check what a phone's camera would read.
pub fn modules_of_svg(svg: &str) -> Option<(usize, Vec<bool>)> {
    let view_box = svg.split("viewBox=\"0 0 ").nth(1)?.split(' ').next()?;
    let size: usize = view_box.parse().ok()?;
    let d = svg.split(" d=\"").nth(1)?.split('"').next()?;
    let mut dark = vec![false; size * size];
    for sub in d.split('z').filter(|s| !s.is_empty()) {
        let sub = sub.strip_prefix('M')?;
        let (xy, rest) = sub.split_once('h')?;
        let (x, y) = xy.split_once(' ')?;
        let (x, y): (usize, usize) = (x.parse().ok()?, y.parse().ok()?);
        let run: usize = rest.split_once('v')?.0.parse().ok()?;
        for i in x..x + run {
            *dark.get_mut(y * size + i)? = true;
        }
    }
    Some((size, dark))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes an SVG of ours the way a camera would see it: each module a block of pixels.
    fn decode(svg: &str) -> String {
        let (size, dark) = modules_of_svg(svg).expect("our own path");
        let scale = 6;
        let px = size * scale;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(px, px, |x, y| {
            if dark[(y / scale) * size + x / scale] {
                0
            } else {
                255
            }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one code in the picture");
        grids[0].decode().expect("decodes").1
    }

    #[test]
    fn codes_decode_to_the_address_they_were_made_for() {
        for url in [
            "http://127.0.0.1:3000/en/magazines/like-data-driven",
            "https://likewise.example.eu/da/cases/aalborg-citizen-service-chatbot",
            "https://x.eu/fr/magazines/a-very-long-magazine-slug-that-goes-on-and-on-about-innovation-culture-in-the-north-sea-region",
        ] {
            let svg = svg(url, "QR").unwrap();
            assert_eq!(decode(&svg), url);
        }
    }

    #[test]
    fn the_title_cannot_break_out_of_the_svg() {
        let svg = svg("https://x.eu/", "</title><script>alert(1)</script>").unwrap();
        assert!(!svg.contains("<script"));
        assert!(svg.contains("&lt;/title&gt;"));
    }
}
