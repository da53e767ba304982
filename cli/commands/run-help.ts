// Apart from the command, so that `--help` loads no engine and no SDK.
export const RUN_HELP = `Usage: iam-mfa-conformance run [options]

Runs the conformance properties against an endpoint and writes a report.
Without --endpoint-url it starts the embedded reference endpoint (a self-check).

  --endpoint-url URL        endpoint to test (AWS CLI flag; otherwise AWS_ENDPOINT_URL_IAM,
                            then AWS_ENDPOINT_URL, as in the AWS CLI)
  --target NAME             start an emulator: moto, ministack, localstack, fakecloud,
                            or container:IMAGE[:TAG][@PORT] (stopped on exit)
  --sts-endpoint-url URL    where STS is, for sign-ins (default: the same endpoint; with
                            an IAM endpoint from the variables, AWS_ENDPOINT_URL_STS, then
                            AWS_ENDPOINT_URL; AWS's regional STS beside AWS's IAM)
  --settle-timeout S        how long a witness waits for STS to follow IAM after Enable,
                            Resync or Deactivate before judging its answer as final
                            (default 20)
  --region R                signing region (default us-east-1)
  --profile P               credentials profile (standard chain otherwise); an unknown
                            profile is refused, as the AWS CLI does
  --no-verify-ssl           do not verify TLS certificates
  --cli-connect-timeout S   connect timeout in seconds (default 60, 0 = none)
  --cli-read-timeout S      read timeout in seconds (default 60, 0 = none)
  --debug                   print every HTTP exchange to stderr (secrets redacted)
  --quiet                   print only the summary, the divergence headlines and where
                            the reports are
  --seed N                  fast-check seed (default: random, printed)
  --num-runs N              generated cases per property (default 25)
  --report-dir DIR          where report files go (default ./conformance-report); checked
                            before anything starts
  --strict                  SHOULD divergences fail the run too
  --baseline FILE           known divergences (by signature) do not fail the run;
                            new ones do; fixed ones are reported
  --update-baseline         write this run's divergences to the --baseline FILE
  --concurrency N           properties run at once (default 1)
  --include LIST            only clauses, actions or properties (comma-separated)
  --exclude LIST            skip clauses, actions or properties (comma-separated)
  --max-duration S          stop generating new cases after S seconds
  --no-measure              skip the acceptance-window measurement

The first lines name the endpoint, the run prefix and the account: if the run is killed,
'iam-mfa-conformance cleanup --endpoint-url URL --prefix PREFIX --account ACCOUNT' removes
what it left (a finished or interrupted run cleans up after itself).
`;
