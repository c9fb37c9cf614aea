//! `cargo run --release -p medtech-bench [-- --messages N] [--runs N]`: measures normalization and
//! the full pipeline over a generated corpus, together with the floor — parsing the same bytes
//! with `serde_json` and nothing else — in the same run, and prints a Markdown report
//! (BENCHMARKS.md). Every figure is the best of `--runs` (default 5) timings; the floor is timed
//! before and after the other stages and the better value is used, so a slow start or a busy
//! neighbour on the machine does not flatter the ratios.
//!
//! Other modes: `--quick` (the floor and `normalize` alone, interleaved: for comparing two
//! builds), `--per-template` (the mapping without each of its templates in turn),
//! `--profile-<stage>` (one stage, repeated, for a profiler: `floor`, `read`, `normalize`,
//! `trace`, `written`, `full`; with `--without NAME`, the mapping without that template),
//! `--write-corpus DIR` (the mappings and messages as files, for the CLI), and `--seed N` (a
//! corpus of another seed: `scripts/pgo.sh` trains on one).

mod corpus;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use corpus::{message, Rng, DEVICE_MAPPING, FHIR_MAPPING};
use medtech_core::normalize::Detail;
use medtech_core::pretty::JsonWriter;
use medtech_core::{Envelope, EnvelopeKind, Options, Session};
use std::time::Instant;

struct Timing {
    seconds: f64,
    messages: usize,
}

impl Timing {
    fn rate(&self) -> f64 {
        self.messages as f64 / self.seconds
    }
}

fn options() -> Options {
    Options {
        envelope: Envelope {
            kind: EnvelopeKind::IotHub,
            ..Envelope::default()
        },
        ..Options::default()
    }
}

/// `n` messages of the corpus generated from `seed` (42 unless `--seed` gives another: a
/// profile-guided build trains on a corpus of another seed than the one it is measured on).
fn corpus(n: usize, padding: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    (0..n as u64)
        .map(|i| message(i, &mut rng, padding))
        .collect()
}

/// The best of `runs` timings of `f` over `messages`.
fn best(runs: usize, messages: usize, mut f: impl FnMut() -> usize) -> (Timing, usize) {
    let mut seconds = f64::MAX;
    let mut out = 0;
    for _ in 0..runs {
        let start = Instant::now();
        out = f();
        seconds = seconds.min(start.elapsed().as_secs_f64());
    }
    (Timing { seconds, messages }, out)
}

fn floor(messages: &[String]) -> usize {
    messages
        .iter()
        .filter(|m| serde_json::from_str::<serde_json::Value>(m).is_ok())
        .count()
}

/// Reads every message with the lenient, located reader and nothing else.
fn read_all(messages: &[String]) -> usize {
    messages
        .iter()
        .filter(|m| medtech_json::read(m, &medtech_json::ReadOptions::default()).is_ok())
        .count()
}

/// Runs every message; `Detail::Findings` is what `medtech normalize` does (measurements and
/// findings), `Detail::Trace` what `medtech debug` and the web app do (with the whole trace).
fn normalize(session: &Session, messages: &[String], detail: Detail) -> usize {
    messages
        .iter()
        .enumerate()
        .map(|(i, m)| {
            session
                .run_message_with(i, None, m, detail)
                .measurements
                .len()
        })
        .sum()
}

/// Runs every message as [`normalize`] does and writes its measurements and findings as
/// `medtech normalize --format json` writes them (the text, without the output itself);
/// returns the bytes written.
fn normalize_written(session: &Session, messages: &[String]) -> usize {
    let report = medtech_core::Report::default();
    let mut buffer = Vec::new();
    let mut written = 0;
    for (i, m) in messages.iter().enumerate() {
        let outcome = session.run_message_with(i, None, m, Detail::Findings);
        buffer.clear();
        for m in &outcome.measurements {
            buffer.extend_from_slice(b",\n    ");
            m.write_json(&mut JsonWriter::pretty(&mut buffer, 2), false);
        }
        for d in &outcome.diagnostics {
            buffer.extend_from_slice(b",\n    ");
            report.write_diagnostic_json(
                d,
                false,
                &|_| None,
                &mut JsonWriter::pretty(&mut buffer, 2),
            );
        }
        written += buffer.len();
    }
    written
}

/// `f` over `messages` split into `threads` parts, one thread each (each `normalize` thread
/// with a session of its own, as `medtech --jobs` runs them); the sum of what `f` returns.
fn on_threads(
    messages: &[String],
    threads: usize,
    f: impl Fn(usize, &[String]) -> usize + Sync,
) -> usize {
    let per = messages.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = messages
            .chunks(per)
            .enumerate()
            .map(|(c, part)| {
                let f = &f;
                scope.spawn(move || f(c * per, part))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
    })
}

/// Normalizes `messages` (numbered from `first`) with a session of its own.
fn normalize_part(first: usize, messages: &[String]) -> usize {
    let session = Session::new(DEVICE_MAPPING, options());
    messages
        .iter()
        .enumerate()
        .map(|(k, m)| {
            session
                .run_message_with(first + k, None, m, Detail::Findings)
                .measurements
                .len()
        })
        .sum()
}

/// The corpus mapping with its `template` list changed by `edit`.
fn edited_mapping(edit: impl FnOnce(&mut Vec<serde_json::Value>)) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(DEVICE_MAPPING).unwrap_or_default();
    if let Some(list) = doc.get_mut("template").and_then(|t| t.as_array_mut()) {
        edit(list);
    }
    doc.to_string()
}

fn type_name(template: &serde_json::Value) -> &str {
    template
        .pointer("/template/typeName")
        .and_then(|n| n.as_str())
        .unwrap_or("")
}

/// The corpus mapping without the template of type `name`: what a template costs is the
/// difference it makes to the whole mapping (alone, it would also pay for the name summary and
/// the near-miss hints of every message it does not match, which the mapping shares or skips).
fn mapping_without(name: &str) -> String {
    edited_mapping(|list| list.retain(|t| type_name(t) != name))
}

/// The corpus mapping with its first `templates` templates; beyond ten, the ten again under other
/// type names (`heartrate-2`, …), so every message meets more templates of every kind.
fn mapping_with(templates: usize) -> String {
    edited_mapping(|list| {
        let base = list.clone();
        list.truncate(templates);
        let mut round = 2;
        while list.len() < templates && !base.is_empty() {
            for template in &base {
                if list.len() == templates {
                    break;
                }
                let mut copy = template.clone();
                if let Some(name) = copy.pointer_mut("/template/typeName") {
                    *name = format!("{}-{round}", type_name(template)).into();
                }
                list.push(copy);
            }
            round += 1;
        }
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n = args
        .iter()
        .position(|a| a == "--messages")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000usize);
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(5usize)
        .max(1);
    let seed = args
        .iter()
        .position(|a| a == "--seed")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(42u64);
    let messages = corpus(n, 0, seed);
    let profile_detail = if args.iter().any(|a| a == "--profile-normalize") {
        Some(Detail::Findings)
    } else if args.iter().any(|a| a == "--profile-trace") {
        Some(Detail::Trace)
    } else {
        None
    };
    // `--without NAME`: the profiles of `normalize` run the mapping without that template.
    let mapping = match args
        .iter()
        .position(|a| a == "--without")
        .and_then(|i| args.get(i + 1))
    {
        Some(name) => mapping_without(name),
        None => DEVICE_MAPPING.to_string(),
    };
    if let Some(detail) = profile_detail {
        // For a profiler: only the normalize stage (without or with the trace), ten times.
        let session = Session::new(&mapping, options());
        let produced: usize = (0..10)
            .map(|_| normalize(&session, &messages, detail))
            .sum();
        println!("{produced} measurements");
        return;
    }
    if args.iter().any(|a| a == "--profile-written") {
        // For a profiler: normalize with the report's text written, ten times.
        let session = Session::new(DEVICE_MAPPING, options());
        let written: usize = (0..10)
            .map(|_| normalize_written(&session, &messages))
            .sum();
        println!("{written} bytes written");
        return;
    }
    if args.iter().any(|a| a == "--profile-floor") {
        // For a profiler: the floor (serde_json), ten times, to compare instruction counts.
        let parsed: usize = (0..10).map(|_| floor(&messages)).sum();
        println!("{parsed} messages parsed");
        return;
    }
    if args.iter().any(|a| a == "--profile-read") {
        // For a profiler: the lenient, located reader alone, ten times.
        let read: usize = (0..10).map(|_| read_all(&messages)).sum();
        println!("{read} messages read");
        return;
    }
    if let Some(dir) = args
        .iter()
        .position(|a| a == "--write-corpus")
        .and_then(|i| args.get(i + 1))
    {
        // For measuring the CLI (peak memory of `medtech normalize --ndjson`).
        let dir = std::path::Path::new(dir);
        let written = std::fs::create_dir_all(dir)
            .and_then(|_| std::fs::write(dir.join("device.json"), DEVICE_MAPPING))
            .and_then(|_| std::fs::write(dir.join("fhir.json"), FHIR_MAPPING))
            .and_then(|_| std::fs::write(dir.join("messages.ndjson"), messages.join("\n") + "\n"));
        match written {
            Ok(()) => println!("{n} messages written to {}", dir.display()),
            Err(e) => eprintln!("cannot write the corpus: {e}"),
        }
        return;
    }
    if args.iter().any(|a| a == "--profile-full") {
        // For a profiler: the whole pipeline (normalize, Observations), three times.
        let texts: Vec<(Option<String>, String)> =
            messages.iter().map(|m| (None, m.clone())).collect();
        let built: usize = (0..3)
            .map(|_| {
                medtech_core::debug(DEVICE_MAPPING, Some(FHIR_MAPPING), &texts, &options())
                    .observations
                    .len()
            })
            .sum();
        println!("{built} observations");
        return;
    }
    if args.iter().any(|a| a == "--quick") {
        // For comparing two builds: the floor and normalize alone, interleaved, best of `runs`.
        let session = Session::new(DEVICE_MAPPING, options());
        let (mut floor_s, mut norm_s) = (f64::MAX, f64::MAX);
        for _ in 0..runs {
            floor_s = floor_s.min(best(1, n, || floor(&messages)).0.seconds);
            norm_s = norm_s.min(
                best(1, n, || normalize(&session, &messages, Detail::Findings))
                    .0
                    .seconds,
            );
        }
        println!(
            "floor {:.3} µs, normalize {:.3} µs, ratio {:.2}",
            floor_s * 1e6 / n as f64,
            norm_s * 1e6 / n as f64,
            norm_s / floor_s
        );
        return;
    }
    if args.iter().any(|a| a == "--per-template") {
        // What each template adds to the whole mapping's time (see `mapping_without`).
        println!("| without | measurements | µs/message | the template's share |");
        println!("|---|---:|---:|---:|");
        let all = Session::new(DEVICE_MAPPING, options());
        let (whole, produced) = best(runs, n, || normalize(&all, &messages, Detail::Findings));
        println!(
            "| (none) | {produced} | {:.3} | |",
            whole.seconds * 1e6 / n as f64
        );
        let mapping: serde_json::Value = serde_json::from_str(DEVICE_MAPPING).unwrap_or_default();
        let names = mapping["template"]
            .as_array()
            .into_iter()
            .flatten()
            .map(type_name);
        for name in names {
            let session = Session::new(&mapping_without(name), options());
            let (t, produced) = best(runs, n, || normalize(&session, &messages, Detail::Findings));
            println!(
                "| {name} | {produced} | {:.3} | {:.3} |",
                t.seconds * 1e6 / n as f64,
                (whole.seconds - t.seconds) * 1e6 / n as f64
            );
        }
        return;
    }
    let bytes: usize = messages.iter().map(String::len).sum();
    let session = Session::new(DEVICE_MAPPING, options());
    assert!(session.is_valid(), "the benchmark mapping must be valid");

    let (first_floor, parsed) = best(runs, n, || floor(&messages));
    assert_eq!(parsed, n);
    let (read_t, _) = best(runs, n, || read_all(&messages));
    let (norm_t, produced) = best(runs, n, || normalize(&session, &messages, Detail::Findings));
    let (written_t, _) = best(runs, n, || normalize_written(&session, &messages));
    let (trace_t, _) = best(runs, n, || normalize(&session, &messages, Detail::Trace));
    let texts: Vec<(Option<String>, String)> = messages.iter().map(|m| (None, m.clone())).collect();
    let (full_t, observations) = best(runs, n, || {
        medtech_core::debug(DEVICE_MAPPING, Some(FHIR_MAPPING), &texts, &options())
            .observations
            .len()
    });
    let findings_options = Options {
        detail: Detail::Findings,
        ..options()
    };
    let (lean_t, _) = best(runs, n, || {
        medtech_core::debug(
            DEVICE_MAPPING,
            Some(FHIR_MAPPING),
            &texts,
            &findings_options,
        )
        .observations
        .len()
    });
    // What writing the pipeline's output costs at the least: the same Observations (the full
    // pipeline's product, which it keeps as text), built beforehand as `serde_json::Value`s and
    // written by serde_json, and nothing else; the same for the measurements, as `medtech
    // normalize --format json` writes them.
    let report = medtech_core::debug(DEVICE_MAPPING, Some(FHIR_MAPPING), &texts, &options());
    let written_observations: Vec<serde_json::Value> = report
        .observations
        .iter()
        .filter_map(|o| serde_json::from_str(o.as_str()).ok())
        .collect();
    let measurements: Vec<serde_json::Value> =
        report.measurements.iter().map(|m| m.to_json()).collect();
    drop(report);
    let mut buffer = Vec::with_capacity(1 << 16);
    let mut write_all = |values: &[serde_json::Value]| {
        values
            .iter()
            .map(|v| {
                buffer.clear();
                serde_json::to_writer(&mut buffer, v).map_or(0, |()| buffer.len())
            })
            .sum::<usize>()
    };
    let (output_t, output_bytes) = best(runs, n, || write_all(&written_observations));
    let (measurements_t, measurement_bytes) = best(runs, n, || write_all(&measurements));
    let (last_floor, _) = best(runs, n, || floor(&messages));
    let floor_t = if last_floor.seconds < first_floor.seconds {
        last_floor
    } else {
        first_floor
    };

    println!(
        "## Throughput ({n} messages, {:.1} MB, best of {runs})\n",
        bytes as f64 / 1e6
    );
    println!("| stage | messages/s | µs/message | × floor |");
    println!("|---|---:|---:|---:|");
    let row = |name: &str, t: &Timing| {
        println!(
            "| {name} | {:.0} | {:.2} | {:.2} |",
            t.rate(),
            t.seconds * 1e6 / t.messages as f64,
            t.seconds / floor_t.seconds
        )
    };
    row("floor: serde_json::from_str::<Value>", &floor_t);
    row("medtech_json::read (lenient, located)", &read_t);
    row(&format!("normalize ({produced} measurements)"), &norm_t);
    row(
        "normalize, with the JSON report's text of its measurements and findings",
        &written_t,
    );
    row("normalize with the per-template trace", &trace_t);
    row(
        &format!(
            "output floor: serde_json writing the same measurements ({:.0} bytes/message)",
            measurement_bytes as f64 / n as f64
        ),
        &measurements_t,
    );
    row(
        &format!("full pipeline ({observations} observations)"),
        &full_t,
    );
    row("full pipeline without the trace", &lean_t);
    row(
        &format!(
            "output floor: serde_json writing the same Observations ({:.0} bytes/message)",
            output_bytes as f64 / n as f64
        ),
        &output_t,
    );

    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads > 1 {
        let (floor_n, _) = best(runs, n, || {
            on_threads(&messages, threads, |_, part| floor(part))
        });
        let (norm_n, _) = best(runs, n, || on_threads(&messages, threads, normalize_part));
        println!(
            "\n## On {threads} threads (each with a session of its own, as `medtech --jobs`)\n"
        );
        println!("| stage | messages/s | × the same stage on one thread | × floor on {threads} threads |");
        println!("|---|---:|---:|---:|");
        let row = |name: &str, t: &Timing, one: &Timing| {
            println!(
                "| {name} | {:.0} | {:.2} | {:.2} |",
                t.rate(),
                t.rate() / one.rate(),
                t.seconds / floor_n.seconds
            )
        };
        row("floor: serde_json::from_str::<Value>", &floor_n, &floor_t);
        row("normalize", &norm_n, &norm_t);
    }

    println!(
        "\n## Cost by message size (normalize, {} messages)\n",
        n / 10
    );
    println!("| padding bytes | bytes/message | µs/message | × floor |");
    println!("|---:|---:|---:|---:|");
    for padding in [0usize, 1_000, 10_000, 100_000] {
        let count = (n / 10).min(if padding >= 100_000 { 2_000 } else { n });
        let sized = corpus(count, padding, seed);
        let size = sized.iter().map(String::len).sum::<usize>() / count.max(1);
        let (f, _) = best(runs, count, || floor(&sized));
        let (t, _) = best(runs, count, || {
            normalize(&session, &sized, Detail::Findings)
        });
        println!(
            "| {padding} | {size} | {:.2} | {:.2} |",
            t.seconds * 1e6 / count as f64,
            t.seconds / f.seconds
        );
    }

    println!(
        "\n## Cost by template count (normalize, {} messages)\n",
        n / 10
    );
    println!("| templates | µs/message |");
    println!("|---:|---:|");
    let sample = &messages[..n / 10];
    for templates in [1usize, 2, 5, 10, 20, 40] {
        let session = Session::new(&mapping_with(templates), options());
        assert!(session.is_valid(), "{templates} templates");
        let (t, _) = best(runs, sample.len(), || {
            normalize(&session, sample, Detail::Findings)
        });
        println!(
            "| {templates} | {:.2} |",
            t.seconds * 1e6 / sample.len() as f64
        );
    }
}
