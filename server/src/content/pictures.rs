//! Smaller copies of raster pictures, for `srcset`: made once, when a picture is stored (an upload or an
//! import), and stored beside it as `{stem}.w480.{ext}` and `{stem}.w960.{ext}`. A phone on conference Wi-Fi
//! then fetches a picture the size of its screen, not the partner's camera original.
//!
//! A picture narrower than a width gets no copy of it: its address serves the picture itself (see
//! [`original_of`]), so a page can name every width without knowing the picture's size. SVG scales by itself;
//! GIF and WebP are kept as they are (no encoder here makes a smaller WebP than the one sent).

pub use crate::domain::picture_copies::{WIDTHS, is_variant, original_of, srcset, variant_name};
use image::{ImageFormat, ImageReader, Limits, imageops::FilterType};
use std::io::Cursor;

/// The copies of a stored picture that are narrower than it: `(width, bytes)`, encoded as the original is.
/// Nothing for other formats, for pictures no wider than the smallest width, or for bytes that do not decode
/// within the limits (the original is stored and served all the same).
pub fn variants(content_type: &str, bytes: &[u8]) -> Vec<(u32, Vec<u8>)> {
    let format = match content_type {
        "image/png" => ImageFormat::Png,
        "image/jpeg" => ImageFormat::Jpeg,
        _ => return Vec::new(),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    // A small file can claim a huge canvas: decoding stops before memory does.
    let mut limits = Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let Ok(picture) = reader.decode() else {
        return Vec::new();
    };
    WIDTHS
        .iter()
        .filter(|w| picture.width() > **w)
        .filter_map(|w| {
            let height = ((picture.height() as u64 * *w as u64) / picture.width() as u64).max(1);
            let smaller = picture.resize_exact(*w, height as u32, FilterType::CatmullRom);
            let mut out = Cursor::new(Vec::new());
            let written = match format {
                ImageFormat::Jpeg => smaller.to_rgb8().write_with_encoder(
                    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82),
                ),
                _ => smaller.write_to(&mut out, ImageFormat::Png),
            };
            written.ok().map(|_| (*w, out.into_inner()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        });
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn names_of_copies_go_both_ways() {
        assert_eq!(
            variant_name("map.png", 480).as_deref(),
            Some("map.w480.png")
        );
        assert_eq!(
            variant_name("a.b.JPG", 960).as_deref(),
            Some("a.b.w960.JPG")
        );
        assert_eq!(variant_name("logo.svg", 480), None);
        assert_eq!(original_of("map.w480.png"), Some(("map.png".into(), 480)));
        assert_eq!(original_of("map.w123.png"), None, "only our widths");
        assert_eq!(original_of("map.png"), None);
        assert_eq!(original_of(".w480.png"), None);
        assert!(is_variant("photo.w960.jpg"));
        assert_eq!(
            srcset("/media/cases/a/map.png").as_deref(),
            Some("/media/cases/a/map.w480.png 480w, /media/cases/a/map.w960.png 960w")
        );
        assert_eq!(srcset("/media/cases/a/map.svg"), None);
    }

    #[test]
    fn a_wide_picture_gets_smaller_copies_and_a_narrow_one_none() {
        let copies = variants("image/png", &png(1200, 600));
        let widths: Vec<u32> = copies.iter().map(|(w, _)| *w).collect();
        assert_eq!(widths, vec![480, 960]);
        let small = image::load_from_memory(&copies[0].1).unwrap();
        assert_eq!((small.width(), small.height()), (480, 240));
        assert_eq!(variants("image/png", &png(700, 300)).len(), 1);
        assert!(variants("image/png", &png(300, 300)).is_empty());
        assert!(variants("image/png", b"\x89PNG\r\n\x1a\nnot really").is_empty());
        assert!(variants("image/svg+xml", b"<svg/>").is_empty());
    }

    #[test]
    fn a_jpeg_copy_is_a_jpeg() {
        let img = image::RgbImage::from_fn(1000, 500, |x, _| image::Rgb([(x % 256) as u8, 10, 10]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Jpeg).unwrap();
        let copies = variants("image/jpeg", &out.into_inner());
        assert_eq!(copies.len(), 2);
        assert!(
            copies
                .iter()
                .all(|(_, b)| b.starts_with(&[0xFF, 0xD8, 0xFF]))
        );
    }
}
