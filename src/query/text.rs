//! Readable renderings of query answers for the command line: who-can, reach and diff. Text
//! that came from the user's files (names, ARNs, Sids) is printed with control characters
//! replaced, so a name cannot move the cursor or clear the screen.

use super::diff::DiffAnswer;
use super::path::{Condition, Hop};
use super::{Answer, ReachAnswer, WhoCanAnswer};
use std::fmt::Write as _;

/// `s` with every control character (terminal escapes included) shown as `\u{…}`.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

fn hop_line(out: &mut String, h: &Hop) {
    let who = clean(&h.principal);
    let line = match h.kind.as_str() {
        "as" => format!("as {who}"),
        "session" => format!("a session of {}", clean(h.target.as_deref().unwrap_or(""))),
        "assumeRole" => format!(
            "{who} → sts:AssumeRole {}",
            clean(h.target.as_deref().unwrap_or(""))
        ),
        _ => format!(
            "{who} → {} on {}",
            clean(h.action.as_deref().unwrap_or("")),
            clean(h.target.as_deref().unwrap_or(""))
        ),
    };
    let _ = write!(out, "    {line}");
    if let Some(d) = &h.decision {
        let _ = write!(out, ": {d}");
    }
    if !h.decisive.is_empty() {
        let by: Vec<String> = h
            .decisive
            .iter()
            .map(|d| match &d.sid {
                Some(sid) => format!("{} ({} {})", clean(&d.policy), d.effect, clean(sid)),
                None => format!(
                    "{} ({} statement {})",
                    clean(&d.policy),
                    d.effect,
                    d.statement
                ),
            })
            .collect();
        let _ = write!(out, " by {}", by.join("; "));
    }
    out.push('\n');
}

fn conditions(out: &mut String, cs: &[Condition]) {
    for c in cs {
        let _ = writeln!(out, "    {} [{}]", clean(&c.text), clean(&c.condition));
    }
}

fn answer(out: &mut String, a: &Answer) {
    let via = if a.used_by.is_empty() {
        String::new()
    } else {
        format!(" (used by {})", a.used_by.join(", "))
    };
    let hops = match (a.principal_kind.as_str(), a.depth) {
        ("role", 0) => "its sessions can, directly".to_string(),
        ("role", 1) => "its sessions can, through 1 more role".to_string(),
        ("role", n) => format!("its sessions can, through {n} more roles"),
        (_, 0) => "directly".to_string(),
        (_, 1) => "through 1 role".to_string(),
        (_, n) => format!("through {n} roles"),
    };
    let _ = writeln!(
        out,
        "✔ {} {}{via}: {hops}{}",
        a.principal_kind,
        clean(&a.principal),
        if a.conditions.is_empty() {
            ""
        } else {
            ", if conditions are met"
        }
    );
    for h in &a.hops {
        hop_line(out, h);
    }
    conditions(out, &a.conditions);
    if let Some(n) = &a.note {
        let _ = writeln!(out, "    note: {}", clean(n));
    }
}

/// A who-can answer as text.
pub fn who_can(a: &WhoCanAnswer) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "who can {} on {} (role chains up to {} hops)\n",
        clean(&a.query.action),
        clean(&a.query.resource),
        a.query.max_hops
    );
    for x in &a.answers {
        answer(&mut out, x);
    }
    if a.answers.is_empty() {
        out.push_str("no principal of this world can\n");
    }
    tail(&mut out, &a.unsettled, &a.missing);
    if a.summary.unsettled > a.unsettled.len() {
        let _ = writeln!(
            out,
            "? and {} more unsettled (raise --limit to list them)",
            a.summary.unsettled - a.unsettled.len()
        );
    }
    for e in &a.external {
        let _ = writeln!(out, "outside this world: {}", clean(&e.text));
    }
    let s = &a.summary;
    let _ = writeln!(
        out,
        "\n{} of {} principals can ({} if conditions are met){}; {} evaluations{}{}",
        s.answers,
        s.principals,
        s.conditional,
        if s.listed < s.answers {
            format!(", {} listed, and {} more", s.listed, s.answers - s.listed)
        } else {
            String::new()
        },
        s.evaluations,
        if s.cycles > 0 {
            format!("; {} assume-role cycles followed once", s.cycles)
        } else {
            String::new()
        },
        if s.depth_limited {
            "; longer chains may exist (raise --max-hops)"
        } else {
            ""
        }
    );
    out
}

fn tail(out: &mut String, unsettled: &[super::Unsettled], missing: &[String]) {
    for u in unsettled {
        let _ = writeln!(
            out,
            "? {} on {}: {}; meeting {} gives {}",
            clean(&u.principal),
            clean(&u.target),
            u.decision,
            clean(&u.conditions.join(" and ")),
            u.with_conditions
        );
    }
    for m in missing {
        let _ = writeln!(out, "missing: {}", clean(m));
    }
}

/// A reach answer as text.
pub fn reach(a: &ReachAnswer) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "what {} can reach\n", clean(&a.principal));
    if a.roles.is_empty() {
        out.push_str("roles: none\n");
    }
    for r in &a.roles {
        let _ = writeln!(
            out,
            "✔ role {} ({} hop{})",
            clean(&r.role),
            r.depth,
            if r.depth == 1 { "" } else { "s" }
        );
        for h in &r.hops {
            hop_line(&mut out, h);
        }
        conditions(&mut out, &r.conditions);
    }
    out.push('\n');
    for x in &a.access {
        let _ = writeln!(
            out,
            "✔ {} on {} as {}",
            clean(&x.action),
            clean(&x.resource),
            clean(&x.as_principal)
        );
        conditions(&mut out, &x.conditions);
    }
    if a.access.is_empty() {
        out.push_str("no access found on the resources asked about\n");
    }
    tail(&mut out, &a.unsettled, &a.missing);
    let _ = writeln!(
        out,
        "\n{} roles, {} access entries ({} if conditions are met); {} evaluations",
        a.roles.len(),
        a.summary.answers,
        a.summary.conditional,
        a.summary.evaluations
    );
    out
}

/// A diff as text.
pub fn diff(d: &DiffAnswer) -> String {
    let mut out = String::new();
    for s in &d.steps {
        let _ = writeln!(
            out,
            "step {} ({}{}{}): {} → {}",
            s.index,
            s.kind,
            s.action
                .as_deref()
                .map(|a| format!(" {}", clean(a)))
                .unwrap_or_default(),
            s.resource
                .as_deref()
                .map(|r| format!(" on {}", clean(r)))
                .unwrap_or_default(),
            s.before,
            s.after
        );
        for (side, list) in [
            ("before", &s.before_statements),
            ("after", &s.after_statements),
        ] {
            for st in list.iter() {
                let _ = writeln!(
                    out,
                    "    {side}: {} {} ({})",
                    st.effect,
                    clean(&st.policy),
                    st.sid
                        .as_deref()
                        .map(clean)
                        .unwrap_or_else(|| format!("statement {}", st.statement))
                );
            }
        }
    }
    for a in &d.assume {
        let _ = writeln!(
            out,
            "{} may assume {}: {} → {}",
            clean(&a.principal),
            clean(&a.role),
            clean(&a.before),
            clean(&a.after)
        );
    }
    for a in &d.access {
        let _ = writeln!(
            out,
            "{} {} on {}: {} → {}",
            clean(&a.principal),
            clean(&a.action),
            clean(&a.resource),
            clean(&a.before),
            clean(&a.after)
        );
    }
    for n in &d.notes {
        let _ = writeln!(out, "note: {}", clean(n));
    }
    if d.truncated {
        out.push_str("note: the access comparison stopped after its cell limit\n");
    }
    let _ = writeln!(
        out,
        "{}",
        if d.changed {
            format!(
                "{} step(s), {} assume-role and {} access decision(s) flipped",
                d.steps.len(),
                d.assume.len(),
                d.access.len()
            )
        } else {
            "nothing flipped".to_string()
        }
    );
    out
}
