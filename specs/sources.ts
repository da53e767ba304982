/**
 * Where each rule of the contract comes from. Reports cite these by id, so a maintainer can
 * check a verdict against the text it rests on.
 */
export const SOURCES = {
  seed: {
    title: 'AWS CLI reference: aws iam enable-mfa-device',
    ref: 'shared/seed/enable-mfa-device.txt',
  },
  model: {
    title: 'botocore service model iam/2010-05-08/service-2.json',
    ref: 'botocore/data/iam/2010-05-08/service-2.json',
  },
  apiRef: {
    title: 'IAM API Reference (action pages)',
    ref: 'https://docs.aws.amazon.com/IAM/latest/APIReference/',
  },
  userGuide: {
    title: 'IAM User Guide: Enabling a virtual MFA device; IAM quotas',
    ref: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_virtual.html',
  },
  rfc6238: { title: 'RFC 6238: TOTP', ref: 'https://www.rfc-editor.org/rfc/rfc6238' },
  awsRecorded: {
    title: 'Responses recorded against real AWS (LocalStack snapshot tests, Feb 2026)',
    ref: 'localstack tests/aws/services/iam/test_iam_mfa*',
  },
  awsRecordedCounter: {
    title: 'Recordings of real AWS IAM, 2026: per-device code counter, anchored window, MalformedInput, messages (contract digest §7; radkawar/stackd testdata/aws/iam)',
    ref: 'shared/contract/iam-mfa-contract.md#7; github.com/radkawar/stackd@9dc356f5e5cc49d2d334178a09c1398dd1c62617 testdata/aws/iam',
  },
  stsApiRef: {
    title: 'AWS STS API Reference: GetSessionToken',
    ref: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html',
  },
  awsRecordedSts: {
    title: 'Recordings of real AWS STS sign-ins, 2026: window, single use, settling, messages (contract digest §8; radkawar/stackd testdata/aws/iam)',
    ref: 'shared/contract/iam-mfa-contract.md#8; github.com/radkawar/stackd@9dc356f5e5cc49d2d334178a09c1398dd1c62617 testdata/aws/iam, docs/iam-mfa.md',
  },
  digest: {
    title: 'Contract digest',
    ref: 'shared/contract/iam-mfa-contract.md',
  },
} as const;

export type SourceId = keyof typeof SOURCES;
