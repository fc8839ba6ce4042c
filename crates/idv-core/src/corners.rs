//! The card's four corners an ID image may carry (the optional form field `corners` of
//! `POST /v1/client/media`): where the app found the card in the photo, so a platform can crop
//! and dewarp it while the photo itself stays whole.
//!
//! One rule for both ends: the app makes its field with [`PhotoCorners::from_points`] (clamped,
//! rounded, put in order, or not sent at all) and the platform, which trusts no client, reads it
//! with [`PhotoCorners::parse`] (anything off is refused with the reason). Both then hold the
//! same checked quadrilateral, written the same way by [`PhotoCorners::to_json`].

use serde::ser::{Serialize, SerializeSeq, Serializer};
use std::fmt;

/// Four points of two short decimals fit in well under this; more is not a corner list.
pub const MAX_TEXT_BYTES: usize = 256;

/// Decimals of each coordinate written: 1/10,000 of the photo is under a pixel of a 2000 px
/// photo.
pub const DECIMALS: i32 = 4;

/// The smallest card worth a crop, as a share of the photo. Below it the "card" is a speck or
/// a sliver: a detector's mistake, not something to dewarp.
pub const MIN_AREA: f64 = 0.01;

/// Top-left, top-right, bottom-right, bottom-left, each `[x, y]` in fractions of the photo's
/// width and height (y down). Only [`PhotoCorners::parse`] and [`PhotoCorners::from_points`]
/// make one, so every value is checked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhotoCorners([[f64; 2]; 4]);

#[derive(Debug, Clone, PartialEq)]
pub enum CornersError {
    TooLong { bytes: usize },
    NotJson(String),
    NotFourPoints,
    NotAPoint { index: usize },
    OutOfRange { index: usize },
    SelfIntersecting,
    CounterClockwise,
    NotConvex,
    TooSmall { area: f64 },
}

const NAMES: [&str; 4] = ["top-left", "top-right", "bottom-right", "bottom-left"];

impl fmt::Display for CornersError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CornersError::TooLong { bytes } => write!(
                f,
                "corners is {bytes} bytes long; send at most {MAX_TEXT_BYTES}."
            ),
            CornersError::NotJson(e) => write!(f, "corners is not valid JSON ({e})."),
            CornersError::NotFourPoints => f.write_str(
                "corners must be a JSON array of exactly 4 points: [[x,y],[x,y],[x,y],[x,y]].",
            ),
            CornersError::NotAPoint { index } => write!(
                f,
                "corners[{index}] ({}) must be [x, y]: exactly 2 numbers.",
                NAMES[*index]
            ),
            CornersError::OutOfRange { index } => write!(
                f,
                "corners[{index}] ({}) lies outside the photo: x and y must be from 0 to 1.",
                NAMES[*index]
            ),
            CornersError::SelfIntersecting => f.write_str(
                "The corners' edges cross each other: list them top-left, top-right, \
                 bottom-right, bottom-left.",
            ),
            CornersError::CounterClockwise => f.write_str(
                "The corners run counter-clockwise: list them clockwise (y down): top-left, \
                 top-right, bottom-right, bottom-left.",
            ),
            CornersError::NotConvex => f.write_str(
                "The corners do not make a convex quadrilateral (a corner bends inwards, or \
                 three lie on one line).",
            ),
            CornersError::TooSmall { area } => write!(
                f,
                "The corners enclose {:.2}% of the photo; at least {:.0}% is needed.",
                area * 100.0,
                MIN_AREA * 100.0
            ),
        }
    }
}

impl PhotoCorners {
    /// Reads the field's text, refusing anything that is not four clockwise corners of a convex
    /// quadrilateral inside the photo, with the reason.
    pub fn parse(text: &str) -> Result<PhotoCorners, CornersError> {
        if text.len() > MAX_TEXT_BYTES {
            return Err(CornersError::TooLong { bytes: text.len() });
        }
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| CornersError::NotJson(e.to_string()))?;
        let points = value
            .as_array()
            .filter(|a| a.len() == 4)
            .ok_or(CornersError::NotFourPoints)?;
        let mut out = [[0.0; 2]; 4];
        for (index, point) in points.iter().enumerate() {
            let xy = point
                .as_array()
                .filter(|a| a.len() == 2)
                .ok_or(CornersError::NotAPoint { index })?;
            for (k, v) in xy.iter().enumerate() {
                let v = v
                    .as_f64()
                    .filter(|v| v.is_finite())
                    .ok_or(CornersError::NotAPoint { index })?;
                if !(0.0..=1.0).contains(&v) {
                    return Err(CornersError::OutOfRange { index });
                }
                out[index][k] = v;
            }
        }
        let corners = PhotoCorners(out);
        corners.check_shape()?;
        Ok(corners)
    }

    /// The app's side: from four `[x, y]` fractions, each clamped to 0..1 and rounded to
    /// [`DECIMALS`] decimals; corners listed counter-clockwise (the top-left kept first) are put
    /// in clockwise order. `None` for anything not finite, or that [`PhotoCorners::parse`] would
    /// refuse: better an upload without corners than a refused photo.
    pub fn from_points(points: [[f64; 2]; 4]) -> Option<PhotoCorners> {
        if points.iter().flatten().any(|v| !v.is_finite()) {
            return None;
        }
        let scale = 10f64.powi(DECIMALS);
        let mut p = points.map(|xy| xy.map(|v| (v.clamp(0.0, 1.0) * scale).round() / scale));
        let turns: Vec<f64> = (0..4)
            .map(|i| turn(p[(i + 3) % 4], p[i], p[(i + 1) % 4]))
            .collect();
        if turns.iter().all(|&t| t < 0.0) {
            p = [p[0], p[3], p[2], p[1]];
        }
        let corners = PhotoCorners(p);
        corners.check_shape().ok().map(|()| corners)
    }

    /// From the core's corners of an analysed frame (fractions of the analysis buffer, which is
    /// the region the photo is cut from).
    pub fn from_found(c: &crate::quality::Corners) -> Option<PhotoCorners> {
        PhotoCorners::from_points(c.map(|p| [f64::from(p.x), f64::from(p.y)]))
    }

    pub fn points(&self) -> [[f64; 2]; 4] {
        self.0
    }

    /// The field's text, and the form the platform stores and logs, the same for every
    /// spelling of the same values: `[[0.0812,0.1034],[0.9188,0.1],[1,0.9],[0,0.8966]]`, each
    /// value with at most [`DECIMALS`] decimals and no trailing zeros.
    pub fn to_json(&self) -> String {
        let points: Vec<String> = self
            .0
            .iter()
            .map(|[x, y]| format!("[{},{}]", decimal(*x), decimal(*y)))
            .collect();
        format!("[{}]", points.join(","))
    }

    /// Reads back what [`PhotoCorners::to_json`] wrote (already judged when it was stored).
    pub fn from_stored(text: &str) -> Option<PhotoCorners> {
        serde_json::from_str::<[[f64; 2]; 4]>(text)
            .ok()
            .map(PhotoCorners)
    }

    /// The enclosed area as a share of the photo (shoelace; positive when clockwise, y down).
    pub fn area(&self) -> f64 {
        let p = &self.0;
        (0..4)
            .map(|i| {
                let (a, b) = (p[i], p[(i + 1) % 4]);
                a[0] * b[1] - b[0] * a[1]
            })
            .sum::<f64>()
            / 2.0
    }

    fn check_shape(&self) -> Result<(), CornersError> {
        let p = &self.0;
        // Opposite edges crossing is the one mistake a wrong order makes that the turns below
        // would only call "not convex": it gets its own message.
        if crosses(p[0], p[1], p[2], p[3]) || crosses(p[1], p[2], p[3], p[0]) {
            return Err(CornersError::SelfIntersecting);
        }
        // With y down, a clockwise turn has a positive cross product. All four turns one way
        // is a convex, simple quadrilateral (four turns, each under half a circle, cannot wind
        // twice); a zero turn is a corner on a line or two corners in one place.
        let turns: Vec<f64> = (0..4)
            .map(|i| turn(p[(i + 3) % 4], p[i], p[(i + 1) % 4]))
            .collect();
        if turns.iter().all(|&t| t < 0.0) {
            return Err(CornersError::CounterClockwise);
        }
        if !turns.iter().all(|&t| t > 0.0) {
            return Err(CornersError::NotConvex);
        }
        let area = self.area();
        // A hair of slack: 0.1 by 0.1 written in decimals is 1% to the reader, not to floats.
        if area < MIN_AREA - 1e-9 {
            return Err(CornersError::TooSmall { area });
        }
        Ok(())
    }
}

impl Serialize for PhotoCorners {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(4))?;
        for point in &self.0 {
            seq.serialize_element(point)?;
        }
        seq.end()
    }
}

/// A fraction with at most [`DECIMALS`] decimals and no trailing zeros: `0.5`, `0.0812`, `1`.
fn decimal(v: f64) -> String {
    let text = format!("{v:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    match text {
        "" | "-0" => "0".to_owned(),
        t => t.to_owned(),
    }
}

/// The cross product of `a → b` and `b → c`.
fn turn(a: [f64; 2], b: [f64; 2], c: [f64; 2]) -> f64 {
    (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0])
}

/// Whether segments `a b` and `c d` cross at a point inside both.
fn crosses(a: [f64; 2], b: [f64; 2], c: [f64; 2], d: [f64; 2]) -> bool {
    turn(a, b, c) * turn(a, b, d) < 0.0 && turn(c, d, a) * turn(c, d, b) < 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARD: &str = "[[0.1,0.2],[0.9,0.15],[0.95,0.8],[0.05,0.85]]";

    #[test]
    fn a_clockwise_card_passes_and_keeps_its_values() {
        let c = PhotoCorners::parse(CARD).unwrap();
        assert_eq!(c.points()[2], [0.95, 0.8]);
        assert!(c.area() > 0.5);
        assert_eq!(PhotoCorners::from_stored(&c.to_json()), Some(c));
        // Whitespace and spelling do not matter; the stored form is one.
        let spaced = PhotoCorners::parse(" [[0.10, 0.2], [0.9,0.15], [0.95,0.8], [5e-2,0.85]] ");
        assert_eq!(spaced.unwrap().to_json(), c.to_json());
        // The photo's own corners: the whole photo is a card.
        assert!(PhotoCorners::parse("[[0,0],[1,0],[1,1],[0,1]]").is_ok());
    }

    #[test]
    fn each_refusal_says_what_is_wrong() {
        let cases: &[(&str, CornersError)] = &[
            ("[[0,0],[1,0],[1,1]]", CornersError::NotFourPoints),
            ("{\"tl\": [0,0]}", CornersError::NotFourPoints),
            (
                "[[0,0],[1,0],[1,1],[0,1],[0.5,0.5]]",
                CornersError::NotFourPoints,
            ),
            (
                "[[0,0],[1,0,0],[1,1],[0,1]]",
                CornersError::NotAPoint { index: 1 },
            ),
            (
                "[[0,0],[1,0],[\"1\",1],[0,1]]",
                CornersError::NotAPoint { index: 2 },
            ),
            (
                "[[0,0],[1,0],[1,1],null]",
                CornersError::NotAPoint { index: 3 },
            ),
            (
                "[[0,0],[1.01,0],[1,1],[0,1]]",
                CornersError::OutOfRange { index: 1 },
            ),
            (
                "[[-0.1,0],[1,0],[1,1],[0,1]]",
                CornersError::OutOfRange { index: 0 },
            ),
            ("[[0,0],[1,1],[1,0],[0,1]]", CornersError::SelfIntersecting),
            ("[[0,0],[0,1],[1,1],[1,0]]", CornersError::CounterClockwise),
            // A dart: the fourth corner bends inwards.
            ("[[0,0],[1,0],[1,1],[0.8,0.2]]", CornersError::NotConvex),
            // Three on a line, and two in one place.
            ("[[0,0],[0.5,0],[1,0],[0,1]]", CornersError::NotConvex),
            ("[[0,0],[0,0],[1,1],[0,1]]", CornersError::NotConvex),
        ];
        for (text, want) in cases {
            assert_eq!(PhotoCorners::parse(text).as_ref(), Err(want), "{text}");
        }
        assert!(matches!(
            PhotoCorners::parse("[[0.5,0.5],[0.55,0.5],[0.55,0.55],[0.5,0.55]]"),
            Err(CornersError::TooSmall { .. })
        ));
        for text in [
            "",
            "[[0,0],[1,0],[1,1],[0,1]",
            "[[NaN,0],[1,0],[1,1],[0,1]]",
        ] {
            assert!(
                matches!(PhotoCorners::parse(text), Err(CornersError::NotJson(_))),
                "{text}"
            );
        }
        // Too large to be a double: refused rather than read as infinity.
        assert!(PhotoCorners::parse("[[1e400,0],[1,0],[1,1],[0,1]]").is_err());
        let long = format!("{CARD}{}", " ".repeat(MAX_TEXT_BYTES));
        assert_eq!(
            PhotoCorners::parse(&long),
            Err(CornersError::TooLong { bytes: long.len() })
        );
    }

    #[test]
    fn one_percent_is_enough() {
        // 0.1 x 0.1, and a hair less.
        assert!(PhotoCorners::parse("[[0.2,0.2],[0.3,0.2],[0.3,0.3],[0.2,0.3]]").is_ok());
        assert!(PhotoCorners::parse("[[0.2,0.2],[0.299,0.2],[0.299,0.3],[0.2,0.3]]").is_err());
    }

    #[test]
    fn messages_name_the_corner() {
        let e = PhotoCorners::parse("[[0,0],[1,0],[1,2],[0,1]]").unwrap_err();
        assert!(e.to_string().contains("corners[2] (bottom-right)"), "{e}");
    }
}
