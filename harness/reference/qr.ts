import QRCode from 'qrcode';

/** A real PNG of the otpauth URI, as AWS returns in QRCodePNG (digest D1). */
export async function qrPng(uri: string): Promise<Uint8Array> {
  return Uint8Array.from(await QRCode.toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 2 }));
}
