/**
 * Pictures for a model's image input: decoded by the browser, and resized (stretched, as most
 * preprocessing does) to the input's H×W as RGBA pixels, which compare/image.ts normalizes.
 */

/** A picture file decoded, or a sentence saying it is not one this browser can read. */
export async function decodePicture(file: Blob & { name: string }): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(file);
  } catch {
    throw new Error(`${file.name} is not a picture this browser can read.`);
  }
}

/** The picture's RGBA pixels at width × height. */
export function picturePixels(bitmap: ImageBitmap, width: number, height: number): Uint8ClampedArray {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot resize pictures (no 2D canvas).');
  context.drawImage(bitmap, 0, 0, width, height);
  return context.getImageData(0, 0, width, height).data;
}
