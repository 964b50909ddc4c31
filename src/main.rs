//! The `thidua` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use std::io::{IsTerminal, Write};

use thidua::query::QueryFormat;
use thidua::report::Style;
use thidua::rules::RuleSet;
use thidua::run::{extract, ExtractOptions};
use thidua::tables::OutFormat;

// jemalloc: fewer cycles than glibc's malloc for the many short strings of a run
// (docs/measurements.md).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

// Two arenas for the run's few threads, and freed pages given back within a second: against a
// quarter second, a third less system time (page faults) for a peak 3 MB higher
// (docs/measurements.md). `_RJEM_MALLOC_CONF` overrides it.
#[export_name = "_rjem_malloc_conf"]
static JEMALLOC_CONF: Option<&'static std::ffi::c_char> =
    Some(unsafe { &*c"narenas:2,dirty_decay_ms:1000,muzzy_decay_ms:0".as_ptr() });

#[derive(Parser)]
#[command(
    name = "thidua",
    version,
    about = "Turns Vietnamese district news on thi đua, khen thưởng into analysable tables"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract documents, quantities, awards and dates from articles into tables.
    #[command(after_help = "Examples:
  thidua extract                                   # corpus/ → output/*.parquet
  thidua extract ../shared/seeds --format ndjson --out runs/seeds
  thidua extract archive.jsonl.gz --format csv --threads 2
  zcat pages.jsonl.gz | thidua extract - --out runs/stdin

Exit status: 0 every document was read, 1 some documents failed (see documents.status
and documents.error), 2 usage or configuration error (bad arguments, rules, output).")]
    Extract {
        /// Files or folders (.txt, .html, .htm, .jsonl, .ndjson, each optionally .gz); `-`
        /// reads JSON Lines from stdin.
        #[arg(default_value = "corpus")]
        inputs: Vec<PathBuf>,
        /// Folder the tables are written to.
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// Table format.
        #[arg(long, value_enum, default_value = "parquet")]
        format: OutFormat,
        /// Folder of extra rule files (*.toml) that add to or replace the built-in rules.
        #[arg(long)]
        patterns: Option<PathBuf>,
        /// Worker threads, 1 to 1024 (default: all cores).
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1024))]
        threads: Option<u16>,
        /// No progress bar and no summary.
        #[arg(long)]
        quiet: bool,
        /// Print the time spent in each stage (decode, normalise, rules…) at the end.
        #[arg(long)]
        timings: bool,
        /// Write each table as a folder of part files, one per batch
        /// (`quantities/part-00000.parquet`), a dataset any engine reads with a glob.
        #[arg(long)]
        parts: bool,
        /// Continue a `--parts` run in --out that was stopped or killed, from its last
        /// complete part: the same rows as a run that was never stopped.
        #[arg(long, requires = "parts")]
        resume: bool,
        /// The district every input is about (a district portal's archive), in any spelling:
        /// `documents.district` and its codes come from it, not from the text.
        #[arg(long, value_name = "NAME")]
        district: Option<String>,
        /// The province every input is about; with --district, tells apart districts of
        /// one name (`--district "Châu Thành" --province "Tiền Giang"`).
        #[arg(long, value_name = "NAME")]
        province: Option<String>,
    },
    /// Print the checks of a finished run: each sentence with its figures marked, claimed
    /// against expected, and what would explain the difference.
    #[command(after_help = "Colour only on a terminal; NO_COLOR=1 turns it off.
Exit status: 0 no checks, 1 some checks, 2 no run in DIR.")]
    Check {
        /// Folder of a finished run.
        #[arg(default_value = "output")]
        dir: PathBuf,
    },
    /// Write one self-contained HTML page of a finished run: summary, checks by district and
    /// article (filterable), commendations by grantor level, award and year, and a map of
    /// facts per district. It opens from disk and makes no request.
    #[command(after_help = "Example:
  thidua report output --html report.html

Exit status: 0 written, 2 no run in DIR or FILE not writable.")]
    Report {
        /// Folder of a finished run.
        #[arg(default_value = "output")]
        dir: PathBuf,
        /// The HTML file to write.
        #[arg(long, value_name = "FILE")]
        html: PathBuf,
    },
    /// Run SQL over the tables of a finished run: documents, quantities, awards, dates, checks.
    #[command(after_help = "Examples:
  thidua query \"SELECT check, count(*) AS n FROM checks GROUP BY check ORDER BY n DESC\"
  thidua query \"SELECT source, status, error FROM documents WHERE status <> 'ok'\" --format csv
  thidua query \"SELECT * FROM awards\" --out runs/seeds --format parquet > awards.parquet

Exit status: 0 answered, 2 bad query (polars' message) or no run in --out.")]
    Query {
        /// The SQL statement (polars SQL).
        sql: String,
        /// Folder of a finished run.
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// How to print the answer: a readable table, or CSV, NDJSON or Parquet on standard output.
        #[arg(long, value_enum, default_value = "table")]
        format: QueryFormat,
    },
    /// List or test the pattern rules.
    Rules {
        #[command(subcommand)]
        action: RulesAction,
        /// Folder of extra rule files (*.toml) that add to or replace the built-in rules.
        #[arg(long, global = true)]
        patterns: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum RulesAction {
    /// Show every rule: id, what it produces, priority, file and line.
    List,
    /// Run every rule's examples and negatives.
    Test,
}

fn load_rules(patterns: Option<&PathBuf>) -> Result<RuleSet, ExitCode> {
    RuleSet::load(patterns.map(|p| p.as_path())).map_err(|e| usage_error("rules: ", e))
}

/// Standard output that notes when its reader went away (`| head -1`): all that was wanted
/// has been written, so the command ends quietly with success.
struct Stdout {
    inner: std::io::StdoutLock<'static>,
    closed: bool,
}

impl Stdout {
    fn new() -> Stdout {
        Stdout {
            inner: std::io::stdout().lock(),
            closed: false,
        }
    }

    /// The exit status of a command that wrote here: `Ok` or a closed pipe is success.
    fn status<E: std::fmt::Display>(&self, what: &str, written: Result<(), E>) -> ExitCode {
        match written {
            Ok(()) => ExitCode::SUCCESS,
            Err(_) if self.closed => ExitCode::SUCCESS,
            Err(e) => usage_error(what, e),
        }
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(buf);
        self.closed |= matches!(&written, Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe);
        written
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let flushed = self.inner.flush();
        self.closed |= matches!(&flushed, Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe);
        flushed
    }
}

/// Exit status 2, for what stopped the command before it could do its work.
fn usage_error(what: &str, e: impl std::fmt::Display) -> ExitCode {
    eprintln!("thidua: {what}{e}");
    ExitCode::from(2)
}

/// Exit status 1 when the work found problems (errors, checks, failing examples), else 0.
fn found(problems: bool) -> ExitCode {
    if problems {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// One line per rule (id, what it produces, its kind, award, level or status, priority,
/// where it is written), then one per word list (name, number of words, the first words).
fn list_rules(rules: &RuleSet, out: &mut impl std::io::Write) -> std::io::Result<()> {
    for r in &rules.rules {
        let s = &r.spec;
        let what = s
            .kind
            .map(|k| k.as_str().to_string())
            .or(s.award.clone())
            .or(s.level.map(|l| l.as_str().to_string()))
            .or(s.status.map(|st| format!("{st:?}").to_lowercase()))
            .unwrap_or_default();
        let produces = format!("{:?}", s.produces).to_lowercase();
        let (id, priority, file, line) = (r.id(), s.priority, &s.file, s.line);
        writeln!(
            out,
            "{id:<34} {produces:<9} {what:<28} {priority:>4}  {file}:{line}"
        )?;
    }
    for name in thidua::lexicon::Lexicon::NAMES {
        let Some(list) = rules.lexicon.get(name) else {
            continue;
        };
        let words: Vec<&str> = list.words().collect();
        let shown: Vec<&str> = words.iter().take(4).copied().collect();
        let more = if words.len() > 4 { ", …" } else { "" };
        writeln!(
            out,
            "list {name:<29} {:>3} words: {}{more}",
            words.len(),
            shown.join(", ")
        )?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract {
            inputs,
            out,
            format,
            patterns,
            threads,
            quiet,
            timings,
            parts,
            resume,
            district,
            province,
        } => {
            let rules = match load_rules(patterns.as_ref()) {
                Ok(r) => r,
                Err(code) => return code,
            };
            if let Some(missing) = inputs
                .iter()
                .find(|p| p.as_os_str() != "-" && !p.exists() && p.as_os_str() == "corpus")
            {
                return usage_error(
                    "no input given and ",
                    format_args!("{} does not exist here", missing.display()),
                );
            }
            // SIGINT or SIGTERM stops the run after its batch, cleanly; a second one at once.
            let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
                let _ = signal_hook::flag::register_conditional_shutdown(signal, 130, stop.clone());
                let _ = signal_hook::flag::register(signal, stop.clone());
            }
            let opts = ExtractOptions {
                inputs,
                out,
                format,
                threads: threads.map(usize::from),
                quiet,
                parts,
                resume,
                stop: Some(stop),
                stated: thidua::places::Stated { district, province },
            };
            match extract(&rules, &opts) {
                Ok(s) => {
                    if !quiet {
                        let secs = s.elapsed.as_secs_f64().max(1e-9);
                        let (docs_per_s, mb_per_s) =
                            (s.documents as f64 / secs, s.bytes as f64 / 1e6 / secs);
                        eprintln!(
                            "thidua: {} documents ({} ok, {} warnings, {} empty, {} skipped, {} \
                             errors), {} quantities, {} awards, {} dates, {} checks in {secs:.2} s \
                             ({docs_per_s:.0} documents/s, {mb_per_s:.1} MB/s) → {}",
                            s.documents,
                            s.ok,
                            s.warnings,
                            s.empty,
                            s.skipped,
                            s.errors,
                            s.quantities,
                            s.awards,
                            s.dates,
                            s.checks,
                            opts.out.display()
                        );
                    }
                    if timings {
                        eprint!("{}", thidua::timings::report());
                    }
                    found(s.errors > 0)
                }
                Err(e) => usage_error("", e),
            }
        }
        Command::Check { dir } => {
            match thidua::report::report(&dir, Style::detect(std::io::stdout().is_terminal())) {
                Ok((text, n)) => {
                    let mut stdout = Stdout::new();
                    let written = stdout
                        .write_all(text.as_bytes())
                        .and_then(|_| stdout.flush());
                    if stdout.closed {
                        return ExitCode::SUCCESS;
                    }
                    match written {
                        Ok(()) => found(n > 0),
                        Err(e) => usage_error("check: ", e),
                    }
                }
                Err(e) => usage_error("", e),
            }
        }
        Command::Report { dir, html } => {
            let gazetteer = thidua::gazetteer::Gazetteer::builtin();
            let page = match thidua::html_report::html_report(&dir, &gazetteer) {
                Ok(page) => page,
                Err(e) => return usage_error("", e),
            };
            // Written beside its name and renamed: a reader never sees half a page.
            let partial = html.with_extension("html.partial");
            let written =
                std::fs::write(&partial, &page).and_then(|_| std::fs::rename(&partial, &html));
            if let Err(e) = written {
                let _ = std::fs::remove_file(&partial);
                return usage_error("", format_args!("{}: {e}", html.display()));
            }
            eprintln!(
                "thidua: wrote {} ({} KB)",
                html.display(),
                page.len().div_ceil(1024)
            );
            ExitCode::SUCCESS
        }
        Command::Query { sql, out, format } => {
            if format == QueryFormat::Parquet && std::io::stdout().is_terminal() {
                return usage_error("Parquet is binary: ", "redirect standard output to a file");
            }
            // Show more of an answer than polars' default of 8 rows and 32 characters.
            for (var, value) in [
                ("POLARS_FMT_MAX_ROWS", "40"),
                ("POLARS_FMT_STR_LEN", "60"),
                ("POLARS_FMT_TABLE_ROUNDED_CORNERS", "1"),
            ] {
                if std::env::var_os(var).is_none() {
                    std::env::set_var(var, value);
                }
            }
            let mut stdout = Stdout::new();
            let answer = thidua::query::run(&out, &sql)
                .and_then(|mut df| thidua::query::print(&mut df, format, &mut stdout));
            stdout.status("query: ", answer)
        }
        Command::Rules { action, patterns } => {
            // The examples are run against the same files the rules are compiled from.
            let specs = match thidua::rules::Specs::load(patterns.as_deref()) {
                Ok(specs) => specs,
                Err(e) => return usage_error("rules: ", e),
            };
            let rules = match RuleSet::compile(specs.clone()) {
                Ok(r) => r,
                Err(e) => return usage_error("rules: ", e),
            };
            match action {
                RulesAction::List => {
                    let mut stdout = Stdout::new();
                    let listed = list_rules(&rules, &mut stdout);
                    stdout.status("rules list: ", listed)
                }
                RulesAction::Test => {
                    let outcome = thidua::rule_tests::run(&rules, &specs);
                    for f in &outcome.failures {
                        println!("FAIL {} ({}): {}", f.rule, f.at, f.message);
                    }
                    println!(
                        "{} passed, {} failed",
                        outcome.passed,
                        outcome.failures.len()
                    );
                    found(!outcome.failures.is_empty())
                }
            }
        }
    }
}
