//! A load test of `nifcheck serve`: starts the given binary on 127.0.0.1, sends it person
//! payloads (`benches/gen_persons.py`: about 500 bytes each, 5 % invalid) over a fixed number
//! of keep-alive connections, and prints throughput, latency percentiles, the count of each
//! status and the service's resident memory sampled over the run, as Markdown.
//!
//!     bash benches/serve.sh                      # builds, generates data, runs 20 s
//!     SECONDS_PER_RUN=60 bash benches/serve.sh   # the 60 s run, for memory over time
//!     cargo bench --bench serve_load -- --binary target/release/nifcheck \
//!         --data bench-data/serve/persons.ndjson [--connections 64] [--seconds 20] \
//!         [--requests 2000000] [-- SERVE OPTIONS…]
//!
//! The run is bounded both ways: it stops at `--requests` or after `--seconds`, whichever
//! comes first. Without `--binary` (as `cargo test --all-targets` runs it) it measures nothing.

use std::collections::BTreeMap;
use std::error::Error;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

struct Settings {
    binary: String,
    data: String,
    connections: usize,
    seconds: f64,
    requests: u64,
    /// How the run was started, for the table (`benches/serve.sh` says).
    command: String,
    /// When it was started, for the table.
    when: String,
    serve_args: Vec<String>,
}

fn settings() -> Option<Settings> {
    let mut args = std::env::args().skip(1);
    let mut settings = Settings {
        binary: String::new(),
        data: "bench-data/serve/persons.ndjson".into(),
        connections: 64,
        seconds: 20.0,
        requests: 2_000_000,
        command: String::new(),
        when: String::new(),
        serve_args: Vec::new(),
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--binary" => settings.binary = args.next()?,
            "--data" => settings.data = args.next()?,
            "--connections" => settings.connections = args.next()?.parse().ok()?,
            "--seconds" => settings.seconds = args.next()?.parse().ok()?,
            "--requests" => settings.requests = args.next()?.parse().ok()?,
            "--command" => settings.command = args.next()?,
            "--when" => settings.when = args.next()?,
            // `cargo bench` adds `--bench` at the end, after serve's options too.
            "--" => settings.serve_args.extend(args.by_ref().filter(|a| a != "--bench")),
            _ => {}
        }
    }
    (!settings.binary.is_empty()).then_some(settings)
}

/// The service under test, killed when dropped.
struct Service(Child);

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let Some(settings) = settings() else {
        eprintln!("skipped: no --binary to load; `bash benches/serve.sh` runs the load test");
        return Ok(());
    };
    let payloads: Vec<Vec<u8>> = std::fs::read_to_string(&settings.data)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.as_bytes().to_vec())
        .collect();
    if payloads.is_empty() {
        return Err(format!("{} holds no payloads", settings.data).into());
    }
    let mut child = Command::new(&settings.binary)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(&settings.serve_args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut first = String::new();
    BufReader::new(child.stdout.take().ok_or("no stdout")?).read_line(&mut first)?;
    let service = Service(child);
    let base = first
        .trim()
        .strip_prefix("listening on ")
        .ok_or_else(|| format!("the service did not start (its first line: {first:?})"))?
        .to_string();
    let pid = service.0.id();

    // Memory, sampled every half second while the load runs.
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let done = Arc::clone(&done);
        std::thread::spawn(move || {
            let mut samples = Vec::new();
            let started = Instant::now();
            while !done.load(Ordering::Relaxed) {
                if let Some(kib) = rss_kib(pid) {
                    samples.push((started.elapsed().as_secs_f64(), kib));
                }
                std::thread::sleep(Duration::from_millis(500));
            }
            samples
        })
    };
    let rss_before = rss_kib(pid).unwrap_or(0);
    let load_before = load_average();

    let payloads = Arc::new(payloads);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    // The load is plain HTTP, but reqwest's client wants a TLS provider all the same.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(settings.connections)
        .timeout(Duration::from_secs(30))
        .build()?;
    let url = format!("{base}/v1/validate");
    let sent = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs_f64(settings.seconds);
    let started = Instant::now();
    let results = runtime.block_on(async {
        let mut tasks = Vec::new();
        for connection in 0..settings.connections {
            let (client, url, payloads, sent) = (client.clone(), url.clone(), Arc::clone(&payloads), Arc::clone(&sent));
            let limit = settings.requests;
            tasks.push(tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut statuses: BTreeMap<String, u64> = BTreeMap::new();
                loop {
                    let n = sent.fetch_add(1, Ordering::Relaxed);
                    if n >= limit || Instant::now() >= deadline {
                        break;
                    }
                    let body = payloads[(n as usize + connection) % payloads.len()].clone();
                    let at = Instant::now();
                    let outcome = client
                        .post(&url)
                        .header("content-type", "application/json")
                        .body(body)
                        .send()
                        .await;
                    let status = match outcome {
                        Ok(response) => {
                            let status = response.status().as_u16().to_string();
                            let _ = response.bytes().await;
                            status
                        }
                        Err(e) if e.is_timeout() => "timeout".to_string(),
                        Err(_) => "connection error".to_string(),
                    };
                    latencies.push(at.elapsed().as_micros() as u64);
                    *statuses.entry(status).or_default() += 1;
                }
                (latencies, statuses)
            }));
        }
        let mut all = (Vec::new(), BTreeMap::new());
        for task in tasks {
            if let Ok((latencies, statuses)) = task.await {
                all.0.extend(latencies);
                for (status, count) in statuses {
                    *all.1.entry(status).or_insert(0u64) += count;
                }
            }
        }
        all
    });
    let elapsed = started.elapsed().as_secs_f64();
    done.store(true, Ordering::Relaxed);
    let samples = sampler.join().unwrap_or_default();
    let rss_after = rss_kib(pid).unwrap_or(0);
    drop(service);

    let (mut latencies, statuses) = results;
    latencies.sort_unstable();
    let percentile = |p: f64| -> f64 {
        if latencies.is_empty() {
            return 0.0;
        }
        let at = ((latencies.len() as f64 - 1.0) * p).round() as usize;
        latencies[at] as f64 / 1000.0
    };
    let total = latencies.len() as u64;
    let ok = statuses.get("200").copied().unwrap_or(0);
    let rss_max = samples.iter().map(|s| s.1).max().unwrap_or(rss_before);
    let load_after = load_average();
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    println!(
        "| When | Connections | Requests | Seconds | Validations/s | p50 ms | p90 ms | p99 ms | Max ms | Statuses | RSS start → peak → end (MiB) | Load average (1 min) start → end |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |");
    println!(
        "| {} | {} | {total} | {elapsed:.1} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {:.1} → {:.1} → {:.1} | {load_before} → {load_after} on {cores} cores |",
        if settings.when.is_empty() { "-" } else { &settings.when },
        settings.connections,
        ok as f64 / elapsed,
        percentile(0.50),
        percentile(0.90),
        percentile(0.99),
        percentile(1.0),
        statuses
            .iter()
            .map(|(status, count)| format!("{status}: {count}"))
            .collect::<Vec<_>>()
            .join(", "),
        rss_before as f64 / 1024.0,
        rss_max as f64 / 1024.0,
        rss_after as f64 / 1024.0,
    );
    // Memory over the run, one sample per tenth of it, to see whether it stays flat.
    let step = (samples.len() / 10).max(1);
    let trend: Vec<String> = samples
        .iter()
        .step_by(step)
        .map(|(at, kib)| format!("{at:.0} s: {:.1}", *kib as f64 / 1024.0))
        .collect();
    println!("\nRSS (MiB) over the run: {}.", trend.join(", "));
    let command = if settings.command.is_empty() {
        std::env::args().collect::<Vec<_>>().join(" ")
    } else {
        settings.command.clone()
    };
    println!(
        "\nCommand: `{command}` (the service: `nifcheck serve --listen 127.0.0.1:0{}`).",
        settings.serve_args.iter().map(|a| format!(" {a}")).collect::<String>()
    );
    Ok(())
}

/// The one-minute load average, from `/proc/loadavg`.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

/// The resident memory of a process, in KiB, from `/proc/PID/status`.
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
