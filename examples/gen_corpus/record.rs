//! One record: its status, timeline, assessment, actions and notifications,
//! derived from the policy, and the YAML it is written as.

use super::*;

// ---------------------------------------------------------------------------
// One record

pub(super) struct Record {
    pub(super) yaml: String,
    pub(super) evidence: Option<(String, Vec<u8>)>,
    pub(super) stats: Stats,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Open,
    Contained,
    Recovered,
    Closed,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Contained => "contained",
            Status::Recovered => "recovered",
            Status::Closed => "closed",
        }
    }
}

struct Made {
    rule: usize,
    kind: String,
    at: DateTime<FixedOffset>,
}

struct Step {
    at: DateTime<FixedOffset>,
    by: String,
    action: String,
}

impl World {
    pub(super) fn record(&self, p: &Planned, rng: &mut Rng) -> Record {
        let detected = p.detected;
        let cut = self.cut;
        let cat_idx = match p.forced {
            Some((_, c)) => c,
            None => rng.below(self.categories.len() as u64) as usize,
        };
        let category = self.categories[cat_idx].as_str();
        let sc = scenario(category);
        let variant = rng.pick(sc.variants);

        // Level first (more near misses than emergencies), then the impact,
        // then raise the level if the impact demands it (E304).
        let weights: Vec<u64> = (0..self.levels.len())
            .map(|i| (self.levels.len() - i) as u64)
            .collect();
        let mut level_idx = match p.forced {
            Some((l, _)) => l,
            None => rng.weighted(&weights),
        };
        let mut flags = Flags::default();
        if p.forced.is_none() {
            let serious = level_idx + 1 >= self.levels.len();
            let personal_pct = if serious {
                sc.personal_pct
            } else {
                sc.personal_pct / 4
            };
            flags.0.insert("personal_data", rng.chance(personal_pct));
            let malicious = rng.chance(sc.malicious_pct);
            flags.0.insert("malicious", malicious);
            if malicious && level_idx >= 2 && rng.chance(50) {
                flags.0.insert("crime_suspected", true);
            }
        } else {
            flags.0.insert("personal_data", false);
            flags.0.insert("malicious", sc.malicious_pct >= 90);
        }
        if let Some(min) = self.min_level(&flags) {
            if let Some(i) = self
                .levels
                .iter()
                .position(|l| l.level == min)
                .filter(|i| *i > level_idx)
            {
                level_idx = i;
            }
        }
        let lv = &self.levels[level_idx];
        let level = lv.level;
        let serious = level >= 1;

        let dept = *rng.pick(DEPARTMENTS);
        let site = *rng.pick(SITES);
        let system = *rng.pick(sc.systems);
        let fill = |s: &str, rng: &mut Rng| {
            s.replace("{dept}", dept)
                .replace("{site}", site)
                .replace("{system}", system)
                .replace("{n}", &rng.range(3, 120).to_string())
                .replace("{m}", &rng.range(1, 9).to_string())
                .replace("{h}", &rng.range(2, 30).to_string())
        };
        let reporter = person_name(rng);

        // --- Key dates. Anything at or after `cut` has not happened yet.
        let before = |t: DateTime<FixedOffset>| (t < cut).then_some(t);
        let occurred_date_only = rng.chance(5);
        let occurred = if occurred_date_only {
            Some(local_midnight(
                detected.date_naive() - Duration::days(rng.range(0, 2)),
                self.tz,
            ))
        } else if rng.chance(75) {
            let back = if rng.chance(50) {
                rng.range(0, 60)
            } else {
                rng.range(0, 3 * 24 * 60)
            };
            Some(detected - Duration::minutes(back))
        } else {
            None
        };
        let reported = if serious || rng.chance(60) {
            let w = lv.report_within;
            let after = if rng.chance(70) {
                rng.range(1, w.min(30))
            } else {
                rng.range(1, w)
            };
            Some(detected + Duration::minutes(after.min(w)))
        } else {
            None
        };
        let told = reported.unwrap_or(detected);
        let assessed =
            (serious || rng.chance(50)).then(|| told + Duration::minutes(rng.range(5, 180)));
        let contained = (serious || rng.chance(30))
            .then(|| told + Duration::minutes(rng.range(10, 2 * 24 * 60)))
            .and_then(before);
        let recovered = contained
            .filter(|_| serious || rng.chance(50))
            .map(|c| c + Duration::minutes(rng.range(60, 14 * 24 * 60)))
            .and_then(before);

        // External reports: each one the policy requires, made before its
        // deadline; those not yet made are not yet due.
        let mut made = Vec::new();
        for (ri, rule) in self.rules.iter().enumerate() {
            if !rule.applies(category, level, &flags) {
                continue;
            }
            for (kind, minutes) in &rule.deadlines {
                let at = detected + Duration::minutes(rng.range(minutes / 5, minutes * 9 / 10));
                if at < cut {
                    made.push(Made {
                        rule: ri,
                        kind: kind.clone(),
                        at,
                    });
                }
            }
        }
        made.sort_by_key(|m| m.at);
        let all_due_made = self.rules.iter().enumerate().all(|(ri, r)| {
            !r.applies(category, level, &flags)
                || r.deadlines
                    .iter()
                    .all(|(k, _)| made.iter().any(|m| m.rule == ri && &m.kind == k))
        });

        // --- Assessment
        let stage = if lv.stages.is_empty() {
            (*rng.pick(&["weakness", "event", "incident"])).to_string()
        } else {
            rng.pick(&lv.stages).clone()
        };
        let assessor = if self.assessors.contains(&lv.responsible) && rng.chance(50) {
            lv.responsible.clone()
        } else {
            rng.pick(&self.assessors).clone()
        };

        // --- Timeline
        let mut steps = Vec::new();
        if let Some(o) = occurred.filter(|_| !occurred_date_only) {
            steps.push(Step {
                at: o,
                by: reporter.clone(),
                action: fill(variant.occurred, rng),
            });
        }
        steps.push(Step {
            at: detected,
            by: reporter.clone(),
            action: fill(variant.detected, rng),
        });
        if let Some(r) = reported {
            let to = self.role_name(&lv.responsible).to_string();
            steps.push(Step {
                at: r,
                by: reporter.clone(),
                action: format!("{to}へ電話とメールで報告"),
            });
        }
        if let Some(a) = assessed {
            let what = format!("{}と判断", stage_ja(&stage));
            let action = if serious {
                format!("レベル{level}（{what}）")
            } else {
                format!("ヒヤリハット（{what}）として記録")
            };
            steps.push(Step {
                at: a,
                by: self.person(&assessor, rng),
                action,
            });
        }
        if let Some(c) = contained {
            steps.push(Step {
                at: c,
                by: self.person("it_admin", rng),
                action: fill(variant.contain, rng),
            });
        }
        if let (Some(c), Some(r)) = (contained, recovered) {
            let k = if level >= 2 {
                rng.range(1, 3)
            } else {
                rng.range(0, 1)
            } as usize;
            for (i, s) in rng.sample(sc.steps, k).into_iter().enumerate() {
                let span = (r - c).num_minutes().max(1);
                let at = c + Duration::minutes(span * (i as i64 + 1) / (k as i64 + 2));
                steps.push(Step {
                    at,
                    by: self.person(rng.pick(&self.owners).as_str(), rng),
                    action: fill(s, rng),
                });
            }
            steps.push(Step {
                at: r,
                by: self.person("it_admin", rng),
                action: fill(variant.recover, rng),
            });
        }
        let notifier = if self.role_people.contains_key("privacy_officer") {
            "privacy_officer"
        } else {
            lv.responsible.as_str()
        };
        for m in &made {
            let rule = &self.rules[m.rule];
            steps.push(Step {
                at: m.at,
                by: self.person(notifier, rng),
                action: format!("{}（{}）", rule.name, kind_ja(&m.kind)),
            });
        }
        // Closed after recovery, after the last external report and after
        // every other step, so the timeline ends at the closing.
        let settled = if serious {
            recovered
        } else {
            Some(recovered.or(contained).unwrap_or(told))
        };
        let latest = steps.iter().map(|s| s.at).max().unwrap_or(detected);
        let closed = settled
            .filter(|_| all_due_made)
            .map(|s| latest.max(s) + Duration::minutes(rng.range(60, 45 * 24 * 60)))
            .and_then(before);
        let status = match (closed, recovered, contained) {
            (Some(_), ..) => Status::Closed,
            (None, Some(_), _) => Status::Recovered,
            (None, None, Some(_)) => Status::Contained,
            _ => Status::Open,
        };
        if let Some(c) = closed {
            steps.push(Step {
                at: c,
                by: self.person(&lv.responsible, rng),
                action: "再発防止策を確認し、記録をクローズ".into(),
            });
        }
        steps.sort_by_key(|s| s.at); // stable: same-minute steps keep their causal order

        // --- Corrective actions
        let n_actions = match status {
            Status::Closed => rng.range(1, 3),
            Status::Recovered => rng.range(0, 2),
            _ => rng.range(0, 1),
        } as usize;
        let actions: Vec<String> = rng
            .sample(sc.actions, n_actions)
            .into_iter()
            .map(|(a, e)| self.action(a, e, detected.date_naive(), &fill, rng))
            .collect();

        // --- Evidence: a few serious records keep a log excerpt with its hash.
        let evidence = (serious && rng.chance(4)).then(|| {
            let rel = format!("evidence/{}/{}", p.id, sc.evidence_name);
            let mut body = String::new();
            let mut t = occurred.unwrap_or(detected);
            for _ in 0..rng.range(3, 12) {
                let _ = writeln!(
                    body,
                    "{} {} {}",
                    t.format("%Y-%m-%dT%H:%M:%S%:z"),
                    system,
                    rng.pick(LOG_LINES)
                );
                t += Duration::seconds(rng.range(1, 900));
            }
            (rel, body.into_bytes())
        });

        // --- Write YAML
        let mut y = String::with_capacity(4096);
        let _ = writeln!(y, "id: {}", p.id);
        let title = fill(variant.title, rng);
        line(&mut y, 0, "title", &title);
        let _ = writeln!(y, "level: {level}");
        let _ = writeln!(y, "category: {category}");
        let _ = writeln!(y, "status: {}", status.as_str());
        if rng.chance(sc.restricted_pct) {
            let _ = writeln!(y, "visibility: restricted");
        }
        let _ = writeln!(y, "responsible: {}", lv.responsible);
        line(&mut y, 0, "reporter", &reporter);
        line(&mut y, 0, "location", &format!("{site} {dept}"));
        if let Some(o) = occurred {
            if occurred_date_only {
                let _ = writeln!(y, "occurred_at: {}", o.format("%Y-%m-%d"));
            } else {
                let _ = writeln!(y, "occurred_at: {}", ts(o));
            }
        }
        let _ = writeln!(y, "detected_at: {}", ts(detected));
        for (k, v) in [
            ("reported_at", reported),
            ("contained_at", contained),
            ("recovered_at", recovered),
            ("closed_at", closed),
        ] {
            if let Some(v) = v {
                let _ = writeln!(y, "{k}: {}", ts(v));
            }
        }
        let mut summary: Vec<String> = variant
            .summary
            .iter()
            .take(if serious { 3 } else { 1 })
            .map(|s| fill(s, rng))
            .collect();
        if !serious {
            summary.push("実害は出ていないが、放置すると同じ原因で事故につながるおそれがあるため、ヒヤリハットとして記録した。".into());
        }
        if level >= 2 {
            let facts: Vec<String> = rng
                .sample(sc.facts, 2)
                .into_iter()
                .map(|f| format!("- {}", fill(f, rng)))
                .collect();
            summary.push(facts.join("\n"));
        }
        block(&mut y, 0, "summary", &summary.join("\n\n"));
        if matches!(status, Status::Closed | Status::Recovered) {
            let causes: Vec<String> = rng
                .sample(sc.causes, if serious { 2 } else { 1 })
                .into_iter()
                .map(|c| format!("- {c}"))
                .collect();
            block(&mut y, 0, "cause", &causes.join("\n"));
        }
        let systems: Vec<&str> = rng
            .sample(sc.systems, if level >= 2 { 2 } else { 1 })
            .into_iter()
            .copied()
            .collect();
        let _ = writeln!(y, "affected_systems: [{}]", systems.join(", "));
        if rng.chance(70) {
            line(&mut y, 0, "organization", dept);
        }
        y.push_str("impact:\n");
        for f in ["personal_data", "malicious", "crime_suspected"] {
            if f != "crime_suspected" || flags.get(f) {
                let _ = writeln!(y, "  {f}: {}", flags.get(f));
            }
        }
        if flags.get("personal_data") {
            let _ = writeln!(y, "  records_affected: {}", rng.range(1, 5000));
        }
        if level >= 3 {
            line(
                &mut y,
                2,
                "customers",
                &fill(rng.pick::<&str>(CUSTOMER_IMPACT), rng),
            );
        }
        if serious {
            line(
                &mut y,
                2,
                "business",
                &fill(rng.pick::<&str>(BUSINESS_IMPACT), rng),
            );
        }
        if let Some(a) = assessed {
            y.push_str("assessment:\n");
            let _ = writeln!(y, "  stage: {stage}");
            let _ = writeln!(y, "  decided_by: {assessor}");
            let _ = writeln!(y, "  decided_at: {}", ts(a));
            let rationale = format!(
                "{}。{}にあたるため、レベル{level}とした。",
                rng.pick(RATIONALE_FACTS),
                lv.name
            );
            block(&mut y, 2, "rationale", &rationale);
        }
        y.push_str("timeline:\n");
        for s in &steps {
            let _ = writeln!(y, "  - at: {}", ts(s.at));
            line(&mut y, 4, "by", &s.by);
            line(&mut y, 4, "action", &s.action);
        }
        if !made.is_empty() {
            y.push_str("notifications:\n");
            for m in &made {
                let _ = writeln!(y, "  - to: {}", self.rules[m.rule].id);
                let _ = writeln!(y, "    kind: {}", m.kind);
                let _ = writeln!(y, "    at: {}", ts(m.at));
                line(
                    &mut y,
                    4,
                    "reference",
                    &format!("受付番号 {}-{:06}", m.at.year(), rng.below(1_000_000)),
                );
            }
        }
        if !actions.is_empty() {
            y.push_str("actions:\n");
            for a in &actions {
                y.push_str(a);
            }
        }
        if status == Status::Closed && rng.chance(70) {
            block(
                &mut y,
                0,
                "lessons",
                &fill(rng.pick::<&str>(sc.lessons), rng),
            );
        }
        if let Some((rel, bytes)) = &evidence {
            y.push_str("evidence:\n");
            let _ = writeln!(y, "  - path: {rel}");
            line(&mut y, 4, "description", &format!("{system}のログの抜粋"));
            let _ = writeln!(y, "    sha256: {}", sha256_hex(bytes));
        }
        let n_tags = rng.range(1, 3) as usize;
        let tags: Vec<&str> = rng.sample(sc.tags, n_tags).into_iter().copied().collect();
        let _ = writeln!(y, "tags: [{}]", tags.join(", "));

        let mut stats = Stats {
            records: 1,
            bytes: y.len() as u64,
            notifications: made.len(),
            ..Stats::default()
        };
        stats.per_level.insert(level, 1);
        stats.per_category.insert(category.to_string(), 1);
        stats.per_status.insert(status.as_str(), 1);
        stats.evidence_files = usize::from(evidence.is_some());
        Record {
            yaml: y,
            evidence,
            stats,
        }
    }

    /// One `actions` entry. Never overdue at `today`: an action whose due
    /// date has passed is done (with `done_at` no later than yesterday).
    fn action(
        &self,
        action: &str,
        evaluation: &str,
        detected: NaiveDate,
        fill: &dyn Fn(&str, &mut Rng) -> String,
        rng: &mut Rng,
    ) -> String {
        let yesterday = self.today.pred_opt().unwrap_or(self.today);
        let due = detected + Duration::days(rng.range(7, 120));
        let status = if due < self.today {
            *rng.pick(&["done", "done", "verified"])
        } else {
            *rng.pick(&["planned", "in_progress", "in_progress", "done"])
        };
        let done_at = matches!(status, "done" | "verified").then(|| {
            let d = if due < self.today {
                due - Duration::days(rng.range(0, 10))
            } else {
                detected + Duration::days(rng.range(1, 30))
            };
            d.clamp(detected, yesterday)
        });
        let mut s = String::new();
        line(&mut s, 2, "- action", &fill(action, rng));
        let _ = writeln!(s, "    owner: {}", rng.pick(&self.owners));
        let _ = writeln!(s, "    due: {due}");
        let _ = writeln!(s, "    status: {status}");
        if let Some(d) = done_at {
            let _ = writeln!(s, "    done_at: {d}");
        }
        line(&mut s, 4, "evaluation", evaluation);
        if !self.controls.is_empty() {
            let k = if rng.chance(80) { 1 } else { 2 };
            let cs: Vec<&str> = rng
                .sample(&self.controls, k)
                .into_iter()
                .map(String::as_str)
                .collect();
            let _ = writeln!(s, "    controls: [{}]", cs.join(", "));
        }
        s
    }
}

// ---------------------------------------------------------------------------
// YAML writing helpers

fn ts(t: DateTime<FixedOffset>) -> String {
    debug_assert_eq!(t.second(), 0);
    t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// `key: value` with the value plain when YAML reads it back as the same
/// text, double-quoted otherwise.
fn line(out: &mut String, indent: usize, key: &str, value: &str) {
    let _ = writeln!(out, "{:indent$}{key}: {}", "", scalar(value));
}

pub(super) fn scalar(s: &str) -> String {
    let first = s.chars().next().unwrap_or(' ');
    let risky = s.is_empty()
        || "-?:,[]{}#&*!|>'\"%@` ".contains(first)
        || s.ends_with(' ')
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.parse::<f64>().is_ok()
        || matches!(s, "true" | "false" | "null" | "~" | "yes" | "no");
    if !risky {
        return s.to_string();
    }
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// `key: |` and the text indented below it.
fn block(out: &mut String, indent: usize, key: &str, text: &str) {
    let _ = writeln!(out, "{:indent$}{key}: |", "");
    for l in text.lines() {
        if l.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{:w$}{l}", "", w = indent + 2);
        }
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    format!("{:x}", Sha256::digest(bytes))
}

fn stage_ja(stage: &str) -> &'static str {
    match stage {
        "weakness" => "セキュリティ弱点",
        "event" => "セキュリティ事象",
        _ => "セキュリティインシデント",
    }
}

fn kind_ja(kind: &str) -> &'static str {
    match kind {
        "preliminary" => "速報",
        "final" => "確報",
        _ => "届出",
    }
}

pub(super) fn person_name(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(SURNAMES), rng.pick(GIVEN_NAMES))
}
