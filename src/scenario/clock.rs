//! The simulated clock: RFC 3339 timestamps and ISO 8601 durations as whole epoch seconds.
//!
//! Hand-written (a few dozen lines) so the core needs no date crate; only UTC instants and
//! whole seconds matter to IAM's date conditions (`aws:CurrentTime`, `aws:TokenIssueTime`).
//! Timestamps are read by the evaluator's date parser ([`crate::eval::values::date`]).

// Times and durations come from the scenario: arithmetic on them is checked or saturating.
#![deny(clippy::arithmetic_side_effects)]

/// The default simulated time at the first step (`scenario-format.md`).
pub const DEFAULT_TIME: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

/// The date of a day count since 1970-01-01. In i128, so no day count an i64 of seconds can
/// give (±1.07 × 10^14 days) overflows: the era and day-of-era stay far inside its range.
fn civil_from_days(z: i64) -> (i128, i128, i128) {
    let z = i128::from(z).saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = doe
        .saturating_sub(doe / 1460)
        .saturating_add(doe / 36_524)
        .saturating_sub(doe / 146_096)
        / 365;
    let y = yoe.saturating_add(era.saturating_mul(400));
    let doy = doe.saturating_sub(
        yoe.saturating_mul(365)
            .saturating_add(yoe / 4)
            .saturating_sub(yoe / 100),
    );
    let mp = doy.saturating_mul(5).saturating_add(2) / 153;
    let d = doy
        .saturating_sub(mp.saturating_mul(153).saturating_add(2) / 5)
        .saturating_add(1);
    let m = if mp < 10 {
        mp.saturating_add(3)
    } else {
        mp.saturating_sub(9)
    };
    (if m <= 2 { y.saturating_add(1) } else { y }, m, d)
}

fn digits(s: &str, from: usize, len: usize) -> Option<i64> {
    let part = s.get(from..from.checked_add(len)?)?;
    if part.bytes().all(|b| b.is_ascii_digit()) {
        part.parse().ok()
    } else {
        None
    }
}

/// Parses an RFC 3339 timestamp (`2026-01-01T12:00:00Z`, fractions and offsets allowed) into
/// epoch seconds (fractions are dropped; a leap second `:60` counts as `:59`).
///
/// Only the RFC 3339 shape is checked here: the calendar (month lengths, leap years) and the
/// arithmetic are the evaluator's date parser's ([`crate::eval::values::date`]), so a
/// scenario's clock and a policy's `Date*` condition read a timestamp the same way.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    if !matches!(b.get(10), Some(b'T' | b't'))
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
    {
        return None;
    }
    let (h, mi, se) = (digits(s, 11, 2)?, digits(s, 14, 2)?, digits(s, 17, 2)?);
    if h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut rest = s.get(19..)?;
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        rest = frac.get(n..)?;
    }
    match rest {
        "Z" | "z" => {}
        _ => {
            if !matches!(rest.as_bytes().first(), Some(b'+' | b'-'))
                || rest.len() != 6
                || rest.as_bytes().get(3) != Some(&b':')
            {
                return None;
            }
            let (oh, om) = (digits(rest, 1, 2)?, digits(rest, 4, 2)?);
            if oh > 23 || om > 59 {
                return None;
            }
        }
    }
    // Whole seconds, without the fraction; the date and zone as written.
    let whole = format!("{}:{:02}{rest}", s.get(..16)?, se.min(59));
    let nanos = crate::eval::values::date(&whole)?;
    i64::try_from(nanos.div_euclid(1_000_000_000)).ok()
}

/// Formats epoch seconds as `YYYY-MM-DDTHH:MM:SSZ` (the form `aws:CurrentTime` takes).
pub fn format_rfc3339(t: i64) -> String {
    let (days, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs.div_euclid(3600),
        secs.rem_euclid(3600).div_euclid(60),
        secs.rem_euclid(60)
    )
}

/// Parses an ISO 8601 duration (`PT1H`, `P1DT30M`, `P2W`, `PT90S`) into seconds. Years and
/// months are refused: their length depends on the calendar, so the scenario must say days.
pub fn parse_duration(s: &str) -> Result<i64, String> {
    let body = s
        .strip_prefix('P')
        .ok_or_else(|| format!("`{s}` is not an ISO 8601 duration: it must start with `P`"))?;
    if body.is_empty() || body == "T" {
        return Err(format!("`{s}` is an empty duration"));
    }
    let mut total: i64 = 0;
    let mut in_time = false;
    let mut number = String::new();
    for c in body.chars() {
        match c {
            'T' if !in_time && number.is_empty() => in_time = true,
            '0'..='9' => number.push(c),
            _ => {
                let n: i64 = number
                    .parse()
                    .map_err(|_| format!("`{s}`: a number must come before `{c}`"))?;
                number.clear();
                let unit = match (in_time, c) {
                    (false, 'W') => 604_800,
                    (false, 'D') => 86_400,
                    (true, 'H') => 3600,
                    (true, 'M') => 60,
                    (true, 'S') => 1,
                    (false, 'Y' | 'M') => {
                        return Err(format!(
                            "`{s}`: years and months have no fixed length; write the duration in days (`P30D`)"
                        ))
                    }
                    _ => return Err(format!("`{s}` is not an ISO 8601 duration (unexpected `{c}`)")),
                };
                total = n
                    .checked_mul(unit)
                    .and_then(|v| total.checked_add(v))
                    .ok_or_else(|| format!("`{s}` is too long a duration"))?;
            }
        }
    }
    if !number.is_empty() {
        return Err(format!("`{s}`: the number `{number}` has no unit"));
    }
    Ok(total)
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips() {
        assert_eq!(parse_rfc3339("2026-01-01T00:00:00Z"), Some(DEFAULT_TIME));
        assert_eq!(format_rfc3339(DEFAULT_TIME), "2026-01-01T00:00:00Z");
        let t = parse_rfc3339("2022-07-04T10:27:56Z").unwrap();
        assert_eq!(format_rfc3339(t), "2022-07-04T10:27:56Z");
        assert_eq!(parse_rfc3339("2022-07-04T12:27:56.123+02:00"), Some(t));
        assert_eq!(
            parse_rfc3339("2024-02-29T00:00:00Z")
                .map(format_rfc3339)
                .unwrap(),
            "2024-02-29T00:00:00Z"
        );
        assert_eq!(parse_rfc3339("2023-02-29T00:00:00Z"), None);
        assert_eq!(parse_rfc3339("2023-02-28"), None);
        assert_eq!(parse_rfc3339("1969-12-31T23:59:59Z"), Some(-1));
    }

    /// The RFC 3339 shape the clock accepts (unchanged since the parser moved to the
    /// evaluator's date parser): whole seconds, any fraction dropped, a leap second as `:59`,
    /// only `Z` or `±HH:MM` zones, no hour 24, no epoch seconds.
    #[test]
    fn rfc3339_shape() {
        let t = parse_rfc3339("2026-06-30T23:59:59Z").unwrap();
        assert_eq!(parse_rfc3339("2026-06-30T23:59:60Z"), Some(t));
        assert_eq!(parse_rfc3339("2026-06-30T23:59:60.999Z"), Some(t));
        assert_eq!(parse_rfc3339("2026-06-30T23:59:59.1234567890123z"), Some(t));
        assert_eq!(parse_rfc3339("2026-06-30t18:59:59-05:00"), Some(t));
        assert_eq!(parse_rfc3339("2026-07-01T00:00:00Z"), Some(t + 1));
        for bad in [
            "2026-06-30T24:00:00Z",
            "2026-06-30T23:59:61Z",
            "2026-06-30T23:59:59+0500",
            "2026-06-30T23:59:59+05",
            "2026-06-30T23:59:59+24:00",
            "2026-06-30T23:59:59",
            "2026-06-30T23:59:59.Z",
            "2026-06-30T23:59Z",
            "2026-13-01T00:00:00Z",
            "2026-06-31T00:00:00Z",
            "1782863999",
            "2026-06-30T23:59:59,5Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("PT1H"), Ok(3600));
        assert_eq!(parse_duration("P1DT30M"), Ok(86_400 + 1800));
        assert_eq!(format_rfc3339(253_402_300_799), "9999-12-31T23:59:59Z");
        assert_eq!(format_rfc3339(i64::MAX), "292277026596-12-04T15:30:07Z");
        assert_eq!(format_rfc3339(i64::MIN), "-292277022657-01-27T08:29:52Z");
        assert_eq!(parse_duration("P2W"), Ok(1_209_600));
        assert_eq!(parse_duration("PT1M"), Ok(60));
        assert!(parse_duration("P1M").is_err());
        assert!(parse_duration("1H").is_err());
        assert!(parse_duration("PT").is_err());
        assert!(parse_duration("PT5").is_err());
    }
}
