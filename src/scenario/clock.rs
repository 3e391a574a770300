//! The simulated clock: RFC 3339 timestamps and ISO 8601 durations as whole epoch seconds.
//!
//! Hand-written (a few dozen lines) so the core needs no date crate; only UTC instants and
//! whole seconds matter to IAM's date conditions (`aws:CurrentTime`, `aws:TokenIssueTime`).

/// The default simulated time at the first step (`scenario-format.md`).
pub const DEFAULT_TIME: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

fn digits(s: &str, from: usize, len: usize) -> Option<i64> {
    let part = s.get(from..from + len)?;
    if part.bytes().all(|b| b.is_ascii_digit()) {
        part.parse().ok()
    } else {
        None
    }
}

/// Parses an RFC 3339 timestamp (`2026-01-01T12:00:00Z`, fractions and offsets allowed) into
/// epoch seconds (fractions are dropped).
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
    let (y, mo, d) = (digits(s, 0, 4)?, digits(s, 5, 2)?, digits(s, 8, 2)?);
    let (h, mi, se) = (digits(s, 11, 2)?, digits(s, 14, 2)?, digits(s, 17, 2)?);
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || se > 60
    {
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
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return None,
            };
            if rest.len() != 6 || rest.as_bytes().get(3) != Some(&b':') {
                return None;
            }
            let (oh, om) = (digits(rest, 1, 2)?, digits(rest, 4, 2)?);
            if oh > 23 || om > 59 {
                return None;
            }
            sign * (oh * 3600 + om * 60)
        }
    };
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se.min(59) - offset)
}

/// Formats epoch seconds as `YYYY-MM-DDTHH:MM:SSZ` (the form `aws:CurrentTime` takes).
pub fn format_rfc3339(t: i64) -> String {
    let (days, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
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

    #[test]
    fn durations() {
        assert_eq!(parse_duration("PT1H"), Ok(3600));
        assert_eq!(parse_duration("P1DT30M"), Ok(86_400 + 1800));
        assert_eq!(parse_duration("P2W"), Ok(1_209_600));
        assert_eq!(parse_duration("PT1M"), Ok(60));
        assert!(parse_duration("P1M").is_err());
        assert!(parse_duration("1H").is_err());
        assert!(parse_duration("PT").is_err());
        assert!(parse_duration("PT5").is_err());
    }
}
