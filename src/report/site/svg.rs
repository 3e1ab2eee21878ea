//! The picture of a government: levels as horizontal bands from the top down, agencies as
//! labelled boxes in their band (each under its parent where it can), and every exchange as a
//! line from the providing agency to the consuming one, coloured and dashed by its worst gap so
//! colour is never the only cue. Drawn here rather than by a charting library: it is a few
//! boxes and curves, and it must come out the same bytes every time.

use crate::report::render::escape::escape;
use std::collections::BTreeMap;
use std::fmt::Write;

use crate::finding::Severity;
use crate::government::summary::{AgencySummary, ExchangeSummary, GovernmentSummary};

const WIDTH: u32 = 1200;
const MARGIN: u32 = 16;
const LABEL_WIDTH: u32 = 120;
const NODE_WIDTH: u32 = 164;
const NODE_HEIGHT: u32 = 46;
const GAP_X: u32 = 12;
const GAP_Y: u32 = 26;
const BAND_PADDING: u32 = 28;
const LEGEND_HEIGHT: u32 = 44;

/// Line colours, each at least 4.5:1 against the white and pale grey bands.
const OK: &str = "#1a7f37";
const WARNING: &str = "#9a6700";
const ERROR: &str = "#cf222e";

#[derive(Clone, Copy)]
struct Node {
    x: u32,
    y: u32,
}

/// A level's band: its name, top and height.
struct Band {
    level: String,
    top: u32,
    height: u32,
}

/// Where everything goes.
struct Layout<'a> {
    nodes: BTreeMap<&'a str, Node>,
    bands: Vec<Band>,
    height: u32,
}

/// The SVG element, ready to sit inside a page.
pub(super) fn draw(government: &GovernmentSummary) -> String {
    let Layout { nodes, bands, height } = layout(government);
    let mut svg = String::new();
    let name = government.name.as_deref().unwrap_or("the government");
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="picture-title picture-desc" font-family="system-ui, sans-serif">"#
    );
    let _ = write!(
        svg,
        r#"<title id="picture-title">Agencies and exchanges of {}</title><desc id="picture-desc">{}</desc>"#,
        escape(name),
        escape(&describe(government))
    );
    svg.push_str(&markers());
    for (index, band) in bands.iter().enumerate() {
        let (top, band_height) = (band.top, band.height);
        let fill = if index % 2 == 0 { "#f6f8fa" } else { "#ffffff" };
        let _ = write!(
            svg,
            r##"<rect x="0" y="{top}" width="{WIDTH}" height="{band_height}" fill="{fill}" stroke="#d0d7de"/><text x="{MARGIN}" y="{}" font-size="15" font-weight="700" fill="#1f2328">{}</text>"##,
            top + band_height / 2 + 5,
            escape(&capitalise(&band.level))
        );
    }
    let mut exchanges: Vec<&ExchangeSummary> = government.exchanges.iter().collect();
    // Worse gaps are drawn last so they stay visible where lines cross.
    exchanges.sort_by_key(|e| e.worst.as_ref().map(|w| w.severity));
    for exchange in exchanges {
        if let (Some(from), Some(to)) = (
            nodes.get(exchange.producer.as_str()),
            nodes.get(exchange.consumer.as_str()),
        ) {
            svg.push_str(&edge(exchange, *from, *to));
        }
    }
    for agency in &government.agencies {
        if let Some(node) = nodes.get(agency.id.as_str()) {
            svg.push_str(&box_for(agency, *node));
        }
    }
    svg.push_str(&legend(height - LEGEND_HEIGHT));
    svg.push_str("</svg>");
    svg
}

/// Positions every agency, band by band from the top down.
fn layout(government: &GovernmentSummary) -> Layout<'_> {
    let columns = ((WIDTH - LABEL_WIDTH - 2 * MARGIN + GAP_X) / (NODE_WIDTH + GAP_X)).max(1);
    let mut nodes: BTreeMap<&str, Node> = BTreeMap::new();
    let mut bands = Vec::new();
    let mut top = 0;
    for level in &government.levels {
        let mut members: Vec<&AgencySummary> = government.agencies.iter().filter(|a| a.level == level.level).collect();
        // Under the parent where possible: order by the parent's position, then by id.
        let parent_x = |a: &AgencySummary| {
            a.parent
                .as_deref()
                .and_then(|p| nodes.get(p))
                .map_or(u32::MAX, |n: &Node| n.x)
        };
        members.sort_by(|a, b| (parent_x(a), &a.id).cmp(&(parent_x(b), &b.id)));
        let count = u32::try_from(members.len()).unwrap_or(u32::MAX);
        let rows = count.div_ceil(columns).max(1);
        let height = rows * (NODE_HEIGHT + GAP_Y) - GAP_Y + 2 * BAND_PADDING;
        let usable = WIDTH - LABEL_WIDTH - 2 * MARGIN;
        for (index, agency) in members.iter().enumerate() {
            let index = u32::try_from(index).unwrap_or(0);
            let (row, column) = (index / columns, index % columns);
            let in_row = (count - row * columns).min(columns);
            // A short row is centred: each box in the middle of its share of the width.
            let share = usable / in_row;
            let x = LABEL_WIDTH + MARGIN + column * share + share.saturating_sub(NODE_WIDTH) / 2;
            let y = top + BAND_PADDING + row * (NODE_HEIGHT + GAP_Y);
            nodes.insert(agency.id.as_str(), Node { x, y });
        }
        bands.push(Band {
            level: level.level.clone(),
            top,
            height,
        });
        top += height;
    }
    Layout {
        nodes,
        bands,
        height: top + LEGEND_HEIGHT,
    }
}

fn describe(government: &GovernmentSummary) -> String {
    let count = |severity: Option<Severity>| {
        government
            .exchanges
            .iter()
            .filter(|e| e.worst.as_ref().map(|w| w.severity) == severity)
            .count()
    };
    let warnings = count(Some(Severity::Warning)) + count(Some(Severity::Info));
    format!(
        "{} agencies on {} levels and {} exchanges between them: {} without a gap, {} with a warning, {} with an error.",
        government.agencies.len(),
        government.levels.len(),
        government.exchanges.len(),
        count(None),
        warnings,
        count(Some(Severity::Error)),
    )
}

fn style(exchange: &ExchangeSummary) -> (&'static str, &'static str, &'static str) {
    match exchange.worst.as_ref().map(|w| w.severity) {
        None => (OK, "1.5", ""),
        Some(Severity::Error) => (ERROR, "3", ""),
        Some(_) => (WARNING, "2.5", r#" stroke-dasharray="7 4""#),
    }
}

fn marker_id(colour: &str) -> &'static str {
    match colour {
        ERROR => "arrow-error",
        WARNING => "arrow-warning",
        _ => "arrow-ok",
    }
}

fn markers() -> String {
    let mut defs = String::from("<defs>");
    for colour in [OK, WARNING, ERROR] {
        let _ = write!(
            defs,
            r#"<marker id="{}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="{colour}"/></marker>"#,
            marker_id(colour)
        );
    }
    defs.push_str("</defs>");
    defs
}

/// A curve from the producer to the consumer: between bands from edge to edge, within a band
/// as an arc over the boxes.
fn edge(exchange: &ExchangeSummary, from: Node, to: Node) -> String {
    let (colour, width, dash) = style(exchange);
    let (x1, x2) = (from.x + NODE_WIDTH / 2, to.x + NODE_WIDTH / 2);
    let path = if from.y == to.y {
        // The arc stays inside the band's top padding, higher the farther apart the boxes are.
        let (y, lift) = (from.y, (16 + x1.abs_diff(x2) / 20).min(BAND_PADDING * 4 / 3 - 2));
        format!(
            "M{x1} {y}C{x1} {} {x2} {} {x2} {y}",
            y.saturating_sub(lift),
            y.saturating_sub(lift)
        )
    } else {
        let (y1, y2) = if from.y < to.y {
            (from.y + NODE_HEIGHT, to.y)
        } else {
            (from.y, to.y + NODE_HEIGHT)
        };
        let middle = (y1 + y2) / 2;
        format!("M{x1} {y1}C{x1} {middle} {x2} {middle} {x2} {y2}")
    };
    let gap = match &exchange.worst {
        Some(worst) => format!("{} {}: {}", worst.severity.as_str(), worst.rule, worst.message),
        None => "no gap".to_string(),
    };
    format!(
        r#"<path d="{path}" fill="none" stroke="{colour}" stroke-width="{width}"{dash} marker-end="url(#{})"><title>{} receives {}.{} from {} ({}): {}</title></path>"#,
        marker_id(colour),
        escape(&exchange.consumer),
        escape(&exchange.service),
        escape(&exchange.operation),
        escape(&exchange.producer),
        direction_name(exchange),
        escape(&gap)
    )
}

fn box_for(agency: &AgencySummary, node: Node) -> String {
    let border = if agency.counts.errors > 0 {
        ERROR
    } else if agency.counts.warnings > 0 {
        WARNING
    } else {
        "#0b3d62"
    };
    format!(
        r##"<g><title>{} ({}): score {}, {} errors, {} warnings</title><rect x="{}" y="{}" width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="6" fill="#ffffff" stroke="{border}" stroke-width="2"/><text x="{}" y="{}" font-size="12" font-weight="600" fill="#1f2328" text-anchor="middle">{}</text><text x="{}" y="{}" font-size="11" fill="#57606a" text-anchor="middle">{} · {}</text></g>"##,
        escape(&agency.name),
        escape(&agency.id),
        agency.score,
        agency.counts.errors,
        agency.counts.warnings,
        node.x,
        node.y,
        node.x + NODE_WIDTH / 2,
        node.y + 19,
        escape(&shorten(&agency.name, 22)),
        node.x + NODE_WIDTH / 2,
        node.y + 36,
        escape(&shorten(&agency.id, 17)),
        agency.score,
    )
}

fn legend(top: u32) -> String {
    let mut legend = format!(
        r##"<g font-size="13" fill="#1f2328"><text x="{MARGIN}" y="{}">Exchanges, arrow to the consumer:</text>"##,
        top + 26
    );
    let entries = [
        (OK, "1.5", "", "no gap"),
        (WARNING, "2.5", r#" stroke-dasharray="7 4""#, "warning"),
        (ERROR, "3", "", "error"),
    ];
    for (index, (colour, width, dash, label)) in entries.into_iter().enumerate() {
        let x = 260 + u32::try_from(index).unwrap_or(0) * 170;
        let _ = write!(
            legend,
            r#"<line x1="{x}" y1="{y}" x2="{}" y2="{y}" stroke="{colour}" stroke-width="{width}"{dash} marker-end="url(#{})"/><text x="{}" y="{}">{label}</text>"#,
            x + 50,
            marker_id(colour),
            x + 60,
            top + 26,
            y = top + 21,
        );
    }
    legend.push_str("</g>");
    legend
}

fn direction_name(exchange: &ExchangeSummary) -> &'static str {
    match exchange.direction {
        crate::finding::Kind::Horizontal => "horizontal",
        _ => "vertical",
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// At most `max` characters, with an ellipsis when cut; the full text is in the box's title.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut short: String = text.chars().take(max - 1).collect();
    short.push('…');
    short
}
