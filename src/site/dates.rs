//! Front-matter dates in the shapes Hugo accepts, as seconds since the epoch: what expiry,
//! date-range filters and the date checks compare. One parser, so they all agree.

use std::sync::OnceLock;

use regex::Regex;

/// Seconds since the epoch of a front-matter date in one of the shapes Hugo accepts
/// (see hugo-behaviour.md §1.3), with whether it carried an offset (a bare date counts as
/// carrying one: it names a day, not a time); `None` when Hugo could not parse it.
pub fn parse_hugo_date(text: &str) -> Option<(i64, bool)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:\s*(Z|[+-]\d{2}:?\d{2}))?)?$")
            .unwrap_or_else(|_| unreachable!())
    });
    let caps = re.captures(text.trim())?;
    let num = |i: usize| {
        caps.get(i)
            .map_or(Some(0), |m| m.as_str().parse::<i64>().ok())
    };
    let (y, mo, d, h, mi, s) = (num(1)?, num(2)?, num(3)?, num(4)?, num(5)?, num(6)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    // A time without seconds (`2020-01-02 10:00`) is one Hugo rejects.
    if caps.get(4).is_some() && caps.get(6).is_none() {
        return None;
    }
    let offset = caps.get(7).map(|m| m.as_str());
    let offset_secs = match offset {
        None | Some("Z") => 0,
        Some(o) => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            let digits: String = o.chars().filter(char::is_ascii_digit).collect();
            let hh: i64 = digits.get(0..2)?.parse().ok()?;
            let mm: i64 = digits.get(2..4)?.parse().ok()?;
            sign * (hh * 3600 + mm * 60)
        }
    };
    // Days from the civil date (Howard Hinnant's algorithm).
    let (yy, mm) = if mo <= 2 {
        (y - 1, mo + 9)
    } else {
        (y, mo - 3)
    };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let doy = (153 * mm + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some((
        days * 86_400 + h * 3600 + mi * 60 + s - offset_secs,
        caps.get(4).is_none() || offset.is_some(),
    ))
}

/// Now, in seconds since the epoch.
pub fn now_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_hugo_shapes_parse_and_others_do_not() {
        assert_eq!(parse_hugo_date("1970-01-01"), Some((0, true)));
        assert_eq!(
            parse_hugo_date("1970-01-01 01:00:00 +0100"),
            Some((0, true))
        );
        assert_eq!(
            parse_hugo_date("2016-05-10 4:28:03 -0400").map(|d| d.1),
            Some(true)
        );
        assert_eq!(
            parse_hugo_date("2020-01-02T10:00:00").map(|d| d.1),
            Some(false)
        );
        assert_eq!(
            parse_hugo_date("2015-07-31T10:00:20-04:00"),
            parse_hugo_date("2015-07-31 10:00:20 -0400")
        );
        for bad in ["Jan 2 2020", "2020-01-02 10:00", "2020-1-2", "2020-13-01"] {
            assert_eq!(parse_hugo_date(bad), None, "{bad}");
        }
    }
}
