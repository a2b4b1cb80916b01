//! Block icons: simple 24×24 outline drawings as SVG path data.
//!
//! Drawn for Ablauf (no icon set copied). Render them without fill, with a
//! round-capped stroke, e.g.
//! `<path d="…" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>`.
//! Dots are zero-length segments (`h.01`) made visible by the round caps.
//! The first icons belong to the default blocks (same key); the rest are
//! spare ones administrators may pick for blocks of their own.

use serde::Serialize;

/// One icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Icon {
    pub key: &'static str,
    /// German name shown when choosing an icon.
    pub name: &'static str,
    /// SVG path data in a 24×24 box.
    pub svg_path: &'static str,
}

const fn i(key: &'static str, name: &'static str, svg_path: &'static str) -> Icon {
    Icon {
        key,
        name,
        svg_path,
    }
}

/// All icons.
pub const ICONS: &[Icon] = &[
    // Informationsfluss
    i(
        "eingang",
        "Eingang (Pfeil in Ablage)",
        "M12 3v10M8 9l4 4 4-4M4 14v6h16v-6M4 14h3M17 14h3",
    ),
    i(
        "ausgang",
        "Ausgang (Pfeil aus Ablage)",
        "M12 13V3M8 7l4-4 4 4M4 14v6h16v-6M4 14h3M17 14h3",
    ),
    i(
        "weiterleiten",
        "Weiterleiten (Pfeil nach rechts)",
        "M4 19v-5a4 4 0 0 1 4-4h12M16 6l4 4-4 4",
    ),
    i(
        "warten",
        "Warten (Sanduhr)",
        "M6 3h12M6 21h12M8 3v3l4 6-4 6v3M16 3v3l-4 6 4 6v3",
    ),
    // Dokumentation
    i(
        "erstellen",
        "Erstellen (Dokument mit Plus)",
        "M6 3h8l4 4v14H6zM14 3v4h4M12 11v6M9 14h6",
    ),
    i(
        "erfassen-registrieren",
        "Erfassen (Register)",
        "M5 4h12a2 2 0 0 1 2 2v15H7a2 2 0 0 1-2-2zM5 17a2 2 0 0 1 2-2h12M9 8h6M9 11h4",
    ),
    i(
        "bearbeiten",
        "Bearbeiten (Stift)",
        "M5 15L15 5l4 4L9 19zM5 15l-1 5 5-1M13 7l4 4",
    ),
    i(
        "ablegen-archivieren",
        "Ablegen (Archivkiste)",
        "M3 4h18v4H3zM5 8v12h14V8M10 12h4",
    ),
    // Inhaltliche Arbeit
    i(
        "sichten",
        "Sichten (Auge)",
        "M2 12Q12 3 22 12Q12 21 2 12zM12 9a3 3 0 1 0 0 6a3 3 0 1 0 0-6z",
    ),
    i(
        "formell-pruefen",
        "Formell prüfen (Checkliste)",
        "M10 6h10M10 12h10M10 18h10M4 6l1.5 1.5L8 5M4 12l1.5 1.5L8 11M4 18l1.5 1.5L8 17",
    ),
    i(
        "inhaltlich-pruefen",
        "Inhaltlich prüfen (Dokument mit Lupe)",
        "M12 21H6V3h8l4 4v4M14 3v4h4M16 13a3 3 0 1 0 0 6a3 3 0 1 0 0-6zM18.2 18.2L21 21",
    ),
    i(
        "entscheiden",
        "Entscheiden (Weggabelung)",
        "M12 21v-8M12 13L6 7M12 13l6-6M6 12V7h5M13 7h5v5",
    ),
    i(
        "berechnen",
        "Berechnen (Taschenrechner)",
        "M7 2h10a2 2 0 0 1 2 2v16a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zM8 6h8v3H8zM8 13h.01M12 13h.01M16 13h.01M8 17h.01M12 17h.01M16 17h.01",
    ),
    i(
        "zeichnen-unterschreiben",
        "Unterschreiben (Unterschrift)",
        "M3 20h18M4 16c1.5-3 3-8 5-8s0 7 2 7 2.5-4 4-4 1 3 2.5 3 2.5-1.5 2.5-1.5",
    ),
    i(
        "zahlung-annehmen",
        "Zahlung annehmen (Geldschein mit Pfeil)",
        "M3 11h18v9H3zM12 13.5a2 2 0 1 0 0 4a2 2 0 1 0 0-4zM12 2v6M9 5l3 3 3-3",
    ),
    i(
        "auszahlen",
        "Auszahlen (Geldschein mit Pfeil)",
        "M3 11h18v9H3zM12 13.5a2 2 0 1 0 0 4a2 2 0 1 0 0-4zM12 8V2M9 5l3-3 3 3",
    ),
    // Medienwechsel
    i(
        "it-system-eingeben",
        "In IT-System eingeben (Tastatur)",
        "M2 7h20v10H2zM6 10h.01M10 10h.01M14 10h.01M18 10h.01M8 14h8",
    ),
    i(
        "scannen",
        "Scannen (Scanrahmen)",
        "M3 8V3h5M16 3h5v5M21 16v5h-5M8 21H3v-5M6 12h12",
    ),
    i(
        "drucken",
        "Drucken (Drucker)",
        "M7 9V3h10v6M7 17H4V9h16v8h-3M7 14h10v7H7z",
    ),
    i(
        "kopieren-vervielfaeltigen",
        "Kopieren (zwei Blätter)",
        "M9 8h11v13H9zM15 8V3H4v13h5",
    ),
    // Informationsbeschaffung
    i(
        "recherchieren",
        "Recherchieren (Liste mit Lupe)",
        "M3 5h9M3 9h5M3 13h4M14 8a4.5 4.5 0 1 0 0 9a4.5 4.5 0 1 0 0-9zM17.2 15.7L21 19.5",
    ),
    i(
        "rueckfrage",
        "Rückfrage (Sprechblase mit Fragezeichen)",
        "M4 4h16v12h-8l-5 4v-4H4zM9.5 8.5a2.5 2.5 0 1 1 4.4 1.6L12 11.5v1M12 14.5h.01",
    ),
    i(
        "abstimmen-beteiligen",
        "Beteiligen (zwei Personen)",
        "M8 4a3 3 0 1 0 0 6a3 3 0 1 0 0-6zM2 20v-1a5 5 0 0 1 10 0v1M16 4a3 3 0 1 1 0 6M17 14a5 5 0 0 1 5 5v1",
    ),
    i(
        "beraten",
        "Beraten (Person mit Sprechblase)",
        "M7 10a3 3 0 1 0 0 6a3 3 0 1 0 0-6zM2 22a5 5 0 0 1 10 0M13 3h8v6h-4l-3 2.5V9h-1z",
    ),
    // Sonstiges
    i(
        "ortswechsel",
        "Ortswechsel (Weg mit Ziel)",
        "M5 16a2 2 0 1 0 0 4a2 2 0 1 0 0-4zM7 18h8a3 3 0 0 0 0-6H9a3 3 0 0 1 0-6h4M18 2a3 3 0 0 1 3 3c0 2.2-3 5-3 5s-3-2.8-3-5a3 3 0 0 1 3-3z",
    ),
    i(
        "spezielle-taetigkeit",
        "Spezielle Tätigkeit (Stern)",
        "M12 3l2.2 5.9 6.3.3-4.9 4 1.7 6.1L12 15.8l-5.3 3.5 1.7-6.1-4.9-4 6.3-.3z",
    ),
    // Spare icons
    i(
        "dokument",
        "Dokument",
        "M6 3h8l4 4v14H6zM14 3v4h4M9 12h6M9 16h6",
    ),
    i(
        "ordner",
        "Ordner",
        "M3 6a1 1 0 0 1 1-1h5l2 2h9a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1z",
    ),
    i(
        "person",
        "Person",
        "M12 4a4 4 0 1 0 0 8a4 4 0 1 0 0-8zM4 21a8 8 0 0 1 16 0",
    ),
    i(
        "gebaeude",
        "Gebäude (Behörde)",
        "M3 21h18M4 10h16M12 3l8 5H4zM6 10v8M10 10v8M14 10v8M18 10v8",
    ),
    i(
        "telefon",
        "Telefon",
        "M8 2h8a1 1 0 0 1 1 1v18a1 1 0 0 1-1 1H8a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1zM11 18h2",
    ),
    i(
        "email",
        "E-Mail (Briefumschlag)",
        "M3 5h18v14H3zM3 6l9 7 9-7",
    ),
    i(
        "kalender",
        "Kalender",
        "M4 5h16v16H4zM4 10h16M8 3v4M16 3v4M8 14h.01M12 14h.01M16 14h.01M8 17h.01M12 17h.01",
    ),
    i(
        "uhr",
        "Uhr (Frist)",
        "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18zM12 7v5l3 3",
    ),
    i("warnung", "Warnung", "M12 3L2 20h20zM12 9v5M12 17h.01"),
    i(
        "schloss",
        "Schloss (vertraulich)",
        "M6 11h12v10H6zM8 11V7a4 4 0 0 1 8 0v4M12 15v2",
    ),
    i(
        "stempel",
        "Stempel",
        "M9 3h6v4l-2 5h-2L9 7zM4 12h16v5H4zM5 20h14",
    ),
    i(
        "haken",
        "Erledigt (Haken)",
        "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18zM8 12l3 3 5-6",
    ),
    i(
        "paket",
        "Paket",
        "M3 7l9-4 9 4v10l-9 4-9-4zM3 7l9 4 9-4M12 11v10",
    ),
    i("euro", "Euro", "M17 6a7 7 0 1 0 0 12M4 10h9M4 14h9"),
];

/// The icon with this key.
pub fn icon(key: &str) -> Option<&'static Icon> {
    ICONS.iter().find(|i| i.key == key)
}
