//! The audit as one self-contained HTML page, for people who would rather look than read JSON.
//!
//! The page has no network resources at all (inline CSS, inline SVG, a few lines of inline
//! JavaScript), so it can be mailed, archived or opened offline. It shows the counts per
//! severity, a chart of verdicts per title family (one 100% bar per family: the share of each
//! verdict, the count on the right), the same counts as a table, and a table of findings with
//! the evidence on both sides. Clicking a column header sorts the findings; a filter box keeps
//! the rows containing every word typed, where `family:…`, `verdict:…`, `sev:…` and
//! `content:…` match those fields exactly (clicking a count fills it in). Everything is
//! rendered here, in Rust: the script only sorts, filters and counts the rows shown, so the
//! page reads the same with scripts off.
//!
//! Posting text (ids, titles, evidence) is untrusted: every piece of it goes through
//! [`escape_html`], in text and in attribute values alike. Output is deterministic (no dates),
//! so the same audit gives the same bytes.
//!
//! Only findings are listed (consistent postings are counted, not shown), and at most
//! [`MAX_FINDINGS`] of them, most severe first, so a huge audit still makes a page a browser
//! can open; the page says when rows were left out.

use super::seniority::SeniorityCue;
use super::summary::AuditSummary;
use super::title::TitleFamily;
use super::verdict::{AuditRecord, ContentEvidence, FindingEvidence, Severity, Verdict};
use std::borrow::Cow;
use std::fmt::Write as _;

/// At most this many findings are listed (the counts always cover every posting).
pub const MAX_FINDINGS: usize = 10_000;

/// Escapes text for HTML element content and quoted attribute values: `&`, `<`, `>`, `"`, `'`.
pub fn escape_html(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The findings a report lists: the most severe [`MAX_FINDINGS`] (or `cap`), ties in input
/// order, kept in bounded memory while records stream by.
#[derive(Debug, Clone)]
pub struct ReportFindings {
    cap: usize,
    rows: Vec<(u64, AuditRecord)>,
    seen: u64,
    findings: u64,
}

impl Default for ReportFindings {
    fn default() -> Self {
        ReportFindings::with_cap(MAX_FINDINGS)
    }
}

impl ReportFindings {
    /// Keeps at most `cap` findings.
    pub fn with_cap(cap: usize) -> Self {
        ReportFindings {
            cap,
            rows: Vec::new(),
            seen: 0,
            findings: 0,
        }
    }

    /// Offers one record (consistent records are only counted).
    pub fn add(&mut self, record: &AuditRecord) {
        let seq = self.seen;
        self.seen += 1;
        if !record.is_finding() {
            return;
        }
        self.findings += 1;
        self.rows.push((seq, record.clone()));
        if self.rows.len() >= 2 * self.cap.max(1) {
            self.trim();
        }
    }

    fn trim(&mut self) {
        self.rows
            .sort_by_key(|(seq, r)| (std::cmp::Reverse(r.severity), *seq));
        self.rows.truncate(self.cap);
    }

    /// The findings kept, most severe first, and how many were left out.
    pub fn into_rows(mut self) -> (Vec<AuditRecord>, u64) {
        self.trim();
        let omitted = self.findings - self.rows.len() as u64;
        (self.rows.into_iter().map(|(_, r)| r).collect(), omitted)
    }
}

/// What the page says about the run besides the records.
#[derive(Debug, Clone, Default)]
pub struct ReportMeta {
    /// What was audited (input names), shown under the heading.
    pub source: String,
    /// Records that could not be read and were skipped.
    pub skipped: u64,
}

/// A short, human name for a verdict.
pub fn verdict_caption(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Consistent => "Consistent",
        Verdict::TitlePoContentPm => "PO title, PM content",
        Verdict::TitlePmContentPo => "PM title, PO content",
        Verdict::TitleSingleRoleContentHybrid => "One-role title, hybrid content",
        Verdict::TitleHybridContentSingleRole => "Hybrid title, one-role content",
        Verdict::ProductTitleNoProductContent => "Product title, no product content",
        Verdict::NonProductTitleProductContent => "Other title, product content",
        Verdict::SeniorityContradicted => "Seniority contradicted",
    }
}

fn verdict_color(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Consistent => "#b8c4cc",
        Verdict::TitlePoContentPm => "#d9480f",
        Verdict::TitlePmContentPo => "#ae3ec9",
        Verdict::TitleSingleRoleContentHybrid => "#f59f00",
        Verdict::TitleHybridContentSingleRole => "#ffd43b",
        Verdict::ProductTitleNoProductContent => "#4263eb",
        Verdict::NonProductTitleProductContent => "#0ca678",
        Verdict::SeniorityContradicted => "#8d5524",
    }
}

/// Renders the page.
pub fn render(summary: &AuditSummary, findings: ReportFindings, meta: &ReportMeta) -> String {
    let (rows, omitted) = findings.into_rows();
    let mut h = String::with_capacity(64 * 1024 + rows.len() * 1024);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<title>rolesift title audit</title>\n<style>\n");
    h.push_str(CSS);
    h.push_str("</style>\n</head>\n<body>\n<main>\n");

    // Heading and cards.
    let _ = write!(
        h,
        "<header><h1>Title audit</h1><p class=\"sub\">{} · {} postings audited · {} with findings",
        escape_html(&meta.source),
        summary.audited,
        summary.with_findings()
    );
    if meta.skipped > 0 {
        let _ = write!(
            h,
            " · <strong class=\"warn\">{} records skipped (unreadable)</strong>",
            meta.skipped
        );
    }
    let _ = writeln!(
        h,
        " · rolesift {}</p></header>",
        escape_html(env!("CARGO_PKG_VERSION"))
    );
    h.push_str("<section class=\"cards\" id=\"severities\">\n");
    for s in Severity::ALL.iter().rev() {
        let _ = writeln!(
            h,
            "<div class=\"card sev-{s}\" data-severity=\"{s}\"><span class=\"n\">{}</span><span class=\"k\">{s}</span></div>",
            summary.severities[s.index()]
        );
    }
    let _ = writeln!(
        h,
        "<div class=\"card ok\" data-severity=\"none\"><span class=\"n\">{}</span><span class=\"k\">consistent</span></div>",
        summary.verdicts[Verdict::Consistent.index()]
    );
    h.push_str("</section>\n");

    chart(&mut h, summary);
    counts_table(&mut h, summary);
    findings_table(&mut h, &rows, summary.with_findings(), omitted);

    h.push_str("</main>\n<script>\n");
    h.push_str(SCRIPT);
    h.push_str("</script>\n</body>\n</html>\n");
    h
}

/// The verdicts that occur, in [`Verdict::ALL`] order.
fn verdicts_seen(summary: &AuditSummary) -> Vec<Verdict> {
    Verdict::ALL
        .into_iter()
        .filter(|v| summary.verdicts[v.index()] > 0)
        .collect()
}

fn chart(h: &mut String, summary: &AuditSummary) {
    const LABEL_W: f64 = 210.0;
    const BAR_W: f64 = 760.0;
    const TOTAL_W: f64 = 70.0;
    const ROW_H: f64 = 30.0;
    const BAR_H: f64 = 20.0;
    let families = summary.families_seen();
    let verdicts = verdicts_seen(summary);
    let width = LABEL_W + BAR_W + TOTAL_W;
    let height = ROW_H * families.len() as f64 + 28.0;
    h.push_str("<section>\n<h2>Verdicts per title family</h2>\n");
    h.push_str(
        "<p class=\"hint\">Each bar is one title family; segments are the share of its postings per verdict.</p>\n",
    );
    let _ = writeln!(
        h,
        "<svg id=\"chart\" role=\"img\" aria-label=\"Verdicts per title family\" viewBox=\"0 0 {width} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">"
    );
    // Axis first (0, 50, 100 %), so the bars cover its lines.
    let axis_y = ROW_H * families.len() as f64 + 4.0;
    for (i, pct) in ["0%", "50%", "100%"].iter().enumerate() {
        let x = LABEL_W + BAR_W * i as f64 / 2.0;
        let anchor = ["start", "middle", "end"][i];
        let _ = write!(
            h,
            "<line x1=\"{x}\" x2=\"{x}\" y1=\"0\" y2=\"{}\" class=\"grid\"/><text class=\"axis\" x=\"{x}\" y=\"{}\" text-anchor=\"{anchor}\">{pct}</text>",
            axis_y - 6.0,
            axis_y + 12.0
        );
    }
    for (row, family) in families.iter().enumerate() {
        let y = row as f64 * ROW_H;
        let total = summary.family_total(*family);
        let _ = writeln!(
            h,
            "<g class=\"bar\" data-family=\"{family}\" data-total=\"{total}\"><text class=\"fam\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{family}</text>",
            LABEL_W - 10.0,
            y + BAR_H / 2.0 + 5.0
        );
        let mut x = LABEL_W;
        for v in &verdicts {
            let n = summary.family_verdict(*family, *v);
            if n == 0 {
                continue;
            }
            let w = BAR_W * n as f64 / total as f64;
            let _ = write!(
                h,
                "<rect data-family=\"{family}\" data-verdict=\"{v}\" data-count=\"{n}\" x=\"{x:.2}\" y=\"{y}\" width=\"{w:.2}\" height=\"{BAR_H}\" fill=\"{}\"><title>{family} · {}: {n} of {total}</title></rect>",
                verdict_color(*v),
                verdict_caption(*v)
            );
            if w >= 26.0 {
                let light = matches!(
                    v,
                    Verdict::Consistent | Verdict::TitleHybridContentSingleRole
                );
                let _ = write!(
                    h,
                    "<text class=\"seg{}\" x=\"{:.2}\" y=\"{}\" text-anchor=\"middle\">{n}</text>",
                    if light { " dark" } else { "" },
                    x + w / 2.0,
                    y + BAR_H / 2.0 + 4.5
                );
            }
            x += w;
        }
        let _ = writeln!(
            h,
            "<text class=\"tot\" x=\"{}\" y=\"{}\">{total}</text></g>",
            LABEL_W + BAR_W + 8.0,
            y + BAR_H / 2.0 + 5.0
        );
    }
    h.push_str("\n</svg>\n<ul class=\"legend\">\n");
    for v in &verdicts {
        let _ = writeln!(
            h,
            "<li><span class=\"sw\" style=\"background:{}\"></span>{} <code>{v}</code></li>",
            verdict_color(*v),
            verdict_caption(*v)
        );
    }
    h.push_str("</ul>\n</section>\n");
}

fn counts_table(h: &mut String, summary: &AuditSummary) {
    let verdicts = verdicts_seen(summary);
    h.push_str("<section>\n<h2>Counts</h2>\n<p class=\"hint\">Postings per title family and verdict (a posting counts once, under its most severe finding). Click a count to list those findings.</p>\n");
    h.push_str("<div class=\"scroll\"><table id=\"counts\" class=\"grid\">\n<thead><tr><th>title family</th>");
    for v in &verdicts {
        let _ = write!(
            h,
            "<th data-verdict=\"{v}\" title=\"{v}\"><span class=\"sw\" style=\"background:{}\"></span>{}</th>",
            verdict_color(*v),
            verdict_caption(*v)
        );
    }
    h.push_str("<th>total</th></tr></thead>\n<tbody>\n");
    let cell = |h: &mut String, family: Option<TitleFamily>, v: Verdict, n: u64| {
        let fam = family.map_or("all", TitleFamily::as_str);
        let filter = match family {
            Some(f) => format!("family:{f} verdict:{v}"),
            None => format!("verdict:{v}"),
        };
        let clickable = n > 0 && v != Verdict::Consistent;
        let _ = write!(
            h,
            "<td class=\"num{}\" data-family=\"{fam}\" data-verdict=\"{v}\"{}>{n}</td>",
            if clickable {
                " pick"
            } else if n == 0 {
                " zero"
            } else {
                ""
            },
            if clickable {
                format!(" data-filter=\"{}\"", escape_html(&filter))
            } else {
                String::new()
            }
        );
    };
    for family in summary.families_seen() {
        let _ = write!(h, "<tr><th scope=\"row\">{family}</th>");
        for v in &verdicts {
            cell(h, Some(family), *v, summary.family_verdict(family, *v));
        }
        let _ = writeln!(
            h,
            "<td class=\"num total\" data-family=\"{family}\" data-verdict=\"total\">{}</td></tr>",
            summary.family_total(family)
        );
    }
    h.push_str("</tbody>\n<tfoot><tr><th scope=\"row\">all</th>");
    for v in &verdicts {
        cell(h, None, *v, summary.verdicts[v.index()]);
    }
    let _ = writeln!(
        h,
        "<td class=\"num total\" data-family=\"all\" data-verdict=\"total\">{}</td></tr></tfoot>\n</table></div>",
        summary.audited
    );
    let extra: Vec<String> = Verdict::ALL
        .iter()
        .filter(|v| summary.additional[v.index()] > 0)
        .map(|v| {
            format!(
                "<span data-additional=\"{v}\">{} {}</span>",
                summary.additional[v.index()],
                verdict_caption(*v)
            )
        })
        .collect();
    if !extra.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"hint\">Also found as an additional, no more severe finding: {}.</p>",
            extra.join(", ")
        );
    }
    h.push_str("</section>\n");
}

fn findings_table(h: &mut String, rows: &[AuditRecord], total: u64, omitted: u64) {
    h.push_str("<section>\n<h2>Findings</h2>\n");
    if omitted > 0 {
        let _ = writeln!(
            h,
            "<p class=\"warn\">Listing the {} most severe of {total} findings; {omitted} left out.</p>",
            rows.len()
        );
    }
    let _ = writeln!(
        h,
        "<div class=\"controls\"><input id=\"filter\" type=\"search\" placeholder=\"Filter: words, or family:… verdict:… sev:… content:…\" aria-label=\"Filter findings\"><button id=\"clear\" type=\"button\">Clear</button><span id=\"shown\" data-total=\"{}\">{} findings</span></div>",
        rows.len(),
        rows.len()
    );
    h.push_str("<table id=\"findings\" class=\"rows\">\n<colgroup><col class=\"c-sev\"><col class=\"c-verdict\"><col class=\"c-posting\"><col class=\"c-title\"><col class=\"c-body\"></colgroup>\n<thead><tr>");
    for (label, kind, tip) in [
        ("Severity", "num", "How much the finding matters"),
        ("Verdict", "text", "The most severe finding, then any other"),
        ("Posting", "text", "Title as posted, and the posting id"),
        (
            "Title says",
            "text",
            "The title family and seniority, and the title words that set them",
        ),
        (
            "Body says",
            "text",
            "The label of the body alone, its confidence, and the body terms behind it (with their contributions)",
        ),
    ] {
        let _ = write!(
            h,
            "<th data-type=\"{kind}\" aria-sort=\"none\" tabindex=\"0\" title=\"{tip}\">{label}</th>"
        );
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for (seq, r) in rows.iter().enumerate() {
        finding_row(h, seq, r);
    }
    h.push_str("</tbody>\n</table>\n");
    if rows.is_empty() {
        h.push_str(
            "<p class=\"hint\" id=\"none\">No findings: every title agrees with its posting.</p>\n",
        );
    }
    h.push_str("</section>\n");
}

fn finding_row(h: &mut String, seq: usize, r: &AuditRecord) {
    let severity = r.severity.unwrap_or(Severity::Info);
    let mut search = format!(
        "family:{} verdict:{} sev:{} content:{} seniority:{}",
        r.title_family, r.verdict, severity, r.content_label, r.title_seniority
    );
    for f in &r.additional {
        let _ = write!(search, " verdict:{} sev:{}", f.verdict, f.severity);
    }
    let _ = write!(
        h,
        "<tr data-seq=\"{seq}\" data-id=\"{}\" data-verdict=\"{}\" data-family=\"{}\" data-search=\"{}\">",
        escape_html(&r.id),
        r.verdict,
        r.title_family,
        escape_html(&search)
    );
    // Severity: numeric, so the first click sorts most severe first.
    let _ = write!(
        h,
        "<td data-sort=\"{}\"><span class=\"badge sev-{severity}\">{severity}</span></td>",
        severity.index()
    );
    // Verdict, then the additional findings with their own evidence.
    let _ = write!(
        h,
        "<td data-sort=\"{v}\"><div class=\"verdict\"><span class=\"sw\" style=\"background:{}\"></span>{}</div><code>{v}</code>",
        verdict_color(r.verdict),
        verdict_caption(r.verdict),
        v = r.verdict
    );
    if r.verdict == Verdict::SeniorityContradicted {
        h.push_str("<div class=\"ev\">");
        content_chips(h, &r.evidence);
        h.push_str("</div>");
    }
    for f in &r.additional {
        let _ = write!(
            h,
            "<div class=\"also\">also <span class=\"badge small sev-{s}\">{s}</span> {}<br><code>{}</code>",
            verdict_caption(f.verdict),
            f.verdict,
            s = f.severity
        );
        if f.verdict == Verdict::SeniorityContradicted {
            h.push_str("<div class=\"ev\">");
            content_chips(h, &f.evidence);
            h.push_str("</div>");
        }
        h.push_str("</div>");
    }
    h.push_str("</td>");
    // Posting: title (clamped, whole in the tooltip) and id.
    let title = if r.title.trim().is_empty() {
        "<em>(no title)</em>".to_string()
    } else {
        escape_html(&r.title).into_owned()
    };
    let _ = write!(
        h,
        "<td data-sort=\"{}\"><div class=\"title\" title=\"{}\">{title}</div><code class=\"id\" title=\"{id}\">{id}</code></td>",
        escape_html(&r.title.to_lowercase()),
        escape_html(&r.title),
        id = escape_html(&r.id)
    );
    // Title says: family, seniority, the title words.
    let _ = write!(
        h,
        "<td data-sort=\"{f}\"><code class=\"label\">{f}</code> <span class=\"muted\">{}</span><div class=\"ev\">",
        r.title_seniority,
        f = r.title_family
    );
    title_chips(h, &r.evidence);
    h.push_str("</div></td>");
    // Body says: label, confidence, the body terms behind it.
    let _ = write!(
        h,
        "<td data-sort=\"{l}\"><code class=\"label\">{l}</code> <span class=\"muted\">confidence {:.2}</span>{}<div class=\"ev\">",
        r.content_confidence,
        review_tag(r),
        l = r.content_label
    );
    // For a seniority verdict the record's evidence is the cues, shown under the verdict.
    if r.verdict != Verdict::SeniorityContradicted && !r.evidence.content.is_empty() {
        content_chips(h, &r.evidence);
    }
    let _ = write!(
        h,
        "<div class=\"scores\">scores: PO {:.1} · PM {:.1} · other role {:.1}</div>",
        r.content_scores.product_owner,
        r.content_scores.product_manager,
        r.content_scores.other_role
    );
    h.push_str("</div></td></tr>\n");
}

fn title_chips(h: &mut String, evidence: &FindingEvidence) {
    if evidence.title.is_empty() {
        h.push_str("<span class=\"muted\">no role named</span>");
    }
    for t in &evidence.title {
        let _ = write!(h, "<span class=\"chip t\">{}</span>", escape_html(t));
    }
}

fn content_chips(h: &mut String, evidence: &FindingEvidence) {
    if evidence.content.is_empty() {
        h.push_str("<span class=\"muted\">none</span>");
    }
    for c in &evidence.content {
        match c {
            ContentEvidence::Term(e) => {
                let _ = write!(
                    h,
                    "<span class=\"chip c role-{}\" title=\"{} · {} · {} · found {}× · weight {}\">{} <b>{:.2}</b></span>",
                    e.role.as_str(),
                    e.role.as_str(),
                    e.category.as_str(),
                    context_name(e),
                    e.count,
                    e.weight,
                    escape_html(&e.term),
                    e.contribution
                );
            }
            ContentEvidence::Seniority(SeniorityCue {
                phrase, implies, ..
            }) => {
                let _ = write!(
                    h,
                    "<span class=\"chip s\" title=\"points to a {} role\">“{}” → {}</span>",
                    implies.as_str(),
                    escape_html(phrase),
                    implies.as_str()
                );
            }
        }
    }
}

fn context_name(e: &crate::classify::Evidence) -> &'static str {
    match e.context {
        crate::classify::Context::Mention => "mention",
        crate::classify::Context::SelfDescription => "self-description",
        crate::classify::Context::Collaborator => "collaborator",
        crate::classify::Context::Experience => "experience asked for",
    }
}

const CSS: &str = r#":root{--fg:#1f2933;--muted:#66788a;--line:#e3e8ee;--bg:#f6f8fa;--card:#fff}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1400px;margin:0 auto;padding:20px 28px 60px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:18px;margin:0 0 6px}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 20px;margin:16px 0}
header{margin:6px 0 4px}
.sub,.hint,.muted{color:var(--muted)}
.hint{margin:0 0 10px;font-size:13px}
.warn{color:#c92a2a}
code{font:12px/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#495867}
section.cards{display:flex;gap:12px;background:none;border:0;padding:0}
.card{flex:1;background:var(--card);border:1px solid var(--line);border-left:6px solid #ccc;border-radius:10px;padding:10px 16px}
.card .n{display:block;font-size:28px;font-weight:650}
.card .k{color:var(--muted);text-transform:uppercase;font-size:12px;letter-spacing:.06em}
.card.sev-high{border-left-color:#e03131}.card.sev-medium{border-left-color:#f76707}
.card.sev-low{border-left-color:#fab005}.card.sev-info{border-left-color:#74c0fc}.card.ok{border-left-color:#b8c4cc}
svg text{font:13px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:var(--fg)}
svg text.seg{fill:#fff;font-size:12px;font-weight:600;pointer-events:none}
svg text.seg.dark{fill:#1f2933}
svg text.tot{font-weight:600}
svg text.axis{fill:var(--muted);font-size:11px}
svg line.grid{stroke:#dde3e9;stroke-dasharray:3 3}
svg rect{stroke:#fff;stroke-width:1}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:6px 18px;padding:0;margin:10px 0 0}
.legend code{margin-left:4px}
.sw{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:6px;vertical-align:-1px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
thead th{position:sticky;top:0;background:#eef2f6;font-weight:600;white-space:nowrap}
table.grid td.num,table.grid th[data-verdict]{text-align:right}
table.grid th[data-verdict]{white-space:normal;max-width:130px;font-size:12px}
td.total,tfoot td,tfoot th{font-weight:650}
td.pick{cursor:pointer;color:#1c5fd4;text-decoration:underline dotted}
td.pick:hover{background:#eef4ff}
table.rows{table-layout:fixed}
col.c-sev{width:92px}col.c-verdict{width:22%}col.c-posting{width:24%}col.c-title{width:19%}
table.rows thead th{cursor:pointer;user-select:none}
table.rows thead th::after{content:" ↕";color:#aab5c0}
table.rows thead th[aria-sort=ascending]::after{content:" ▲";color:var(--fg)}
table.rows thead th[aria-sort=descending]::after{content:" ▼";color:var(--fg)}
table.rows tbody tr:hover{background:#fafcff}
table.rows td{overflow-wrap:anywhere}
.verdict{font-weight:600}
.title{font-weight:600;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden}
code.id{display:block;color:var(--muted);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
code.label{font-weight:600;color:var(--fg)}
.ev{margin-top:4px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:650;color:#fff;text-transform:uppercase;letter-spacing:.04em}
.badge.small{font-size:10px;padding:0 6px}
.badge.sev-high{background:#e03131}.badge.sev-medium{background:#f76707}
.badge.sev-low{background:#fab005;color:#3b2f00}.badge.sev-info{background:#74c0fc;color:#0b3050}
.tag{display:inline-block;padding:0 6px;border-radius:4px;background:#fff3bf;color:#5c4400;font-size:11px}
.chip{display:inline-block;margin:1px 3px 2px 0;padding:1px 7px;border-radius:12px;font-size:12px;background:#edf2f7;max-width:100%;overflow-wrap:anywhere}
.chip.t{background:#e7f5ff;color:#1864ab}
.chip.c.role-product_manager{background:#f8f0fc;color:#862e9c}
.chip.c.role-product_owner{background:#fff4e6;color:#a63c06}
.chip.c.role-other{background:#e6fcf5;color:#087f5b}
.chip.s{background:#f3f0ff;color:#5f3dc4}
.scores{color:var(--muted);font-size:12px;margin-top:2px}
.also{margin-top:6px;padding-top:4px;border-top:1px dashed var(--line);font-size:13px}
td.zero{color:#c3ccd5}
.controls{display:flex;gap:10px;align-items:center;margin:0 0 10px}
#filter{flex:0 1 520px;padding:7px 10px;border:1px solid #cbd5e0;border-radius:6px;font:inherit}
#clear{padding:6px 12px;border:1px solid #cbd5e0;border-radius:6px;background:#fff;font:inherit;cursor:pointer}
#shown{color:var(--muted)}
"#;

const SCRIPT: &str = r#"(function () {
  "use strict";
  var table = document.getElementById("findings");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var filter = document.getElementById("filter");
  var shown = document.getElementById("shown");
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);

  function key(row, col, numeric) {
    var cell = row.cells[col];
    var v = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.toLowerCase();
    return numeric ? parseFloat(v) : v;
  }
  function sortBy(col) {
    var th = headers[col];
    var numeric = th.getAttribute("data-type") === "num";
    var current = th.getAttribute("aria-sort");
    var dir = current === "none" ? (numeric ? "descending" : "ascending") : (current === "ascending" ? "descending" : "ascending");
    headers.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", dir);
    var sign = dir === "ascending" ? 1 : -1;
    rows.sort(function (a, b) {
      var x = key(a, col, numeric), y = key(b, col, numeric);
      if (x < y) return -sign;
      if (x > y) return sign;
      return parseInt(a.getAttribute("data-seq"), 10) - parseInt(b.getAttribute("data-seq"), 10);
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  headers.forEach(function (th, col) {
    th.addEventListener("click", function () { sortBy(col); });
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(col); } });
  });

  function apply() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var n = 0;
    rows.forEach(function (r) {
      var tags = " " + r.getAttribute("data-search") + " ";
      var text = r.textContent.toLowerCase();
      var ok = words.every(function (w) {
        return w.indexOf(":") > 0 ? tags.indexOf(" " + w + " ") >= 0 : text.indexOf(w) >= 0 || tags.indexOf(w) >= 0;
      });
      r.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = (words.length ? n + " of " + rows.length : rows.length) + " findings shown";
    shown.setAttribute("data-shown", String(n));
  }
  filter.addEventListener("input", apply);
  document.getElementById("clear").addEventListener("click", function () { filter.value = ""; apply(); filter.focus(); });
  Array.prototype.forEach.call(document.querySelectorAll("td.pick"), function (td) {
    td.addEventListener("click", function () {
      filter.value = td.getAttribute("data-filter");
      apply();
      table.scrollIntoView({ behavior: "smooth", block: "start" });
    });
  });
  apply();
  document.body.setAttribute("data-ready", "true");
})();
"#;

/// The review tag of the body's label: the reason codes, each explained on hover.
fn review_tag(r: &AuditRecord) -> String {
    if !r.content_review {
        return String::new();
    }
    if r.content_review_reasons.is_empty() {
        return " <span class=\"tag\">review</span>".to_string();
    }
    let codes = r.content_review_reasons.join(", ");
    let why: Vec<&str> = r
        .content_review_reasons
        .iter()
        .map(|reason| reason.explanation())
        .collect();
    format!(
        " <span class=\"tag\" title=\"{}\">review: {}</span>",
        escape_html(&why.join("; ")),
        escape_html(&codes)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::audit;
    use crate::classify::{Classification, Scores};
    use crate::label::Label;
    use crate::posting::Posting;

    #[test]
    fn escape_html_covers_text_and_attributes() {
        assert_eq!(escape_html("plain"), "plain");
        assert!(matches!(escape_html("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape_html(r#"<script>alert("x") & 'y'</script>"#),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        );
        assert_eq!(escape_html("&amp;"), "&amp;amp;");
        assert_eq!(escape_html("Ünïcödé 🚀 <b>"), "Ünïcödé 🚀 &lt;b&gt;");
    }

    fn hostile_record() -> AuditRecord {
        let posting = Posting {
            id: "<img src=x onerror=alert(1)>".into(),
            title: "Product Owner \"</td></tr><script>alert('t')</script>".into(),
            body: "Own the roadmap.".into(),
            ..Posting::default()
        };
        let content = Classification {
            label: Label::ProductManager,
            confidence: 0.9,
            review: false,
            review_reasons: Default::default(),
            scores: Scores::default(),
            evidence: Vec::new(),
            tally: Default::default(),
        };
        audit(&posting, &content)
    }

    #[test]
    fn posting_text_is_escaped_everywhere() {
        let record = hostile_record();
        assert!(record.is_finding());
        let mut summary = AuditSummary::default();
        summary.add(&record);
        let mut findings = ReportFindings::default();
        findings.add(&record);
        let meta = ReportMeta {
            source: "<b>in.jsonl</b>".into(),
            skipped: 0,
        };
        let page = render(&summary, findings, &meta);
        assert!(!page.contains("<img"), "unescaped id");
        assert!(!page.contains("<script>alert"), "unescaped title");
        assert!(!page.contains("<b>in.jsonl"), "unescaped source");
        assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(page.contains("&lt;/td&gt;&lt;/tr&gt;&lt;script&gt;alert(&#39;t&#39;)"));
        // Exactly one script element: ours.
        assert_eq!(page.matches("<script").count(), 1);
    }

    #[test]
    fn the_page_is_self_contained_and_deterministic() {
        let record = hostile_record();
        let mut summary = AuditSummary::default();
        summary.add(&record);
        let page = || {
            let mut findings = ReportFindings::default();
            findings.add(&record);
            render(&summary, findings, &ReportMeta::default())
        };
        let a = page();
        assert_eq!(a, page());
        for needle in ["http://", "https://", "src=\"", "href=", "@import", "url("] {
            assert!(!a.contains(needle), "{needle}");
        }
        assert!(a.contains(
            "data-family=\"product_owner\" data-verdict=\"title_po_content_pm\" data-count=\"1\""
        ));
    }

    #[test]
    fn only_the_most_severe_findings_are_kept() {
        let mut findings = ReportFindings::with_cap(2);
        let mut record = hostile_record();
        let severities = [
            Some(Severity::Low),
            None,
            Some(Severity::High),
            Some(Severity::Info),
            Some(Severity::High),
            Some(Severity::Medium),
        ];
        for (i, s) in severities.iter().enumerate() {
            record.id = format!("r{i}");
            record.severity = *s;
            findings.add(&record);
        }
        let (rows, omitted) = findings.into_rows();
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["r2", "r4"]);
        assert_eq!(omitted, 3);
    }
}
