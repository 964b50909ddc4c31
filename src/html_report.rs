//! `thidua report --html`: one self-contained page of a finished run, to look at rather than
//! read. The run's summary; the checks grouped by district and article, each sentence with
//! its figures marked, filterable; commendations by grantor level, award and year; facts per
//! district on a map drawn from the gazetteer's coordinates. Charts are SVG drawn here, each
//! with its table; the page makes no request (styles and script inline, system fonts).

use std::fmt::Write as _;
use std::path::Path;

use polars::prelude::*;

use crate::gazetteer::Gazetteer;
use crate::query;
use crate::report::{self, strings};

/// Text safe inside HTML elements and attributes.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A column as numbers, nulls as 0.
fn floats(df: &DataFrame, name: &str) -> anyhow::Result<Vec<f64>> {
    Ok(report::floats(df, name)?
        .into_iter()
        .map(|v| v.unwrap_or(0.0))
        .collect())
}

/// A number as Vietnamese write it: `12,82`, `1.234`.
fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        let digits = format!("{v:.0}");
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 && c.is_ascii_digit() {
                out.push('.');
            }
            out.push(c);
        }
        out
    } else {
        format!("{}", (v * 100.0).round() / 100.0).replace('.', ",")
    }
}

/// The sentence with each figure of `facts` (`; `-separated) marked where it first occurs.
fn marked(sentence: &str, facts: &str) -> String {
    let spans = report::figure_spans(sentence, facts);
    let mut out = String::new();
    let mut at = 0;
    for (s, e) in spans {
        out.push_str(&esc(&sentence[at..s]));
        write!(out, "<mark>{}</mark>", esc(&sentence[s..e])).unwrap();
        at = e;
    }
    out.push_str(&esc(&sentence[at..]));
    out
}

/// A horizontal bar chart and, under it, the same numbers as a table.
fn bars(title: &str, label: &str, rows: &[(String, f64)]) -> String {
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max).max(1.0);
    let (row_h, label_w, bar_w) = (22, 210, 360);
    let height = row_h * rows.len() + 8;
    let mut svg = format!(
        r#"<svg class="chart" role="img" aria-label="{t}" viewBox="0 0 {w} {height}" width="{w}" height="{height}">"#,
        t = esc(title),
        w = label_w + bar_w + 70
    );
    for (i, (name, v)) in rows.iter().enumerate() {
        let y = i * row_h + 4;
        let w = (v / max * bar_w as f64).max(1.0);
        write!(
            svg,
            r#"<text x="{lx}" y="{ty}" text-anchor="end">{n}</text><rect x="{label_w}" y="{y}" width="{w:.1}" height="{h}"><title>{n}: {vv}</title></rect><text x="{vx:.1}" y="{ty}">{vv}</text>"#,
            lx = label_w - 6,
            ty = y + 14,
            n = esc(name),
            h = row_h - 6,
            vx = label_w as f64 + w + 4.0,
            vv = number(*v)
        )
        .unwrap();
    }
    svg.push_str("</svg>");
    let mut table = format!(
        "<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
        esc(label),
        esc(title)
    );
    for (name, v) in rows {
        write!(
            table,
            "<tr><td>{}</td><td class=num>{}</td></tr>",
            esc(name),
            number(*v)
        )
        .unwrap();
    }
    table.push_str("</tbody></table>");
    format!(
        "<figure><figcaption>{}</figcaption>{svg}{table}</figure>",
        esc(title)
    )
}

/// `(name, value)` rows of a two-column answer.
fn pairs(dir: &Path, sql: &str) -> anyhow::Result<Vec<(String, f64)>> {
    let df = query::run(dir, sql)?;
    let names = strings(&df, df.get_column_names()[0].as_str())?;
    let values = floats(&df, df.get_column_names()[1].as_str())?;
    Ok(names
        .into_iter()
        .map(|n| {
            if n.is_empty() {
                "(none)".to_string()
            } else {
                n
            }
        })
        .zip(values)
        .collect())
}

fn summary(dir: &Path) -> anyhow::Result<String> {
    let df = query::run(
        dir,
        "SELECT count(*) AS documents, sum(n_quantities) AS quantities, sum(n_awards) AS awards, \
         sum(n_dates) AS dates, sum(n_checks) AS checks, count(district) AS with_district \
         FROM documents",
    )?;
    let mut out = String::from("<dl class=summary>");
    for name in [
        "documents",
        "quantities",
        "awards",
        "dates",
        "checks",
        "with_district",
    ] {
        let v = floats(&df, name)?.first().copied().unwrap_or(0.0);
        let label = name.replace('_', " ");
        write!(
            out,
            "<div><dt>{label}</dt><dd id=\"n-{name}\">{}</dd></div>",
            number(v)
        )?;
    }
    out.push_str("</dl>");
    let status = pairs(
        dir,
        "SELECT status, count(*) AS n FROM documents GROUP BY status ORDER BY n DESC",
    )?;
    out.push_str(&bars("Documents by status", "status", &status));
    if let Ok(manifest) = std::fs::read_to_string(dir.join("manifest.json")) {
        if let Ok(m) = serde_json::from_str::<serde_json::Value>(&manifest) {
            let inputs: Vec<String> = m["inputs"]
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str()).map(esc).collect())
                .unwrap_or_default();
            write!(
                out,
                "<p class=run>Inputs: {}. thidua {}, {} tables, {:.1} s.</p>",
                inputs.join(", "),
                esc(m["thidua"].as_str().unwrap_or("")),
                esc(m["format"].as_str().unwrap_or("")),
                m["seconds"].as_f64().unwrap_or(0.0)
            )?;
        }
    }
    Ok(out)
}

fn checks(dir: &Path) -> anyhow::Result<String> {
    let df = query::run(
        dir,
        "SELECT coalesce(d.district, '') AS district, coalesce(d.province, '') AS province, \
         d.source, coalesce(d.title, '') AS title, c.check, c.severity, c.claimed, c.expected, \
         c.message, c.sentence, c.facts FROM checks c JOIN documents d ON c.doc_id = d.doc_id \
         ORDER BY district, d.source, c.start",
    )?;
    let cols = [
        "district", "province", "source", "title", "check", "severity", "claimed", "expected",
        "message", "sentence", "facts",
    ];
    let v: Vec<Vec<String>> = cols
        .iter()
        .map(|c| strings(&df, c))
        .collect::<anyhow::Result<_>>()?;
    let (claimed, expected) = (floats(&df, "claimed")?, floats(&df, "expected")?);
    let mut kinds: Vec<&str> = v[4].iter().map(String::as_str).collect();
    kinds.sort();
    kinds.dedup();
    let mut districts: Vec<&str> = v[0].iter().map(String::as_str).collect();
    districts.dedup();
    let mut out = String::from(
        "<div class=filters><input id=q type=search placeholder=\"Filter: a word, a figure, a source…\" aria-label=Filter>\
         <select id=fd aria-label=District><option value=\"\">All districts</option>",
    );
    for d in &districts {
        let shown = if d.is_empty() { "(no district)" } else { d };
        write!(out, "<option value=\"{}\">{}</option>", esc(d), esc(shown))?;
    }
    out.push_str("</select><select id=fk aria-label=Check><option value=\"\">All checks</option>");
    for k in &kinds {
        write!(out, "<option>{}</option>", esc(k))?;
    }
    write!(
        out,
        "</select> <span id=shown>{}</span> shown</div>",
        df.height()
    )?;
    let mut current = (None::<&str>, None::<&str>);
    for i in 0..df.height() {
        if current.0 != Some(v[0][i].as_str()) {
            if current.0.is_some() {
                out.push_str("</article></section>");
            }
            let name = match (v[0][i].as_str(), v[1][i].as_str()) {
                ("", _) => "(no district)".to_string(),
                (d, "") => d.to_string(),
                (d, p) => format!("{d}, {p}"),
            };
            write!(out, "<section class=district><h3>{}</h3>", esc(&name))?;
            current = (Some(v[0][i].as_str()), None);
        }
        if current.1 != Some(v[2][i].as_str()) {
            if current.1.is_some() {
                out.push_str("</article>");
            }
            write!(
                out,
                "<article><h4>{}</h4><p class=source>{}</p>",
                esc(&v[3][i]),
                esc(&v[2][i])
            )?;
            current.1 = Some(v[2][i].as_str());
        }
        write!(
            out,
            "<div class=\"check {sev}\" data-district=\"{d}\" data-kind=\"{k}\"><p><b>{k}</b> \
             <span class=sev>{sev}</span>: claimed <b>{c}</b>, expected <b>{e}</b></p>\
             <blockquote>{s}</blockquote><p class=why>{m}</p></div>",
            sev = esc(&v[5][i]),
            d = esc(&v[0][i]),
            k = esc(&v[4][i]),
            c = number(claimed[i]),
            e = number(expected[i]),
            s = marked(&v[9][i], &v[10][i]),
            m = esc(&v[8][i]),
        )?;
    }
    if current.0.is_some() {
        out.push_str("</article></section>");
    }
    if df.height() == 0 {
        out.push_str("<p>No reported figure contradicts the article's own numbers.</p>");
    }
    Ok(out)
}

fn commendations(dir: &Path) -> anyhow::Result<String> {
    let granted =
        "FROM awards a JOIN documents d ON a.doc_id = d.doc_id WHERE a.status = 'granted'";
    let level = pairs(
        dir,
        &format!("SELECT a.grantor_level, count(*) AS n {granted} GROUP BY a.grantor_level ORDER BY n DESC"),
    )?;
    let award = pairs(
        dir,
        &format!("SELECT a.award, count(*) AS n {granted} GROUP BY a.award ORDER BY n DESC"),
    )?;
    let year = pairs(
        dir,
        &format!(
            "SELECT CAST(EXTRACT(YEAR FROM d.published) AS VARCHAR) AS year, count(*) AS n \
             {granted} GROUP BY year ORDER BY year"
        ),
    )?;
    Ok([
        bars("Award rows by grantor level", "grantor level", &level),
        bars("Award rows by award", "award", &award),
        bars("Award rows by year of publication", "year", &year),
    ]
    .concat())
}

/// Vietnam on an equirectangular projection: every district of the gazetteer a grey dot,
/// those of the run a circle sized by their facts.
fn map(dir: &Path, gazetteer: &Gazetteer) -> anyhow::Result<String> {
    let df = query::run(
        dir,
        "SELECT district_code, district, province, count(*) AS articles, \
         sum(n_quantities + n_awards + n_dates) AS facts, sum(n_checks) AS checks \
         FROM documents WHERE district_code IS NOT NULL \
         GROUP BY district_code, district, province ORDER BY facts DESC",
    )?;
    let (codes, names, provinces) = (
        strings(&df, "district_code")?,
        strings(&df, "district")?,
        strings(&df, "province")?,
    );
    let (articles, facts, checks) = (
        floats(&df, "articles")?,
        floats(&df, "facts")?,
        floats(&df, "checks")?,
    );
    let (west, east, south, north) = (102.0, 110.0, 8.3, 23.5);
    let scale = 58.0;
    let x = |lon: f64| (lon - west) * scale * (16.0f64).to_radians().cos();
    let y = |lat: f64| (north - lat) * scale;
    let (w, h) = (x(east), y(south));
    let mut svg = format!(
        r#"<svg class="map" role="img" aria-label="Facts per district" viewBox="0 0 {w:.0} {h:.0}" width="{w:.0}" height="{h:.0}">"#
    );
    for u in gazetteer.units.iter().filter(|u| u.district) {
        write!(
            svg,
            r#"<circle class=dot cx="{:.1}" cy="{:.1}" r="1.6"/>"#,
            x(u.lon),
            y(u.lat)
        )?;
    }
    let max = facts.iter().copied().fold(1.0, f64::max);
    for i in 0..df.height() {
        let Some(u) = gazetteer
            .units
            .iter()
            .find(|u| u.district && u.code == codes[i])
        else {
            continue;
        };
        let r = 3.0 + 14.0 * (facts[i] / max).sqrt();
        let class = if checks[i] > 0.0 {
            "hit checked"
        } else {
            "hit"
        };
        write!(
            svg,
            r#"<circle class="{class}" cx="{:.1}" cy="{:.1}" r="{r:.1}"><title>{}, {}: {} articles, {} facts, {} checks</title></circle>"#,
            x(u.lon),
            y(u.lat),
            esc(&names[i]),
            esc(&provinces[i]),
            number(articles[i]),
            number(facts[i]),
            number(checks[i])
        )?;
    }
    svg.push_str("</svg>");
    let mut table = String::from(
        "<table><thead><tr><th>district</th><th>province</th><th>code</th><th>articles</th>\
         <th>facts</th><th>checks</th></tr></thead><tbody>",
    );
    for i in 0..df.height() {
        write!(
            table,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=num>{}</td><td class=num>{}</td><td class=num>{}</td></tr>",
            esc(&names[i]),
            esc(&provinces[i]),
            esc(&codes[i]),
            number(articles[i]),
            number(facts[i]),
            number(checks[i])
        )?;
    }
    table.push_str("</tbody></table>");
    Ok(format!(
        "<figure class=mapfig><figcaption>Facts per district (circle area), districts with \
         checks in red</figcaption>{svg}{table}</figure>"
    ))
}

const STYLE: &str = r#"
body{font-family:"Noto Sans","Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;margin:0 auto;max-width:1100px;padding:1rem 1.5rem;color:#1d2430;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{border-bottom:2px solid #d8dee8;padding-bottom:.2rem;margin-top:2rem}
dl.summary{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}dl.summary div{background:#f1f4f9;border-radius:6px;padding:.5rem .9rem;min-width:7rem}
dt{font-size:.8rem;color:#556}dd{margin:0;font-size:1.5rem;font-weight:600}
figure{margin:1rem 0 1.5rem}figcaption{font-weight:600;margin-bottom:.3rem}
svg.chart text{font-size:12px;fill:#1d2430}svg.chart rect{fill:#3b6fb6}
svg.map{background:#eef3f8;border-radius:6px;max-width:100%;height:auto}svg.map .dot{fill:#b9c4d3}
svg.map .hit{fill:#3b6fb6;fill-opacity:.65;stroke:#1d3f73}svg.map .checked{fill:#c8372d;stroke:#7a1c15}
table{border-collapse:collapse;margin-top:.5rem;font-size:.9rem}td,th{border-bottom:1px solid #e1e6ee;padding:.2rem .6rem;text-align:left}td.num{text-align:right}
.filters{position:sticky;top:0;background:#fff;padding:.5rem 0;display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
.filters input{flex:1;min-width:14rem;padding:.3rem}section.district h3{margin-bottom:.2rem}
article{border-left:3px solid #d8dee8;padding-left:.8rem;margin:.6rem 0}article h4{margin:.2rem 0}
p.source{color:#667;font-size:.8rem;margin:0}.check{margin:.5rem 0}.check p{margin:.2rem 0}
.sev{font-size:.75rem;text-transform:uppercase;color:#a33}.warning .sev{color:#a60}
blockquote{margin:.2rem 0;padding:.3rem .6rem;background:#f7f8fa;border-radius:4px}mark{background:#ffd86b;padding:0 .1rem}
p.why{color:#444;font-size:.9rem}.hidden{display:none}
"#;

const SCRIPT: &str = r#"
(function(){
  var q=document.getElementById('q'),fd=document.getElementById('fd'),fk=document.getElementById('fk');
  if(!q){return;}
  function apply(){
    var text=q.value.toLowerCase(),d=fd.value,k=fk.value,n=0;
    document.querySelectorAll('.check').forEach(function(c){
      var art=c.closest('article'),head=art?art.querySelector('h4').textContent+' '+art.querySelector('.source').textContent:'';
      var hay=(c.textContent+' '+head).toLowerCase();
      var ok=(!d||c.dataset.district===d)&&(!k||c.dataset.kind===k)&&(!text||hay.indexOf(text)>=0);
      c.classList.toggle('hidden',!ok);if(ok){n++;}
    });
    document.querySelectorAll('article,section.district').forEach(function(e){
      e.classList.toggle('hidden',!e.querySelector('.check:not(.hidden)'));
    });
    document.getElementById('shown').textContent=n;
  }
  [q,fd,fk].forEach(function(e){e.addEventListener('input',apply);});
})();
"#;

/// The page of the run in `dir`.
pub fn html_report(dir: &Path, gazetteer: &Gazetteer) -> anyhow::Result<String> {
    let name = dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
        .unwrap_or_else(|| dir.display().to_string());
    let mut out = String::new();
    write!(
        out,
        "<!doctype html><html lang=vi><head><meta charset=utf-8>\
         <meta name=viewport content=\"width=device-width, initial-scale=1\">\
         <meta http-equiv=Content-Security-Policy content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\
         <title>thidua report: {n}</title><style>{STYLE}</style></head><body>\
         <h1>thidua report: {n}</h1>",
        n = esc(&name)
    )?;
    write!(out, "<h2 id=summary>Summary</h2>{}", summary(dir)?)?;
    // The filter stays in view while the checks scroll by, and only then.
    write!(
        out,
        "<h2 id=checks>Checks</h2><div class=checks>{}</div>",
        checks(dir)?
    )?;
    write!(
        out,
        "<h2 id=commendations>Commendations</h2>{}",
        commendations(dir)?
    )?;
    write!(out, "<h2 id=map>Districts</h2>{}", map(dir, gazetteer)?)?;
    write!(out, "<script>{SCRIPT}</script></body></html>")?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_marked_and_text_is_escaped() {
        assert_eq!(
            marked("<b> 05/39 tổ chức, 13,76%", "05/39 tổ chức; 13,76%"),
            "&lt;b&gt; <mark>05/39 tổ chức</mark>, <mark>13,76%</mark>"
        );
        assert_eq!(number(1234.0), "1.234");
        assert_eq!(number(12.8234), "12,82");
    }
}
