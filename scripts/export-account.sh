#!/usr/bin/env bash
# Exports what `iam-playground import` reads, with read-only AWS CLI calls only
# (get-/list-/describe-), into a folder. Usage:
#
#   scripts/export-account.sh [--profile P] [--org] [--resources] [--regions "us-east-1 eu-west-1"] OUT_DIR
#
# Writes (docs/import.md lists every command):
#   OUT/ACCOUNT_ID/authorization-details.json         aws iam get-account-authorization-details
#   OUT/ACCOUNT_ID/caller-identity.PROFILE.json        aws sts get-caller-identity (each profile without role_arn)
#   OUT/ACCOUNT_ID/resource-policies/SERVICE/ARN.json  (--resources; ARN percent-encoded)
#   OUT/organization/...                               (--org; from the management account)
#   OUT/aws-config                                     a copy of ~/.aws/config, when there is one
# The AWS CLI fetches every page itself; nothing here uses --no-paginate or --max-items.
set -euo pipefail

usage() {
  sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-2}"
}

profile=""
org=0
resources=0
regions=""
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile="${2:?--profile needs a name}"; shift 2 ;;
    --org) org=1; shift ;;
    --resources) resources=1; shift ;;
    --regions) regions="${2:?--regions needs a list}"; shift 2 ;;
    -h|--help) usage 0 ;;
    -*) echo "unknown option: $1" >&2; usage ;;
    *) out="$1"; shift ;;
  esac
done
[ -n "$out" ] || usage

# Every call goes through here: JSON output, the chosen profile.
awsj() {
  if [ -n "$profile" ]; then
    aws --profile "$profile" --output json "$@"
  else
    aws --output json "$@"
  fi
}

# Percent-encodes everything but RFC 3986's unreserved characters (ARNs become file names).
urlencode() {
  local s="$1" out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c="${s:i:1}"
    case "$c" in
      [a-zA-Z0-9.~_-]) out+="$c" ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$out"
}

# Runs a command into FILE; on failure removes FILE and says why (e.g. no bucket policy).
save() {
  local file="$1"
  shift
  mkdir -p "$(dirname "$file")"
  if ! "$@" >"$file" 2>"$file.err"; then
    echo "skipped $file: $(tr '\n' ' ' <"$file.err")" >&2
    rm -f "$file"
  fi
  rm -f "$file.err"
  # The AWS CLI prints nothing when there is nothing to return.
  if [ -f "$file" ] && [ ! -s "$file" ]; then rm -f "$file"; fi
}

account=$(awsj sts get-caller-identity --query Account --output text)
dir="$out/$account"
mkdir -p "$dir"
echo "exporting account $account into $dir" >&2

save "$dir/caller-identity.${profile:-default}.json" awsj sts get-caller-identity
save "$dir/authorization-details.json" awsj iam get-account-authorization-details

# The identities behind the other profiles' own credentials (profiles without role_arn).
config="${AWS_CONFIG_FILE:-$HOME/.aws/config}"
if [ -f "$config" ]; then
  cp "$config" "$out/aws-config"
  for p in $(aws configure list-profiles 2>/dev/null || true); do
    [ "$p" = "${profile:-default}" ] && continue
    if [ -n "$(aws configure get role_arn --profile "$p" 2>/dev/null || true)" ]; then continue; fi
    if [ -n "$(aws configure get credential_source --profile "$p" 2>/dev/null || true)" ]; then continue; fi
    if acct=$(aws --profile "$p" sts get-caller-identity --query Account --output text 2>/dev/null); then
      save "$out/$acct/caller-identity.$p.json" aws --profile "$p" --output json sts get-caller-identity
    fi
  done
fi

if [ "$org" = 1 ]; then
  o="$out/organization"
  save "$o/describe-organization.json" awsj organizations describe-organization
  save "$o/list-roots.json" awsj organizations list-roots
  queue=$(awsj organizations list-roots --query 'Roots[].Id' --output text)
  while [ -n "$queue" ]; do
    read -r parent rest <<<"$queue"
    queue="${rest:-}"
    save "$o/ous-for-parent/$parent.json" awsj organizations list-organizational-units-for-parent --parent-id "$parent"
    save "$o/accounts-for-parent/$parent.json" awsj organizations list-accounts-for-parent --parent-id "$parent"
    children=$(awsj organizations list-organizational-units-for-parent --parent-id "$parent" --query 'OrganizationalUnits[].Id' --output text)
    queue="$queue $children"
    queue="${queue#"${queue%%[![:space:]]*}"}"
  done
  for type in SERVICE_CONTROL_POLICY RESOURCE_CONTROL_POLICY; do
    save "$o/list-policies.$type.json" awsj organizations list-policies --filter "$type"
    [ -f "$o/list-policies.$type.json" ] || continue
    for id in $(awsj organizations list-policies --filter "$type" --query 'Policies[].Id' --output text); do
      save "$o/policy/$id.json" awsj organizations describe-policy --policy-id "$id"
      save "$o/targets-for-policy/$id.json" awsj organizations list-targets-for-policy --policy-id "$id"
    done
  done
fi

if [ "$resources" = 1 ]; then
  r="$dir/resource-policies"
  for b in $(awsj s3api list-buckets --query 'Buckets[].Name' --output text); do
    save "$r/s3/$(urlencode "arn:aws:s3:::$b").json" awsj s3api get-bucket-policy --bucket "$b"
  done
  for region in ${regions:-$(aws configure get region ${profile:+--profile "$profile"} || echo us-east-1)}; do
    for k in $(awsj kms list-keys --region "$region" --query 'Keys[].KeyArn' --output text); do
      save "$r/kms/$(urlencode "$k").json" awsj kms get-key-policy --region "$region" --key-id "$k" --policy-name default
    done
    for q in $(awsj sqs list-queues --region "$region" --query 'QueueUrls[]' --output text); do
      qarn=$(awsj sqs get-queue-attributes --region "$region" --queue-url "$q" --attribute-names QueueArn --query Attributes.QueueArn --output text)
      save "$r/sqs/$(urlencode "$qarn").json" awsj sqs get-queue-attributes --region "$region" --queue-url "$q" --attribute-names Policy QueueArn
    done
    for t in $(awsj sns list-topics --region "$region" --query 'Topics[].TopicArn' --output text); do
      save "$r/sns/$(urlencode "$t").json" awsj sns get-topic-attributes --region "$region" --topic-arn "$t"
    done
    for f in $(awsj lambda list-functions --region "$region" --query 'Functions[].FunctionArn' --output text); do
      save "$r/lambda/$(urlencode "$f").json" awsj lambda get-policy --region "$region" --function-name "$f"
    done
    for s in $(awsj secretsmanager list-secrets --region "$region" --query 'SecretList[].ARN' --output text); do
      save "$r/secretsmanager/$(urlencode "$s").json" awsj secretsmanager get-resource-policy --region "$region" --secret-id "$s"
    done
  done
fi

echo "done: iam-playground import $out -o scenario.json" >&2
