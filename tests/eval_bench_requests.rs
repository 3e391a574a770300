//! The four benchmark requests (`benches/data/requests.json`, from shared/bench) decide as AWS
//! does.

mod eval_support;
use eval_support::bench_requests::load;

#[test]
fn benchmark_requests_decide_as_aws_does() {
    let cases = load();
    assert_eq!(cases.len(), 4);
    for c in cases {
        let e = c.case.eval(&c.request);
        assert_eq!(e.decision, c.expect, "{}: {}", c.name, e.reason);
    }
}
