//! A first-page preview of a PDF without a PDF renderer.
//!
//! Most scanned bills and statements are PDFs whose first page draws one embedded JPEG (an image
//! XObject with `/Filter /DCTDecode`): the JPEG's bytes sit in the file as they are, so a browser
//! can show them as an image. [`first_page_jpeg`] finds that image and returns where its bytes
//! are; the app shows them, or a document card when there is none.
//!
//! The first page is found through the catalog's page tree (depth first, the first leaf),
//! falling back to the first page object in the file; its resources may be inherited from the
//! tree. Its image XObjects, and those of forms it draws (a few levels deep), are candidates: a
//! JPEG alone (no other filter), neither a stencil mask nor remapped by `/Decode` (a browser would
//! show such an image wrongly). The largest candidate is the page only if it is shaped like the
//! page (within [`ASPECT_TOLERANCE`], either way round for a rotated scan) and at least
//! [`MIN_SHORT_SIDE`] pixels on its short side: a logo or a signature on a text PDF is not its
//! first page, and a preview showing only it would mislead.
//!
//! Dictionaries kept in compressed object streams are read too (images never are: a stream
//! cannot be inside another). An encrypted file has encrypted streams: no preview. Bad input
//! gives `None`, never a panic; the work stays linear in the file's size and capped like
//! [`super::inspect_document`]'s.

use super::*;
use std::cell::Cell;
use std::collections::BTreeSet;
use std::ops::Range;

/// The largest image counts as the page when its width:height is within this share of the
/// page's.
pub const ASPECT_TOLERANCE: f64 = 0.15;
/// ...and its short side has at least this many pixels (smaller would not be readable anyway).
pub const MIN_SHORT_SIDE: u64 = 300;
/// Nodes of the page tree visited at most while looking for the first page.
const MAX_TREE_NODES: usize = 4096;
/// Bytes of dictionaries read at most while looking (each object is read a few times at most;
/// this bounds what a hostile file of loops and references can cost).
const MAX_WORK: usize = 64 * 1024 * 1024;
/// How many parents up an inherited attribute is looked for.
const MAX_PARENTS: usize = 64;
/// Forms drawing forms are followed this deep.
const MAX_FORM_DEPTH: u32 = 3;

/// A JPEG inside a PDF that shows its first page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageImage {
    /// Where the JPEG's bytes are in the PDF.
    pub bytes: Range<usize>,
    pub width: u32,
    pub height: u32,
}

/// The JPEG that shows the first page of the PDF `b`, if there is one (see the module's notes).
pub fn first_page_jpeg(b: &[u8]) -> Option<PageImage> {
    let header = pdf_header(b)?;
    let mut bad = Bad(0);
    let scanned = scan(b, header, &mut bad).ok()?;
    if scanned.encrypted {
        return None;
    }
    let objects = Objects::new(b, &scanned, &mut bad);
    let page = objects.first_page()?;
    let media_box = objects.inherited(&page, "MediaBox").and_then(rectangle)?;
    let resources = objects
        .inherited(&page, "Resources")
        .and_then(|r| objects.resolve(r));
    let mut best: Option<PageImage> = None;
    let mut data_len = 0;
    if let Some(resources) = resources {
        objects.images(&resources, 0, &mut |image, len| {
            let area = |i: &PageImage| u64::from(i.width) * u64::from(i.height);
            if best
                .as_ref()
                .is_none_or(|b| (area(&image), len) > (area(b), data_len))
            {
                best = Some(image);
                data_len = len;
            }
        });
    }
    best.filter(|image| shaped_like(image, media_box))
}

/// Is the image the page: shaped like it, and large enough?
fn shaped_like(image: &PageImage, (page_w, page_h): (f64, f64)) -> bool {
    let (w, h) = (u64::from(image.width), u64::from(image.height));
    if w.min(h) < MIN_SHORT_SIDE || page_w <= 0.0 || page_h <= 0.0 {
        return false;
    }
    let ratio = w as f64 / h as f64;
    let page = page_w / page_h;
    let close = |target: f64| (ratio / target - 1.0).abs() <= ASPECT_TOLERANCE;
    close(page) || close(1.0 / page)
}

/// A rectangle `[x1 y1 x2 y2]`: its width and height.
fn rectangle(value: &[u8]) -> Option<(f64, f64)> {
    let inner = value.strip_prefix(b"[")?.strip_suffix(b"]")?;
    let numbers: Vec<f64> = inner
        .split(|&c| is_white(c))
        .filter(|t| !t.is_empty())
        .map(|t| std::str::from_utf8(t).ok()?.parse::<f64>().ok())
        .collect::<Option<_>>()?;
    match numbers[..] {
        [x1, y1, x2, y2] if [x1, y1, x2, y2].iter().all(|n| n.is_finite()) => {
            Some(((x2 - x1).abs(), (y2 - y1).abs()))
        }
        _ => None,
    }
}

/// The object number of an indirect reference `12 0 R`.
fn reference(value: &[u8]) -> Option<u64> {
    let mut parts = value.split(|&c| is_white(c)).filter(|t| !t.is_empty());
    let number = integer(parts.next())?;
    let generation = parts.next()?;
    (generation.iter().all(u8::is_ascii_digit) && parts.next()? == b"R" && parts.next().is_none())
        .then_some(number)
}

/// The values of an array `[...]`, references as one value each.
fn array_items(value: &[u8]) -> Vec<&[u8]> {
    let mut items = Vec::new();
    if value.first() != Some(&b'[') {
        return items;
    }
    let mut j = skip_space(value, 1);
    while let Some(&c) = value.get(j) {
        if c == b']' {
            break;
        }
        let Some(end) = value_end(value, j, 1) else {
            break;
        };
        items.push(&value[j..end]);
        j = skip_space(value, end);
    }
    items
}

/// Is the filter exactly `/DCTDecode` (a name, or an array of that one name)?
fn dct_only(filter: Option<&[u8]>) -> bool {
    let Some(filter) = filter else {
        return false;
    };
    if filter.first() == Some(&b'[') {
        matches!(array_items(filter)[..], [one] if is_name(Some(one), "DCTDecode"))
    } else {
        is_name(Some(filter), "DCTDecode")
    }
}

/// Where an object's dictionary is: in the file, or in an inflated object stream.
struct Entry {
    /// `None`: the file; `Some(k)`: the `k`th inflated object stream.
    packed: Option<usize>,
    dict_at: usize,
    stream: Option<Range<usize>>,
}

/// Every object of the file that starts with a dictionary, by number.
struct Objects<'a> {
    file: &'a [u8],
    packed: Vec<Vec<u8>>,
    entries: BTreeMap<u64, Entry>,
    /// Bytes of dictionaries read so far (see [`MAX_WORK`]).
    work: Cell<usize>,
}

impl<'a> Objects<'a> {
    fn new(file: &'a [u8], scanned: &Scan<'a>, bad: &mut Bad) -> Objects<'a> {
        let mut entries: BTreeMap<u64, Entry> = scanned
            .located
            .iter()
            .map(|(&number, (dict_at, stream))| {
                let entry = Entry {
                    packed: None,
                    dict_at: *dict_at,
                    stream: stream.clone(),
                };
                (number, entry)
            })
            .collect();
        let mut packed = Vec::new();
        let mut budget = MAX_INFLATED;
        for (dict, data) in &scanned.object_streams {
            let content = match flate_only(dict) {
                Some(true) => match zlib_decompress(data, budget) {
                    Ok(inflated) => inflated,
                    Err(_) => continue,
                },
                Some(false) => data.to_vec(),
                None => continue,
            };
            budget = budget.saturating_sub(content.len());
            let Some(first) = integer(get(dict, "First")).and_then(|f| usize::try_from(f).ok())
            else {
                continue;
            };
            let count = integer(get(dict, "N")).unwrap_or(0);
            let mut i = 0;
            // As for the page count: objects follow each other, so the work stays linear.
            let mut done = 0;
            for _ in 0..count {
                let mut next = || {
                    let at = skip_space(&content, i);
                    let end = regular_end(&content, at);
                    i = end;
                    integer(content.get(at..end))
                };
                let (Some(number), Some(offset)) = (next(), next()) else {
                    break;
                };
                let Some(at) = usize::try_from(offset)
                    .ok()
                    .and_then(|o| o.checked_add(first))
                    .map(|a| skip_space(&content, a))
                    .filter(|&a| a >= done)
                else {
                    continue;
                };
                match bad.dict(read_dict(&content, at)) {
                    Ok(Some((_, end))) => {
                        done = end;
                        let entry = Entry {
                            packed: Some(packed.len()),
                            dict_at: at,
                            stream: None,
                        };
                        entries.insert(number, entry);
                    }
                    Ok(None) => {}
                    Err(_) => break,
                }
            }
            packed.push(content);
        }
        Objects {
            file,
            packed,
            entries,
            work: Cell::new(0),
        }
    }

    fn source(&self, entry: &Entry) -> &[u8] {
        match entry.packed {
            None => self.file,
            Some(k) => &self.packed[k],
        }
    }

    /// The dictionary of object `number`.
    fn dict(&self, number: u64) -> Option<Dict<'_>> {
        let entry = self.entries.get(&number)?;
        if self.work.get() > MAX_WORK {
            return None;
        }
        let (dict, end) = read_dict(self.source(entry), entry.dict_at).ok()??;
        self.work.set(self.work.get() + (end - entry.dict_at));
        Some(dict)
    }

    /// A dictionary given in place (`<< ... >>`) or by reference.
    fn resolve<'s>(&'s self, value: &'s [u8]) -> Option<Dict<'s>> {
        if value.starts_with(b"<<") {
            return read_dict(value, 0).ok()?.map(|(dict, _)| dict);
        }
        self.dict(reference(value)?)
    }

    /// The first page: the first leaf of the catalog's page tree, or else the first page object
    /// in the file.
    fn first_page(&self) -> Option<Dict<'_>> {
        let from_tree = self
            .entries
            .keys()
            .filter_map(|&n| self.dict(n))
            .find(|d| is_name(get(d, "Type"), "Catalog"))
            .and_then(|catalog| get(&catalog, "Pages").and_then(reference))
            .and_then(|root| self.first_leaf(root, &mut BTreeSet::new()));
        from_tree.or_else(|| {
            self.entries
                .iter()
                .filter_map(|(&n, e)| {
                    let dict = self.dict(n)?;
                    is_name(get(&dict, "Type"), "Page").then_some(((e.packed, e.dict_at), dict))
                })
                .min_by_key(|(at, _)| *at)
                .map(|(_, dict)| dict)
        })
    }

    /// Depth first; a node seen before (a loop in a broken tree) is not entered again.
    fn first_leaf(&self, number: u64, seen: &mut BTreeSet<u64>) -> Option<Dict<'_>> {
        if !seen.insert(number) || seen.len() > MAX_TREE_NODES {
            return None;
        }
        let node = self.dict(number)?;
        if is_name(get(&node, "Type"), "Page") {
            return Some(node);
        }
        if !is_name(get(&node, "Type"), "Pages") {
            return None;
        }
        let kids = get(&node, "Kids")?;
        array_items(kids)
            .into_iter()
            .filter_map(reference)
            .find_map(|kid| self.first_leaf(kid, seen))
    }

    /// `key` of the page, or of the nearest node above it that has it (`/Resources` and
    /// `/MediaBox` are inherited through the page tree).
    fn inherited<'s>(&'s self, page: &Dict<'s>, key: &str) -> Option<&'s [u8]> {
        if let Some(value) = get(page, key) {
            return Some(value);
        }
        let mut parent = get(page, "Parent").and_then(reference);
        for _ in 0..MAX_PARENTS {
            let node = self.dict(parent?)?;
            if let Some(value) = get(&node, key) {
                return Some(value);
            }
            parent = get(&node, "Parent").and_then(reference);
        }
        None
    }

    /// Calls `found` with each JPEG image of `resources` (and of the forms it holds) and its
    /// data's length.
    fn images(&self, resources: &Dict<'_>, depth: u32, found: &mut dyn FnMut(PageImage, usize)) {
        let Some(xobjects) = get(resources, "XObject").and_then(|x| self.resolve(x)) else {
            return;
        };
        for (_, value) in xobjects {
            let Some(number) = reference(value) else {
                continue;
            };
            let Some(dict) = self.dict(number) else {
                continue;
            };
            let subtype = get(&dict, "Subtype");
            if is_name(subtype, "Form") && depth < MAX_FORM_DEPTH {
                if let Some(inner) = get(&dict, "Resources").and_then(|r| self.resolve(r)) {
                    self.images(&inner, depth + 1, found);
                }
                continue;
            }
            if !is_name(subtype, "Image")
                || !dct_only(get(&dict, "Filter"))
                || get(&dict, "Decode").is_some()
                || get(&dict, "ImageMask").is_some_and(|v| v == b"true")
            {
                continue;
            }
            let size = |key| {
                integer(get(&dict, key))
                    .and_then(|n| u32::try_from(n).ok())
                    .filter(|&n| n > 0)
            };
            let (Some(width), Some(height)) = (size("Width"), size("Height")) else {
                continue;
            };
            let Some(range) = self.entries.get(&number).and_then(|e| e.stream.clone()) else {
                continue;
            };
            if !self.file[range.clone()].starts_with(&[0xFF, 0xD8, 0xFF]) {
                continue;
            }
            let len = range.len();
            found(
                PageImage {
                    bytes: range,
                    width,
                    height,
                },
                len,
            );
        }
    }
}

#[cfg(test)]
mod tests;
