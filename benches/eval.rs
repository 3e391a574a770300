//! Evaluation speed (issue 3 item 8, issue 12 item 5): one typical request (an identity policy
//! of ten statements with wildcards and a condition, plus a bucket policy), decision only and
//! with the full trace; and the four requests of `benches/data/requests.json` (`big200`: a
//! 200-statement policy where only the last statement matches), decision only, `big200` also
//! with the trace. Policies are parsed once, then evaluated many times. Goals, decision only:
//! `simple` at most 0.2 µs, `big200` at most 5 µs.
//!
//! Run: `cargo bench --bench eval -- --warm-up-time 1 --measurement-time 3`
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../tests/eval_support/mod.rs"]
mod eval_support;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use eval_support::*;
use iam_playground::eval::{authorize, decide, Decision};

const TYPICAL_IDENTITY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "ListBuckets", "Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "s3:GetBucketLocation"], "Resource": "*"},
    {"Sid": "ReadLogs", "Effect": "Allow", "Action": ["logs:Get*", "logs:Describe*", "logs:FilterLogEvents"], "Resource": "arn:aws:logs:*:111111111111:log-group:/app/*"},
    {"Sid": "Ec2Read", "Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"},
    {"Sid": "DynamoTable", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"], "Resource": "arn:aws:dynamodb:us-east-1:111111111111:table/orders*"},
    {"Sid": "SqsSend", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:*:111111111111:jobs-*"},
    {"Sid": "KmsUse", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "arn:aws:kms:us-east-1:111111111111:key/*"},
    {"Sid": "DenyIamWrites", "Effect": "Deny", "Action": ["iam:Create*", "iam:Delete*", "iam:Put*"], "Resource": "*"},
    {"Sid": "OwnPrefix", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::app-data/home/${aws:username}/*"},
    {"Sid": "TeamData", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::app-data/teams/*",
     "Condition": {"StringEquals": {"aws:PrincipalTag/team": "payments"}, "Bool": {"aws:SecureTransport": "true"}}},
    {"Sid": "DenyOutsideNetwork", "Effect": "Deny", "Action": "s3:*", "Resource": "*",
     "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"]}, "Bool": {"aws:ViaAWSService": "false"}}}
  ]
}"#;

const TYPICAL_BUCKET: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "DenyInsecure", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::app-data", "arn:aws:s3:::app-data/*"],
     "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
    {"Sid": "Auditors", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:role/Auditor"}, "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::app-data", "arn:aws:s3:::app-data/*"]}
  ]
}"#;

fn typical() -> (Case, iam_playground::eval::request::Request) {
    let c = case().identity(TYPICAL_IDENTITY).resource(TYPICAL_BUCKET);
    let r = req(
        user(A, "alice"),
        "s3:GetObject",
        "arn:aws:s3:::app-data/teams/payments/report.csv",
        A,
    )
    .ctx("aws:username", "alice")
    .ctx("aws:PrincipalTag/team", "payments")
    .ctx("aws:SecureTransport", "true")
    .ctx("aws:SourceIp", "203.0.113.10")
    .ctx("aws:ViaAWSService", "false")
    .ctx("aws:PrincipalArn", "arn:aws:iam::111111111111:user/alice")
    .ctx("aws:PrincipalAccount", "111111111111")
    .ctx("aws:CurrentTime", "2026-11-22T12:00:00Z");
    (c, r)
}

fn bench(cr: &mut Criterion) {
    let (c, r) = typical();
    c.with(|inputs| {
        assert_eq!(decide(&r, inputs), Decision::Allowed);
        cr.bench_function("typical/decide", |b| {
            b.iter(|| decide(black_box(&r), black_box(inputs)))
        });
        cr.bench_function("typical/authorize_with_trace", |b| {
            b.iter(|| authorize(black_box(&r), black_box(inputs)))
        });
    });
    for bc in eval_support::bench_requests::load() {
        bc.case.with(|inputs| {
            assert_eq!(decide(&bc.request, inputs), bc.expect, "{}", bc.name);
            cr.bench_function(&format!("requests/{}/decide", bc.name), |b| {
                b.iter(|| decide(black_box(&bc.request), black_box(inputs)))
            });
            if bc.name == "big200" {
                cr.bench_function("requests/big200/authorize_with_trace", |b| {
                    b.iter(|| authorize(black_box(&bc.request), black_box(inputs)))
                });
            }
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
