/**
 * Success results reduced to what the contract speaks about, independent of the wire. Blobs
 * are already decoded: `seed` is the base32 text, `qrCodePng` the image's bytes.
 */
export interface UserResult {
  readonly userName?: string;
  readonly path?: string;
  readonly arn?: string;
  readonly userId?: string;
  readonly createDate?: string;
}

export interface VirtualDeviceResult {
  readonly serialNumber?: string;
  readonly seed?: string;
  readonly qrCodePng?: Uint8Array;
  readonly user?: UserResult;
  readonly enableDate?: string;
}

export interface MfaDeviceResult {
  readonly userName?: string;
  readonly serialNumber?: string;
  readonly enableDate?: string;
}

/** CreateAccessKey's AccessKey. The secret is the harness's to sign with; it is never recorded. */
export interface AccessKeyResult {
  readonly userName?: string;
  readonly accessKeyId?: string;
  readonly status?: string;
  readonly secretAccessKey?: string;
  readonly createDate?: string;
}

/** GetSessionToken's temporary credentials: every member but Expiration is a secret. */
export interface CredentialsResult {
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly sessionToken?: string;
  readonly expiration?: string;
}

export interface Result {
  readonly accessKey?: AccessKeyResult;
  readonly credentials?: CredentialsResult;
  readonly user?: UserResult;
  readonly virtualDevice?: VirtualDeviceResult;
  readonly mfaDevices?: readonly MfaDeviceResult[];
  readonly virtualDevices?: readonly VirtualDeviceResult[];
  readonly isTruncated?: boolean;
  readonly marker?: string;
}
