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

export interface Result {
  readonly user?: UserResult;
  readonly virtualDevice?: VirtualDeviceResult;
  readonly mfaDevices?: readonly MfaDeviceResult[];
  readonly virtualDevices?: readonly VirtualDeviceResult[];
  readonly isTruncated?: boolean;
  readonly marker?: string;
}
