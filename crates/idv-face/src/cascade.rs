//! The cascade's data and its compact binary form.
//!
//! The binary form (`LBPC`, version 1, little-endian) exists so the worker does not carry an
//! XML parser: a header (magic, version, window width and height), the feature rectangles
//! (`x y w h` as bytes), then the stages (threshold, then per weak classifier: feature index,
//! the 256-bit category subset as eight `i32`, and the two leaf values).

use std::fmt;

/// One LBP feature: a 3x3 grid of `w` x `h` blocks whose top-left block starts at `(x, y)`
/// inside the detection window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feature {
    pub x: u8,
    pub y: u8,
    pub w: u8,
    pub h: u8,
}

/// A decision stump on one feature's 8-bit LBP code: `left` when the code's bit is set in
/// `subset`, `right` otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct Weak {
    pub feature: u16,
    pub subset: [i32; 8],
    pub left: f32,
    pub right: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub threshold: f32,
    pub weak: Vec<Weak>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cascade {
    pub width: u8,
    pub height: u8,
    pub features: Vec<Feature>,
    pub stages: Vec<Stage>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelError {
    /// The bytes end before the model does.
    Truncated,
    BadMagic,
    /// A feature index, block or size that does not fit the window.
    OutOfRange,
    /// The XML lacks something the cascade needs (its message says what).
    Xml(&'static str),
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::Truncated => f.write_str("the model ends too early"),
            ModelError::BadMagic => f.write_str("not an LBPC model"),
            ModelError::OutOfRange => f.write_str("a feature does not fit the window"),
            ModelError::Xml(what) => write!(f, "the cascade XML: {what}"),
        }
    }
}

impl std::error::Error for ModelError {}

const MAGIC: &[u8; 4] = b"LBPC";
const VERSION: u8 = 1;

struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let (head, rest) = self
            .bytes
            .split_first_chunk::<N>()
            .ok_or(ModelError::Truncated)?;
        self.bytes = rest;
        Ok(*head)
    }
    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take::<1>()?[0])
    }
    fn u16(&mut self) -> Result<u16, ModelError> {
        Ok(u16::from_le_bytes(self.take()?))
    }
    fn i32(&mut self) -> Result<i32, ModelError> {
        Ok(i32::from_le_bytes(self.take()?))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.take()?))
    }
}

impl Cascade {
    pub fn from_bytes(bytes: &[u8]) -> Result<Cascade, ModelError> {
        let mut r = Reader { bytes };
        if &r.take::<4>()? != MAGIC || r.u8()? != VERSION {
            return Err(ModelError::BadMagic);
        }
        let (width, height) = (r.u8()?, r.u8()?);
        let features = (0..r.u16()?)
            .map(|_| {
                Ok(Feature {
                    x: r.u8()?,
                    y: r.u8()?,
                    w: r.u8()?,
                    h: r.u8()?,
                })
            })
            .collect::<Result<Vec<_>, ModelError>>()?;
        let mut stages = Vec::new();
        for _ in 0..r.u16()? {
            let threshold = r.f32()?;
            let mut weak = Vec::new();
            for _ in 0..r.u16()? {
                let feature = r.u16()?;
                let mut subset = [0; 8];
                for s in &mut subset {
                    *s = r.i32()?;
                }
                weak.push(Weak {
                    feature,
                    subset,
                    left: r.f32()?,
                    right: r.f32()?,
                });
            }
            stages.push(Stage { threshold, weak });
        }
        let cascade = Cascade {
            width,
            height,
            features,
            stages,
        };
        cascade.check()?;
        Ok(cascade)
    }

    /// Every index and block inside the window, so detection can index without checks failing.
    fn check(&self) -> Result<(), ModelError> {
        let fits = |f: &Feature| {
            f.w > 0
                && f.h > 0
                && u32::from(f.x) + 3 * u32::from(f.w) <= u32::from(self.width)
                && u32::from(f.y) + 3 * u32::from(f.h) <= u32::from(self.height)
        };
        let indices_ok = self
            .stages
            .iter()
            .flat_map(|s| &s.weak)
            .all(|w| usize::from(w.feature) < self.features.len());
        if self.width == 0 || self.height == 0 || !self.features.iter().all(fits) || !indices_ok {
            return Err(ModelError::OutOfRange);
        }
        Ok(())
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend([VERSION, self.width, self.height]);
        out.extend((self.features.len() as u16).to_le_bytes());
        for f in &self.features {
            out.extend([f.x, f.y, f.w, f.h]);
        }
        out.extend((self.stages.len() as u16).to_le_bytes());
        for s in &self.stages {
            out.extend(s.threshold.to_le_bytes());
            out.extend((s.weak.len() as u16).to_le_bytes());
            for w in &s.weak {
                out.extend(w.feature.to_le_bytes());
                for v in w.subset {
                    out.extend(v.to_le_bytes());
                }
                out.extend(w.left.to_le_bytes());
                out.extend(w.right.to_le_bytes());
            }
        }
        out
    }

    /// Reads an OpenCV `opencv-cascade-classifier` file of LBP stumps (the format of
    /// `data/lbpcascades/*.xml`). Only what that format holds is understood; anything else is
    /// an error, not a guess.
    pub fn from_opencv_xml(xml: &str) -> Result<Cascade, ModelError> {
        if inner(xml, "featureType").map(str::trim) != Some("LBP") {
            return Err(ModelError::Xml("featureType is not LBP"));
        }
        let number = |tag: &'static str| -> Result<u8, ModelError> {
            inner(xml, tag)
                .and_then(|v| v.trim().parse().ok())
                .ok_or(ModelError::Xml(tag))
        };
        let (width, height) = (number("width")?, number("height")?);
        let stages_xml = inner(xml, "stages").ok_or(ModelError::Xml("stages"))?;
        let mut stages = Vec::new();
        for stage in all(stages_xml, "stageThreshold").zip(all(stages_xml, "weakClassifiers")) {
            let threshold = stage
                .0
                .trim()
                .parse()
                .map_err(|_| ModelError::Xml("stageThreshold"))?;
            let mut weak = Vec::new();
            for (nodes, leaves) in all(stage.1, "internalNodes").zip(all(stage.1, "leafValues")) {
                let n: Vec<i64> = numbers(nodes).ok_or(ModelError::Xml("internalNodes"))?;
                let l: Vec<f32> = numbers(leaves).ok_or(ModelError::Xml("leafValues"))?;
                // `left right feature subset×8`: a single stump per weak classifier.
                if n.len() != 11 || l.len() != 2 {
                    return Err(ModelError::Xml("a weak classifier is not a stump"));
                }
                let mut subset = [0; 8];
                for (s, v) in subset.iter_mut().zip(&n[3..]) {
                    *s = *v as i32;
                }
                weak.push(Weak {
                    feature: u16::try_from(n[2]).map_err(|_| ModelError::OutOfRange)?,
                    subset,
                    left: l[0],
                    right: l[1],
                });
            }
            stages.push(Stage { threshold, weak });
        }
        let features_xml = inner(xml, "features").ok_or(ModelError::Xml("features"))?;
        let features = all(features_xml, "rect")
            .map(|r| match numbers::<u8>(r).as_deref() {
                Some(&[x, y, w, h]) => Ok(Feature { x, y, w, h }),
                _ => Err(ModelError::Xml("rect")),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let cascade = Cascade {
            width,
            height,
            features,
            stages,
        };
        cascade.check()?;
        Ok(cascade)
    }
}

/// The text between the first `<tag>` and its `</tag>`.
fn inner<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    all(xml, tag).next()
}

fn all<'a>(xml: &'a str, tag: &str) -> impl Iterator<Item = &'a str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut rest = xml;
    std::iter::from_fn(move || {
        let start = rest.find(&open)? + open.len();
        let end = start + rest[start..].find(&close)?;
        let found = &rest[start..end];
        rest = &rest[end + close.len()..];
        Some(found)
    })
}

fn numbers<T: std::str::FromStr>(text: &str) -> Option<Vec<T>> {
    text.split_whitespace().map(|v| v.parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = include_str!("../model/lbpcascade_frontalface_opencv.xml");

    #[test]
    fn the_opencv_file_reads_as_20_stages_of_139_stumps_on_136_features() {
        let c = Cascade::from_opencv_xml(XML).unwrap();
        assert_eq!((c.width, c.height), (24, 24));
        assert_eq!(c.stages.len(), 20);
        assert_eq!(c.stages.iter().map(|s| s.weak.len()).sum::<usize>(), 139);
        assert_eq!(c.features.len(), 136);
        assert_eq!(c.stages[0].weak[0].feature, 46);
        assert_eq!(c.stages[0].weak[0].subset[0], -67130709);
        assert_eq!(
            c.features[135],
            Feature {
                x: 18,
                y: 0,
                w: 2,
                h: 2
            }
        );
    }

    // The committed binary is exactly the conversion of the committed XML; regenerate with
    // `IDV_WRITE_MODEL=1 cargo test -p idv-face`.
    #[test]
    fn the_committed_model_is_the_opencv_file() {
        let bytes = Cascade::from_opencv_xml(XML).unwrap().to_bytes();
        if std::env::var_os("IDV_WRITE_MODEL").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/model/frontalface.lbpc");
            std::fs::write(path, &bytes).unwrap();
        }
        assert_eq!(bytes, crate::FRONTAL_FACE);
        assert_eq!(
            Cascade::from_bytes(&bytes).unwrap(),
            Cascade::from_opencv_xml(XML).unwrap()
        );
    }

    #[test]
    fn every_prefix_of_the_model_is_refused_without_a_panic() {
        for len in 0..crate::FRONTAL_FACE.len() {
            assert!(
                Cascade::from_bytes(&crate::FRONTAL_FACE[..len]).is_err(),
                "{len}"
            );
        }
    }

    #[test]
    fn a_feature_outside_the_window_is_refused() {
        let mut c = Cascade::from_bytes(crate::FRONTAL_FACE).unwrap();
        c.features[0] = Feature {
            x: 20,
            y: 0,
            w: 2,
            h: 2,
        };
        assert_eq!(
            Cascade::from_bytes(&c.to_bytes()),
            Err(ModelError::OutOfRange)
        );
        let mut c = Cascade::from_bytes(crate::FRONTAL_FACE).unwrap();
        c.stages[3].weak[0].feature = 136;
        assert_eq!(
            Cascade::from_bytes(&c.to_bytes()),
            Err(ModelError::OutOfRange)
        );
        assert_eq!(Cascade::from_bytes(b"XXXX\x01"), Err(ModelError::BadMagic));
    }

    #[test]
    fn other_cascades_are_refused_by_name() {
        let haar = XML.replace("<featureType>LBP", "<featureType>HAAR");
        assert!(matches!(
            Cascade::from_opencv_xml(&haar),
            Err(ModelError::Xml(_))
        ));
        assert!(Cascade::from_opencv_xml("").is_err());
    }
}
