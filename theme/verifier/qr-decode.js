// QR decoding from pixels: the browser's BarcodeDetector where it has one (Android, macOS, ChromeOS), jsQR
// from npm elsewhere (desktop Linux and Windows have no BarcodeDetector). Loaded only when a picture is read.

import jsQR from 'jsqr';

/**
 * @param {ImageData} image
 * @returns {Promise<string|null>} the text of the first QR code found, or null
 */
export async function decode(image) {
  if ('BarcodeDetector' in globalThis) {
    try {
      const formats = await globalThis.BarcodeDetector.getSupportedFormats();
      if (formats.includes('qr_code')) {
        const found = await new globalThis.BarcodeDetector({ formats: ['qr_code'] }).detect(image);
        if (found.length) return found[0].rawValue;
      }
    } catch {
      /* fall through to jsQR */
    }
  }
  const found = jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' });
  return found ? found.data : null;
}
