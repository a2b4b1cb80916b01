//! The default catalogue (exactly PRODUCT.md), media, the catalogue view and
//! the icons (valid path data inside the 24×24 box).

use ablauf_model::{Catalogue, ICONS, MEDIA, default_catalogue, icon, medium_label};
use std::collections::HashSet;

#[test]
fn default_catalogue_is_product_md() {
    let expected: &[(&str, &[&str])] = &[
        (
            "Informationsfluss",
            &["Eingang", "Ausgang", "Weiterleiten", "Warten"],
        ),
        (
            "Dokumentation",
            &[
                "Erstellen",
                "Erfassen/Registrieren",
                "Bearbeiten",
                "Ablegen/Archivieren",
            ],
        ),
        (
            "Inhaltliche Arbeit",
            &[
                "Sichten",
                "Formell prüfen",
                "Inhaltlich prüfen",
                "Entscheiden",
                "Berechnen",
                "Zeichnen/Unterschreiben",
                "Zahlung annehmen",
                "Auszahlen",
            ],
        ),
        (
            "Medienwechsel",
            &[
                "In IT-System eingeben",
                "Scannen",
                "Drucken",
                "Kopieren/Vervielfältigen",
            ],
        ),
        (
            "Informationsbeschaffung",
            &[
                "Recherchieren",
                "Rückfrage",
                "Abstimmen/Beteiligen",
                "Beraten",
            ],
        ),
        ("Sonstiges", &["Ortswechsel", "Spezielle Tätigkeit"]),
    ];
    let cat = default_catalogue();
    let got: Vec<(&str, Vec<&str>)> = cat
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.blocks.iter().map(|b| b.name.as_str()).collect(),
            )
        })
        .collect();
    let want: Vec<(&str, Vec<&str>)> = expected.iter().map(|(c, b)| (*c, b.to_vec())).collect();
    assert_eq!(got, want);

    let mut keys = HashSet::new();
    for c in &cat {
        for key in std::iter::once(&c.key).chain(c.blocks.iter().map(|b| &b.key)) {
            assert!(
                !key.is_empty()
                    && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
                    && !key.starts_with('-')
                    && !key.ends_with('-')
                    && !key.contains("--"),
                "{key} is not ASCII kebab-case"
            );
            assert!(keys.insert(key.clone()), "{key} twice");
        }
        for b in &c.blocks {
            assert!(!b.description.is_empty() && !b.hidden);
            assert!(
                icon(&b.icon).is_some(),
                "{}: icon {} missing",
                b.key,
                b.icon
            );
        }
    }
    assert!(keys.contains("formell-pruefen"));
}

#[test]
fn catalogue_view() {
    let mut cat = Catalogue::default();
    assert_eq!(cat.blocks().count(), 26);
    assert_eq!(cat.block("scannen").unwrap().name, "Scannen");
    assert_eq!(cat.category_of("scannen").unwrap().name, "Medienwechsel");
    assert!(cat.set_hidden("scannen", true));
    assert!(!cat.set_hidden("gibt-es-nicht", true));
    assert!(
        cat.block("scannen").unwrap().hidden,
        "hidden blocks are still found"
    );
    let visible: Vec<&str> = cat
        .visible()
        .iter()
        .flat_map(|(_, b)| b.iter().map(|b| b.key.as_str()))
        .collect();
    assert!(!visible.contains(&"scannen") && visible.contains(&"drucken"));
    for k in ["ortswechsel", "spezielle-taetigkeit"] {
        cat.set_hidden(k, true);
    }
    assert!(cat.visible().iter().all(|(c, _)| c.key != "sonstiges"));
    assert_eq!(cat.icon_of("drucken").unwrap().key, "drucken");
    // The view is stored as JSON; `hidden` only appears when set.
    let json = serde_json::to_string(&cat).unwrap();
    assert_eq!(json.matches("\"hidden\":true").count(), 3);
    assert!(!json.contains("\"hidden\":false"));
    assert_eq!(serde_json::from_str::<Catalogue>(&json).unwrap(), cat);
}

#[test]
fn media() {
    let keys: Vec<(&str, &str)> = MEDIA.to_vec();
    assert_eq!(
        keys,
        [
            ("papier", "Papier"),
            ("email", "E-Mail"),
            ("fax", "Fax"),
            ("portal", "Online-Portal"),
            ("eakte", "E-Akte"),
            ("telefon", "Telefon"),
            ("persoenlich", "Persönlich"),
        ]
    );
    assert_eq!(medium_label("eakte"), Some("E-Akte"));
    assert_eq!(medium_label("x"), None);
}

/// A small SVG path interpreter: every coordinate (end and control points,
/// the full extent of arcs) must lie inside the 24×24 box.
fn check_path(key: &str, d: &str) {
    let mut toks: Vec<Tok> = Vec::new();
    let b = d.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i] as char;
        if c.is_ascii_alphabetic() {
            assert!("MmLlHhVvCcSsQqTtAaZz".contains(c), "{key}: bad command {c}");
            toks.push(Tok::Cmd(c));
            i += 1;
        } else if c == ' ' || c == ',' {
            i += 1;
        } else {
            let start = i;
            if b[i] == b'-' || b[i] == b'+' {
                i += 1;
            }
            let mut dot = false;
            while i < b.len() && (b[i].is_ascii_digit() || (b[i] == b'.' && !dot)) {
                dot |= b[i] == b'.';
                i += 1;
            }
            let n: f64 = d[start..i]
                .parse()
                .unwrap_or_else(|_| panic!("{key}: bad number at {start} in {d}"));
            toks.push(Tok::Num(n));
        }
    }
    let inside = |x: f64, y: f64, what: &str| {
        assert!(
            (0.0..=24.0).contains(&x) && (0.0..=24.0).contains(&y),
            "{key}: {what} ({x}, {y}) outside the 24×24 box"
        );
    };
    let (mut cx, mut cy, mut sx, mut sy) = (0.0, 0.0, 0.0, 0.0);
    let mut k = 0;
    let mut cmd = ' ';
    let mut first = true;
    while k < toks.len() {
        if let Tok::Cmd(c) = toks[k] {
            cmd = c;
            k += 1;
            if first {
                assert!(c == 'M', "{key}: path must start with M");
                first = false;
            }
            if c.eq_ignore_ascii_case(&'z') {
                cx = sx;
                cy = sy;
                continue;
            }
        }
        let args = match cmd.to_ascii_lowercase() {
            'm' | 'l' | 't' => 2,
            'h' | 'v' => 1,
            'c' => 6,
            's' | 'q' => 4,
            'a' => 7,
            _ => panic!("{key}: numbers after {cmd}"),
        };
        let mut n = Vec::with_capacity(args);
        for _ in 0..args {
            match toks.get(k) {
                Some(Tok::Num(v)) => n.push(*v),
                _ => panic!("{key}: {cmd} needs {args} numbers"),
            }
            k += 1;
        }
        let rel = cmd.is_ascii_lowercase();
        let (ox, oy) = if rel { (cx, cy) } else { (0.0, 0.0) };
        match cmd.to_ascii_lowercase() {
            'h' => cx = n[0] + if rel { cx } else { 0.0 },
            'v' => cy = n[0] + if rel { cy } else { 0.0 },
            'a' => {
                let (x1, y1) = (cx, cy);
                let (x2, y2) = (n[5] + ox, n[6] + oy);
                arc_inside(
                    key,
                    (x1, y1),
                    (x2, y2),
                    n[0],
                    n[1],
                    n[3] != 0.0,
                    n[4] != 0.0,
                    &inside,
                );
                cx = x2;
                cy = y2;
            }
            _ => {
                for p in n.chunks(2) {
                    inside(p[0] + ox, p[1] + oy, "control point");
                }
                cx = n[args - 2] + ox;
                cy = n[args - 1] + oy;
            }
        }
        inside(cx, cy, "point");
        if cmd.eq_ignore_ascii_case(&'m') {
            sx = cx;
            sy = cy;
            // Further pairs after M are line-tos.
            cmd = if cmd == 'M' { 'L' } else { 'l' };
        }
    }
}

enum Tok {
    Cmd(char),
    Num(f64),
}

/// Endpoint-to-centre conversion (SVG spec, appendix F.6) for circular
/// arcs, then samples along the arc.
#[allow(clippy::too_many_arguments)]
fn arc_inside(
    key: &str,
    (x1, y1): (f64, f64),
    (x2, y2): (f64, f64),
    rx: f64,
    ry: f64,
    large: bool,
    sweep: bool,
    inside: &dyn Fn(f64, f64, &str),
) {
    assert!((rx - ry).abs() < 1e-9, "{key}: only circular arcs are used");
    let mut r = rx.abs();
    let (dx, dy) = ((x1 - x2) / 2.0, (y1 - y2) / 2.0);
    let d2 = dx * dx + dy * dy;
    if d2 > r * r {
        r = d2.sqrt();
    }
    let mut f = ((r * r - d2) / d2).max(0.0).sqrt();
    if large == sweep {
        f = -f;
    }
    let (ccx, ccy) = (f * dy + (x1 + x2) / 2.0, -f * dx + (y1 + y2) / 2.0);
    let a1 = (y1 - ccy).atan2(x1 - ccx);
    let a2 = (y2 - ccy).atan2(x2 - ccx);
    let mut delta = a2 - a1;
    if sweep && delta < 0.0 {
        delta += std::f64::consts::TAU;
    }
    if !sweep && delta > 0.0 {
        delta -= std::f64::consts::TAU;
    }
    for s in 0..=32 {
        let a = a1 + delta * f64::from(s) / 32.0;
        inside(ccx + r * a.cos(), ccy + r * a.sin(), "arc");
    }
}

#[test]
fn icons_are_own_valid_outline_drawings() {
    assert!(ICONS.len() >= 30, "{} icons", ICONS.len());
    let mut keys = HashSet::new();
    for i in ICONS {
        assert!(keys.insert(i.key), "{} twice", i.key);
        assert!(!i.name.is_empty());
        check_path(i.key, i.svg_path);
    }
    let used: HashSet<String> = Catalogue::default()
        .blocks()
        .map(|b| b.icon.clone())
        .collect();
    let spare = ICONS.iter().filter(|i| !used.contains(i.key)).count();
    assert!(spare >= 5, "{spare} spare icons");
    assert!(icon("gibt-es-nicht").is_none());
}

#[test]
#[should_panic(expected = "outside the 24×24 box")]
fn path_check_catches_overflow() {
    // A semicircle bulging above the box although both ends are inside.
    check_path("test", "M4 2a8 8 0 0 1 16 0");
}

#[test]
#[should_panic(expected = "needs 2 numbers")]
fn path_check_catches_syntax() {
    check_path("test", "M4 4L5");
}
