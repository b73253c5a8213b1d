//! The site's QR code for `card.html`: the `qrcode` crate encodes the URL,
//! and the modules are drawn here as one SVG path (no `<?xml?>` header, no
//! style), with the quiet zone of four modules the standard asks for.

use super::text::escape;
use qrcode::{Color, EcLevel, QrCode};

/// Modules of white border around the code (ISO/IEC 18004: at least 4).
const QUIET: usize = 4;

/// `text` as a QR code in inline SVG, `size` CSS pixels square, labelled
/// `label` for screen readers; `None` when it is too long to encode.
pub fn qr_svg(text: &str, size: u32, label: &str) -> Option<String> {
    // Level M: readable with a little damage, still small for a URL.
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let mut path = String::new();
    for (i, c) in colors.iter().enumerate() {
        if *c == Color::Dark {
            let (x, y) = (i % width + QUIET, i / width + QUIET);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    let total = width + 2 * QUIET;
    let id = format!("qr-{:08x}-{size}", fnv(text));
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {total} {total}\" width=\"{size}\" height=\"{size}\" role=\"img\" aria-labelledby=\"{id}\" shape-rendering=\"crispEdges\"><title id=\"{id}\">{}</title><rect width=\"{total}\" height=\"{total}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
        escape(label)
    ))
}

/// A short hash for the element id (deterministic, no collisions that matter
/// on one page).
fn fnv(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_square_code_with_a_quiet_zone() {
        let svg = qr_svg("https://isms.example.co.jp/report.html", 160, "QR <code>").unwrap();
        assert!(svg.starts_with("<svg class=\"qr\""));
        assert!(svg.contains("<title id=\"qr-"), "{svg}");
        assert!(svg.contains("QR &lt;code&gt;"));
        // Version 3 (29 modules) for this URL at level M, plus 2 × 4.
        assert!(svg.contains("viewBox=\"0 0 37 37\""), "{svg}");
        assert_eq!(
            svg,
            qr_svg("https://isms.example.co.jp/report.html", 160, "QR <code>").unwrap()
        );
    }
}
