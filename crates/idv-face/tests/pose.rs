//! Faces and head yaw from BlazeFace on real photographs (scikit-image's, public domain or CC0:
//! crates/idv-fixtures/photos/SOURCES.md), and on their mirror images, which turn the other way.
mod common;

use common::mirror;
use idv_face::blazeface::{Detector, Face};

fn rgb(name: &str) -> (Vec<u8>, usize, usize) {
    common::rgb(&format!(
        "{}/../idv-fixtures/photos/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
}

fn faces(px: &[u8], w: usize, h: usize) -> Vec<Face> {
    Detector::new().unwrap().detect(px, w, h).unwrap()
}

/// The one face in `name` (and in its mirror image): its yaw, then the mirrored one's.
fn one_face(name: &str) -> (Face, Face) {
    let (px, w, h) = rgb(name);
    let (f, m) = (faces(&px, w, h), faces(&mirror(&px, w, h), w, h));
    assert_eq!(f.len(), 1, "{name}: {f:?}");
    assert_eq!(m.len(), 1, "{name} mirrored: {m:?}");
    (f[0].clone(), m[0].clone())
}

#[test]
fn a_face_looking_at_the_camera_has_a_small_yaw() {
    let (f, m) = one_face("astronaut.png");
    assert!(f.score >= 0.8, "{f:?}");
    // The nose tip inside the box, the eyes above it, the mouth below.
    let [re, le, nose, mouth, ..] = f.keypoints;
    let [x, y, bw, bh] = f.bbox;
    assert!(
        nose.x > x && nose.x < x + bw && nose.y > y && nose.y < y + bh,
        "{f:?}"
    );
    assert!(re.y < nose.y && le.y < nose.y && mouth.y > nose.y, "{f:?}");
    // The subject's right eye is on the left of an unmirrored picture.
    assert!(re.x < le.x, "{f:?}");
    assert!(f.yaw().abs() < 12.0, "yaw {}", f.yaw());
    assert!(m.yaw().abs() < 12.0, "mirrored yaw {}", m.yaw());
}

#[test]
fn a_turned_head_has_the_sign_of_its_turn_and_its_mirror_the_other() {
    // The cameraman looks through his camera, on the right of the picture: turned to his left.
    let (f, m) = one_face("camera.png");
    assert!(f.yaw() >= 10.0, "yaw {}", f.yaw());
    assert!(m.yaw() <= -10.0, "mirrored yaw {}", m.yaw());
}

#[test]
fn no_face_on_surfaces() {
    for name in ["brick.png", "coffee.png", "gravel.png", "text.png"] {
        let (px, w, h) = rgb(name);
        assert_eq!(faces(&px, w, h), vec![], "{name}");
    }
}

#[test]
fn a_bad_picture_is_an_error() {
    let mut d = Detector::new().unwrap();
    assert!(d.detect(&[0; 10], 4, 4).is_err());
    assert!(d.detect(&[], 0, 0).is_err());
}
